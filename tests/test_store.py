"""The encrypted store: round trip, refusal to open with a wrong/missing key, never overwriting a file."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from decimal import Decimal

import keyring
import keyring.backends.fail
import pytest
import sqlalchemy as sa
from factories import MARKER, add_account_and_case

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseState
from acorn_desktop.errors import (
    KeyringUnavailableError,
    StoreAlreadyExistsError,
    StoreCorruptError,
    StoreLockedError,
    StoreNotEncryptedError,
    StoreNotInitializedError,
)
from acorn_desktop.storage import keys
from acorn_desktop.storage.secrets import SecretStore
from acorn_desktop.storage.store import Store, StoreLocation


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_round_trip_keeps_decimal_and_aware_utc(store, data_dir):
    with store.session() as s:
        case_id = add_account_and_case(s, amount=Decimal("1234.5678"))
    store.close()
    reopened = Store.open(StoreLocation(data_dir))
    with reopened.reader() as s:
        case = s.get(m.Case, case_id)
        assert case.amount == Decimal("1234.5678")
        assert case.opened_at == datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
        assert case.opened_at.tzinfo is not None
        assert case.state is CaseState.NEW
    reopened.close()


def test_file_holds_no_plaintext_and_no_sqlite_header(store, data_dir):
    with store.session() as s:
        add_account_and_case(s)
    with store.reader() as s:  # the row is readable through the store…
        assert s.scalar(sa.select(m.Case.reason_text)) == MARKER
    for path in data_dir.glob("acorn.db*"):  # …but not in any file on disk, WAL included
        raw = path.read_bytes()
        assert MARKER.encode() not in raw, path
        assert not raw.startswith(b"SQLite format 3"), path
    store.close()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(data_dir / "acorn.db").execute("SELECT count(*) FROM sqlite_master").fetchall()


def test_wrong_key_is_refused_and_file_unchanged(store, data_dir, isolated_keyring):
    store.close()
    before = sha(data_dir / "acorn.db")
    entry = keys.Manifest.load(data_dir / "store.json").key_entry
    isolated_keyring.set_password("ACORN-i", entry, "11" * 32)
    with pytest.raises(StoreLockedError) as err:
        Store.open(StoreLocation(data_dir))
    assert "文件未被改动" in str(err.value)
    assert "11" * 32 not in str(err.value) + err.value.en
    assert sha(data_dir / "acorn.db") == before


def test_missing_key_is_refused_and_file_unchanged(store, data_dir, isolated_keyring):
    store.close()
    before = sha(data_dir / "acorn.db")
    isolated_keyring.delete_password("ACORN-i", keys.Manifest.load(data_dir / "store.json").key_entry)
    with pytest.raises(StoreLockedError, match="密钥环中找不到"):
        Store.open(StoreLocation(data_dir))
    assert sha(data_dir / "acorn.db") == before


def test_plain_sqlite_file_is_not_taken_for_a_store(store, data_dir):
    store.close()
    db = data_dir / "acorn.db"
    for extra in ("-wal", "-shm"):
        db.with_name(db.name + extra).unlink(missing_ok=True)
    db.unlink()
    sqlite3.connect(db).execute("CREATE TABLE t(x)")
    before = sha(db)
    with pytest.raises(StoreNotEncryptedError):
        Store.open(StoreLocation(data_dir))
    assert sha(db) == before


@pytest.mark.parametrize("garbage", [b"", b"not a database at all", b"\x00" * 5000])
def test_truncated_or_foreign_file_is_reported_corrupt(store, data_dir, garbage):
    store.close()
    db = data_dir / "acorn.db"
    for extra in ("-wal", "-shm"):
        db.with_name(db.name + extra).unlink(missing_ok=True)
    db.write_bytes(garbage)
    with pytest.raises(StoreCorruptError):
        Store.open(StoreLocation(data_dir))
    assert db.read_bytes() == garbage


def test_missing_store_and_missing_manifest(data_dir, store):
    with pytest.raises(StoreNotInitializedError):
        Store.open(StoreLocation(data_dir / "elsewhere"))
    store.close()
    before = sha(data_dir / "acorn.db")
    (data_dir / "store.json").rename(data_dir / "store.json.moved")
    with pytest.raises(StoreCorruptError, match=r"store\.json"):
        Store.open(StoreLocation(data_dir))
    assert sha(data_dir / "acorn.db") == before


def test_create_refuses_to_overwrite(store, data_dir):
    store.close()
    before = sha(data_dir / "acorn.db")
    with pytest.raises(StoreAlreadyExistsError):
        Store.create(StoreLocation(data_dir))
    assert sha(data_dir / "acorn.db") == before


def test_master_password_mode(data_dir, isolated_keyring):
    location = StoreLocation(data_dir)
    st = Store.create(location, key_mode=keys.KEY_MODE_PASSWORD, password_provider=lambda: "correct horse 9")
    with st.session() as s:
        add_account_and_case(s)
    st.close()
    assert not isolated_keyring.path.exists() or "db-key" not in isolated_keyring.path.read_text()
    manifest = json.loads((data_dir / "store.json").read_text())
    assert manifest["key_mode"] == "master_password" and len(manifest["salt"]) == 32
    assert "correct horse" not in (data_dir / "store.json").read_text()
    before = sha(data_dir / "acorn.db")
    with pytest.raises(StoreLockedError):
        Store.open(location, password_provider=lambda: "wrong password!")
    with pytest.raises(StoreLockedError, match="主密码"):
        Store.open(location, password_provider=lambda: "")
    assert sha(data_dir / "acorn.db") == before
    reopened = Store.open(location, password_provider=lambda: "correct horse 9")
    with reopened.reader() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Case)) == 1
    reopened.close()


def test_no_secure_keyring_means_no_plaintext_fallback(data_dir):
    fail = SecretStore(keyring.backends.fail.Keyring())
    assert not fail.available
    with pytest.raises(KeyringUnavailableError) as err:
        Store.create(StoreLocation(data_dir), secrets=fail)
    assert "--master-password" in err.value.text()
    assert not (data_dir / "acorn.db").exists()


def test_plaintext_keyring_backends_are_refused():
    plaintext = type("PlaintextKeyring", (keyring.backends.fail.Keyring,), {"__module__": "keyrings.alt.file"})()
    assert not SecretStore(plaintext).available


def test_naive_datetimes_and_floats_are_refused(store):
    with pytest.raises(sa.exc.StatementError, match="naive datetime"), store.session() as s:
        s.add(
            m.AuditEntry(
                at=datetime(2026, 1, 1),
                actor="t",
                action="a",
                request_id="r",
                payload_digest="d",
                summary="s",
                prev_hash="p",
                entry_hash="h",
            )
        )
        s.flush()
    with pytest.raises(sa.exc.StatementError, match="Decimal"), store.session() as s:
        add_account_and_case(s, amount=19.99)


def test_wal_and_foreign_keys_are_on(store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with pytest.raises(sa.exc.IntegrityError), store.session() as s:
        s.add(m.CaseEvent(case_id=987654, kind="note", summary="orphan"))
        s.flush()


def test_failed_unit_of_work_leaves_nothing_behind(store):
    with pytest.raises(RuntimeError), store.session() as s:
        add_account_and_case(s)
        raise RuntimeError("boom")
    with store.reader() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Case)) == 0
