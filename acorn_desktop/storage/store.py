"""Open, create and use the store: an encrypted SQLCipher file in the data dir, or a PostgreSQL URL.

Everything above this module sees a :class:`Store` and its sessions; nothing above it assumes SQLite.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from ..errors import (
    StoreAlreadyExistsError,
    StoreCorruptError,
    StoreError,
    StoreNotInitializedError,
)
from . import keys, migrate
from .audit_keys import AuditKeys, load_audit_keys
from .engine import diagnose_unreadable, postgres_engine, sqlcipher_engine
from .permissions import private_dir, restrict
from .secrets import SecretStore

log = logging.getLogger(__name__)

DB_FILENAME = "acorn.db"


@dataclass(frozen=True)
class StoreLocation:
    """Where the store lives: always a data dir (logs, backups, settings); optionally a PostgreSQL URL."""

    data_dir: Path
    db_url: str | None = None

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def manifest_path(self) -> Path:
        return self.data_dir / keys.MANIFEST_NAME

    @property
    def is_team(self) -> bool:
        return self.db_url is not None

    def describe(self) -> str:
        if self.db_url:
            return sa.make_url(self.db_url).render_as_string(hide_password=True)
        return str(self.db_path)

    def exists(self) -> bool:
        return self.is_team or self.db_path.exists() or self.manifest_path.exists()


class Store:
    """An open store. ``session()`` is a unit of work: one transaction, committed or rolled back whole."""

    def __init__(
        self, location: StoreLocation, engine: sa.Engine, writer: sa.Engine, manifest=None, key=None, secrets=None
    ):
        self.location = location
        self.engine = engine  # readers (deferred transactions)
        self.writer = writer  # writers (BEGIN IMMEDIATE on SQLite; the same engine on PostgreSQL)
        self.manifest: keys.Manifest | None = manifest
        self._key: bytes | None = key
        self._secrets = secrets
        self._audit_keys: AuditKeys | None = None
        self._read = sessionmaker(engine, expire_on_commit=False, info={"store": self})
        self._write = sessionmaker(writer, expire_on_commit=False, info={"store": self})

    # -- lifecycle -------------------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        location: StoreLocation,
        *,
        secrets: SecretStore | None = None,
        key_mode: str = keys.KEY_MODE_KEYRING,
        password_provider: keys.PasswordProvider | None = None,
        demo: bool = False,
    ) -> Store:
        """Create a new store (new key, schema at head, reference data). Refuses to touch an existing one."""
        secrets = secrets or SecretStore()
        if location.is_team:
            store = cls._open_postgres(location)
        else:
            if location.db_path.exists() or location.manifest_path.exists():
                raise StoreAlreadyExistsError(
                    f"数据目录 {location.data_dir} 中已有数据库,不会覆盖。",
                    f"A store already exists in {location.data_dir}; it will not be overwritten.",
                    hint_zh="如需新库,请用 --data-dir 指定另一个目录。",
                    hint_en="Use --data-dir to choose another directory for a new store.",
                )
            private_dir(location.data_dir)
            manifest = keys.Manifest.new(key_mode, demo=demo)
            if demo and key_mode == keys.KEY_MODE_PASSWORD:
                key = keys.derive_key(keys.DEMO_PASSPHRASE, manifest)
            else:
                key = keys.create_key(manifest, secrets, password_provider)
            store = cls._open_file(location, key, manifest)
            manifest.save(location.manifest_path)
        store._secrets = secrets
        store.upgrade()
        return store

    @classmethod
    def open(
        cls,
        location: StoreLocation,
        *,
        secrets: SecretStore | None = None,
        password_provider: keys.PasswordProvider | None = None,
        upgrade: bool = True,
    ) -> Store:
        """Open an existing store, unlocking it and applying pending migrations."""
        if location.is_team:
            store = cls._open_postgres(location)
        else:
            if not location.db_path.exists():
                raise StoreNotInitializedError(
                    f"数据目录 {location.data_dir} 中没有数据库。",
                    f"There is no store in {location.data_dir}.",
                    hint_zh="请先运行 acorn init(或 acorn-desktop --demo 打开演示库)。",
                    hint_en="Run acorn init first (or acorn-desktop --demo for the demo store).",
                )
            if not location.manifest_path.exists():
                raise StoreCorruptError(
                    f"找不到 {location.manifest_path},无法知道数据库的密钥模式。文件未被改动。",
                    f"{location.manifest_path} is missing, so the key mode is unknown. Nothing was changed.",
                    hint_zh="请从备份恢复 store.json。",
                    hint_en="Restore store.json from a backup.",
                )
            if location.db_path.stat().st_size == 0:  # SQLCipher would treat it as new and write a schema
                raise diagnose_unreadable(location.db_path)
            manifest = keys.Manifest.load(location.manifest_path)
            key = keys.load_key(manifest, secrets or SecretStore(), password_provider)
            store = cls._open_file(location, key, manifest)
        store._secrets = secrets
        if upgrade:
            store.upgrade()
        return store

    @classmethod
    def _open_file(cls, location: StoreLocation, key: bytes, manifest: keys.Manifest) -> Store:
        reader = sqlcipher_engine(location.db_path, key)
        writer = sqlcipher_engine(location.db_path, key, immediate=True)
        try:
            with reader.connect():  # proves the key before anything else happens
                pass
        except StoreError:
            reader.dispose()
            writer.dispose()
            raise
        return cls(location, reader, writer, manifest, key)

    @classmethod
    def _open_postgres(cls, location: StoreLocation) -> Store:
        engine = postgres_engine(location.db_url)
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
        except sa.exc.OperationalError as exc:
            engine.dispose()
            raise StoreError(
                f"无法连接团队数据库 {location.describe()}。",
                f"Cannot connect to the team database {location.describe()}.",
                hint_zh=f"请检查地址、用户和服务器是否运行({type(exc.orig).__name__})。",
                hint_en=f"Check the URL, the user and that the server runs ({type(exc.orig).__name__}).",
            ) from None
        return cls(location, engine, engine)

    def upgrade(self) -> None:
        from ..services.audit import ensure_keyed
        from ..services.reference_data import ensure_reference_data

        migrate.upgrade(self.writer)
        restored = migrate.ensure_indexes(self.writer)
        if restored:
            log.warning("recreated %d missing indexes: %s", len(restored), ", ".join(restored))
        with self.session() as session:
            ensure_keyed(session)  # before anything appends: a store from before keyed audit is re-keyed
        with self.session() as session:
            ensure_reference_data(session)
        self.restrict_files()

    @property
    def audit_keys(self) -> AuditKeys:
        """The audit chain's key and head anchor (outside the database; see :mod:`.audit_keys`)."""
        if self._audit_keys is None:
            self.location.data_dir.mkdir(parents=True, exist_ok=True)
            self._audit_keys = load_audit_keys(self.location, self.manifest, self._secrets or SecretStore(), self._key)
        return self._audit_keys

    @staticmethod
    def _audit_head(session: Session) -> tuple[int, str] | None:
        from ..models import AuditEntry

        head = session.execute(
            sa.select(AuditEntry.id, AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
        ).first()
        return None if head is None else (head[0], head[1])

    def reanchor(self) -> None:
        """Point the audit head anchor at the newest entry as it is now (after a restore: an older log)."""
        with self.reader() as session:
            head = self._audit_head(session)
        if head is not None:
            self.audit_keys.save_anchor(*head, force=True)

    def restrict_files(self) -> None:
        """The data dir, the store file (and its WAL/SHM), the manifest: readable by the user only."""
        if self.location.is_team:
            return
        restrict(self.location.data_dir)
        for path in (self.location.db_path, self.location.manifest_path):
            restrict(path)
            for suffix in ("-wal", "-shm"):
                restrict(path.with_name(path.name + suffix))

    def close(self) -> None:
        if self.dialect == "sqlite":  # SQLite's advice: let it refresh planner statistics before closing
            with contextlib.suppress(Exception), self.writer.connect() as conn:  # best effort, never fails close
                conn.connection.driver_connection.execute("PRAGMA optimize")
        self.engine.dispose()
        if self.writer is not self.engine:
            self.writer.dispose()

    # -- use -------------------------------------------------------------------------------------------
    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def key(self) -> bytes:
        """The raw SQLCipher key (file stores only). Never log or display it."""
        if self._key is None:
            raise StoreError("团队数据库没有本地密钥。", "A team database has no local key.")
        return self._key

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A write transaction: commit on success, roll back on any exception."""
        head = None
        with self._write() as session, session.begin():
            yield session
            if session.info.pop("audit_head", None) is not None:  # read in the transaction: a rolled-back
                head = self._audit_head(session)  # savepoint's entry is not the head
        if head is not None:  # committed: the anchor moves with every append
            self.audit_keys.save_anchor(*head)

    @contextlib.contextmanager
    def reader(self) -> Iterator[Session]:
        """A read-only snapshot; never blocks writers (WAL)."""
        with self._read() as session:
            try:
                yield session
            finally:
                session.rollback()

    def checkpoint(self) -> None:
        """Fold the WAL into the main file (SQLite only; outside any transaction, as SQLite requires)."""
        if self.dialect != "sqlite":
            return
        with self.writer.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def revision(self) -> str | None:
        return migrate.current_revision(self.engine)
