"""SP-API usage plans: the documented (rate per second, burst) of each operation, and the token bucket.

Values are Amazon's, from the operation descriptions in the official models. The client paces itself
with this table and the sandbox enforces the same one; a contract test compares it with the model files.
"""

from __future__ import annotations

from dataclasses import dataclass

USAGE_PLANS: dict[str, tuple[float, int]] = {
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
DEFAULT_PLAN = (1.0, 5)  # conservative for anything not listed


@dataclass
class TokenBucket:
    """Amazon's metering model: ``burst`` tokens at most, refilled at ``rate`` per second; a call takes one."""

    rate: float
    burst: int
    tokens: float
    updated: float

    @classmethod
    def full(cls, rate: float, burst: int, now: float) -> TokenBucket:
        return cls(rate, burst, float(burst), now)

    def refill(self, now: float) -> None:
        self.tokens = min(float(self.burst), self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def take(self, now: float) -> bool:
        """Take a token if one is there (after refilling up to ``now``)."""
        self.refill(now)
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def wait_time(self) -> float:
        """Seconds until a token is available (0 if one is)."""
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate
