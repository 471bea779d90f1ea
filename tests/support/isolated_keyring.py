"""A keyring backend for tests only: a JSON file in a temp dir named by ACORN_TEST_KEYRING_FILE.

It never touches the developer's real keyring. Subprocesses select it with
PYTHON_KEYRING_BACKEND=isolated_keyring.IsolatedKeyring and this folder on PYTHONPATH.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class IsolatedKeyring(KeyringBackend):
    priority = 1

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        super().__init__()
        self.path = Path(path or os.environ["ACORN_TEST_KEYRING_FILE"])

    def _load(self) -> dict:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def _save(self, data: dict) -> None:
        self.path.write_text(json.dumps(data))

    def get_password(self, service, username):
        return self._load().get(f"{service}\x00{username}")

    def set_password(self, service, username, password):
        data = self._load()
        data[f"{service}\x00{username}"] = password
        self._save(data)

    def delete_password(self, service, username):
        data = self._load()
        if data.pop(f"{service}\x00{username}", None) is None:
            raise PasswordDeleteError(username)
        self._save(data)
