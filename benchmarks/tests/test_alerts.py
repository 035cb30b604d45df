"""The alerts benchmark on a tiny corpus: it times a real run and cleans up after itself."""

from __future__ import annotations

import pytest

from archive.alerts.models import Subscription
from benchmarks.alerts import time_send_alerts
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


def test_it_times_a_run_that_mails_the_matching_alerts():
    for i in range(6):
        make_article(f"رزمایش مرزی {i}", f"متن رزمایش شماره {i}")
    make_article("نشست وزیران", "متن دیگر")
    timing = time_send_alerts(subscriptions=25, new_articles=7)
    assert timing.subscriptions == 25
    assert timing.seconds > 0
    # Every search is made of the new titles' words (or is empty): each alert has news.
    assert 0 < timing.messages <= 25
    assert not Subscription.objects.exists()
