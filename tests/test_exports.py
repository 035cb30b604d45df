"""CSV of the article list: every matching row, BOM, stable headers, safe cells, a manifest."""

import csv
import io
import json
import sys
import unicodedata

import pytest

from archive.exports import cell
from tests.conftest import make_article

pytestmark = pytest.mark.django_db

HEADER = [
    "id",
    "page_url",
    "title",
    "source",
    "via",
    "published_at",
    "published_at_jalali",
    "countries",
    "language",
    "original_url",
]


def read_csv(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_it_streams_every_matching_row_not_one_page(client, db):
    for n in range(45):
        make_article(f"خبر {n}", f"متن {n}")
    response = client.get("/articles/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows[0] == HEADER
    assert len(rows) == 46


def test_a_row_has_iso_and_jalali_dates_and_joined_lists(client, demo):
    rows = read_csv(client.get("/articles/export.csv"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["id"] == str(demo.pk)
    assert row["page_url"] == f"http://testserver/articles/{demo.pk}/"
    assert row["published_at"] == "2020-08-26T00:00:00+04:30"
    assert row["published_at_jalali"] == "1399/06/05 00:00"
    assert row["via"] == "خبرگزاری تسنیم | سایت وزارت دفاع جمهوری آذربایجان"
    assert set(row["countries"].split(" | ")) == {"AZ", "RU", "AM"}


def test_it_neutralizes_cells_a_spreadsheet_would_run(client, db):
    make_article('=HYPERLINK("http://evil")', "متن")
    rows = read_csv(client.get("/articles/export.csv"))
    assert rows[1][2] == '\'=HYPERLINK("http://evil")'


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_cell_prefixes_formula_starts(value):
    assert cell(value).startswith("'")


@pytest.mark.parametrize(
    "value",
    ["＝SUM(1,2)", "﹦SUM(1,2)", "＋1", "－1", "﹣1", "＠SUM(A1)", "\u200f=SUM(1,2)", "\ufeff=1+1"],
)
def test_cell_prefixes_formula_starts_in_their_compatibility_forms(value):
    assert cell(value) == "'" + value


def test_no_letter_or_digit_folds_to_a_formula_sign():
    # looks_like_formula answers at once for a cell starting with a letter or a digit.
    signs = ("=", "+", "-", "@", "\t", "\r", "\n")
    folding = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if chr(code).isalnum() and unicodedata.normalize("NFKC", chr(code)).startswith(signs)
    ]
    assert folding == []


@pytest.mark.parametrize("value", ["سلام", "SUM(1,2)", "1399/06/03", "«=»", "٣"])
def test_cell_leaves_ordinary_text_alone(value):
    assert cell(value) == value


def test_the_export_takes_the_page_query_string(client, db):
    make_article("گزارش رزمایش", "متن", published_at="2020-08-26T10:00:00+04:30")
    make_article("گزارش دیگر", "متن دیگر", published_at="2021-08-26T10:00:00+04:30")
    rows = read_csv(client.get("/articles/export.csv", {"date_from": "1399", "date_to": "۱۳۹۹"}))
    assert [r[2] for r in rows[1:]] == ["گزارش رزمایش"]


def test_the_manifest_describes_the_export(client, db):
    make_article("گزارش رزمایش", "متن", published_at="2020-08-26T10:00:00+04:30")
    response = client.get("/articles/export.manifest.json", {"date_from": "۱۳۹۹"})
    manifest = json.loads(response.content)
    assert manifest["row_count"] == 1
    assert manifest["filters"]["date_from"] == "2020-03-20"
    assert manifest["query_string"] == "date_from=%DB%B1%DB%B3%DB%B9%DB%B9"
    assert "archive_version" in manifest and "generated_at" in manifest


def test_a_bad_date_in_the_export_is_ignored_not_an_error(client, demo):
    response = client.get("/articles/export.csv", {"date_from": "1399/13/45"})
    assert response.status_code == 200
    assert len(read_csv(response)) == 2


def test_the_export_is_sent_in_blocks_of_whole_lines():
    from archive.exports.writer import blocks

    lines = [f"{n},گزارش رزمایش شمارهٔ {n}\r\n" for n in range(5000)]
    sent = list(blocks(lines, size=4096))
    assert len(sent) > 10 and all(len(block) <= 4096 + 200 for block in sent)
    assert b"".join(sent).decode("utf-8") == "".join(lines)
    assert all(block.decode("utf-8").endswith("\r\n") for block in sent)
