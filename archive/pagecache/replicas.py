"""How long a page read from a replica may be kept."""

from __future__ import annotations

import time

from core.routers import reads_from_replica

REPLICA_LAG_SECONDS = 5


def lifetime(seconds: int, changed_at_ns: int) -> int:
    """How long to keep a page: `seconds`, but briefly if a replica served it just after a change.

    The replica replays the primary a moment later: a page it served just
    after a change may predate the change.
    """
    if reads_from_replica() and time.time_ns() - changed_at_ns < REPLICA_LAG_SECONDS * 1_000_000_000:
        return min(seconds, REPLICA_LAG_SECONDS)
    return seconds
