"""Client-side pacing: bursts then the documented rate, backoff on throttling/5xx, give-up after 5 tries."""

from __future__ import annotations

import random

import httpx
import pytest
from sp_api.base.exceptions import SellingApiRequestThrottledException, SellingApiServerException

from acorn_desktop.sync.errors import PermanentApiError, SyncCancelled, TransientApiError
from acorn_desktop.sync.scheduler import RequestScheduler


class FakeClock:
    """Simulated time that only moves when the scheduler sleeps."""

    scale = 1.0

    def __init__(self) -> None:
        self.t = 1000.0

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += seconds


class Response:
    def __init__(self, rate_limit=None) -> None:
        self.rate_limit = rate_limit


def throttled():
    return SellingApiRequestThrottledException([{"code": "QuotaExceeded", "message": "x"}], headers={})


def test_burst_then_documented_rate():
    clock = FakeClock()
    sched = RequestScheduler(clock=clock, plans={"op": (0.5, 30)})
    for _ in range(30):
        sched.call("op", Response)
    assert clock.t == 1000.0  # the burst costs no waiting
    sched.call("op", Response)
    first_wait = clock.t - 1000.0
    assert first_wait == pytest.approx((1 + sched.margin) / 0.5)  # a hair more than one token: Amazon lags
    for _ in range(10):
        sched.call("op", Response)
    assert clock.t - 1000.0 - first_wait == pytest.approx(10 / 0.5)  # then exactly one call per 2 s


def test_rate_limit_header_is_adopted():
    clock = FakeClock()
    sched = RequestScheduler(clock=clock, plans={"op": (1.0, 1)}, margin=0.0)
    sched.call("op", lambda: Response("0.25"))
    sched.call("op", Response)
    assert clock.t == pytest.approx(1000.0 + 4.0)


def test_throttling_backs_off_and_succeeds():
    clock = FakeClock()
    answers = [throttled(), throttled(), Response()]

    def call():
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    sched = RequestScheduler(clock=clock, plans={"op": (0.5, 30)}, rng=random.Random(1))
    assert isinstance(sched.call("op", call), Response)
    assert sched.stats.throttled == 2 and sched.stats.retries == 2
    assert clock.t >= 1000.0 + 2 * 2.0  # each 429 waits at least one token interval


@pytest.mark.parametrize(
    "error",
    [
        SellingApiServerException([{"code": "InternalFailure"}], headers={}),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("dropped"),
    ],
)
def test_gives_up_after_five_tries(error):
    calls = []

    def call():
        calls.append(1)
        raise error

    sched = RequestScheduler(clock=FakeClock(), rng=random.Random(2))
    with pytest.raises(TransientApiError):
        sched.call("listFinancialEvents", call)
    assert len(calls) == 5


def test_permanent_errors_are_not_retried_and_bugs_propagate():
    from sp_api.base.exceptions import SellingApiBadRequestException

    calls = []

    def bad():
        calls.append(1)
        raise SellingApiBadRequestException([{"code": "InvalidInput", "message": "no"}], headers={})

    sched = RequestScheduler(clock=FakeClock())
    with pytest.raises(PermanentApiError) as err:
        sched.call("op", bad)
    assert err.value.code == "InvalidInput" and len(calls) == 1
    with pytest.raises(KeyError):
        sched.call("op", lambda: {}["missing"])


def test_cancel_interrupts_waiting():
    clock = FakeClock()
    sched = RequestScheduler(clock=clock, plans={"op": (0.01, 1)})
    sched.call("op", Response)
    with pytest.raises(SyncCancelled):
        sched.call("op", Response, cancel=lambda: clock.t > 1010)
