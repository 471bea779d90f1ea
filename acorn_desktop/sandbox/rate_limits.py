"""SP-API usage plans (rate in requests/second, burst) per operation, as Amazon's models state them.

The table is checked against the official model files by the contract tests, so a model update that
changes a limit fails the build instead of silently drifting.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from .clock import ScaledClock

# operationId: (rate per second, burst)
OPERATION_LIMITS: dict[str, tuple[float, int]] = {
    # finances v0
    "listFinancialEventGroups": (0.5, 30),
    "listFinancialEventsByGroupId": (0.5, 30),
    "listFinancialEventsByOrderId": (0.5, 30),
    "listFinancialEvents": (0.5, 30),
    # reports 2021-06-30
    "getReports": (0.0222, 10),
    "createReport": (0.0167, 15),
    "cancelReport": (0.0222, 10),
    "getReport": (2.0, 15),
    "getReportDocument": (0.0167, 15),
    # feeds 2021-06-30
    "getFeeds": (0.0222, 10),
    "createFeed": (0.0083, 15),
    "cancelFeed": (2.0, 15),
    "getFeed": (2.0, 15),
    "createFeedDocument": (0.5, 15),
    "getFeedDocument": (0.0222, 10),
    # orders v0
    "getOrders": (0.0167, 20),
    "getOrder": (0.5, 30),
    "getOrderItems": (0.5, 30),
    # orders 2026-01-01 (its getOrder has the same plan as v0's)
    "searchOrders": (0.0056, 20),
}


@dataclass
class TokenBucket:
    rate: float
    burst: int
    tokens: float
    updated: float

    def take(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


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
                bucket = self._buckets[(caller, operation)] = TokenBucket(rate, burst, float(burst), now)
            return bucket.take(now)

    def limit_header(self, operation: str) -> str:
        return f"{self.limits.get(operation, (10.0, 20))[0]}"
