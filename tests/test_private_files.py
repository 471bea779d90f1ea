"""Store, backups and logs are readable by the user only; a restore re-anchors the audit log (no false alarm)."""

from __future__ import annotations

import logging
import stat
import sys

import pytest

from acorn_desktop.logging_setup import setup_logging
from acorn_desktop.services import audit
from acorn_desktop.services.audit_log import verify
from acorn_desktop.storage.backup import create_backup, restore_backup

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes (Windows gets an owner-only ACL)")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def note(store, i):
    with store.session() as s:
        audit.append(s, actor="t", action="case.note", summary=f"note {i}")


def test_backups_are_owner_only_and_a_restore_does_not_look_like_tampering(store):
    note(store, 1)
    info = create_backup(store)
    assert mode(info.path) == 0o600 and mode(info.path.parent) == 0o700
    assert mode(info.path.with_name(info.path.name + ".json")) == 0o600
    note(store, 2)
    note(store, 3)
    restored, _ = restore_backup(store, info.path)
    try:
        with restored.reader() as s:
            result = verify(s)
        assert result.ok, result.breaks
        assert mode(restored.location.db_path) == 0o600
    finally:
        restored.close()


def test_log_files_are_owner_only_even_after_rotation(tmp_path):
    root = logging.getLogger()
    before = list(root.handlers)
    path = setup_logging(tmp_path)
    try:
        handler = next(h for h in root.handlers if h not in before)
        logging.getLogger("acorn.test").warning("hello")
        handler.doRollover()
        logging.getLogger("acorn.test").warning("again")
        assert mode(path) == 0o600 and mode(path.with_name("acorn.log.1")) == 0o600
        assert mode(path.parent) == 0o700
    finally:
        for h in root.handlers[:]:
            if h not in before:
                root.removeHandler(h)
                h.close()


def test_on_windows_the_file_gets_an_owner_only_acl(tmp_path, monkeypatch):
    from acorn_desktop.storage import permissions

    calls = []
    monkeypatch.setattr(permissions.sys, "platform", "win32")
    monkeypatch.setenv("USERNAME", "seller")
    monkeypatch.setattr(permissions.subprocess, "run", lambda args, **kw: calls.append(args))
    (tmp_path / "acorn.db").write_bytes(b"x")
    permissions.restrict(tmp_path / "acorn.db")
    permissions.restrict(tmp_path)
    assert calls == [
        ["icacls", str(tmp_path / "acorn.db"), "/inheritance:r", "/grant:r", "seller:(F)"],
        ["icacls", str(tmp_path), "/inheritance:r", "/grant:r", "seller:(OI)(CI)(F)"],
    ]
