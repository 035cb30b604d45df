"""The admin page «Import articles»: uploaded files or a zip, through the same import routine.

Hooked into ArticleAdmin.get_urls() (archive/admin/articles.py) at /admin/archive/article/import/;
the article list links to it. Only users who may add articles see or use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from archive.ingest.inputs import InputFile, Skipped, one_file, open_zip
from archive.ingest.readers import READERS
from archive.ingest.routine import import_files

ACCEPT = ",".join(sorted([*READERS, ".zip"]))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern for <input multiple>)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="پرونده‌ها",
        help_text=(
            "‎.txt، ‎.jsonl، خوراک RSS/Atom (‎.xml، ‎.rss، ‎.atom)، صفحهٔ ذخیره‌شده (‎.html) یا یک ‎.zip از آن‌ها"
        ),
    )
    dry_run = forms.BooleanField(label="فقط آزمایش (چیزی ذخیره نشود)", required=False)
    skip_invalid = forms.BooleanField(
        label="خبرهای درست هر پرونده وارد شود و نادرست‌ها فهرست شوند",
        help_text="بی این گزینه، پرونده‌ای که حتی یک خبر نادرست دارد هیچ خبری وارد نمی‌کند.",
        required=False,
    )


def uploaded_inputs(uploads: list[UploadedFile]) -> Iterator[InputFile | Skipped]:
    """Uploaded files as import inputs; a zip is opened and its members are the inputs."""
    for upload in uploads:
        name = PurePosixPath(upload.name or "upload").name
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ".zip":
            yield from open_zip(upload, name)
        elif suffix in READERS:
            yield one_file(name, lambda u=upload: u.open("rb"), upload.size or 0)
        else:
            yield Skipped(name, f"نوع پرونده «{suffix or name}» پشتیبانی نمی‌شود.", failure=True)


def import_view(request: HttpRequest, model_admin: admin.ModelAdmin) -> HttpResponse:
    """GET: the upload form; POST: import, then the same summary the command prints."""
    if not request.user.has_perm("archive.add_article"):
        raise PermissionDenied
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = import_files(
                uploaded_inputs(form.cleaned_data["files"]),
                dry_run=form.cleaned_data["dry_run"],
                skip_invalid=form.cleaned_data["skip_invalid"],
            )
            form = ImportForm()
    else:
        form = ImportForm()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "ورود خبرها",
        "opts": model_admin.model._meta,
        "form": form,
        "report": report,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/archive/import_articles.html", context)


def import_urls(model_admin: admin.ModelAdmin) -> list[URLPattern]:
    """The URL of the import page, for ArticleAdmin.get_urls()."""
    view = model_admin.admin_site.admin_view(lambda request: import_view(request, model_admin))
    return [path("import/", view, name="archive_article_import")]
