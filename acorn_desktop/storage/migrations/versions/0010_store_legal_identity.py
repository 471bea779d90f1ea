"""A store's legal identity in Latin script (who signs its letters): name, address, country code, VAT id.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

COLUMNS = (
    ("legal_name", 120),
    ("legal_address_line1", 120),
    ("legal_address_line2", 120),
    ("legal_city", 60),
    ("legal_state", 60),
    ("legal_postcode", 16),
    ("legal_country", 2),
    ("vat_id", 32),
)


def upgrade() -> None:
    with op.batch_alter_table("seller_accounts") as batch:
        for name, length in COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("seller_accounts") as batch:
        for name, _length in reversed(COLUMNS):
            batch.drop_column(name)
