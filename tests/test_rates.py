"""One rate table: managed, versioned, audited; finance/admin edit it; the ≈CNY shown is the ≈CNY enforced."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.domain.fx import DEFAULT_CNY_RATES
from acorn_desktop.errors import InputError, PermissionDeniedError
from acorn_desktop.services import users
from acorn_desktop.services.approvals import ApprovalServices
from acorn_desktop.services.changes import Actor, StaleCaseError
from acorn_desktop.services.rates import RateServices

OPENED = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture
def people(store, monkeypatch) -> dict[str, Actor]:
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    admin = users.create_user(store, None, "admin", "管理员", "admin", PASSWORD)
    out = {"admin": Actor("admin", admin.id)}
    for name, role in (("agent", "cs"), ("boss", "manager"), ("money", "finance")):
        info = users.create_user(store, out["admin"], name, name, role, PASSWORD)
        out[name] = Actor(info.username, info.id)
    return out


def add_refund_case(store, price: str) -> int:
    with store.session() as s:
        account = m.SellerAccount(name="店铺A", region="na", selling_partner_id="A1")
        s.add(account)
        s.flush()
        order = m.Order(account_id=account.id, marketplace_code="US", amazon_order_id="111-0000002-0000002",
                        purchase_date=OPENED - timedelta(days=5), status="Shipped", fulfillment_channel="MFN",
                        currency="USD", order_total=Decimal(price))  # fmt: skip
        order.items = [m.OrderItem(order_item_id="2" * 14, sku="SKU-T", asin="B000000002", title="Tent", quantity=1,
                                   item_price=Decimal(price), item_tax=Decimal(0), shipping_price=Decimal(0),
                                   currency="USD")]  # fmt: skip
        s.add(order)
        s.flush()
        case = m.Case(account_id=account.id, marketplace_code="US", order_id=order.id, kind=CaseKind.REFUND,
                      state=CaseState.IN_PROGRESS, source="manual", source_ref="R-T", sku="SKU-T",
                      amazon_order_id=order.amazon_order_id, reason_code="CouldNotShip", amount=Decimal(price),
                      currency="USD", opened_at=OPENED)  # fmt: skip
        s.add(case)
        s.flush()
        return case.id


def test_the_defaults_until_finance_edits_then_versioned_and_audited(store, people):
    svc = RateServices(store)
    table = svc.table()
    assert table.version == 0 and table.rates == DEFAULT_CNY_RATES
    assert svc.may_edit(people["money"]) and svc.may_edit(people["admin"]) and not svc.may_edit(people["boss"])
    with pytest.raises(PermissionDeniedError) as err:
        svc.update(people["boss"], {**table.rates, "USD": "6.50"}, expected_version=0)
    assert "仅财务和管理员" in err.value.zh
    with pytest.raises(InputError):
        svc.update(people["money"], {**table.rates, "USD": "-1"}, expected_version=0)
    new = svc.update(people["money"], {**table.rates, "USD": "6.50"}, expected_version=0)
    assert new.version == 1 and new.rates["USD"] == Decimal("6.50") and svc.table().version == 1
    with pytest.raises(StaleCaseError):  # someone else's edit in between is never overwritten
        svc.update(people["admin"], {**table.rates, "USD": "7.00"}, expected_version=0)
    with store.reader() as s:
        entry = s.scalars(sa.select(m.AuditEntry).where(m.AuditEntry.action == "settings.rates_changed")).one()
        assert entry.actor == "money" and entry.payload["changed"] == ["USD"]
        assert entry.payload["previous"]["USD"] == "7.10" and entry.payload["rates"]["USD"] == "6.50"


def test_what_the_dialog_shows_is_what_the_limit_checks(store, people):
    """300 USD at the managed 6.50 is ≈¥1,950: shown so, and within the manager's ¥2,000 (the old default
    7.10 would have made it ¥2,130 and refused it)."""
    table = RateServices(store).table()
    RateServices(store).update(people["money"], {**table.rates, "USD": "6.50"}, expected_version=0)
    case_id = add_refund_case(store, "300.00")
    approvals = ApprovalServices(store)
    draft = approvals.draft(people["agent"], case_id)
    shown = draft.total * draft.cny_rate
    assert shown == Decimal("1950.0000")
    request = approvals.request(people["agent"], [case_id], "never shipped")
    assert request.outcomes[0].amount_cny == Decimal("1950.0000")
    view = approvals.view(people["boss"], request.outcomes[0].approval_ids[0])
    assert view.total_cny == Decimal("1950.00") and view.can_approve
    decided = approvals.decide(people["boss"], request.outcomes[0].approval_ids[0], "approve")
    assert decided.final and decided.case_state is CaseState.APPROVED and decided.outbox_ids
