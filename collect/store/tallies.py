"""How many live responses each form version and link holds, without counting the table.

The dashboard and the form list show counts on every visit; ``count(*)`` over a response
table of hundreds of thousands of rows on every request would be the slowest thing they
do. Response ids only grow, so a tally keeps exact counts of the rows up to a settled id
``W`` and, on each request, counts only the rows above it (a short range of the primary
key) and the deleted ones (a partial index holds only those; deletions are rare):

    live = settled(≤ W, deleted included) + recent(> W, deleted included) − deleted

A row's id is given when it is inserted, and its transaction commits or fails within a
request's timeout; so once an id has been the largest seen for ``SETTLE`` seconds, no
row below it can still appear, and ``W`` moves up to it. A new tally starts from the
rows received more than ``SETTLE`` seconds ago (one full count, once). Each app keeps one tally (the
services hold it); a tally is safe to share between the app's threads.
"""
from __future__ import annotations

import threading
import time
from collections import Counter, deque
from datetime import timedelta

from sqlalchemy import func, select

from ..extensions import db
from .models import Response, utcnow

#: Seconds after which no smaller response id can still be committed (well above any
#: request's timeout).
SETTLE = 600.0

Key = tuple[int, int | None]  # (form_version_id, link_id)


class Tally:
    def __init__(self):
        self._lock = threading.Lock()
        self._settled: Counter[Key] = Counter()
        self._watermark: int | None = None
        #: (when, the largest id seen then), oldest first.
        self._seen: deque[tuple[float, int]] = deque()

    def _count(self, *conditions) -> tuple[Counter[Key], int]:
        rows = db.session.execute(
            select(Response.form_version_id, Response.link_id, func.count(), func.max(Response.id))
            .where(*conditions).group_by(Response.form_version_id, Response.link_id))
        counts, top = Counter(), 0
        for version_id, link_id, n, largest in rows:
            counts[(version_id, link_id)] = n
            top = max(top, largest)
        return counts, top

    def live(self) -> Counter[Key]:
        """Live responses per (form version, link), exact as of this moment."""
        with self._lock:
            watermark = self._advance()
            settled = Counter(self._settled)
        recent, top = self._count(Response.id > watermark)
        deleted, _ = self._count(Response.deleted_at.is_not(None))
        with self._lock:
            if not self._seen or self._seen[-1][1] < top:
                self._seen.append((time.monotonic(), top))
        live = settled + recent
        live.subtract(deleted)
        return +live

    def _advance(self) -> int:
        """Move the watermark up to the largest id seen at least SETTLE seconds ago."""
        if self._watermark is None:
            cutoff = utcnow() - timedelta(seconds=SETTLE)
            self._watermark = db.session.scalar(select(func.coalesce(func.max(Response.id), 0))
                                                .where(Response.received_at < cutoff))
            self._settled, _ = self._count(Response.id <= self._watermark)
        target = None
        while self._seen and time.monotonic() - self._seen[0][0] >= SETTLE:
            target = self._seen.popleft()[1]
        if target is not None and target > self._watermark:
            more, _ = self._count(Response.id > self._watermark, Response.id <= target)
            self._settled.update(more)
            self._watermark = target
        return self._watermark
