"""`python manage.py import_officials PATH...`: load officials from .jsonl or .csv files.

Each record: `name` (required), `latin_name`, `aliases`, `country`, and
`positions` (title, organization, country, start, end; dates Solar Hijri or
Gregorian, Persian or ASCII digits). In CSV, aliases are joined with « | »
and positions are one cell of «title ; organization ; country ; start ; end»
entries joined with « | ». Idempotent: an official is the same when its
Latin name, or else its name's search key, matches; aliases and positions
already there are not added twice. Each file is one transaction: a file with
a bad line imports nothing and is reported (file:line: reason); the others go on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from archive import text
from archive.dates import DateError, parse_date
from archive.models import Country, Official, OfficialAlias, Position

SUFFIXES = (".jsonl", ".csv")


class RecordError(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line, self.reason = line, reason


@dataclass
class PositionRecord:
    title: str
    organization: str = ""
    country: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class OfficialRecord:
    line: int
    name: str
    latin_name: str = ""
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    positions: list[PositionRecord] = field(default_factory=list)


@dataclass
class Report:
    files: int = 0
    created: int = 0
    updated: int = 0
    failures: list[str] = field(default_factory=list)


def _date(value: object, line: int, what: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return parse_date(str(value))
    except DateError as exc:
        raise RecordError(line, f"{what}: {exc}") from exc


def _country(value: object, countries: dict[str, str], line: int) -> str | None:
    """A country given by ISO code, Persian or English name."""
    if value in (None, ""):
        return None
    code = countries.get(str(value).strip().upper()) or countries.get(text.search_key(str(value)))
    if code is None:
        raise RecordError(line, f"کشور «{value}» شناخته نیست.")
    return code


def _record(item: object, line: int, countries: dict[str, str]) -> OfficialRecord:
    if not isinstance(item, dict):
        raise RecordError(line, "هر سطر باید یک شیء JSON باشد.")
    name = str(item.get("name") or "").strip()
    if not name:
        raise RecordError(line, "«name» ندارد.")
    aliases = item.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a for a in (p.strip() for p in aliases.split("|")) if a]
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise RecordError(line, "«aliases» باید فهرستی از نام‌ها باشد.")
    positions = []
    for raw in item.get("positions") or []:
        if not isinstance(raw, dict) or not str(raw.get("title") or "").strip():
            raise RecordError(line, "هر سمت باید «title» داشته باشد.")
        start, end = _date(raw.get("start"), line, "آغاز سمت"), _date(raw.get("end"), line, "پایان سمت")
        if start is None:
            raise RecordError(line, f"سمت «{raw['title']}» تاریخ آغاز («start») ندارد.")
        if end is not None and end < start:
            raise RecordError(line, f"سمت «{raw['title']}» پیش از آغازش پایان یافته است.")
        positions.append(
            PositionRecord(
                title=str(raw["title"]).strip(),
                organization=str(raw.get("organization") or "").strip(),
                country=_country(raw.get("country"), countries, line),
                start=start,
                end=end,
            )
        )
    return OfficialRecord(
        line=line,
        name=name,
        latin_name=str(item.get("latin_name") or "").strip(),
        country=_country(item.get("country"), countries, line),
        aliases=[a.strip() for a in aliases if a.strip()],
        positions=positions,
    )


def _csv_item(row: dict[str, str]) -> dict:
    positions = []
    for entry in (row.get("positions") or "").split("|"):
        if not entry.strip():
            continue
        parts = [p.strip() for p in entry.split(";")] + [""] * 5
        positions.append(
            dict(zip(["title", "organization", "country", "start", "end"], parts[:5], strict=True))
        )
    return {**row, "positions": positions}


def read_records(path: Path, countries: dict[str, str]) -> tuple[list[OfficialRecord], list[RecordError]]:
    """Every record of a file, and an error for each line that cannot be read."""
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [RecordError(0, f"پرونده UTF-8 نیست (بایت {exc.start}).")]
    records, errors = [], []
    if path.suffix.lower() == ".jsonl":
        items = []
        for number, line in enumerate(content.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                errors.append(RecordError(number, f"JSON نادرست: {exc.msg}"))
    else:
        reader = csv.DictReader(io.StringIO(content))
        if not reader.fieldnames or "name" not in reader.fieldnames:
            return [], [RecordError(1, "سطر سرستون‌ها باید ستون «name» داشته باشد.")]
        items = [(reader.line_num, _csv_item(row)) for row in reader]
    for number, item in items:
        try:
            records.append(_record(item, number, countries))
        except RecordError as exc:
            errors.append(exc)
    return records, errors


def upsert(record: OfficialRecord) -> bool:
    """Create or complete one official; True when it was created."""
    official = None
    if record.latin_name:
        official = Official.objects.filter(latin_name__iexact=record.latin_name).first()
    if official is None:
        # names_key starts with the key of the official's own name.
        key = text.search_key(record.name)
        official = Official.objects.filter(Q(names_key=key) | Q(names_key__startswith=key + " | ")).first()
    created = official is None
    if created:
        official = Official(name=record.name, latin_name=record.latin_name, country_id=record.country)
        official.save()
    elif (record.latin_name and not official.latin_name) or (record.country and not official.country_id):
        official.latin_name = official.latin_name or record.latin_name
        official.country_id = official.country_id or record.country
        official.save()
    known = set(official.aliases.values_list("key", flat=True)) | {text.search_key(official.name)}
    for alias in record.aliases:
        if text.search_key(alias) not in known:
            OfficialAlias(official=official, name=alias).save()
            known.add(text.search_key(alias))
    for p in record.positions:
        Position.objects.get_or_create(
            official=official,
            title=p.title,
            start=p.start,
            defaults={
                "organization": p.organization,
                "country_id": p.country or record.country,
                "end": p.end,
            },
        )
    official.refresh_names_key()
    return created


def import_files(paths: list[str]) -> Report:
    """Import every .jsonl/.csv file (folders walked), one transaction per file."""
    report = Report()
    countries: dict[str, str] = {}
    for code, name, latin in Country.objects.values_list("code", "name", "latin_name"):
        countries[code] = code
        countries[text.search_key(name)] = code
        if latin:
            countries[latin.upper()] = code
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
        elif path.is_file() and path.suffix.lower() in SUFFIXES:
            files.append(path)
        elif path.is_file():
            report.failures.append(f"{path}: نوع پرونده «{path.suffix}» پشتیبانی نمی‌شود (.jsonl یا .csv).")
        else:
            report.failures.append(f"{path}: چنین پرونده یا پوشه‌ای نیست.")
    for path in files:
        report.files += 1
        records, errors = read_records(path, countries)
        if errors:
            report.failures += [
                f"{path}:{e.line}: {e.reason}" if e.line else f"{path}: {e.reason}" for e in errors
            ]
            continue
        with transaction.atomic():
            for record in records:
                if upsert(record):
                    report.created += 1
                else:
                    report.updated += 1
    return report


class Command(BaseCommand):
    help = "Load officials with their aliases and dated positions from .jsonl or .csv files (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="files or folders")

    def handle(self, *args, paths: list[str], **options) -> None:
        report = import_files(paths)
        for failure in report.failures:
            self.stderr.write(f"خطا: {failure}")
        self.stdout.write(
            f"پرونده‌ها: {report.files} · مقام‌های تازه: {report.created} · "
            f"مقام‌های موجود: {report.updated} · خطا: {len(report.failures)}"
        )
        if report.failures:
            raise CommandError(f"{len(report.failures)} مورد وارد نشد.")
