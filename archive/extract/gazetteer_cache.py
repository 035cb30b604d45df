"""The archive's gazetteer, built once per process and rebuilt only when officials change.

Building it reads every official, alias and position (four queries, and a
matcher built over every name); the admin needs it on each article page and
each suggestion it accepts. A change is noticed three ways:

- a save or delete of an Official, OfficialAlias or Position through the ORM
  (signals) drops this process's copy and moves a stamp kept in the shared
  cache, which every other process reads before using its copy;
- a write that sends no signal (``bulk_create``, ``update()``, raw SQL, psql)
  moves the change log's position (its triggers log officials, aliases and
  positions): this process then compares a fingerprint of the three tables
  (one query) with the one it built from.

One indexed read of the log's position while nothing moved.
"""

from __future__ import annotations

import threading
import time

from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from archive.extract.gazetteer import Gazetteer
from archive.models import Official, OfficialAlias, Position
from archive.search import changelog

STAMP_KEY = "archive:officials-stamp"

_lock = threading.Lock()
# (stamp, log position, fingerprint, gazetteer) of the copy this process holds.
_held: tuple[object, int, tuple, Gazetteer] | None = None


def _fingerprint() -> tuple:
    """How many rows the three tables hold and their largest ids, and the latest edit of an official."""
    return tuple(
        Official.objects.aggregate(n=Count("pk"), top=Max("pk"), edited=Max("updated_at")).values()
    ) + tuple(
        value
        for model in (OfficialAlias, Position)
        for value in model.objects.aggregate(n=Count("pk"), top=Max("pk")).values()
    )


def current_gazetteer() -> Gazetteer:
    """The gazetteer of the archive's officials as they are now, reusing this process's copy if still true."""
    global _held
    stamp, position = cache.get(STAMP_KEY), changelog.position()
    held = _held
    if held is not None and held[0] == stamp:
        if held[1] == position:
            return held[3]
        fingerprint = _fingerprint()
        if fingerprint == held[2]:
            _held = (stamp, position, fingerprint, held[3])
            return held[3]
    with _lock:
        fingerprint = _fingerprint()
        gazetteer = Gazetteer.from_db()
        _held = (stamp, position, fingerprint, gazetteer)
    return gazetteer


def forget() -> None:
    """Drop this process's copy and tell the others (through the shared cache) to drop theirs."""
    global _held
    _held = None
    cache.set(STAMP_KEY, time.time_ns(), None)


@receiver(post_save, sender=Official, dispatch_uid="gazetteer.official_saved")
@receiver(post_delete, sender=Official, dispatch_uid="gazetteer.official_deleted")
@receiver(post_save, sender=OfficialAlias, dispatch_uid="gazetteer.alias_saved")
@receiver(post_delete, sender=OfficialAlias, dispatch_uid="gazetteer.alias_deleted")
@receiver(post_save, sender=Position, dispatch_uid="gazetteer.position_saved")
@receiver(post_delete, sender=Position, dispatch_uid="gazetteer.position_deleted")
def _officials_changed(sender, **kwargs) -> None:
    forget()
