"""A clock that can run faster than real time, so rate limits and report progress pass quickly in tests."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta


class ScaledClock:
    """Simulated time = start + (real elapsed × scale). ``advance`` jumps ahead (tests)."""

    def __init__(self, scale: float = 1.0, start: datetime | None = None) -> None:
        if scale <= 0:
            raise ValueError("time scale must be positive")
        self.scale = scale
        self._start = start or datetime.now(UTC)
        self._real0 = time.monotonic()
        self._offset = 0.0
        self._lock = threading.Lock()

    def seconds(self) -> float:
        """Simulated seconds since the clock started (monotonic)."""
        with self._lock:
            return (time.monotonic() - self._real0) * self.scale + self._offset

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self.seconds())

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += seconds
