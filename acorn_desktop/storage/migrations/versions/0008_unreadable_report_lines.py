"""Unreadable report lines: a line of an Amazon report that could not be read is kept raw until dealt with.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from acorn_desktop.models.base import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unreadable_report_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("report_type", sa.String(length=64), nullable=False),
        sa.Column("report_ref", sa.String(length=128), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("problem", sa.String(length=16), nullable=False),
        sa.Column("column_name", sa.String(length=64), nullable=True),
        sa.Column("value", sa.String(length=256), nullable=True),
        sa.Column("row_digest", sa.String(length=64), nullable=False),
        sa.Column("found_at", UTCDateTime(), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["seller_accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "report_type", "row_digest"),
    )
    op.create_index(
        "ix_unreadable_report_lines_resolved_at_found_at", "unreadable_report_lines", ["resolved_at", "found_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_unreadable_report_lines_resolved_at_found_at", table_name="unreadable_report_lines")
    op.drop_table("unreadable_report_lines")
