"""Mail every confirmed alert of one rate the records new to it (for cron; docs/deploy.md).

Safe to run twice at once and after a run was killed: archive/alerts/sending.py.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from archive.alerts.models import Rate
from archive.alerts.sending import run


class Command(BaseCommand):
    help = "Send the e-mail alerts of one rate: each confirmed one gets what is new since its last message."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rate", required=True, choices=Rate.values, help="daily or weekly")

    def handle(self, *args: Any, **options: Any) -> None:
        report = run(options["rate"])
        self.stdout.write(
            f"{report.sent} messages sent ({report.planned} planned this run); "
            f"{report.expired} unconfirmed requests expired."
        )
        if report.failed:
            raise CommandError(f"{report.failed} messages could not be sent; the next run retries them.")
