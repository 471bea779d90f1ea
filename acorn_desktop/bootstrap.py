"""Composition helpers shared by the CLI and the GUI: where the store is and how to unlock it."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from .paths import default_data_dir, demo_data_dir
from .storage import keys
from .storage.secrets import SecretStore
from .storage.store import Store, StoreLocation

MASTER_PASSWORD_ENV = "ACORN_MASTER_PASSWORD"
DB_URL_ENV = "ACORN_DB_URL"


def resolve_location(data_dir: str | Path | None, db_url: str | None = None, *, demo: bool = False) -> StoreLocation:
    default = demo_data_dir() if demo else default_data_dir()
    directory = Path(data_dir).expanduser() if data_dir else default
    return StoreLocation(directory.resolve(), db_url or (None if demo else os.environ.get(DB_URL_ENV)))


def env_or_prompt_password(confirm: bool = False):
    """A password provider for headless use: ACORN_MASTER_PASSWORD, else a terminal prompt, else none."""

    def provide() -> str:
        env = os.environ.get(MASTER_PASSWORD_ENV)
        if env:
            return env
        if not sys.stdin or not sys.stdin.isatty():
            return ""
        first = getpass.getpass("主密码 / Master password: ")
        if confirm and getpass.getpass("再次输入 / Repeat: ") != first:
            return ""
        return first

    return provide


def open_demo_store(location: StoreLocation, secrets: SecretStore | None = None) -> tuple[Store, bool]:
    """Open the demo store, creating it on first start. Returns (store, created).

    Demo stores use the keyring when the OS has one; otherwise (headless Linux) a published demo
    passphrase — acceptable only because demo data is synthetic, and the manifest says so.
    """
    secrets = secrets or SecretStore()
    if location.db_path.exists():
        return Store.open(location, secrets=secrets), False
    from .services.store_admin import create_store

    mode = keys.KEY_MODE_KEYRING if secrets.available else keys.KEY_MODE_PASSWORD
    return create_store(location, actor="demo", secrets=secrets, key_mode=mode, demo=True), True
