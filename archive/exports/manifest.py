"""The manifest that describes an export: enough to trace a published figure to its exact query."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


def manifest_response(
    request: HttpRequest, form, row_count: int, export_path: str, export_format: str = "csv"
) -> HttpResponse:
    """The manifest of an export: enough to trace a published figure to its exact query.

    `row_count` is the export's records: CSV rows below the header, JSONL lines.
    """
    understood = {}
    cleaned = getattr(form, "cleaned_data", {}) or {}
    for name, value in cleaned.items():
        if value in (None, "", [], ()):
            continue
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        elif hasattr(value, "pk"):
            value = {"id": value.pk, "label": str(value)}
        understood[name] = value
    body = {
        "export": export_path,
        "format": export_format,
        "query_string": request.GET.urlencode(),
        "filters": understood,
        "errors": {field: [str(e) for e in errs] for field, errs in form.errors.items()},
        "generated_at": timezone.now().isoformat(),
        "row_count": row_count,
        "archive_version": settings.ARCHIVE_VERSION,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
