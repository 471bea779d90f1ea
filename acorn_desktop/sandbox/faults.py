"""Fault injection for the sandbox: 429 storms, 5xx, slow answers, dropped connections, bad payloads.

``drop`` loses the request before the sandbox acts on it; ``drop_after`` acts on it (a createFeed creates the
feed) and then loses the answer — the client cannot tell the two apart.

Spec (``acorn sandbox serve --faults``): comma-separated ``KIND[=PROBABILITY][xCOUNT][@OP|OP…]``, e.g.
``429=0.3@listFinancialEvents,500x2,drop=0.05,truncated_gzip=1x1``. PROBABILITY defaults to 1, COUNT
(how many times at most) to unlimited, operations to all. Draws come from a seeded RNG: a run is
repeatable for a given seed and request order.
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass, field

from ..errors import InputError

KINDS = ("429", "500", "503", "slow", "drop", "drop_after", "malformed", "truncated_gzip", "expire_token")
_KIND = "|".join(sorted(KINDS, key=len, reverse=True))
_ITEM = re.compile(rf"^(?P<kind>{_KIND})(?:=(?P<p>[0-9.]+))?(?:x(?P<n>\d+))?(?:@(?P<ops>[A-Za-z|]+))?$")


@dataclass
class Fault:
    kind: str
    probability: float = 1.0
    times: int | None = None
    operations: frozenset[str] | None = None
    used: int = field(default=0, compare=False)

    def applies(self, operation: str) -> bool:
        if self.times is not None and self.used >= self.times:
            return False
        return self.operations is None or operation in self.operations


class FaultPlan:
    def __init__(self, faults: list[Fault] | None = None, *, seed: int = 0, slow_seconds: float = 5.0) -> None:
        self.faults = list(faults or [])
        self.slow_seconds = slow_seconds
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    @classmethod
    def parse(cls, spec: str | None, *, seed: int = 0, slow_seconds: float = 5.0) -> FaultPlan:
        faults = []
        for raw in filter(None, (part.strip() for part in (spec or "").split(","))):
            match = _ITEM.match(raw)
            if not match or match["kind"] not in KINDS:
                raise InputError(
                    f"故障注入参数「{raw}」无效。格式:类型[=概率][x次数][@操作|操作],类型可选:{', '.join(KINDS)}",
                    f"Invalid fault spec '{raw}'. Format: KIND[=PROB][xCOUNT][@OP|OP], kinds: {', '.join(KINDS)}",
                )
            probability = float(match["p"]) if match["p"] else 1.0
            if not 0 <= probability <= 1:
                raise InputError(f"故障概率必须在 0 到 1 之间:{raw}", f"Fault probability must be 0..1: {raw}")
            ops = frozenset(match["ops"].split("|")) if match["ops"] else None
            faults.append(Fault(match["kind"], probability, int(match["n"]) if match["n"] else None, ops))
        return cls(faults, seed=seed, slow_seconds=slow_seconds)

    def add(self, kind: str, probability: float = 1.0, *, times: int | None = None, operations=None) -> Fault:
        if kind not in KINDS:
            raise ValueError(kind)
        fault = Fault(kind, probability, times, frozenset(operations) if operations else None)
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()

    def draw(self, operation: str, kinds: tuple[str, ...] = KINDS) -> str | None:
        """The fault to inject into this request, if any (at most one)."""
        with self._lock:
            for fault in self.faults:
                if fault.kind in kinds and fault.applies(operation) and self._rng.random() < fault.probability:
                    fault.used += 1
                    return fault.kind
        return None
