"""Apply Alembic migrations programmatically (no alembic.ini needed, works frozen)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: sa.Engine, target: str = "head") -> None:
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), target)


def ensure_indexes(engine: sa.Engine) -> list[str]:
    """Recreate any index of the schema that is missing (e.g. a bulk load that dropped them was killed).

    One catalogue query when nothing is missing; returns the names created.
    """
    from ..models import Base

    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'index'"
        else:
            query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
        present = set(conn.exec_driver_sql(query).scalars())
        created = []
        for table in Base.metadata.sorted_tables:
            for index in table.indexes:
                if index.name not in present:
                    index.create(conn)
                    created.append(index.name)
    return created
