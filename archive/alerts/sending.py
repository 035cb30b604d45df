"""One run of `send_alerts`: plan each due alert's message, then send what is planned.

Planning and sending are two steps so that a run may die anywhere, or run
beside another, without a double message or a lost match:

- **Plan**: the new matches are found (archive/alerts/matches.py), then one
  transaction moves the subscription's position from the one it was read at
  to the run's (`UPDATE … WHERE position = old`: of two runs, one moves it, the
  other finds nothing to do) and records the message and its matches.
- **Send**: a planned message is claimed for ALERTS_SEND_LEASE (`UPDATE …
  WHERE unclaimed or lease over`: one run gets it), mailed, then marked sent.
  A run killed before the mail left leaves the claim to lapse, and a later
  run sends it. Killed in the instant between the mail server taking the
  message and the mark, the message goes again after the lease, with the same
  Message-ID: the one window no mail protocol closes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from archive.alerts import mail
from archive.alerts.matches import Candidates, new_matches
from archive.alerts.models import AlertMessage, SentMatch, Subscription
from archive.alerts.subscribe import hold_log
from archive.search import changelog

log = logging.getLogger(__name__)


@dataclass
class Report:
    planned: int = 0
    sent: int = 0
    failed: int = 0
    expired: int = 0


def plan(subscription: Subscription, candidates: Candidates) -> AlertMessage | None:
    """Move `subscription` to the run's position and record its message; None if nothing is new
    or another run moved it first."""
    found = new_matches(subscription, candidates)
    with transaction.atomic():
        moved = Subscription.objects.filter(pk=subscription.pk, position=subscription.position).update(
            position=candidates.upto
        )
        if not moved or not found.ids:
            return None
        message = AlertMessage.objects.create(subscription=subscription, item_ids=found.ids, more=found.more)
        SentMatch.objects.bulk_create(
            SentMatch(subscription=subscription, object_id=pk, message=message) for pk in found.ids
        )
    return message


def claim(message_id: int) -> bool:
    """Whether this run takes message `message_id` to send (no other run holds it, it is unsent)."""
    now = timezone.now()
    return bool(
        AlertMessage.objects.filter(pk=message_id, sent_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + settings.ALERTS_SEND_LEASE, attempts=F("attempts") + 1)
    )


def deliver(message: AlertMessage) -> bool:
    """Mail a claimed message; a record no longer public is left out (and may be listed once it is again)."""
    subscription = message.subscription
    items = mail.items_of(subscription.list_name, message.item_ids)
    if len(items) < len(message.item_ids):
        SentMatch.objects.filter(message=message).exclude(object_id__in=[i.pk for i in items]).delete()
    if not items:
        AlertMessage.objects.filter(pk=message.pk).delete()
        return False
    mail.alert_message(message, items).send()
    now = timezone.now()
    AlertMessage.objects.filter(pk=message.pk).update(sent_at=now)
    Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
    return True


def run(rate: str) -> Report:
    """Plan every confirmed alert of `rate`, then send every planned message of that rate not yet sent."""
    report = Report()
    report.expired, _ = Subscription.objects.expired().delete()
    candidates = Candidates(upto=changelog.position(using="default"))
    due = Subscription.objects.confirmed().filter(rate=rate, position__lt=candidates.upto)
    for subscription in due.order_by("pk").iterator(chunk_size=500):
        if plan(subscription, candidates) is not None:
            report.planned += 1
    unsent = AlertMessage.objects.filter(sent_at__isnull=True, subscription__rate=rate)
    for message_id in list(unsent.order_by("pk").values_list("pk", flat=True)):
        if not claim(message_id):
            continue
        message = AlertMessage.objects.select_related("subscription").filter(pk=message_id).first()
        if message is None:  # unsubscribed meanwhile
            continue
        try:
            sent = deliver(message)
        except (
            OSError
        ):  # the mail server refused or could not be reached: the claim lapses, a later run retries
            log.exception("alert message %s could not be sent", message_id)
            report.failed += 1
            continue
        report.sent += sent
    hold_log()
    return report
