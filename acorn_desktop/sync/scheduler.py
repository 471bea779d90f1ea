"""Client-side pacing of SP-API calls: a token bucket per operation, retries with backoff and jitter.

The bucket mirrors Amazon's (rate, burst) so a sync runs at the documented rate without provoking 429s;
if Amazon says otherwise (``x-amzn-RateLimit-Limit``, or a 429 anyway) the bucket follows Amazon.
All waiting happens on the sync thread; ``cancel()`` is polled while waiting.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from ..formats.usage_plans import DEFAULT_PLAN, USAGE_PLANS, TokenBucket
from .errors import SyncCancelled, TransientApiError, classify

log = logging.getLogger(__name__)
T = TypeVar("T")


class Clock:
    """Real time, optionally sped up (matches a sandbox running on a scaled clock)."""

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = scale

    def now(self) -> float:
        return time.monotonic() * self.scale

    def sleep(self, simulated_seconds: float) -> None:
        if simulated_seconds > 0:
            time.sleep(simulated_seconds / self.scale)


@dataclass
class SchedulerStats:
    calls: int = 0
    retries: int = 0
    throttled: int = 0
    waited: float = 0.0  # simulated seconds spent waiting for tokens or backoff
    by_operation: dict[str, int] = field(default_factory=dict)


class RequestScheduler:
    """Paces and retries calls for ONE selling-partner account (Amazon meters per account + application)."""

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        plans: dict[str, tuple[float, int]] | None = None,
        max_tries: int = 5,
        base_delay: float = 1.0,
        max_delay: float = 60.0,
        rng: random.Random | None = None,
        enabled: bool = True,
        margin: float = 0.1,
    ) -> None:
        self.clock = clock or Clock()
        self.plans = dict(plans or USAGE_PLANS)
        self.max_tries = max_tries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.rng = rng or random.Random()
        self.enabled = enabled
        self.margin = margin
        self._paced: set[str] = set()  # operations whose burst is spent (we have had to wait for a token)
        self.stats = SchedulerStats()
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def _bucket(self, operation: str) -> TokenBucket:
        bucket = self._buckets.get(operation)
        if bucket is None:
            rate, burst = self.plans.get(operation, DEFAULT_PLAN)
            bucket = self._buckets[operation] = TokenBucket.full(rate, burst, self.clock.now())
        return bucket

    def _take(self, operation: str, cancel: Callable[[], bool] | None) -> None:
        if not self.enabled:
            return
        while True:
            with self._lock:
                bucket = self._bucket(operation)
                bucket.refill(self.clock.now())
                # Once the burst is spent, wait for a little more than one token: Amazon's bucket started
                # when our first request reached it, a moment after ours, so it runs slightly behind.
                need = 1.0 + (self.margin if operation in self._paced else 0.0)
                if bucket.tokens >= need:
                    bucket.tokens -= 1
                    return
                self._paced.add(operation)
                wait = (1.0 + self.margin - bucket.tokens) / bucket.rate
            self._sleep(wait, cancel)

    def _sleep(self, seconds: float, cancel: Callable[[], bool] | None) -> None:
        """Sleep in slices so a cancel is noticed within ~0.2 s (real time)."""
        self.stats.waited += seconds
        remaining = seconds
        slice_ = 0.2 * self.clock.scale
        while remaining > 0:
            if cancel is not None and cancel():
                raise SyncCancelled()
            step = min(remaining, slice_)
            self.clock.sleep(step)
            remaining -= step
        if cancel is not None and cancel():
            raise SyncCancelled()

    def note_rate_limit(self, operation: str, header: str | None) -> None:
        """Adopt the rate Amazon reports for this account if it differs from the documented one."""
        if not header:
            return
        try:
            rate = float(header)
        except ValueError:
            return
        with self._lock:
            bucket = self._bucket(operation)
            if rate > 0 and abs(rate - bucket.rate) > 1e-9:
                log.info("rate limit for %s is %s/s (documented %s/s)", operation, rate, bucket.rate)
                bucket.refill(self.clock.now())
                bucket.rate = rate

    def _throttled(self, operation: str) -> float:
        """A 429: our bucket was optimistic. Empty it and wait for one token (at least)."""
        with self._lock:
            bucket = self._bucket(operation)
            bucket.refill(self.clock.now())
            bucket.tokens = min(bucket.tokens, 0.0)
            return 1.0 / bucket.rate

    def call(self, operation: str, fn: Callable[[], T], *, cancel: Callable[[], bool] | None = None) -> T:
        """Run ``fn`` (one SP-API request) paced and retried; raise the classified error after the last try."""
        attempt = 0
        while True:
            attempt += 1
            self._take(operation, cancel)
            self.stats.calls += 1
            self.stats.by_operation[operation] = self.stats.by_operation.get(operation, 0) + 1
            try:
                response = fn()
            except Exception as exc:
                error = classify(exc)
                if error is None:  # not an API problem: a bug, let it surface as it is
                    raise
                if not isinstance(error, TransientApiError) or attempt >= self.max_tries:
                    raise error from exc
                self.stats.retries += 1
                delay = min(self.max_delay, self.base_delay * 2 ** (attempt - 1)) * self.rng.random()
                if error.throttled:
                    self.stats.throttled += 1
                    delay = max(delay, self._throttled(operation))
                log.info(
                    "%s failed (%s), retry %d/%d in %.1fs", operation, error.reason, attempt, self.max_tries - 1, delay
                )
                self._sleep(delay, cancel)
                continue
            self.note_rate_limit(operation, getattr(response, "rate_limit", None))
            return response
