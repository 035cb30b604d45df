"""Countries and sources, and the Source admin's inline of aliases: other names an outlet goes by in bylines.

The import matches a byline to a source by search key, through the source's
name and these aliases (archive/ingest/sources.py); an alias key is unique,
so a name already taken is refused on the form, with whose it is, instead of
failing in the database.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count

from archive import text
from archive.admin.jalali import JalaliAdminMixin
from archive.ingest.source_names import is_latin, same_outlet
from archive.models import Article, ArticleVia, Country, Source, SourceAlias


class SourceAliasForm(forms.ModelForm):
    """An alias is matched by its search key, which must be unique: say so instead of failing to save."""

    class Meta:
        model = SourceAlias
        fields = ["name"]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        key = text.search_key(name)
        if not key:
            raise ValidationError("این نام پس از یکسان‌سازی خالی است.")
        taken = (
            SourceAlias.objects.filter(key=key).exclude(pk=self.instance.pk).select_related("source").first()
        )
        if taken is not None:
            raise ValidationError(f"«{name}» هم‌اکنون نام دیگر منبع «{taken.source}» است.")
        other = Source.objects.filter(name_key=key).exclude(pk=self.instance.source_id).first()
        if other is not None:
            raise ValidationError(f"«{name}» نام خود منبع «{other}» است.")
        self.key = key
        return name


class SourceAliasFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            key = getattr(form, "key", None)
            if key is None or (self.can_delete and self._should_delete_form(form)):
                continue
            if key in seen:
                raise ValidationError("یک نام دو بار آمده است.")
            seen.add(key)


class SourceAliasInline(JalaliAdminMixin, admin.TabularInline):
    """Other names of the source in bylines: the import matches them (archive.ingest.sources)."""

    model = SourceAlias
    form = SourceAliasForm
    formset = SourceAliasFormSet
    extra = 1


@admin.register(Country)
class CountryAdmin(JalaliAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "latin_name"]
    search_fields = ["code", "name", "latin_name"]


@admin.register(Source)
class SourceAdmin(JalaliAdminMixin, admin.ModelAdmin):
    list_display = ["name", "latin_name", "kind", "country", "article_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "latin_name", "name_key"]
    autocomplete_fields = ["country"]
    list_select_related = ["country"]

    actions = ["merge_latin_into_persian"]

    def get_inlines(self, request, obj):
        # Aliases are added to a saved source: the add form stays a single form.
        return [SourceAliasInline] if obj is not None else []

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description="خبرها", ordering="_article_count")
    def article_count(self, obj: Source) -> int:
        return obj._article_count

    @admin.action(description="یکی کردن: نام لاتین، نام دیگر منبع فارسی شود", permissions=["change"])
    def merge_latin_into_persian(self, request, queryset) -> None:
        """Two selected sources, one Latin and one Persian («Anadolu», «خبرگزاری آناتولی»), become one.

        The Persian one is kept: the Latin name becomes its alias, and the
        Latin source's articles and citations move to it.
        """
        pair = list(queryset[:3])
        if len(pair) != 2 or is_latin(pair[0].name) == is_latin(pair[1].name):
            self.message_user(
                request, "یک منبع با نام لاتین و یک منبع با نام فارسی برگزینید.", messages.ERROR
            )
            return
        latin, persian = sorted(pair, key=lambda source: not is_latin(source.name))
        try:
            with transaction.atomic():
                _merge(latin, persian)
        except IntegrityError:
            self.message_user(
                request, "هر دو منبع متنی یکسان دارند؛ نخست خبر تکراری را حذف کنید.", messages.ERROR
            )
            return
        note = "" if same_outlet(latin.name, persian.name) else " (نام‌ها به هم شبیه نبودند.)"
        self.message_user(request, f"«{latin.name}» نام دیگر «{persian.name}» شد.{note}", messages.SUCCESS)


def _merge(latin: Source, persian: Source) -> None:
    """Move `latin`'s articles and citations to `persian`, keep its name as an alias, delete it."""
    Article.objects.filter(source=latin).update(source=persian)
    already = ArticleVia.objects.filter(source=persian).values("article")
    ArticleVia.objects.filter(source=latin, article__in=already).delete()
    ArticleVia.objects.filter(source=latin).update(source=persian)
    ArticleVia.objects.filter(source=persian, article__source=persian).delete()  # never its own citation
    for alias in latin.aliases.all():
        alias.source = persian
        alias.save()
    name = latin.name
    latin.delete()
    SourceAlias(source=persian, name=name).save()
