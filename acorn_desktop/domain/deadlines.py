"""Default response clocks per case kind, without marketplace, holidays or versions.

Cases opened by intake get their deadline and ``policy_id`` from the per-marketplace, versioned policy table
(:mod:`acorn_desktop.domain.policy`, :func:`acorn_desktop.services.policies.deadline_for`). This interim table
stays for the sandbox generator (its data must not change with the policy rows), as the case detail's
"default for this case type" line, and as the fallback of a store without policy rows. All arithmetic here is in
UTC; business days skip Saturday and Sunday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .cases import CaseKind


@dataclass(frozen=True, slots=True)
class Clock:
    hours: int = 0
    business_days: int = 0
    source: str = ""


DEFAULT_CLOCKS: dict[CaseKind, Clock] = {
    CaseKind.RETURN_REQUEST: Clock(hours=24, source="Seller Central G200708210: answer return requests within 24 h"),
    CaseKind.REFUND: Clock(
        business_days=2, source="Seller Central G200708210: refund within 2 business days of receipt"
    ),
    CaseKind.ATOZ_CLAIM: Clock(hours=48, source="Seller Central G1781 (US): A-to-z information request 48 h"),
    CaseKind.CHARGEBACK: Clock(hours=7 * 24, source="Seller Central G202145040: chargeback response 7 days"),
    CaseKind.SAFET_CLAIM: Clock(hours=60 * 24, source="SAFE-T policy: file within 60 days of the refund"),
    CaseKind.REIMBURSEMENT: Clock(hours=60 * 24, source="FBA reimbursement policy: lost/damaged within 60 days"),
    CaseKind.BUYER_MESSAGE: Clock(hours=24, source="Seller Central 202152030: reply within 24 h, weekends included"),
}


def add_business_days(start: datetime, days: int) -> datetime:
    """``start`` plus ``days`` Monday–Friday days, keeping the time of day (UTC)."""
    if start.tzinfo is None:
        raise ValueError("naive datetime: deadlines are computed on aware UTC instants")
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def default_deadline(kind: CaseKind, opened_at: datetime) -> datetime:
    clock = DEFAULT_CLOCKS[kind]
    due = opened_at + timedelta(hours=clock.hours)
    return add_business_days(due, clock.business_days) if clock.business_days else due
