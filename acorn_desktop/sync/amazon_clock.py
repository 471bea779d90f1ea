"""Amazon's clock, as seen from this PC: "now" for Amazon requests comes from Amazon's HTTP Date headers.

Finances' PostedBefore (and other "not in the future" parameters) must be in *Amazon's* past; a PC clock a
minute ahead made every finances sync fail with 400. Each response's ``Date`` header gives Amazon's time to
the second; the offset is Amazon's time minus the PC time at the middle of the request, from the latest
response (so a clock that is corrected, or a sandbox whose time jumps, is followed at once). When the PC is
off by more than :data:`SKEW_WARNING` the sync status says so.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

SKEW_WARNING = timedelta(minutes=2)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class AmazonClock:
    """PC time + the offset learned from Amazon's responses (0 until the first response)."""

    def __init__(self, local_now: Callable[[], datetime] = _utcnow) -> None:
        self.local_now = local_now
        self._offset: float | None = None
        self._lock = threading.Lock()

    def observe(self, headers: Mapping[str, str] | None, sent: datetime, received: datetime) -> None:
        """Learn from one response's headers (no or a malformed Date header: nothing learnt)."""
        if not headers:
            return
        value = next((v for k, v in dict(headers).items() if str(k).lower() == "date"), None)
        if not value:
            return
        try:
            amazon = parsedate_to_datetime(str(value))
        except (TypeError, ValueError, IndexError):
            return
        if amazon is None or amazon.tzinfo is None:
            return
        middle = sent + (received - sent) / 2
        # the header is whole seconds, truncated: Amazon's time is on average half a second later
        offset = (amazon - middle).total_seconds() + 0.5
        with self._lock:
            self._offset = offset

    @property
    def offset(self) -> timedelta | None:
        """Amazon's time minus the PC's, or None before any response."""
        with self._lock:
            return None if self._offset is None else timedelta(seconds=self._offset)

    def now(self) -> datetime:
        return self.local_now() + (self.offset or timedelta(0))

    @property
    def skewed(self) -> bool:
        """Is the PC clock off from Amazon's by more than :data:`SKEW_WARNING`?"""
        offset = self.offset
        return offset is not None and abs(offset) > SKEW_WARNING
