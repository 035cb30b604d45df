"""Attribution: the chain of sources at the start of an article becomes its source and `via` list."""

import pytest

from archive.ingest.attribution import parse_attribution, source_and_via
from archive.models import Article, Source, SourceAlias
from tests.ingest_helpers import run_import, write_jsonl


@pytest.mark.parametrize(
    "opening, reporter, cited",
    [
        ("به گزارش آران نیوز به نقل از خبرگزاری تسنیم، وزیر دفاع گفت", "آران نیوز", ["خبرگزاری تسنیم"]),
        ("به گزارش خبرگزاری فارس، فرمانده نیروی زمینی", "خبرگزاری فارس", []),
        ("به نقل از پایگاه اطلاع‌رسانی وزارت دفاع، رزمایش آغاز شد", None, ["پایگاه اطلاع‌رسانی وزارت دفاع"]),
        ("خبرگزاری تسنیم گزارش داد: ناوشکن جدید به آب انداخته شد", None, ["خبرگزاری تسنیم"]),
        ("به گزارش گروه سیاسی خبرگزاری مهر، نشست برگزار شد", "خبرگزاری مهر", []),
        ("به گزارش خبرنگار دفاعی خبرگزاری دانشجو، سامانه رونمایی شد", "خبرگزاری دانشجو", []),
        ("تهران- ایرنا- وزیر دفاع امروز گفت", "ایرنا", []),
        ("مسکو - اسپوتنیک - ۲۲ مرداد ۱۳۹۹ - وزیر دفاع روسیه گفت", "اسپوتنیک", []),
        (
            "به گزارش آران نیوز و به نقل از ایرنا به نقل از آذرتاج، هیئت وارد شد",
            "آران نیوز",
            ["ایرنا", "آذرتاج"],
        ),
        ("به گزارش ایرنا از مسکو، دو وزیر دیدار کردند", "ایرنا", []),
        ("به نوشتهٔ روزنامه کیهان، قرارداد امضا شد", "روزنامه کیهان", []),
        ("بر اساس گزارش خبرگزاری آناتولی؛ ارتش ترکیه وارد شد", "خبرگزاری آناتولی", []),
        ("به گزارش آران نیوز، خبرگزاری تسنیم گزارش داد که رزمایش آغاز شد", "آران نیوز", ["خبرگزاری تسنیم"]),
        ("به گزارش خبرنگار ما، رزمایش آغاز شد", None, []),
        ("وزیر دفاع روسیه امروز در مسکو گفت که همکاری ادامه دارد.", None, []),
    ],
)
def test_it_reads_the_chain_of_sources_in_the_opening(opening, reporter, cited):
    found = parse_attribution(opening + " و این متن ادامه دارد.")
    assert (found.reporter, found.cited) == (reporter, cited)


def test_an_explicit_source_wins_and_the_reporter_becomes_a_citation():
    assert source_and_via("به گزارش خبرگزاری فارس به نقل از رویترز، …", "آران نیوز", []) == (
        "آران نیوز",
        ["خبرگزاری فارس", "رویترز"],
    )


def test_the_publisher_is_never_in_its_own_via_list():
    # The file names the publisher with an Arabic yeh; the opening with a Persian one.
    assert source_and_via("به گزارش آران نیوز به نقل از تسنیم، …", "آران نيوز", []) == (
        "آران نيوز",
        ["تسنیم"],
    )


@pytest.mark.django_db
def test_it_stores_source_and_via_without_touching_the_body(tmp_path):
    body = "به گزارش آران نیوز به نقل از خبرگزاری تسنیم، وزیر دفاع آذربایجان به مسکو رفت."
    (tmp_path / "a.txt").write_text(f"عنوان\n{body}", encoding="utf-8")
    run_import(tmp_path)
    article = Article.objects.get()
    assert article.body == body
    assert article.source.name == "آران نیوز"
    assert [link.source.name for link in article.via_links.all()] == ["خبرگزاری تسنیم"]


@pytest.mark.django_db
def test_it_matches_existing_sources_by_key_alias_and_bare_name(tmp_path):
    tasnim = Source.objects.create(name="خبرگزاری تسنیم")
    fars = Source.objects.create(name="خبرگزاری فارس")
    SourceAlias.objects.create(source=fars, name="Fars News")
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": "یک", "body": "به نقل از تسنیم، متن یک"},  # bare name
        {"title": "دو", "body": "به نقل از خبرگزاري تسنيم، متن دو"},  # Arabic yeh
        {"title": "سه", "body": "متن سه", "source": "fars news"},  # alias, any case
    )
    report = run_import(tmp_path)
    assert report.ok and report.sources_created == 0
    assert Article.objects.get(title="سه").source == fars
    assert Source.objects.count() == 2
    assert tasnim.cited_in.count() == 2


