"""Partial indexes for the open queue (state not resolved) by deadline, per marketplace/kind/store/assignee.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OPEN = "state NOT IN ('closed', 'refunded', 'won')"
INDEXES = {
    "ix_cases_open_deadline": ["deadline_at", "id"],
    "ix_cases_open_marketplace_deadline": ["marketplace_code", "deadline_at", "id"],
    "ix_cases_open_kind_deadline": ["kind", "deadline_at", "id"],
    "ix_cases_open_account_deadline": ["account_id", "deadline_at", "id"],
    "ix_cases_open_assignee_deadline": ["assignee_id", "deadline_at", "id"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "cases", columns, sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="cases")
