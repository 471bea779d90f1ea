"""Audit entries keep their payload (what the digest covers); managed, versioned app settings (rate table).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from acorn_desktop.models.base import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_entries") as batch_op:
        batch_op.add_column(sa.Column("payload", sa.JSON(), nullable=True))
    op.create_table(
        "app_settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name="fk_app_settings_updated_by_users", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("key", name="pk_app_settings"),
    )


def downgrade() -> None:
    op.drop_table("app_settings")
    with op.batch_alter_table("audit_entries") as batch_op:
        batch_op.drop_column("payload")
