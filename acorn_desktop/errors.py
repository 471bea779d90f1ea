"""User-facing errors: every message exists in Chinese (shown by default) and English.

Nothing in a message may contain a secret; callers pass file names, line numbers and hints only.
"""

from __future__ import annotations


class AcornError(Exception):
    """An error a person can act on. ``str()`` gives the Chinese text, ``english`` the English one."""

    exit_code = 1

    def __init__(self, zh: str, en: str, *, hint_zh: str = "", hint_en: str = "") -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en
        self.hint_zh = hint_zh
        self.hint_en = hint_en

    def text(self, lang: str = "zh_CN") -> str:
        """Message plus hint in the requested language ("zh_CN" or "en")."""
        if lang.startswith("en"):
            return f"{self.en}\n{self.hint_en}" if self.hint_en else self.en
        return f"{self.zh}\n{self.hint_zh}" if self.hint_zh else self.zh


class StoreError(AcornError):
    """Base of every problem opening or using the encrypted store."""

    exit_code = 3


class StoreNotInitializedError(StoreError):
    pass


class StoreAlreadyExistsError(StoreError):
    pass


class StoreLockedError(StoreError):
    """The key is missing, wrong, or the master password does not match."""


class StoreCorruptError(StoreError):
    """The file is not a database, is truncated or fails its integrity check."""


class StoreNotEncryptedError(StoreError):
    """A plain (unencrypted) SQLite file sits where the encrypted store should be."""


class KeyringUnavailableError(StoreError):
    """The OS offers no secure keyring (e.g. headless Linux)."""


class BackupError(StoreError):
    pass


class InvalidTransitionError(AcornError):
    exit_code = 4


class InputError(AcornError):
    """Bad user input (arguments, files). Must say which file/line and what to do."""

    exit_code = 2


class PermissionDeniedError(AcornError):
    """The user's role may not do this (or a four-eyes rule forbids it); nothing was changed."""

    exit_code = 6
