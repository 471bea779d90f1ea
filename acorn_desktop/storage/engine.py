"""Engine factories: SQLCipher file (default) and PostgreSQL URL (team mode).

SQLCipher connections are made by our own ``creator`` so that the order of pragmas is ours: silence
SQLCipher's stderr logging, set the raw key, prove the key by reading page 1, and only then switch on
WAL and foreign keys (so a wrong key never leads to a write).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy.pool import QueuePool

from ..errors import StoreCorruptError, StoreLockedError, StoreNotEncryptedError

SQLITE_HEADER = b"SQLite format 3\x00"
CIPHER_PAGE_SIZE = 4096


def _raw_key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def open_sqlcipher_connection(path: Path, key: bytes, *, extra_pragmas: bool = True):
    """One DB-API connection to an encrypted file, key verified. Raises StoreLocked/Corrupt errors."""
    con = sqlcipher.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        con.execute(_raw_key_pragma(key))
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError:
        con.close()
        raise diagnose_unreadable(path) from None
    if extra_pragmas:
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA busy_timeout = 10000")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
    return con


def diagnose_unreadable(path: Path) -> Exception:
    """Tell a wrong key from a file that is not (or no longer) an encrypted database."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        return StoreCorruptError(
            f"无法读取数据库文件 {path}:{exc.strerror}。",
            f"Cannot read the database file {path}: {exc.strerror}.",
            hint_zh="请检查文件权限或磁盘。",
            hint_en="Check the file permissions or the disk.",
        )
    if head == SQLITE_HEADER:
        return StoreNotEncryptedError(
            f"{path} 是未加密的 SQLite 文件,不是 ACORN-i 的加密数据库。文件未被改动。",
            f"{path} is a plain, unencrypted SQLite file, not an ACORN-i store. The file was not changed.",
            hint_zh="请移走该文件,或用 --data-dir 指向正确的数据目录。",
            hint_en="Move the file away, or point --data-dir at the right data directory.",
        )
    if size == 0 or size % CIPHER_PAGE_SIZE:
        return StoreCorruptError(
            f"数据库文件 {path} 已损坏(大小 {size} 字节,不是完整的加密页)。文件未被改动。",
            f"The database file {path} is damaged ({size} bytes, not whole encrypted pages). The file was not changed.",
            hint_zh="请用 acorn restore 从备份恢复。",
            hint_en="Restore it from a backup with acorn restore.",
        )
    return StoreLockedError(
        f"无法解锁数据库 {path}:密钥不匹配,或文件不是 ACORN-i 数据库/已损坏。文件未被改动。",
        f"Cannot unlock {path}: the key does not match, or the file is not an ACORN-i store or is damaged. "
        "The file was not changed.",
        hint_zh="主密码模式请检查主密码;否则请用 acorn restore 从备份恢复。",
        hint_en="In master-password mode check the password; otherwise restore from a backup (acorn restore).",
    )


def sqlcipher_engine(path: Path, key: bytes, *, immediate: bool = False) -> sa.Engine:
    """Pooled engine on an encrypted file. ``immediate`` makes every transaction BEGIN IMMEDIATE (writers)."""
    engine = sa.create_engine(
        "sqlite://",
        creator=lambda: open_sqlcipher_connection(path, key),
        module=sqlcipher,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )
    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):  # pysqlite's implicit transactions are off; we open them explicitly
        conn.exec_driver_sql(begin)

    return engine


def postgres_engine(url: str) -> sa.Engine:
    return sa.create_engine(url, pool_pre_ping=True, pool_size=4, max_overflow=4)
