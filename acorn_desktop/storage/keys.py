"""The database key: 256 random bits in the keyring, or derived from a master password.

``store.json`` beside the database says which mode a store uses and holds the (non-secret) KDF salt.
The key itself is never written to disk, logs or exceptions.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..errors import InputError, StoreCorruptError, StoreLockedError
from .secrets import SecretStore

MANIFEST_NAME = "store.json"
KEY_MODE_KEYRING = "keyring"
KEY_MODE_PASSWORD = "master_password"
# scrypt cost: ~0.1 s on a laptop; the derived key opens SQLCipher as a raw key (no second PBKDF2).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
# Demo stores on machines without a keyring use this published passphrase: their data is synthetic.
DEMO_PASSPHRASE = "ACORN-i demo data (synthetic)"

PasswordProvider = Callable[[], str]


@dataclass
class Manifest:
    store_id: str
    key_mode: str
    salt: str = ""
    created_at: str = ""
    demo: bool = False
    format: int = 1
    kdf: dict = field(default_factory=dict)

    @property
    def key_entry(self) -> str:
        return f"db-key:{self.store_id}"

    @classmethod
    def new(cls, key_mode: str, *, demo: bool = False) -> Manifest:
        salt = secrets.token_hex(16) if key_mode == KEY_MODE_PASSWORD else ""
        kdf = {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P} if salt else {}
        return cls(str(uuid.uuid4()), key_mode, salt, datetime.now(UTC).isoformat(timespec="seconds"), demo, 1, kdf)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError) as exc:
            raise StoreCorruptError(
                f"无法读取数据库说明文件 {path}:{exc.__class__.__name__}。",
                f"Cannot read the store manifest {path}: {exc.__class__.__name__}.",
                hint_zh="该文件记录密钥模式;请从备份恢复它,或联系管理员。",
                hint_en="It records the key mode; restore it from a backup.",
            ) from None

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".json.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(asdict(self), fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)


def derive_key(password: str, manifest: Manifest) -> bytes:
    kdf = manifest.kdf or {"n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=bytes.fromhex(manifest.salt),
        n=kdf["n"],
        r=kdf["r"],
        p=kdf["p"],
        maxmem=256 * 1024 * 1024,
        dklen=32,
    )


def create_key(manifest: Manifest, secret_store: SecretStore, password_provider: PasswordProvider | None) -> bytes:
    """Make the key of a new store (and put it in the keyring in keyring mode)."""
    if manifest.key_mode == KEY_MODE_KEYRING:
        key = secrets.token_bytes(32)
        secret_store.set(manifest.key_entry, key.hex())
        return key
    password = _ask_password(password_provider)
    if len(password) < 8:
        raise InputError("主密码至少需要 8 个字符。", "The master password needs at least 8 characters.")
    return derive_key(password, manifest)


def load_key(manifest: Manifest, secret_store: SecretStore, password_provider: PasswordProvider | None) -> bytes:
    if manifest.key_mode == KEY_MODE_KEYRING:
        stored = secret_store.get(manifest.key_entry)
        if not stored:
            raise StoreLockedError(
                "系统密钥环中找不到此数据库的密钥,数据库无法解锁(文件未被改动)。",
                "The database key is missing from the OS keyring; the store cannot be unlocked (file untouched).",
                hint_zh="如果更换了电脑或清理了凭据,请在原电脑上导出数据,或从带密钥的备份恢复。",
                hint_en="If you moved machines or cleared credentials, export from the original machine "
                "or restore a backup whose key you still have.",
            )
        try:
            key = bytes.fromhex(stored)
        except ValueError:
            key = b""
        if len(key) != 32:
            raise StoreLockedError(
                "密钥环中的数据库密钥格式不正确。",
                "The database key in the keyring is malformed.",
                hint_zh="请勿手动修改 ACORN-i 的密钥环条目。",
                hint_en="Do not edit ACORN-i's keyring entries.",
            )
        return key
    if manifest.demo:
        return derive_key(DEMO_PASSPHRASE, manifest)
    return derive_key(_ask_password(password_provider), manifest)


def _ask_password(password_provider: PasswordProvider | None) -> str:
    password = password_provider() if password_provider else None
    if not password:
        raise StoreLockedError(
            "此数据库使用主密码加密,但没有提供主密码。",
            "This store is protected by a master password, but none was given.",
            hint_zh="请在提示时输入主密码,或设置环境变量 ACORN_MASTER_PASSWORD。",
            hint_en="Enter it when asked, or set the ACORN_MASTER_PASSWORD environment variable.",
        )
    return password
