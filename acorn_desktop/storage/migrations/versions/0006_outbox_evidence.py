"""Refund outbox evidence: why an adjustment is 待确认 (unconfirmed) and who asked to send it again.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

from acorn_desktop.models.base import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("refund_outbox") as batch_op:
        batch_op.add_column(sa.Column("unconfirmed_reason", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("unconfirmed_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("resend_requested_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resend_requested_at", UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(
            "fk_refund_outbox_resend_requested_by_users", "users", ["resend_requested_by"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("refund_outbox") as batch_op:
        batch_op.drop_constraint("fk_refund_outbox_resend_requested_by_users", type_="foreignkey")
        for name in ("resend_requested_at", "resend_requested_by", "unconfirmed_at", "unconfirmed_reason"):
            batch_op.drop_column(name)
