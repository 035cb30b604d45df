"""The signed links of an alert: confirm (expires) and unsubscribe (kept as long as the alert)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from archive.alerts.models import Subscription

SALTS = {"confirm": "archive.alerts.confirm", "unsubscribe": "archive.alerts.unsubscribe"}
# Longer than any token we make: anything past it is refused unread.
MAX_TOKEN_LENGTH = 200


class BadToken(Exception):
    """A link that is not ours, was altered, has expired, or whose alert is gone (a Persian message)."""


def make_token(subscription: Subscription, purpose: str) -> str:
    return signing.dumps([subscription.pk, subscription.key], salt=SALTS[purpose], compress=False)


def read_token(token: str, purpose: str) -> Subscription:
    """The subscription a link names; BadToken with a Persian message otherwise."""
    max_age = settings.ALERTS_CONFIRM_MAX_AGE if purpose == "confirm" else None
    if len(token) > MAX_TOKEN_LENGTH:
        raise BadToken("این پیوند درست نیست.")
    try:
        pk, key = signing.loads(token, salt=SALTS[purpose], max_age=max_age)
    except signing.SignatureExpired as exc:
        raise BadToken("این پیوند تأیید کهنه شده است؛ دوباره از صفحهٔ جست‌وجو اطلاع‌رسانی را بخواهید.") from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadToken("این پیوند درست نیست.") from exc
    subscription = Subscription.objects.filter(pk=pk, key=key).first() if isinstance(pk, int) else None
    if subscription is None:
        raise BadToken("این اطلاع‌رسانی دیگر وجود ندارد.")
    return subscription
