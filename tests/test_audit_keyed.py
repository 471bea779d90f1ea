"""The keyed audit chain: edits of refunds, approvals and the log itself are detected and named; old stores are
re-keyed on first open, recorded in the log."""

from __future__ import annotations

import stat
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.services import audit, users
from acorn_desktop.services.approvals import ApprovalServices
from acorn_desktop.services.audit_log import describe_break, verify
from acorn_desktop.services.changes import Actor
from acorn_desktop.storage.audit_keys import ANCHOR_NAME
from acorn_desktop.storage.store import Store, StoreLocation

OPENED = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)


def write_entries(store, n=5):
    for i in range(n):
        with store.session() as s:
            audit.append(s, actor="tester", action="case.note", summary=f"note {i}", entity_type="case", entity_id=i)


def check(store):
    with store.reader() as s:
        return verify(s)


@pytest.fixture
def refunded(store, monkeypatch):
    """A 21.89 USD refund requested by an agent, approved by a manager, queued in the outbox."""
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    admin = users.create_user(store, None, "admin", "管理员", "admin", "correct horse battery")
    people = {}
    for name, role in (("agent", "cs"), ("boss", "manager"), ("other", "manager")):
        info = users.create_user(store, Actor("admin", admin.id), name, name, role, "correct horse battery")
        people[name] = Actor(info.username, info.id)
    with store.session() as s:
        account = m.SellerAccount(name="店铺A", region="na", selling_partner_id="A1")
        s.add(account)
        s.flush()
        order = m.Order(account_id=account.id, marketplace_code="US", amazon_order_id="111-0000001-0000001",
                        purchase_date=OPENED - timedelta(days=5), status="Shipped", fulfillment_channel="MFN",
                        currency="USD", order_total=Decimal("21.89"))  # fmt: skip
        order.items = [m.OrderItem(order_item_id="1" * 14, sku="SKU-M", asin="B000000009", title="Mug", quantity=1,
                                   item_price=Decimal("19.99"), item_tax=Decimal(0), shipping_price=Decimal("1.90"),
                                   currency="USD")]  # fmt: skip
        s.add(order)
        s.flush()
        case = m.Case(account_id=account.id, marketplace_code="US", order_id=order.id, kind=CaseKind.REFUND,
                      state=CaseState.IN_PROGRESS, source="manual", source_ref="R-1", sku="SKU-M",
                      amazon_order_id=order.amazon_order_id, reason_code="CouldNotShip", amount=Decimal("21.89"),
                      currency="USD", opened_at=OPENED)  # fmt: skip
        s.add(case)
        s.flush()
        case_id = case.id
    svc = ApprovalServices(store)
    request = svc.request(people["agent"], [case_id], "not shipped")
    decision = svc.decide(people["boss"], request.outcomes[0].approval_ids[0], "approve")
    assert decision.outbox_ids
    return store, people, decision.outbox_ids[0]


def mismatch(store, row_id):
    with store.reader() as s:
        return audit.outbox_mismatch(s, s.get(m.RefundOutbox, row_id))


def test_the_approval_payload_keeps_case_approver_breakdown_and_currency(refunded):
    store, people, row_id = refunded
    with store.reader() as s:
        row = s.get(m.RefundOutbox, row_id)
        record = audit.approval_record(s, row.approval_id)
        case_id = row.case_id
    assert (record.case_id, record.approver_id, record.currency) == (case_id, people["boss"].user_id, "USD")
    assert record.components == {"Principal": "19.99", "Shipping": "1.90"} and record.amount == "21.89"
    assert mismatch(store, row_id) is None and check(store).ok


def test_an_edited_outbox_amount_is_detected(refunded):
    store, _, row_id = refunded
    with store.session() as s:
        s.execute(sa.update(m.RefundOutbox).where(m.RefundOutbox.id == row_id).values(amount=Decimal("999.00")))
    assert mismatch(store, row_id) == "amount"
    with store.session() as s:
        s.execute(sa.update(m.RefundOutbox).where(m.RefundOutbox.id == row_id).values(
            amount=Decimal("21.89"), components={"Principal": "999.00"}))  # fmt: skip
    assert mismatch(store, row_id) == "components"


def test_an_edited_approver_is_detected_in_the_approval_and_in_the_log(refunded):
    store, people, row_id = refunded
    with store.session() as s:
        approval_id = s.get(m.RefundOutbox, row_id).approval_id
        s.execute(sa.update(m.Approval).where(m.Approval.id == approval_id).values(decided_by=people["other"].user_id))
    assert mismatch(store, row_id) == "approver"
    with store.session() as s:  # and rewriting the audited approver too breaks the entry's MAC
        entry = s.scalars(sa.select(m.AuditEntry).where(m.AuditEntry.action == "approval.approved")).one()
        entry.payload = {**entry.payload, "approver_id": people["other"].user_id}
        entry.payload_digest = audit.digest(entry.payload)
        entry_id = entry.id
    assert mismatch(store, row_id) == "no_record"
    result = check(store)
    assert [(b.kind, b.entry_id) for b in result.breaks] == [("changed", entry_id)]
    assert f"第 {entry_id} 条记录被修改" in describe_break(result.breaks[0])[0]


