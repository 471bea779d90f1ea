"""Settlement lines keep Amazon's merchant-adjustment-item-id: the MerchantAdjustmentItemID our refund feed sent,
so a settlement line can prove that THIS adjustment was refunded.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("settlement_lines") as batch_op:
        batch_op.add_column(sa.Column("merchant_adjustment_item_id", sa.String(length=80), nullable=True))
        batch_op.create_index(
            "ix_settlement_lines_account_id_merchant_adjustment_item_id",
            ["account_id", "merchant_adjustment_item_id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("settlement_lines") as batch_op:
        batch_op.drop_index("ix_settlement_lines_account_id_merchant_adjustment_item_id")
        batch_op.drop_column("merchant_adjustment_item_id")
