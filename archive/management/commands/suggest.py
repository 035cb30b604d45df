"""`python manage.py suggest ARTICLE_ID... [--json]`: the editors' suggestions, from the command line.

Prints the mentions and statements `archive.extract` finds in each article;
with --json, one JSON object per line (type, start, end, text, official_id,
speaker_text, direct, plus article_id, via, and speaker_unknown, relayed_by,
relayed_by_id, role_text), so suggestions can be
checked or pre-annotated in bulk from outside. Mentions that resolve to
nobody are put in the editors' queue unless --no-queue is given.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from archive import extract
from archive.models import Article, Official


class Command(BaseCommand):
    help = "Print the suggested mentions and statements of articles (one JSON object per line with --json)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("article_ids", nargs="+", type=int, metavar="ARTICLE_ID")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        parser.add_argument(
            "--no-queue", action="store_true", help="do not put unresolved mentions in the editors' queue"
        )

    def handle(self, *args, article_ids: list[int], **options) -> None:
        articles = Article.objects.in_bulk(article_ids)
        missing = [str(pk) for pk in article_ids if pk not in articles]
        if missing:
            raise CommandError(f"خبری با این شناسه نیست: {', '.join(missing)}")
        gazetteer = extract.Gazetteer.from_db()
        names = dict(Official.objects.values_list("pk", "name"))
        for pk in article_ids:
            article = articles[pk]
            suggestions = extract.suggest_for_article(article, gazetteer)
            if not options["no_queue"]:
                extract.queue_unresolved(article, suggestions)
            if options["json"]:
                for s in suggestions:
                    self.stdout.write(json.dumps({"article_id": pk, **s.as_json()}, ensure_ascii=False))
                continue
            self.stdout.write(f"# {pk} {article.title}")
            for s in suggestions:
                who = names.get(s.official_id, "؟") if s.official_id else "؟ (ناشناخته)"
                if s.type == "statement":
                    kind = "مستقیم" if s.direct else "غیرمستقیم"
                    speaker = s.speaker_text or "—"
                    where = f"[{s.start}:{s.end}]"
                    relay = f" به نقل «{s.relayed_by}»" if s.relayed_by else ""
                    self.stdout.write(f"گفته  {where} {who} ← «{speaker}»{relay} ({kind}, {s.via}): {s.text}")
                else:
                    self.stdout.write(f"نام   [{s.start}:{s.end}] {s.text} → {who} ({s.via})")
