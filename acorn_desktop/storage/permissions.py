"""Files readable by their owner only: the store, its manifest, backups, logs, the audit anchor.

POSIX: files 0600, directories 0700. Windows: the mode bits mean little there; the file gets an owner-only
ACL (inheritance removed, full control for the current user) through ``icacls``, best effort — a failure is
logged, never fatal, since the store itself is encrypted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

FILE_MODE = 0o600
DIR_MODE = 0o700


def _windows_owner_only(path: Path) -> None:
    user = os.environ.get("USERNAME")
    if not user:
        return
    try:
        subprocess.run(
            ["icacls", str(path), "/inheritance:r", "/grant:r", f"{user}:{'(OI)(CI)(F)' if path.is_dir() else '(F)'}"],
            check=True, capture_output=True, timeout=10,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not restrict %s to its owner: %s", path.name, type(exc).__name__)


def restrict(path: Path) -> None:
    """Make an existing file or directory owner-only (no-op if it does not exist)."""
    path = Path(path)
    if not path.exists():
        return
    if sys.platform == "win32":
        _windows_owner_only(path)
        return
    with contextlib.suppress(OSError):
        os.chmod(path, DIR_MODE if path.is_dir() else FILE_MODE)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed; the directory itself becomes owner-only."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    restrict(path)
    return path


@contextlib.contextmanager
def owner_only_file(path: Path) -> Iterator:
    """Open ``path`` for binary writing, created owner-only from the first byte (no readable window)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), FILE_MODE)
    with os.fdopen(fd, "wb") as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())
    restrict(path)
