"""Secrets in the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service).

Backends that would silently keep secrets in plain files, or drop them, are refused: there is no
plaintext fallback. Tests install an isolated backend of their own.
"""

from __future__ import annotations

import contextlib

import keyring
import keyring.backend
import keyring.errors

from .. import APP_NAME
from ..errors import KeyringUnavailableError

SERVICE = APP_NAME

# Backends that must never hold our secrets (keyrings.alt's file backends store them readable on disk).
_INSECURE_PREFIXES = ("keyrings.alt.", "keyring.backends.null.", "keyring.backends.fail.")


def _qualified(backend: keyring.backend.KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _usable(backend: keyring.backend.KeyringBackend) -> list[keyring.backend.KeyringBackend]:
    """The secure backends behind ``backend`` (a chainer is unpacked)."""
    inner = getattr(backend, "backends", None)
    candidates = list(inner) if inner is not None else [backend]
    return [b for b in candidates if not _qualified(b).startswith(_INSECURE_PREFIXES)]


class SecretStore:
    """Get/set/delete named secrets under the service name ``ACORN-i``."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        return self._backend or keyring.get_keyring()

    @property
    def available(self) -> bool:
        return bool(_usable(self.backend))

    def describe(self) -> str:
        usable = _usable(self.backend)
        return ", ".join(_qualified(b) for b in usable) if usable else "-"

    def _secure(self) -> keyring.backend.KeyringBackend:
        usable = _usable(self.backend)
        if not usable:
            raise KeyringUnavailableError(
                "本机没有可用的安全密钥环(系统凭据管理器),无法安全保存数据库密钥。",
                "No secure OS keyring is available to hold the database key.",
                hint_zh="请改用主密码模式:acorn init --master-password(启动时输入主密码)。不会以明文方式保存密钥。",
                hint_en="Use master-password mode instead: acorn init --master-password. "
                "Keys are never stored in plain text.",
            )
        return usable[0]

    def get(self, name: str) -> str | None:
        return self._secure().get_password(SERVICE, name)

    def set(self, name: str, value: str) -> None:
        self._secure().set_password(SERVICE, name, value)

    def delete(self, name: str) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._secure().delete_password(SERVICE, name)
