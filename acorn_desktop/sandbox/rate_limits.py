"""The sandbox's rate limiting: Amazon's usage plans enforced per (seller, operation).

The table is the client's own (:mod:`acorn_desktop.formats.usage_plans`), checked against the official model
files by the contract tests, so a model update that changes a limit fails the build instead of drifting.
"""

from __future__ import annotations

import threading

from ..formats.usage_plans import USAGE_PLANS, TokenBucket
from .clock import ScaledClock

# operationId: (rate per second, burst) — the one table the client and the sandbox share
OPERATION_LIMITS = USAGE_PLANS


class RateLimiter:
    """One bucket per (caller, operation), as Amazon meters per selling partner and application."""

    def __init__(self, clock: ScaledClock, limits: dict[str, tuple[float, int]] | None = None) -> None:
        self.clock = clock
        self.limits = limits or OPERATION_LIMITS
        self._buckets: dict[tuple[str, str], TokenBucket] = {}
        self._lock = threading.Lock()

    def allow(self, caller: str, operation: str) -> bool:
        rate, burst = self.limits.get(operation, (10.0, 20))
        now = self.clock.seconds()
        with self._lock:
            bucket = self._buckets.get((caller, operation))
            if bucket is None:
                bucket = self._buckets[(caller, operation)] = TokenBucket.full(rate, burst, now)
            return bucket.take(now)

    def limit_header(self, operation: str) -> str:
        return f"{self.limits.get(operation, (10.0, 20))[0]}"
