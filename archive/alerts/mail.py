"""The two messages of an alert, in Persian, as text and right-to-left HTML alternatives."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from archive.alerts.models import AlertMessage, Subscription
from archive.alerts.searches import describe, page_url
from archive.alerts.tokens import make_token
from archive.feeds import article_line, shortened, statement_line, statement_url
from archive.templatetags.persian import fa_digits
from archive.views import LISTS

NOUNS = {"articles": "خبر", "statements": "گفته"}


@dataclass
class Item:
    pk: int
    title: str
    line: str  # source and Solar Hijri date
    url: str


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(reverse("alerts:unsubscribe", args=[make_token(subscription, "unsubscribe")]))


def confirm_url(subscription: Subscription) -> str:
    return absolute(reverse("alerts:confirm", args=[make_token(subscription, "confirm")]))


def _context(subscription: Subscription) -> dict:
    return {
        "subscription": subscription,
        "noun": NOUNS[subscription.list_name],
        "search": describe(subscription.list_name, subscription.query),
        "page_url": page_url(subscription.list_name, subscription.query, absolute=True),
        "unsubscribe_url": unsubscribe_url(subscription),
    }


def _message(subject: str, template: str, context: dict, to: str, headers: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": "fa", **headers},
    )
    message.attach_alternative(render_to_string(f"alerts/email/{template}.html", context), "text/html")
    return message


def confirmation_message(subscription: Subscription) -> EmailMultiAlternatives:
    """The double opt-in message: nothing is sent to this address again unless its link is followed."""
    context = {
        **_context(subscription),
        "confirm_url": confirm_url(subscription),
        "days": fa_digits(settings.ALERTS_CONFIRM_MAX_AGE.days),
    }
    return _message("تأیید اطلاع‌رسانی آرشیو اخبار دفاعی منطقه", "confirm", context, subscription.email, {})


def items_of(name: str, ids: list[int]) -> list[Item]:
    """The records of `ids` that are public now, in the order of `ids`, as a message lists them."""
    by_id = LISTS[name].queryset().in_bulk(ids)
    records = [by_id[pk] for pk in ids if pk in by_id]
    if name == "articles":
        return [
            Item(a.pk, a.title, " · ".join(article_line(a)), absolute(a.get_absolute_url())) for a in records
        ]
    return [
        Item(
            s.pk,
            f"{s.official.name}: «{shortened(s.text, 160)}»",
            " · ".join(statement_line(s)),
            absolute(statement_url(s)),
        )
        for s in records
    ]


def alert_message(message: AlertMessage, items: list[Item]) -> EmailMultiAlternatives:
    """The message of an alert's new matches, with the link that cancels it (and List-Unsubscribe)."""
    subscription = message.subscription
    context = {**_context(subscription), "items": items, "more": message.more}
    noun = context["noun"]
    subject = f"{fa_digits(len(items) + message.more)} {noun} تازه برای جست‌وجوی شما"
    headers = {
        "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # The same message keeps its id if a run killed mid-send has it sent again.
        "Message-ID": f"<alert-{message.pk}-{subscription.key[:12]}@{urlsplit(settings.SITE_URL).hostname}>",
    }
    return _message(subject, "alert", context, subscription.email, headers)
