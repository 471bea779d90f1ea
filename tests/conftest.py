"""Test isolation: offscreen Qt, a private keyring file, temp data dirs, and (in CI, mandatory) PostgreSQL."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

SUPPORT = Path(__file__).parent / "support"
sys.path.insert(0, str(SUPPORT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("SP_API_DEFAULT_MARKETPLACE", None)
os.environ.pop("ACORN_DB_URL", None)
os.environ.pop("ACORN_MASTER_PASSWORD", None)

import keyring  # noqa: E402
from isolated_keyring import IsolatedKeyring  # noqa: E402

PG_ADMIN_URL = os.environ.get("ACORN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(autouse=True)
def isolated_keyring(tmp_path_factory, monkeypatch):
    """Every test gets an empty keyring of its own, in-process and for subprocesses."""
    path = tmp_path_factory.mktemp("keyring") / "keyring.json"
    monkeypatch.setenv("ACORN_TEST_KEYRING_FILE", str(path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "isolated_keyring.IsolatedKeyring")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(SUPPORT), os.environ.get("PYTHONPATH")])))
    backend = IsolatedKeyring(path)
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A fresh data dir; also the default for code that reads ACORN_DATA_DIR. XDG dirs point into tmp too."""
    directory = tmp_path / "data"
    monkeypatch.setenv("ACORN_DATA_DIR", str(directory))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return directory


@pytest.fixture
def store(data_dir):
    """A newly created encrypted store (keyring mode) at schema head."""
    from acorn_desktop.storage.store import Store, StoreLocation

    st = Store.create(StoreLocation(data_dir))
    yield st
    st.close()


def _pg_admin_engine():
    import sqlalchemy as sa

    return sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture
def pg_url():
    """A brand-new PostgreSQL database for one test, dropped afterwards.

    Outside CI a missing server skips the test; in CI (CI=true) it fails, because team mode must be tested.
    """
    import sqlalchemy as sa

    engine = _pg_admin_engine()
    name = f"acorn_test_{uuid.uuid4().hex[:12]}"
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        engine.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but unreachable at {PG_ADMIN_URL}: {exc.orig}")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}")
    url = sa.make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
