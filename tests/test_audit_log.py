"""The audit log as people use it: `acorn audit verify`, the head anchor, paging, filtering and CSV export."""

from __future__ import annotations

import csv
import json

import pytest
import sqlalchemy as sa

from acorn_desktop import models as m
from acorn_desktop.errors import InputError, PermissionDeniedError
from acorn_desktop.services import audit
from acorn_desktop.services.audit_log import AuditFilter, AuditLogServices, verify
from acorn_desktop.services.changes import Actor
from tests.test_cli import acorn


def write_entries(store, n=6, actor="tester"):
    for i in range(n):
        with store.session() as s:
            audit.append(
                s,
                actor=actor,
                action="case.note" if i % 2 else "case.state_changed",
                summary=f"工单 #{i} entry {i}",
                payload={"i": i},
                entity_type="case",
                entity_id=i,
            )


def add_user(store, username, role):
    with store.session() as s:
        user = m.User(username=username, display_name=username.title(), role_code=role)
        s.add(user)
        s.flush()
        return Actor(username, user.id)


def test_anchor_moves_with_every_append_and_catches_entries_cut_off_the_end(store):
    write_entries(store)
    first = verify_now(store)
    assert first.ok and first.entries == 6 and first.anchor_id == 6
    write_entries(store, 2)  # the log grows: the anchor moved with the appends, not with a verification
    grown = verify_now(store)
    assert grown.ok and grown.entries == 8 and grown.anchor_id == 8
    with store.session() as s:  # the newest two entries are deleted: no verification ran since they were written
        s.execute(sa.delete(m.AuditEntry).where(m.AuditEntry.id > 6))
    cut = verify_now(store)
    assert not cut.ok and cut.truncated and cut.first_bad_id is None and cut.anchor_id == 8


def test_a_verification_does_not_move_the_anchor(store):
    write_entries(store)
    with store.session() as s:
        s.execute(sa.update(m.AuditEntry).where(m.AuditEntry.id == 2).values(actor="someone else"))
    assert verify_now(store).first_bad_id == 2
    assert store.audit_keys.load_anchor().entry_id == 6


def verify_now(store):
    with store.reader() as s:
        return verify(s)


@pytest.mark.slow
def test_cli_verify_reports_intact_edited_and_deleted(data_dir):
    acorn("init", data_dir=data_dir)
    acorn("demo", "seed", "--cases", "50", data_dir=data_dir)
    intact = json.loads(acorn("--json", "audit", "verify", data_dir=data_dir).stdout)
    assert intact["ok"] and intact["entries"] > 0
    assert "审计日志完好" in acorn("audit", "verify", data_dir=data_dir).stdout

    from acorn_desktop.storage.store import Store, StoreLocation

    st = Store.open(StoreLocation(data_dir))
    try:
        with st.session() as s:
            last = s.scalar(sa.select(sa.func.max(m.AuditEntry.id)))
            s.execute(sa.delete(m.AuditEntry).where(m.AuditEntry.id == last))
    finally:
        st.close()
    cut = acorn("audit", "verify", data_dir=data_dir, check=False)
    assert cut.returncode == 7 and "末尾的记录被删除" in cut.stdout

    st = Store.open(StoreLocation(data_dir))
    try:
        with st.session() as s:
            s.execute(sa.update(m.AuditEntry).where(m.AuditEntry.id == 1).values(summary="rewritten"))
    finally:
        st.close()
    edited = acorn("--json", "audit", "verify", data_dir=data_dir, check=False)
    assert edited.returncode == 7 and json.loads(edited.stdout)["first_bad_id"] == 1


def test_page_filters_newest_first(store):
    write_entries(store, 6)
    write_entries(store, 2, actor="另一位")
    manager = add_user(store, "mgr", "manager")
    services = AuditLogServices(store)
    rows, total = services.page(manager, AuditFilter(), 0, 3)
    assert total == 8 and [r.id for r in rows] == [8, 7, 6]
    rows, total = services.page(manager, AuditFilter(action_prefix="case.note"), 0, 50)
    assert total == 4 and all(r.action == "case.note" for r in rows)
    rows, total = services.page(manager, AuditFilter(text="另一位"), 0, 50)
    assert total == 2 and {r.actor for r in rows} == {"另一位"}
    rows, total = services.page(manager, AuditFilter(entity_type="case", entity_id="3"), 0, 50)
    assert total == 1 and rows[0].summary == "工单 #3 entry 3"


def test_reading_needs_the_audit_permission(store):
    write_entries(store, 2)
    agent = add_user(store, "agent", "cs")
    with pytest.raises(PermissionDeniedError) as info:
        AuditLogServices(store).page(agent, AuditFilter(), 0, 10)
    assert "无权查看审计日志" in info.value.zh
    with pytest.raises(PermissionDeniedError):
        AuditLogServices(store).page("nobody", AuditFilter(), 0, 10)


def test_export_csv_reads_back_and_is_itself_audited(store, tmp_path):
    write_entries(store, 5)
    finance = add_user(store, "fin", "finance")
    out = tmp_path / "审计.csv"
    written = AuditLogServices(store).export_csv(finance, AuditFilter(), out)
    assert written == 5
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel on Chinese Windows reads UTF-8
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [int(r["id"]) for r in rows] == [1, 2, 3, 4, 5]
    assert rows[2]["summary"] == "工单 #2 entry 2" and len(rows[2]["entry_hash"]) == 64
    with store.reader() as s:
        newest = s.scalars(sa.select(m.AuditEntry).order_by(m.AuditEntry.id.desc()).limit(1)).one()
        assert newest.action == "audit.exported" and newest.actor == "fin"
        assert audit.verify_chain(s).ok


def test_export_refuses_a_bad_path_and_leaves_nothing(store, tmp_path):
    write_entries(store, 2)
    manager = add_user(store, "mgr", "manager")
    exports = tmp_path / "exports"
    exports.mkdir()
    with pytest.raises(InputError):
        AuditLogServices(store).export_csv(manager, AuditFilter(), exports / "audit.txt")
    with pytest.raises(InputError) as info:
        AuditLogServices(store).export_csv(manager, AuditFilter(), exports / "missing-dir" / "a.csv")
    assert "无法写入导出文件" in info.value.zh
    assert list(exports.iterdir()) == []
    with store.reader() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(m.AuditEntry)) == 2
