"""Decisions: holiday calendars, rule descriptions/retirement, approval routing and breakdown, login lockout,
refund outbox per account/item with the createFeed attempt time.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from acorn_desktop.models.base import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "holidays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("marketplace_code", sa.String(length=4), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["marketplace_code"], ["marketplaces.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("marketplace_code", "day"),
    )
    with op.batch_alter_table("decision_rules") as batch_op:
        batch_op.add_column(sa.Column("description", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("retired_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("approvals") as batch_op:
        batch_op.add_column(sa.Column("required_role", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("rule_name", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("adjustment_reason", sa.String(length=48), nullable=True))
        batch_op.add_column(sa.Column("components", sa.JSON(), nullable=True))
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("locked_until", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("last_login_at", UTCDateTime(), nullable=True))
    with op.batch_alter_table("refund_outbox") as batch_op:
        batch_op.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("approval_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("marketplace_code", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("order_item_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("quantity", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("attempted_at", UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(
            "fk_refund_outbox_account_id_seller_accounts", "seller_accounts", ["account_id"], ["id"]
        )
        batch_op.create_foreign_key(
            "fk_refund_outbox_approval_id_approvals", "approvals", ["approval_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index("ix_refund_outbox_account_id_state", ["account_id", "state"])


def downgrade() -> None:
    with op.batch_alter_table("refund_outbox") as batch_op:
        batch_op.drop_index("ix_refund_outbox_account_id_state")
        batch_op.drop_constraint("fk_refund_outbox_approval_id_approvals", type_="foreignkey")
        batch_op.drop_constraint("fk_refund_outbox_account_id_seller_accounts", type_="foreignkey")
        for column in ("attempted_at", "quantity", "order_item_id", "marketplace_code", "approval_id", "account_id"):
            batch_op.drop_column(column)
    with op.batch_alter_table("users") as batch_op:
        for column in ("last_login_at", "locked_until", "failed_logins"):
            batch_op.drop_column(column)
    with op.batch_alter_table("approvals") as batch_op:
        for column in ("components", "adjustment_reason", "rule_name", "required_role"):
            batch_op.drop_column(column)
    with op.batch_alter_table("decision_rules") as batch_op:
        batch_op.drop_column("retired_at")
        batch_op.drop_column("description")
    op.drop_table("holidays")
