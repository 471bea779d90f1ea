"""Seller accounts: needs_reauth flag (LWA refused the refresh token); selling-partner id optional.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("seller_accounts") as batch_op:
        batch_op.add_column(sa.Column("needs_reauth", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.alter_column("selling_partner_id", existing_type=sa.String(32), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("seller_accounts") as batch_op:
        batch_op.alter_column("selling_partner_id", existing_type=sa.String(32), nullable=False)
        batch_op.drop_column("needs_reauth")
