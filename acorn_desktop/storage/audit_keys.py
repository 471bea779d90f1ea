"""The audit chain's MAC key and head anchor: both kept outside the database.

**Key.** Keyring stores: 256 random bits in the OS keyring next to the database key (``audit-key:<store id>``).
Master-password stores (often on machines without a keyring): derived from the password-derived database
key with HMAC, so it is never written anywhere. Team mode (PostgreSQL): no secret is shared between the
desktops yet, so the chain there uses a fixed, public key — as strong as the old SHA-256 chain; the server's
grants (append-only audit) protect it. A shared team key is future work.

**Head anchor.** ``audit-head.json`` beside the store, mode 0600: the id and MAC of the newest committed
entry, itself MAC'd with the key. A file rather than a keyring entry because it moves with *every* committed
append — a keyring round trip per commit is slow on some backends, and master-password stores may have no
keyring at all — and because its own MAC means it cannot be forged without the key; removing entries from
the end of the log then shows as the anchored entry missing. It only moves forward (a lower id never
overwrites a higher one), so two processes writing it cannot hide each other's entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from . import keys
from .permissions import owner_only_file

ANCHOR_NAME = "audit-head.json"
_DERIVE_LABEL = b"ACORN-i audit chain key v1"
_lock = threading.Lock()


@dataclass(frozen=True)
class Anchor:
    entry_id: int
    entry_mac: str
    valid: bool  # its own MAC checks out


class AuditKeys:
    """The key (``key``) and the anchor file of one store; ``created`` says the key is new on this machine."""

    def __init__(self, key: bytes, anchor_path: Path | None, *, created: bool = False) -> None:
        self.key = key
        self.anchor_path = anchor_path
        self.created = created

    def _anchor_mac(self, entry_id: int, entry_mac: str) -> str:
        return hmac.new(self.key, f"anchor:{entry_id}:{entry_mac}".encode(), hashlib.sha256).hexdigest()

    def load_anchor(self) -> Anchor | None:
        if self.anchor_path is None:
            return None
        try:
            data = json.loads(self.anchor_path.read_text(encoding="utf-8"))
            entry_id, entry_mac, mac = int(data["entry_id"]), str(data["entry_mac"]), str(data["mac"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            return Anchor(0, "", False)
        return Anchor(entry_id, entry_mac, hmac.compare_digest(mac, self._anchor_mac(entry_id, entry_mac)))

    def save_anchor(self, entry_id: int, entry_mac: str, *, force: bool = False) -> None:
        """Move the anchor to ``entry_id`` (only forward unless ``force``); atomic, owner-only."""
        if self.anchor_path is None:
            return
        with _lock:
            current = self.load_anchor()
            if not force and current is not None and current.valid and current.entry_id >= entry_id:
                return
            body = {"entry_id": entry_id, "entry_mac": entry_mac, "mac": self._anchor_mac(entry_id, entry_mac)}
            tmp = self.anchor_path.with_suffix(".json.tmp")
            with owner_only_file(tmp) as fh:
                fh.write(json.dumps(body).encode("utf-8"))
            os.replace(tmp, self.anchor_path)


def load_audit_keys(location, manifest: keys.Manifest | None, secret_store, db_key: bytes | None) -> AuditKeys:
    """The audit keys of a store being opened or created (a missing keyring key is made here)."""
    anchor = location.data_dir / ANCHOR_NAME
    if manifest is not None and manifest.key_mode != keys.KEY_MODE_KEYRING and db_key is not None:
        return AuditKeys(hmac.new(db_key, _DERIVE_LABEL, hashlib.sha256).digest(), anchor)
    if manifest is None:  # team mode: see the module docstring
        return AuditKeys(hashlib.sha256(b"ACORN-i team audit chain v1 (no shared key yet)").digest(), anchor)
    name = f"audit-key:{manifest.store_id}"
    stored = None
    with contextlib.suppress(Exception):
        stored = secret_store.get(name)
    if stored:
        with contextlib.suppress(ValueError):
            key = bytes.fromhex(stored)
            if len(key) == 32:
                return AuditKeys(key, anchor)
    key = secrets.token_bytes(32)
    secret_store.set(name, key.hex())
    return AuditKeys(key, anchor, created=True)
