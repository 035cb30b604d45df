"""Suggestions on an article's change page: the marked body, accepting, rejecting, undoing a rejection."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from archive import extract
from archive.admin.rejections import quoted
from archive.extract.markup import Accepted, mark_suggestions
from archive.models import Article, Official, RejectedSuggestion, ReviewStatus, Statement


class ArticleSuggestionsMixin:
    """For ArticleAdmin: the suggestions shown above the form and the endpoint that decides one."""

    def suggestion_urls(self) -> list:
        return [
            path(
                "<path:object_id>/suggestions/",
                self.admin_site.admin_view(self.suggestion_view),
                name="archive_article_suggestions",
            )
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = Article.objects.filter(pk=unquote(object_id)).first() if object_id.isdigit() else None
        if article is not None and self.has_view_or_change_permission(request, article):
            extra_context.update(self.suggestions_context(article))
        return super().change_view(request, object_id, form_url, extra_context)

    def suggestions_context(self, article: Article) -> dict:
        """The marked body and the counts the change page shows above the form (a fixed number of queries)."""
        suggestions = extract.suggest_for_article(article)
        accepted_statements = list(
            article.statements.select_related("official").only("pk", "start", "end", "official__name")
        )
        accepted = [
            Accepted(
                s.pk, s.start, s.end, s.official.name, reverse("admin:archive_statement_change", args=[s.pk])
            )
            for s in accepted_statements
        ]
        ids = {s.official_id for s in suggestions if s.official_id}
        names = dict(Official.objects.filter(pk__in=ids).values_list("pk", "name"))
        rejections = list(article.rejected_suggestions.select_related("rejected_by").order_by("start"))
        rejected = {(r.kind, r.start, r.end) for r in rejections}
        spans = {(a.start, a.end) for a in accepted}
        open_statements = [
            s
            for s in suggestions
            if s.type == "statement"
            and (s.start, s.end) not in spans
            and ("statement", s.start, s.end) not in rejected
        ]
        return {
            "suggested_body": mark_suggestions(
                article.pk, article.body, suggestions, accepted, names, rejected
            ),
            "rejected_suggestions": [(r, quoted(r, article.body)) for r in rejections],
            "suggestion_counts": {
                "open": len(open_statements),
                "accepted": len(accepted),
                "mentions": sum(1 for s in suggestions if s.type == "mention" and s.official_id),
                "unresolved": sum(
                    1 for s in suggestions if s.queued and ("mention", s.start, s.end) not in rejected
                ),
            },
        }

    def suggestion_view(self, request, object_id):
        """Accept or reject one suggestion, or bring a rejected one back (POST), then back to the article."""
        object_id = unquote(object_id)
        # The path takes any text; only an id that fits the column is looked up
        # (a lookup of "abc" raises ValueError, one past bigint a database error).
        if not re.fullmatch(r"[0-9]{1,18}", object_id):
            raise Http404
        article = get_object_or_404(Article, pk=int(object_id))
        back = reverse("admin:archive_article_change", args=[article.pk])
        if request.method != "POST" or not self.has_change_permission(request, article):
            raise PermissionDenied
        if "restore" in request.POST:
            return self.restore_rejection(request, article, back)
        decision = "accept" if "accept" in request.POST else "reject" if "reject" in request.POST else ""
        try:
            kind, start, end = request.POST.get(decision, "").split(":")
            start, end = int(start), int(end)
        except ValueError:
            self.message_user(request, "پیشنهاد نامعتبر است.", messages.ERROR)
            return HttpResponseRedirect(back)
        suggestion = next(
            (
                s
                for s in extract.suggest_for_article(article)
                if (s.type, s.start, s.end) == (kind, start, end)
            ),
            None,
        )
        if suggestion is None:
            self.message_user(request, "این پیشنهاد دیگر در میان پیشنهادهای این خبر نیست.", messages.WARNING)
            return HttpResponseRedirect(back)
        if decision == "reject":
            if not request.user.has_perm("archive.add_rejectedsuggestion"):
                raise PermissionDenied
            RejectedSuggestion.objects.get_or_create(
                article=article, kind=kind, start=start, end=end, defaults={"rejected_by": request.user}
            )
            self.message_user(request, "پیشنهاد رد شد.", messages.SUCCESS)
        elif kind == "statement":
            if not request.user.has_perm("archive.add_statement"):
                raise PermissionDenied
            if suggestion.official_id is None:
                self.message_user(
                    request, "گوینده‌ی این گفته شناخته نشد؛ با «ویرایش» گوینده را برگزینید.", messages.ERROR
                )
                return HttpResponseRedirect(back)
            with transaction.atomic():
                statement = Statement(
                    article=article,
                    official_id=suggestion.official_id,
                    start=start,
                    end=end,
                    text=article.body[start:end],
                    direct=bool(suggestion.direct),
                    attribution=suggestion.speaker_text[:200],
                    created_by=request.user,
                )
                statement.full_clean(exclude=["event", "said_on"])
                statement.save()
                if article.review_status == ReviewStatus.NEW:
                    article.review_status = ReviewStatus.IN_REVIEW
                    article.save(update_fields=["review_status"])
            self.message_user(request, "گفته ثبت شد.", messages.SUCCESS)
            return HttpResponseRedirect(f"{back}#statement-{statement.pk}")
        else:
            # Accepting a mention files an UnresolvedMention: adding one is its own permission.
            if not request.user.has_perm("archive.add_unresolvedmention"):
                raise PermissionDenied
            added = extract.queue_unresolved(article, [suggestion])
            self.message_user(
                request,
                "نام به صف نام‌های ناشناخته رفت." if added else "این نام پیش‌تر در صف بوده است.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(back)

    def restore_rejection(self, request, article: Article, back: str) -> HttpResponseRedirect:
        """Undo one rejection of this article's: the suggestion is offered again."""
        if not request.user.has_perm("archive.delete_rejectedsuggestion"):
            raise PermissionDenied
        pk = request.POST.get("restore", "")
        deleted = pk.isdigit() and article.rejected_suggestions.filter(pk=int(pk)).delete()[0]
        if deleted:
            self.message_user(request, "پیشنهاد بازگردانده شد و دوباره پیشنهاد می‌شود.", messages.SUCCESS)
        else:
            self.message_user(request, "این پیشنهاد ردشده دیگر در میان نیست.", messages.WARNING)
        return HttpResponseRedirect(f"{back}#sg-rejected")
