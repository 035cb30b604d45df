"""`load_demo`: the seed article annotated by hand, idempotent."""

import pytest
from django.core.management import call_command

from archive.models import Article, Event, Official, OfficialAlias, Source, Statement

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Article, Source, Official, OfficialAlias, Statement, Event)
    }


def test_running_it_twice_changes_nothing(demo):
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first
    assert first["Article"] == 1 and first["Official"] == 2 and first["Event"] == 3


def test_every_statement_quotes_exactly_the_text_at_its_span(demo):
    statements = list(demo.statements.all())
    assert len(statements) >= 6
    for s in statements:
        assert demo.body[s.start : s.end] == s.text
        assert len(s.text) > 20


def test_statements_are_attributed_by_role_pronoun_and_honorific(demo, hasanov, shoigu):
    attributions = {(s.official, s.attribution) for s in demo.statements.all()}
    assert (hasanov, "وزیر دفاع جمهوری آذربایجان") in attributions
    assert (hasanov, "وی") in attributions
    assert (shoigu, "ژنرال شویگو") in attributions
    assert (shoigu, "وزیر دفاع روسیه") in attributions


def test_it_records_the_source_and_the_sources_cited(demo):
    assert demo.source.latin_name == "Aran News"
    cited = [link.source.latin_name for link in demo.via_links.all()]
    assert cited[0] == "Tasnim News Agency"
    assert len(cited) == 2


def test_officials_know_every_spelling_the_article_uses(hasanov, shoigu, demo):
    assert "ذاکر حسن اف" in demo.body
    assert hasanov.aliases.filter(name="حسن\u200cاف").exists()
    assert shoigu.aliases.filter(name="Shoigu").exists()
    assert hasanov.positions.get().start.isoformat() == "2013-10-22"
    assert shoigu.positions.get().end.isoformat() == "2024-05-12"


def test_the_positions_resolve_the_ministers_on_the_article_date(hasanov, shoigu, demo):
    day = demo.published_at.date()
    assert hasanov.position_on(day).title == "وزیر دفاع"
    assert shoigu.position_on(day).organization == "وزارت دفاع روسیه"


def test_it_links_the_three_events_to_the_article(demo):
    kinds = set(demo.events.values_list("kind", flat=True))
    assert kinds == {"meeting", "border_clash", "arms_transfer"}
