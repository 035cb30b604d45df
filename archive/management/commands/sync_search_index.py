"""Catch the search indexes up with the change log; with --prune, prune the log.

What every process does on its own when it finds an index behind (a request,
an import batch, an editor's save); this does it explicitly, e.g. from cron
on a host that takes no traffic, or after restoring a database. A kind whose
index is missing or unreadable is built. A kind whose writer another process
holds is left to that process (it applies the same log) and said so.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from archive.search import build, changelog, follow, indexdir
from archive.search.indexdir import IndexBusy, IndexMissing
from archive.search.schema import KINDS


class Command(BaseCommand):
    help = "Apply the search change log to the indexes (building a missing one); --prune the log."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", choices=KINDS, help="only this kind's index")
        parser.add_argument(
            "--wait", type=float, default=10.0, help="seconds to wait for a writer another process holds"
        )
        parser.add_argument(
            "--prune", action="store_true", help="then delete log rows every index has applied"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for kind in [options["kind"]] if options["kind"] else KINDS:
            try:
                position = follow.sync_index(indexdir.open_current(kind), wait=options["wait"])
            except IndexMissing as exc:
                self.stderr.write(f"{exc}: building it")
                try:
                    position = build.build(kind).position
                except IndexBusy:
                    self.stdout.write(f"{kind}: another process is building it")
                    continue
            except IndexBusy:
                self.stdout.write(f"{kind}: another process is applying the log; left to it")
                continue
            self.stdout.write(f"{kind}: at log position {position}")
        if options["prune"]:
            pruned = changelog.prune()
            self.stdout.write(f"Pruned {pruned} log rows every index has applied.")
