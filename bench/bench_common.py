"""Pieces the benchmark scripts share (run them as ``python bench/<script>.py``: this folder is on sys.path)."""

from __future__ import annotations

import keyring.backend


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Holds the benchmark stores' keys for this process only (never the developer's real keyring)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self._data: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self._data.get((service, username))

    def set_password(self, service, username, password):
        self._data[(service, username)] = password

    def delete_password(self, service, username):
        self._data.pop((service, username), None)


def line(label: str, value: str) -> None:
    """One aligned figure line of a benchmark report."""
    print(f"  {label:<62} {value}", flush=True)
