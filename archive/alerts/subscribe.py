"""Asking for an alert, confirming it, cancelling it: the rules, without HTTP.

Limits keep one visitor from mailing a stranger's inbox full: one request
per address and search a day, ALERTS_MAX_PER_ADDRESS alerts (confirmed or
awaiting confirmation) per address, ALERTS_MAX_PER_CLIENT requests a day per
client address (as the rate limits see it, stored only as a keyed hash).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from archive.alerts.models import Subscription
from archive.alerts.searches import BadSearch, canonical_query
from archive.search import changelog
from archive.templatetags.persian import fa_digits
from core.middleware.rate_limits import client_key

DAY = dt.timedelta(days=1)
# The log position the alerts still need, reported beside the indexes' so that pruning keeps it.
LOG_HOLD_NAME = "alerts"


class Refused(Exception):
    """A request for an alert that is not taken, with the Persian reason."""


def client_of(request: HttpRequest) -> str:
    """The client address a request comes from, as a keyed hash (the address itself is not kept)."""
    return salted_hmac("archive.alerts.client", client_key(request), algorithm="sha256").hexdigest()


def request_alert(email: str, name: str, query: str, rate: str, client: str) -> Subscription:
    """The alert to mail a confirmation link for; Refused (Persian) when a limit or the search says no."""
    try:
        query = canonical_query(name, query)
    except BadSearch as exc:
        raise Refused(str(exc)) from exc
    email = BaseUserManager.normalize_email(email.strip())
    now = timezone.now()
    existing = Subscription.objects.filter(email__iexact=email, list_name=name, query=query).first()
    if existing is not None and existing.confirmed_at is not None:
        raise Refused("این نشانی برای همین جست‌وجو پیش‌تر اطلاع‌رسانی گرفته است.")
    if existing is not None and existing.requested_at > now - DAY:
        raise Refused(
            "پیوند تأیید همین جست‌وجو امروز به این نشانی فرستاده شده است؛ صندوق نامه و پوشهٔ هرزنامه را ببینید."
        )
    per_client, per_address = settings.ALERTS_MAX_PER_CLIENT, settings.ALERTS_MAX_PER_ADDRESS
    if Subscription.objects.filter(client=client, requested_at__gte=now - DAY).count() >= per_client:
        raise Refused("از این نشانی اینترنتی امروز درخواست اطلاع‌رسانی بسیار رسیده است؛ فردا دوباره بکوشید.")
    if existing is None and Subscription.objects.holding(email, now).count() >= per_address:
        raise Refused(
            f"این نشانی ایمیل به بیشترین شمار اطلاع‌رسانی رسیده است ({fa_digits(per_address)})؛ "
            "برای جست‌وجوی تازه، یکی از پیشین‌ها را با پیوند پایین نامه‌هایش لغو کنید."
        )
    if existing is not None:
        existing.rate, existing.client, existing.requested_at = rate, client, now
        existing.save(update_fields=["rate", "client", "requested_at"])
        return existing
    try:
        with transaction.atomic():
            return Subscription.objects.create(
                email=email, list_name=name, query=query, rate=rate, client=client, requested_at=now
            )
    except IntegrityError as exc:  # the same request, a moment earlier, from another worker
        raise Refused("پیوند تأیید همین جست‌وجو همین حالا به این نشانی فرستاده شد.") from exc


def confirm(subscription: Subscription) -> bool:
    """Start the alert from now: records entering the archive after this are its matches.

    False if it was already confirmed (a second click changes nothing).
    """
    if subscription.confirmed_at is not None:
        return False
    subscription.confirmed_at = timezone.now()
    subscription.position = changelog.position(using="default")
    subscription.save(update_fields=["confirmed_at", "position"])
    hold_log()
    return True


def unsubscribe(subscription: Subscription) -> None:
    """Forget the alert, its address and what it was sent."""
    subscription.delete()
    hold_log()


def hold_log() -> None:
    """Keep the change log from being pruned past the oldest position a confirmed alert still reads.

    Reported as one more follower of the log (`changelog.prune` keeps what
    every follower reporting within a week still needs); no alert, no hold.
    """
    from archive.models import SearchIndexState

    oldest = Subscription.objects.confirmed().order_by("position").values_list("position", flat=True).first()
    if oldest is None:
        SearchIndexState.objects.using("default").filter(name=LOG_HOLD_NAME).delete()
    else:
        changelog.report_applied(LOG_HOLD_NAME, oldest)
