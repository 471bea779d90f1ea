"""Encrypted rotating backups, verified restore, and `db check` finding real damage."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa
from factories import MARKER, add_account_and_case

from acorn_desktop import models as m
from acorn_desktop.errors import BackupError
from acorn_desktop.storage.backup import KEEP, create_backup, list_backups, restore_backup
from acorn_desktop.storage.check import check_store
from acorn_desktop.storage.store import Store, StoreLocation


def dump(store: Store) -> dict[str, list]:
    """Every row of every table, for equality checks."""
    out = {}
    with store.engine.connect() as conn:
        for table in m.Base.metadata.sorted_tables:
            out[table.name] = [tuple(r) for r in conn.execute(sa.select(table).order_by(*table.primary_key.columns))]
    return out


def test_backup_is_encrypted_and_restore_gives_back_the_same_data(store, data_dir):
    with store.session() as s:
        case_id = add_account_and_case(s)
    at_backup = dump(store)
    info = create_backup(store)
    raw = info.path.read_bytes()
    assert MARKER.encode() not in raw and not raw.startswith(b"SQLite format 3")

    with store.session() as s:  # changes after the backup …
        s.get(m.Case, case_id).reason_text = "changed after backup"
        s.add(m.CaseEvent(case_id=case_id, kind="note", summary="later"))
    assert dump(store) != at_backup

    restored, safety = restore_backup(store, info.path)  # … are undone by the restore
    try:
        assert dump(restored) == at_backup
        assert safety.path.exists() and "pre-restore" in safety.path.name
        with restored.reader() as s:
            assert s.get(m.Case, case_id).reason_text == MARKER
    finally:
        restored.close()
    reopened = Store.open(StoreLocation(data_dir))  # and the restored file opens normally afterwards
    assert dump(reopened) == at_backup
    reopened.close()


def test_rotation_keeps_the_newest_seven(store):
    made = [create_backup(store).path for _ in range(KEEP + 2)]
    kept = [b.path for b in list_backups(store.location)]
    assert kept == made[-KEEP:]
    assert all(p.with_name(p.name + ".json").exists() for p in kept)


def test_restore_refuses_a_damaged_backup_and_changes_nothing(store, data_dir, tmp_path):
    with store.session() as s:
        add_account_and_case(s)
    info = create_backup(store)
    damaged = tmp_path / "damaged.acornbak"
    data = bytearray(info.path.read_bytes())
    data[5000:5100] = bytes(100)
    damaged.write_bytes(bytes(data))
    store.checkpoint()
    before = hashlib.sha256((data_dir / "acorn.db").read_bytes()).hexdigest()
    with pytest.raises(BackupError, match="当前数据库未改动"):
        restore_backup(store, damaged)
    with pytest.raises(BackupError, match="找不到备份文件"):
        restore_backup(store, tmp_path / "nope.acornbak")
    assert hashlib.sha256((data_dir / "acorn.db").read_bytes()).hexdigest() == before
    with store.reader() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Case)) == 1


def test_db_check_reports_revision_and_finds_damaged_pages(store, data_dir):
    with store.session() as s:
        add_account_and_case(s)
    report = check_store(store)
    assert report.ok, report.problems
    assert report.revision == report.head and report.cipher_version.startswith("4.")
    assert report.counts["cases"] == 1

    store.checkpoint()
    store.close()
    db = data_dir / "acorn.db"
    data = bytearray(db.read_bytes())
    page = 3  # damage one page that is not page 1, so the key still opens the file
    data[page * 4096 + 100 : page * 4096 + 200] = bytes(100)
    db.write_bytes(bytes(data))
    damaged = Store.open(StoreLocation(data_dir), upgrade=False)
    try:
        report = check_store(damaged)
    finally:
        damaged.close()
    assert not report.ok
    assert any(p.startswith("cipher:") for p in report.problems)
