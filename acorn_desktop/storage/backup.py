"""Encrypted, rotating backups of the SQLCipher store and restore from them.

A backup is a complete SQLCipher file made with ``sqlcipher_export`` under the store's own key, plus a
copy of ``store.json`` (key mode and salt — nothing secret) beside it. It is verified before it is
kept, and restore verifies the backup before anything of the current store is touched.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from ..errors import BackupError, StoreError
from . import keys
from .engine import open_sqlcipher_connection
from .permissions import private_dir, restrict
from .store import Store, StoreLocation

KEEP = 7
SUFFIX = ".acornbak"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    created_at: datetime


def backups_dir(location: StoreLocation) -> Path:
    return location.data_dir / "backups"


def list_backups(location: StoreLocation) -> list[BackupInfo]:
    directory = backups_dir(location)
    if not directory.exists():
        return []
    found = []
    for path in sorted(directory.glob(f"*{SUFFIX}")):
        stat = path.stat()
        found.append(BackupInfo(path, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC)))
    return found


def _require_file_store(store: Store) -> None:
    if store.location.is_team:
        raise BackupError(
            "团队模式(PostgreSQL)的数据库由服务器备份,acorn backup 只备份本地加密库。",
            "Team-mode (PostgreSQL) databases are backed up on the server; acorn backup covers local stores.",
            hint_zh="请让管理员用 pg_dump 备份团队数据库。",
            hint_en="Ask the administrator to back up the team database with pg_dump.",
        )


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def verify_file(path: Path, key: bytes) -> None:
    """Open ``path`` with ``key`` and run SQLCipher's and SQLite's integrity checks."""
    con = open_sqlcipher_connection(path, key, extra_pragmas=False)
    try:
        cipher_errors = con.execute("PRAGMA cipher_integrity_check").fetchall()
        integrity = con.execute("PRAGMA integrity_check").fetchall()
    except sqlcipher.DatabaseError as exc:
        cipher_errors, integrity = [(str(exc),)], []
    finally:
        con.close()
    if cipher_errors or integrity != [("ok",)]:
        raise BackupError(
            f"备份文件 {path} 未通过完整性检查。",
            f"The backup {path} fails its integrity check.",
            hint_zh="请选择另一个备份。",
            hint_en="Choose another backup.",
        )


def create_backup(store: Store, *, label: str = "", keep: int = KEEP) -> BackupInfo:
    _require_file_store(store)
    directory = private_dir(backups_dir(store.location))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = directory / f"acorn-{stamp}{label}{SUFFIX}"
    partial = final.with_name(final.name + ".partial")
    # A connection of its own: ATTACH changes the schema, which would upset pooled connections' caches.
    raw = open_sqlcipher_connection(store.location.db_path, store.key)
    try:
        raw.execute("ATTACH DATABASE ? AS backup KEY ?", (str(partial), f"x'{store.key.hex()}'"))
        raw.execute("SELECT sqlcipher_export('backup')")
        raw.execute("DETACH DATABASE backup")
    finally:
        raw.close()
    try:
        verify_file(partial, store.key)
        _fsync(partial)
        restrict(partial)
        os.replace(partial, final)
        store.manifest.save(final.with_name(final.name + ".json"))
        restrict(final.with_name(final.name + ".json"))
    finally:
        partial.unlink(missing_ok=True)
    _rotate(store.location, keep)
    stat = final.stat()
    return BackupInfo(final, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC))


def _rotate(location: StoreLocation, keep: int) -> None:
    for info in list_backups(location)[:-keep]:
        info.path.unlink(missing_ok=True)
        info.path.with_name(info.path.name + ".json").unlink(missing_ok=True)


def restore_backup(store: Store, backup: Path) -> tuple[Store, BackupInfo]:
    """Replace the store's contents with ``backup``. Returns the reopened store and the safety backup.

    The current database is itself backed up first ("-pre-restore"), so a restore can be undone.
    """
    _require_file_store(store)
    backup = backup.expanduser().resolve()
    if not backup.is_file():
        raise BackupError(
            f"找不到备份文件 {backup}。",
            f"Backup file {backup} not found.",
            hint_zh="用 acorn backup --list 查看可用备份。",
            hint_en="See acorn backup --list.",
        )
    sidecar = backup.with_name(backup.name + ".json")
    manifest = keys.Manifest.load(sidecar) if sidecar.exists() else store.manifest
    if manifest.store_id != store.manifest.store_id:
        raise BackupError(
            "该备份属于另一个数据库(密钥不同),不能恢复到此数据目录。",
            "This backup belongs to a different store (another key) and cannot be restored here.",
            hint_zh="请在原数据目录中恢复,或选择本库的备份。",
            hint_en="Restore it in its own data dir.",
        )
    try:
        verify_file(backup, store.key)
    except StoreError as exc:
        raise BackupError(
            f"备份文件 {backup} 无法用本库的密钥打开或已损坏,当前数据库未改动。",
            f"The backup {backup} cannot be opened with this store's key or is damaged; nothing was changed.",
            hint_zh=exc.hint_zh,
            hint_en=exc.hint_en,
        ) from None
    safety = create_backup(store, label="-pre-restore", keep=KEEP + 1)
    location = store.location
    store.checkpoint()
    store.close()
    staging = location.db_path.with_name(location.db_path.name + ".restoring")
    shutil.copyfile(backup, staging)
    _fsync(staging)
    for suffix in ("-wal", "-shm"):
        location.db_path.with_name(location.db_path.name + suffix).unlink(missing_ok=True)
    os.replace(staging, location.db_path)
    reopened = Store._open_file(location, store.key, store.manifest)
    reopened._secrets = store._secrets
    reopened.upgrade()
    reopened.reanchor()  # the restored log ends earlier: its head is the new anchor (the restore is audited)
    return reopened, safety
