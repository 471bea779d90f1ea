"""`alembic upgrade head` from an empty database equals the ORM metadata, on SQLCipher and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from acorn_desktop.models import Base
from acorn_desktop.storage import migrate
from acorn_desktop.storage.store import Store, StoreLocation


def diff(engine: sa.Engine) -> list:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)


def test_upgrade_from_empty_matches_the_models_on_sqlcipher(store):
    assert store.revision() == migrate.head_revision()
    assert diff(store.engine) == []


@pytest.mark.postgres
def test_upgrade_from_empty_matches_the_models_on_postgresql(pg_url, data_dir):
    st = Store.open(StoreLocation(data_dir, db_url=pg_url))
    try:
        assert st.dialect == "postgresql"
        assert st.revision() == migrate.head_revision()
        assert diff(st.engine) == []
    finally:
        st.close()


def test_every_revision_has_a_downgrade_path_to_empty(store):
    from alembic import command

    with store.writer.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "base")
    with store.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
    assert tables == set()
    migrate.upgrade(store.writer)
    assert diff(store.engine) == []


def test_missing_indexes_are_rebuilt_on_open(store, data_dir):
    """A bulk load that dropped the case indexes and died must not leave the queue without them."""
    from acorn_desktop.models import Case

    with store.writer.begin() as conn:
        for index in Case.__table__.indexes:
            index.drop(conn)
    assert diff(store.engine) != []
    store.close()
    reopened = Store.open(StoreLocation(data_dir))
    try:
        assert diff(reopened.engine) == []
    finally:
        reopened.close()