@pytest.mark.django_db
def test_it_creates_a_source_once_with_a_kind_guessed_from_its_name(tmp_path):
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": "یک", "body": "به گزارش روزنامه ایران، متن یک"},
        {"title": "دو", "body": "به گزارش روزنامه‌ ايران، متن دو"},
    )
    run_import(tmp_path)
    source = Source.objects.get()
    assert source.name == "روزنامه ایران" and source.kind == "newspaper"


@pytest.mark.parametrize(
    "opening",
    [
        "سرگئی شویگو وزیر دفاع روسیه اعلام کرد که پروازها نظامی نبوده است.",
        "@وزارت دفاع اعلام کرد: رزمایش فردا آغاز می‌شود.",
        "وزارت دفاع ترکیه اعلام کرد که عملیات پایان یافت.",
        "به نقل از سرلشکر محمد باقری، نیروهای مسلح آماده‌اند.",
        "به گزارش سخنگوی وزارت دفاع، رزمایش آغاز شد.",
        "به نقل از وزیر دفاع روسیه، هیچ سلاحی ارسال نشده است.",
        "به نقل از داوید تونویان، ارتش ارمنستان آماده است.",
        "#خبر_فوری به نقل از @tasnimnews، رزمایش آغاز شد.",
    ],
)
def test_only_an_attribution_phrase_names_a_source_and_never_a_person(opening):
    found = parse_attribution(opening + " و این متن ادامه دارد.")
    assert (found.reporter, found.cited) == (None, [])


def test_an_outlet_named_like_a_title_is_still_an_outlet():
    assert parse_attribution("به نقل از روزنامه سفیر، مذاکرات ادامه دارد.").cited == ["روزنامه سفیر"]


@pytest.mark.django_db
def test_sentence_openings_leave_the_source_menu_alone(tmp_path):
    write_jsonl(
        tmp_path / "a.jsonl",
        {"title": "یک", "body": "سرگئی شویگو وزیر دفاع روسیه اعلام کرد که پروازها نظامی نبوده است."},
        {"title": "دو", "body": "@وزارت دفاع اعلام کرد: رزمایش فردا آغاز می‌شود."},
    )
    report = run_import(tmp_path)
    assert report.imported == 2 and not Source.objects.exists()


@pytest.mark.django_db
def test_a_latin_name_of_a_known_outlet_is_suggested_as_its_alias(tmp_path):
    Source.objects.create(name="خبرگزاری آناتولی")
    write_jsonl(tmp_path / "a.jsonl", {"title": "یک", "body": "متن یک", "source": "Anadolu Agency"})
    report = run_import(tmp_path)
    (notice,) = [w for w in report.warnings if "آناتولی" in w.reason]
    assert "Anadolu Agency" in notice.reason
    assert Source.objects.count() == 2  # only suggested: an editor decides


@pytest.mark.parametrize(
    ("latin", "persian", "same"),
    [
        ("Anadolu", "خبرگزاری آناتولی", True),
        ("Tasnim News Agency", "خبرگزاری تسنیم", True),
        ("Sputnik", "اسپوتنیک", True),
        ("Reuters", "رویترز", True),
        ("Kommersant", "روزنامه کومرسانت", True),
        ("Anadolu", "خبرگزاری تسنیم", False),
        ("Reuters", "ایرنا", False),
        ("Anadolu", "Anadolu Ajansı", False),  # two Latin names: nothing to suggest
    ],
)
def test_latin_and_persian_names_of_one_outlet_meet(latin, persian, same):
    from archive.ingest.source_names import same_outlet

    assert same_outlet(latin, persian) is same


@pytest.mark.django_db
def test_an_editor_merges_the_latin_source_into_the_persian_one(admin_client, tmp_path):
    anadolu = Source.objects.create(name="خبرگزاری آناتولی")
    write_jsonl(tmp_path / "a.jsonl", {"title": "یک", "body": "متن یک", "source": "Anadolu"})
    run_import(tmp_path)
    latin = Source.objects.get(name="Anadolu")
    admin_client.post(
        "/admin/archive/source/",
        {"action": "merge_latin_into_persian", "_selected_action": [latin.pk, anadolu.pk]},
    )
    assert list(Source.objects.values_list("name", flat=True)) == ["خبرگزاری آناتولی"]
    assert Article.objects.get().source == anadolu
    assert anadolu.aliases.filter(name="Anadolu").exists()
    write_jsonl(tmp_path / "b.jsonl", {"title": "دو", "body": "متن دو", "source": "anadolu"})
    assert run_import(tmp_path / "b.jsonl").sources_created == 0
