"""`python manage.py import_articles PATH...`: import files, folders and zip archives of articles.

Formats: `.txt`, `.jsonl`, RSS/Atom feeds (`.xml`, `.rss`, `.atom`), saved pages (`.html`).
Ctrl-C stops it cleanly: the file being stored is rolled back, the summary of
what was committed is printed, and the exit status is 130.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.routine import import_paths


class Command(BaseCommand):
    help = (
        "Import articles from .txt, .jsonl, RSS/Atom and .html files, folders or zip archives "
        "(each file all or nothing; re-running adds nothing)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="files, folders or .zip archives")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be imported; write nothing"
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the summary as JSON on stdout"
        )

    def handle(self, *args, paths: list[str], dry_run: bool, as_json: bool, **options) -> None:
        # The bar is for a person watching; logs and pipes get only the summary.
        report = import_paths(paths, dry_run=dry_run, progress=sys.stderr.isatty() and not as_json)
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            for failure in report.failures:
                self.stderr.write(f"خطا: {failure}")
            for warning in report.warnings:
                self.stderr.write(f"هشدار: {warning}")
            for skipped in report.skipped:
                self.stderr.write(f"کنار گذاشته شد: {skipped}")
            for line in report.summary_lines():
                self.stdout.write(line)
        if report.interrupted:
            # Ctrl-C: the summary above is what was committed; 130 is the shell's code for it.
            raise CommandError("وارد کردن با Ctrl-C متوقف شد.", returncode=130)
        if not report.ok:
            raise CommandError(f"{len(report.failures)} مورد وارد نشد.", returncode=1)
