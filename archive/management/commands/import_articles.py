"""`python manage.py import_articles PATH...`: import files, folders and zip archives of articles.

Formats: `.txt`, `.jsonl`, RSS/Atom feeds (`.xml`, `.rss`, `.atom`), saved pages (`.html`).
A file with a bad record imports nothing, unless `--skip-invalid` asks to
store its good records and list each bad one (file:record: reason); the
exit status is then 0 when every file was read, 1 when a file failed.
Ctrl-C stops it cleanly: the file being stored is rolled back, the summary of
what was committed is printed, and the exit status is 130.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.routine import import_paths
from archive.text import to_persian_digits


class Command(BaseCommand):
    help = (
        "Import articles from .txt, .jsonl, RSS/Atom and .html files, folders or zip archives "
        "(each file all or nothing unless --skip-invalid; re-running adds nothing)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="files, folders or .zip archives")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be imported; write nothing"
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the summary as JSON on stdout"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import every good record of a file and report each bad one, instead of failing the file",
        )

    def handle(
        self, *args, paths: list[str], dry_run: bool, as_json: bool, skip_invalid: bool, **options
    ) -> None:
        # The bar is for a person watching; logs and pipes get only the summary.
        report = import_paths(
            paths,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            progress=sys.stderr.isatty() and not as_json,
        )
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            for failure in report.failures:
                self.stderr.write(f"خطا: {failure}")
            for invalid in report.invalid:
                self.stderr.write(f"نامعتبر، کنار گذاشته شد: {invalid}")
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
            files, errors = (to_persian_digits(str(n)) for n in (report.failed_files, len(report.failures)))
            raise CommandError(f"{files} پرونده وارد نشد ({errors} خطا؛ فهرستش در بالا).", returncode=1)
