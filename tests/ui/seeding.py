"""Test helpers: insert a known set of cases with SQLAlchemy, and a stand-in for the demo seeder.

The stand-in is used only while ``acorn_desktop.services.demo`` does not exist yet.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.domain.marketplaces import Region
from acorn_desktop.models import Case, SellerAccount
from acorn_desktop.models.base import utcnow

HAVE_REAL_SEEDER = importlib.util.find_spec("acorn_desktop.services.demo") is not None

# (kind, state, overdue?) → expected summary: total 7, open 6, overdue 2.
KNOWN_CASES = [
    (CaseKind.REFUND, CaseState.NEW, True),
    (CaseKind.REFUND, CaseState.IN_PROGRESS, False),
    (CaseKind.RETURN_REQUEST, CaseState.NEW, False),
    (CaseKind.ATOZ_CLAIM, CaseState.AWAITING_APPROVAL, True),
    (CaseKind.CHARGEBACK, CaseState.RESPONDED, False),
    (CaseKind.SAFET_CLAIM, CaseState.NEW, False),
    (CaseKind.REFUND, CaseState.CLOSED, True),  # closed: not open, not overdue
]


def insert_cases(store, specs=KNOWN_CASES, *, start: int = 0) -> int:
    now = utcnow()
    with store.session() as session:
        account = session.scalar(sa.select(SellerAccount).where(SellerAccount.name == "测试店铺"))
        if account is None:
            account = SellerAccount(name="测试店铺", region=Region.EU, selling_partner_id="A-TEST", is_sandbox=True)
            session.add(account)
            session.flush()
        for i, (kind, state, overdue) in enumerate(specs, start=start):
            session.add(
                Case(
                    account_id=account.id,
                    marketplace_code="DE",
                    kind=kind,
                    state=state,
                    source="demo",
                    source_ref=f"T-{i}",
                    amazon_order_id=f"302-0000000-{i:07d}",
                    amount=Decimal("19.99"),
                    currency="EUR",
                    opened_at=now - timedelta(days=3),
                    deadline_at=now + (timedelta(hours=-2) if overdue else timedelta(days=2)),
                )
            )
    return len(specs)


def fake_seed_demo(store, *, cases: int, seed: int = 42, progress=None, **_):
    kinds, states = list(CaseKind), list(CaseState)
    specs = [(kinds[i % len(kinds)], states[i % len(states)], i % 7 == 0) for i in range(cases)]
    for done in range(0, cases + 1, max(1, cases // 4)):
        if progress:
            progress(done, cases)
    return insert_cases(store, specs)


def install_fake_seeder() -> None:
    """Make ``acorn_desktop.services.demo`` importable with :func:`fake_seed_demo` (only if it is missing)."""
    if HAVE_REAL_SEEDER:
        return
    module = types.ModuleType("acorn_desktop.services.demo")
    module.seed_demo = fake_seed_demo
    sys.modules["acorn_desktop.services.demo"] = module
