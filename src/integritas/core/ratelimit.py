"""Fixed-window rate limits stored in the database, shared by every worker and server.

Limits are set per *bucket*, chosen by the caller: a kiosk (``survey:kiosk:<id>``), a channel
(``complaint:web``), or a client address — never one fixed per-IP cap that would block a whole
office behind one NAT address (issue 4). A limit of 0 means "no limit".
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from integritas.core.models import RateLimitCounter


def _window_start(now: dt.datetime, window_seconds: int) -> dt.datetime:
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % window_seconds, tz=dt.UTC)


def hit(bucket: str, *, limit: int, window_seconds: int, now: dt.datetime | None = None) -> bool:
    """Count one request in ``bucket``; return False when it exceeds ``limit`` per window.

    ``limit`` 0 disables the limit (nothing is counted). Windows are aligned to multiples of
    ``window_seconds`` since the epoch (UTC). Old windows are pruned now and then.
    """
    if limit <= 0:
        return True
    now = now or timezone.now()
    start = _window_start(now, window_seconds)
    with transaction.atomic():
        updated = RateLimitCounter.objects.filter(bucket=bucket, window_start=start).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(bucket=bucket, window_start=start, count=1)
            except IntegrityError:
                RateLimitCounter.objects.filter(bucket=bucket, window_start=start).update(
                    count=F("count") + 1
                )
        count = (
            RateLimitCounter.objects.filter(bucket=bucket, window_start=start)
            .values_list("count", flat=True)
            .first()
        )
    if random.random() < 0.01:  # noqa: S311 - housekeeping, not security
        RateLimitCounter.objects.filter(window_start__lt=now - dt.timedelta(days=1)).delete()
    return (count or 0) <= limit