def test_a_deleted_entry_is_named(store):
    write_entries(store, 6)
    with store.session() as s:
        s.execute(sa.delete(m.AuditEntry).where(m.AuditEntry.id == 3))
    result = check(store)
    assert [b.as_json() for b in result.breaks] == [
        {"kind": "missing", "entry_id": 4, "missing_from": 3, "missing_to": 3, "last_id": None}]  # fmt: skip
    assert result.first_bad_id == 4


def test_a_deleted_tail_is_detected_without_any_verification_in_between(store):
    write_entries(store, 6)
    with store.session() as s:
        s.execute(sa.delete(m.AuditEntry).where(m.AuditEntry.id > 4))
    result = check(store)
    assert [(b.kind, b.entry_id, b.last_id) for b in result.breaks] == [("tail_truncated", 6, 4)]
    assert "末尾的记录被删除" in describe_break(result.breaks[0])[0]


def test_a_deleted_and_rehashed_tail_is_detected(store):
    write_entries(store, 6)
    with store.session() as s:  # delete the last two, re-hash what is left as the old SHA-256 chain would
        s.execute(sa.delete(m.AuditEntry).where(m.AuditEntry.id > 4))
        prev = audit.GENESIS
        for entry in s.scalars(sa.select(m.AuditEntry).order_by(m.AuditEntry.id)):
            entry.prev_hash = prev
            entry.entry_hash = prev = audit._legacy_hash(prev, entry)
    kinds = [(b.kind, b.entry_id) for b in check(store).breaks]
    assert kinds[:4] == [("changed", 1), ("changed", 2), ("changed", 3), ("changed", 4)]
    assert ("tail_truncated", 6) in kinds


def test_a_forged_anchor_is_detected(store):
    write_entries(store, 3)
    anchor = store.location.data_dir / ANCHOR_NAME
    anchor.write_text(anchor.read_text().replace('"entry_id": 3', '"entry_id": 2'))
    assert [b.kind for b in check(store).breaks] == ["anchor_invalid"]


def test_an_old_store_is_rekeyed_on_first_open_and_says_so(data_dir):
    store = Store.create(StoreLocation(data_dir))
    write_entries(store, 4)
    with store.session() as s:  # turn it into a store from before the keyed chain
        prev = audit.GENESIS
        for entry in s.scalars(sa.select(m.AuditEntry).order_by(m.AuditEntry.id)):
            entry.prev_hash = prev
            entry.entry_hash = prev = audit._legacy_hash(prev, entry)
        s.execute(sa.delete(m.AppSetting).where(m.AppSetting.key == audit.CHAIN_SETTING))
    assert not check(store).ok
    store.close()
    store = Store.open(StoreLocation(data_dir))
    try:
        result = check(store)
        assert result.ok and result.entries == 5
        with store.reader() as s:
            last = s.scalars(sa.select(m.AuditEntry).order_by(m.AuditEntry.id.desc()).limit(1)).one()
            assert last.action == "audit.rekeyed" and last.payload["legacy_intact"] is True
            assert last.payload["entries"] == 4
    finally:
        store.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_store_manifest_anchor_and_data_dir_are_owner_only(store):
    write_entries(store, 1)
    location = store.location
    for path in (location.db_path, location.manifest_path, location.data_dir / ANCHOR_NAME):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert stat.S_IMODE(location.data_dir.stat().st_mode) == 0o700


def test_an_entry_rolled_back_with_its_savepoint_never_becomes_the_anchor(store):
    write_entries(store, 2)
    with store.session() as s:
        audit.append(s, actor="t", action="case.note", summary="kept")
        try:
            with s.begin_nested():
                audit.append(s, actor="t", action="case.note", summary="rolled back")
                raise RuntimeError
        except RuntimeError:
            pass
    assert check(store).ok and store.audit_keys.load_anchor().entry_id == 3
    write_entries(store, 1)  # the id of the rolled-back entry is reused: still fine
    assert check(store).ok


def test_acorn_audit_verify_names_the_deleted_entry(data_dir):
    import json

    from tests.test_cli import acorn

    store = Store.create(StoreLocation(data_dir))
    try:
        write_entries(store, 5)
        with store.session() as s:
            s.execute(sa.delete(m.AuditEntry).where(m.AuditEntry.id == 2))
    finally:
        store.close()
    human = acorn("audit", "verify", data_dir=data_dir, check=False)
    assert human.returncode == 7 and "第 3 条之前的记录 #2–#2 缺失" in human.stdout
    data = json.loads(acorn("--json", "audit", "verify", data_dir=data_dir, check=False).stdout)
    assert data["breaks"] == [{"kind": "missing", "entry_id": 3, "missing_from": 2, "missing_to": 2,
                               "last_id": None}]  # fmt: skip
