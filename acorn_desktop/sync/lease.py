"""The sender lease: at most one process sends a seller account's refund outbox at a time.

* Team mode (PostgreSQL): ``pg_try_advisory_lock`` on a key derived from the seller account, held on a
  dedicated connection for the sending part of the sync. The server drops it when that connection ends, so a
  desktop that dies (kill -9, power loss, network gone) frees it without anyone waiting for an expiry.
* Local store (SQLCipher): an OS lock (``flock`` / ``msvcrt.locking``) on a small file next to the database,
  one per account. Chosen over a lease row with an expiry: the operating system releases the lock the moment
  the holder dies, so there is no expiry to tune (too short lets two senders overlap while one is slow, too
  long blocks sending after a crash) and no clock to trust. Only processes that open the same store compete
  — which is exactly who could send the same outbox rows.

Neither can coordinate two *separate* stores on one seller (another installation, another tool): that is
why the outbox never adopts a feed it did not create (see :mod:`acorn_desktop.services.refund_outbox`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from ..storage.store import Store

_NAMESPACE = b"acorn:refund-sender:"


def lease_key(seller: str) -> int:
    """A signed 64-bit advisory-lock key for the seller account (stable across processes and versions)."""
    return int.from_bytes(hashlib.sha256(_NAMESPACE + seller.encode()).digest()[:8], "big", signed=True)


@dataclass
class Lease:
    held: bool
    holder: str  # what holds it (for logs): "pg:<key>" or the lock file's name


@contextlib.contextmanager
def sender_lease(store: Store, account_id: int, seller: str) -> Iterator[Lease]:
    """Try once (never waits); yields ``Lease(held=False)`` when another sender has the account."""
    if store.dialect == "postgresql":
        with _pg_lease(store, seller) as lease:
            yield lease
    else:
        with _file_lease(store, account_id) as lease:
            yield lease


@contextlib.contextmanager
def _pg_lease(store: Store, seller: str) -> Iterator[Lease]:
    key = lease_key(seller)
    conn = store.engine.connect()
    try:
        held = bool(conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())
        conn.commit()  # a session-level lock outlives the transaction; do not sit idle in one
        try:
            yield Lease(held, f"pg:{key}")
        finally:
            if held:
                try:
                    conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    conn.commit()
                except sa.exc.DBAPIError:
                    conn.invalidate()  # never hand a connection still holding the lock back to the pool
    finally:
        conn.close()


@contextlib.contextmanager
def _file_lease(store: Store, account_id: int) -> Iterator[Lease]:
    path = store.location.data_dir / f"refund-sender-{account_id}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        held = _try_lock(fd)
        try:
            yield Lease(held, path.name)
        finally:
            if held:
                _unlock(fd)
    finally:
        os.close(fd)


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
