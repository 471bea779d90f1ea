"""`acorn refunds check | confirm-done | resend`: a 主管 resolves 待确认 refunds from the command line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from factories import add_account_and_case
from test_cli import acorn

from acorn_desktop import models as m
from acorn_desktop.services.users import create_user
from acorn_desktop.storage.store import Store, StoreLocation

PASSWORDS = {"admin": "admin passphrase 1", "mgr_a": "manager a passphrase", "mgr_b": "manager b passphrase"}


def prepare(data_dir) -> tuple[int, int]:
    store = Store.create(StoreLocation(data_dir))
    try:
        create_user(store, None, "admin", "管理员", "admin", PASSWORDS["admin"])
        admin = _admin(store)
        for name in ("mgr_a", "mgr_b"):
            create_user(store, admin, name, name, "manager", PASSWORDS[name])
        since = datetime.now(UTC) - timedelta(days=2)
        ids = []
        with store.session() as s:
            case_id = add_account_and_case(s)
            for n in (1, 2):
                row = m.RefundOutbox(
                    case_id=case_id, account_id=s.get(m.Case, case_id).account_id, amazon_order_id="302-1234567-1",
                    order_item_id=f"1234567890123{n}", adjustment_key=f"ACN{case_id}-KEY{n}", adjustment_reason="Other",
                    state=m.OutboxState.UNCONFIRMED, components={"Principal": "19.99"}, amount=Decimal("19.99"),
                    currency="EUR", attempted_at=since, unconfirmed_at=since, unconfirmed_reason="create_unknown",
                )  # fmt: skip
                s.add(row)
                s.flush()
                ids.append(row.id)
        return tuple(ids)
    finally:
        store.close()


def _admin(store):
    from acorn_desktop.services.users import login

    return login(store, "admin", PASSWORDS["admin"]).actor


def state(data_dir, row_id: int) -> m.OutboxState:
    store = Store.open(StoreLocation(data_dir))
    try:
        with store.reader() as s:
            return s.get(m.RefundOutbox, row_id).state
    finally:
        store.close()


def as_user(name: str) -> dict:
    return {"ACORN_LOGIN_PASSWORD": PASSWORDS[name]}


@pytest.mark.slow
def test_a_manager_checks_confirms_and_two_managers_resend(data_dir):
    done_id, resend_id = prepare(data_dir)
    check = acorn("--json", "refunds", "check", str(done_id), data_dir=data_dir)
    data = json.loads(check.stdout)
    assert data["merchant_adjustment_item_id"].endswith("KEY1") and data["review_due"] is True
    assert "Seller Central" in acorn("refunds", "check", str(done_id), data_dir=data_dir).stdout
    acorn("refunds", "confirm-done", str(done_id), "--note", "订单页有退款", "--as", "mgr_a", data_dir=data_dir,
          env_extra=as_user("mgr_a"))  # fmt: skip
    assert state(data_dir, done_id) is m.OutboxState.DONE
    first = acorn("refunds", "resend", str(resend_id), "--as", "mgr_a", data_dir=data_dir, env_extra=as_user("mgr_a"))
    assert "另一位主管确认" in first.stdout and state(data_dir, resend_id) is m.OutboxState.UNCONFIRMED
    same = acorn("refunds", "resend", str(resend_id), "--as", "mgr_a", data_dir=data_dir, env_extra=as_user("mgr_a"),
                 check=False)  # fmt: skip
    assert same.returncode != 0 and "不能自己确认" in same.stderr
    acorn("refunds", "resend", str(resend_id), "--as", "mgr_b", data_dir=data_dir, env_extra=as_user("mgr_b"))
    assert state(data_dir, resend_id) is m.OutboxState.INTENDED
    store = Store.open(StoreLocation(data_dir))
    try:
        with store.reader() as s:
            actions = s.scalars(sa.select(m.AuditEntry.action).where(m.AuditEntry.action.like("refund.%"))).all()
    finally:
        store.close()
    assert actions == ["refund.confirmed_by_person", "refund.resend_requested", "refund.resend_confirmed"]
