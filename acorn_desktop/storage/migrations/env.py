"""Alembic environment. Runs only on a connection handed over by ``acorn_desktop.storage.migrate``."""

from alembic import context

from acorn_desktop.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
