"""`python manage.py import_articles PATH...`: import .txt and .jsonl files and folders."""

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.routine import import_paths


class Command(BaseCommand):
    help = "Import articles from .txt and .jsonl files or folders (one transaction per file)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="files or folders")

    def handle(self, *args, paths: list[str], **options) -> None:
        report = import_paths(paths)
        for failure in report.failures:
            self.stderr.write(f"خطا: {failure}")
        self.stdout.write(
            f"پرونده‌ها: {report.files} · خبرهای واردشده: {report.imported} · "
            f"تکراری: {report.duplicates} · خطا: {len(report.failures)}"
        )
        if not report.ok:
            raise CommandError(f"{len(report.failures)} مورد وارد نشد.")
