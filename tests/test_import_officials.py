"""`manage.py import_officials PATH`: officials with aliases and dated positions from .jsonl or .csv."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.models import Official, Position

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"


def run(*paths) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_officials", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_loads_officials_with_aliases_and_positions_from_jsonl(db):
    run(FIXTURES / "officials.jsonl")
    guler = Official.objects.get(latin_name="Yaşar Güler")
    assert guler.country_id == "TR"
    assert set(guler.aliases.values_list("name", flat=True)) == {"گولر", "Yasar Guler"}
    assert [p.title for p in guler.positions.all()] == ["رئیس ستاد کل نیروهای مسلح", "وزیر دفاع"]


def test_it_reads_solar_hijri_dates_in_persian_or_ascii_digits(db):
    run(FIXTURES / "officials.jsonl")
    assert Position.objects.get(official__latin_name="Aziz Nasirzadeh").start == dt.date(2024, 8, 21)
    ashtiani = Position.objects.get(official__latin_name="Mohammad-Reza Gharaei Ashtiani")
    assert (ashtiani.start, ashtiani.end) == (dt.date(2021, 8, 25), dt.date(2024, 8, 21))


def test_importing_the_same_file_twice_adds_nothing(db):
    run(FIXTURES / "officials.jsonl")
    counts = (Official.objects.count(), Position.objects.count())
    out, _ = run(FIXTURES / "officials.jsonl")
    assert (Official.objects.count(), Position.objects.count()) == counts
    assert "مقام‌های تازه: 0" in out


def test_it_completes_an_official_the_demo_already_has(demo, hasanov):
    path = FIXTURES.parent.parent / "fixtures" / "extract" / "officials.jsonl"
    assert path.exists()
    run(path)
    assert Official.objects.filter(latin_name="Zakir Hasanov").count() == 1


def test_it_loads_csv_with_pipe_joined_aliases_and_positions(tmp_path):
    path = tmp_path / "officials.csv"
    path.write_text(
        "name,latin_name,country,aliases,positions\n"
        "خلوصی آکار,Hulusi Akar,ترکیه,آکار | Akar,"
        "وزیر دفاع ; وزارت دفاع ملی ; TR ; 2018-07-10 ; 2023-06-03\n",
        encoding="utf-8",
    )
    run(path)
    akar = Official.objects.get(latin_name="Hulusi Akar")
    assert akar.country_id == "TR"
    assert set(akar.aliases.values_list("name", flat=True)) == {"آکار", "Akar"}
    assert akar.positions.get().end == dt.date(2023, 6, 3)


def test_a_file_with_a_bad_line_imports_nothing_and_says_where(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"name": "یک", "latin_name": "One"}\n{"latin_name": "no name"}\n'
        '{"name": "سه", "positions": [{"title": "وزیر", "start": "1399/13/01"}]}\nnot json\n',
        encoding="utf-8",
    )
    good = tmp_path / "good.jsonl"
    good.write_text('{"name": "دو", "latin_name": "Two"}\n', encoding="utf-8")
    with pytest.raises(CommandError):
        run(bad, good)
    assert list(Official.objects.values_list("latin_name", flat=True)) == ["Two"]


def test_it_reports_each_bad_line_with_its_file_and_number(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"latin_name": "no name"}\n{"name": "x", "country": "Atlantis"}\n', encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_officials", str(bad), stdout=StringIO(), stderr=err)
    assert f"{bad}:1:" in err.getvalue()
    assert f"{bad}:2:" in err.getvalue() and "Atlantis" in err.getvalue()


def test_an_unknown_file_type_is_reported(tmp_path):
    path = tmp_path / "officials.xml"
    path.write_text("<x/>", encoding="utf-8")
    with pytest.raises(CommandError):
        run(path)
