"""Schema v1: accounts, marketplaces, orders, cases, evidence, finance, decisions, users, audit, sync, notify.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=True),
        sa.Column("entity_id", sa.String(length=64), nullable=True),
        sa.Column("request_id", sa.String(length=40), nullable=False),
        sa.Column("payload_digest", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
        sa.UniqueConstraint("entry_hash", name=op.f("uq_audit_entries_entry_hash")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entries_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_entries_entity_type_entity_id"), ["entity_type", "entity_id"], unique=False
        )

    op.create_table(
        "marketplaces",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("amazon_id", sa.String(length=20), nullable=False),
        sa.Column("region", sa.Enum("na", "eu", "fe", name="region", native_enum=False, length=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("timezone", sa.String(length=40), nullable=False),
        sa.Column("domain", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("name_zh", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_marketplaces")),
        sa.UniqueConstraint("amazon_id", name=op.f("uq_marketplaces_amazon_id")),
    )
    op.create_table(
        "notification_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_channels")),
        sa.UniqueConstraint("name", name=op.f("uq_notification_channels_name")),
    )
    op.create_table(
        "roles",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name_zh", sa.String(length=16), nullable=False),
        sa.Column("name_en", sa.String(length=32), nullable=False),
        sa.Column("approval_limit_cny", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_roles")),
    )
    op.create_table(
        "seller_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("region", sa.Enum("na", "eu", "fe", name="region", native_enum=False, length=4), nullable=False),
        sa.Column("selling_partner_id", sa.String(length=32), nullable=False),
        sa.Column("endpoint", sa.String(length=200), nullable=True),
        sa.Column("lwa_endpoint", sa.String(length=200), nullable=True),
        sa.Column("is_sandbox", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seller_accounts")),
        sa.UniqueConstraint("name", name=op.f("uq_seller_accounts_name")),
        sa.UniqueConstraint("selling_partner_id", "region", name=op.f("uq_seller_accounts_selling_partner_id_region")),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("marketplace_code", sa.String(length=4), nullable=False),
        sa.Column("amazon_order_id", sa.String(length=32), nullable=False),
        sa.Column("purchase_date", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_updated", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("fulfillment_channel", sa.String(length=4), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("order_total", sa.BigInteger(), nullable=False),
        sa.Column("buyer_alias", sa.String(length=64), nullable=True),
        sa.Column("ship_country", sa.String(length=2), nullable=True),
        sa.Column("pii_purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["seller_accounts.id"],
            name=op.f("fk_orders_account_id_seller_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["marketplace_code"], ["marketplaces.code"], name=op.f("fk_orders_marketplace_code_marketplaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("account_id", "amazon_order_id", name=op.f("uq_orders_account_id_amazon_order_id")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_amazon_order_id"), ["amazon_order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_orders_purchase_date"), ["purchase_date"], unique=False)

    op.create_table(
        "seller_account_marketplaces",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("marketplace_code", sa.String(length=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["seller_accounts.id"],
            name=op.f("fk_seller_account_marketplaces_account_id_seller_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["marketplace_code"],
            ["marketplaces.code"],
            name=op.f("fk_seller_account_marketplaces_marketplace_code_marketplaces"),
        ),
        sa.PrimaryKeyConstraint("account_id", "marketplace_code", name=op.f("pk_seller_account_marketplaces")),
    )
    op.create_table(
        "settlement_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.String(length=32), nullable=False),
        sa.Column("transaction_type", sa.String(length=64), nullable=True),
        sa.Column("amazon_order_id", sa.String(length=32), nullable=True),
        sa.Column("adjustment_id", sa.String(length=64), nullable=True),
        sa.Column("marketplace_name", sa.String(length=64), nullable=True),
        sa.Column("amount_type", sa.String(length=64), nullable=True),
        sa.Column("amount_description", sa.String(length=120), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sku", sa.String(length=64), nullable=True),
        sa.Column("row_digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["seller_accounts.id"],
            name=op.f("fk_settlement_lines_account_id_seller_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlement_lines")),
        sa.UniqueConstraint("account_id", "row_digest", name=op.f("uq_settlement_lines_account_id_row_digest")),
    )
    with op.batch_alter_table("settlement_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_settlement_lines_amazon_order_id"), ["amazon_order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_settlement_lines_settlement_id"), ["settlement_id"], unique=False)

    op.create_table(
        "sync_cursors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("stream", sa.String(length=48), nullable=False),
        sa.Column("watermark", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_token", sa.Text(), nullable=True),
        sa.Column("state", sa.JSON(), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["seller_accounts.id"],
            name=op.f("fk_sync_cursors_account_id_seller_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_cursors")),
        sa.UniqueConstraint("account_id", "stream", name=op.f("uq_sync_cursors_account_id_stream")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("role_code", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["role_code"], ["roles.code"], name=op.f("fk_users_role_code_roles")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "decision_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "auto_approve",
                "require_level1",
                "require_level2",
                "reject_suggest",
                "assign",
                name="ruleaction",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("action_arg", sa.String(length=120), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_decision_rules_created_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_rules")),
    )
    with op.batch_alter_table("decision_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_rules_enabled_position"), ["enabled", "position"], unique=False)

    op.create_table(
        "marketplace_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("marketplace_code", sa.String(length=4), nullable=False),
        sa.Column("event_kind", sa.String(length=48), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("business_days", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("effective_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_marketplace_policies_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["marketplace_code"],
            ["marketplaces.code"],
            name=op.f("fk_marketplace_policies_marketplace_code_marketplaces"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketplace_policies")),
        sa.UniqueConstraint(
            "marketplace_code",
            "event_kind",
            "version",
            name=op.f("uq_marketplace_policies_marketplace_code_event_kind_version"),
        ),
    )
    op.create_table(
        "order_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("order_item_id", sa.String(length=32), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("asin", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("item_price", sa.BigInteger(), nullable=False),
        sa.Column("item_tax", sa.BigInteger(), nullable=False),
        sa.Column("shipping_price", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_items_order_id_orders"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_items")),
        sa.UniqueConstraint("order_id", "order_item_id", name=op.f("uq_order_items_order_id_order_item_id")),
    )
    with op.batch_alter_table("order_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_items_asin"), ["asin"], unique=False)
        batch_op.create_index(batch_op.f("ix_order_items_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_order_items_sku"), ["sku"], unique=False)

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("marketplace_code", sa.String(length=4), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "return_request",
                "refund",
                "atoz_claim",
                "chargeback",
                "safet_claim",
                "reimbursement",
                name="casekind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum(
                "new",
                "in_progress",
                "awaiting_approval",
                "approved",
                "rejected",
                "refund_submitted",
                "refunded",
                "refund_failed",
                "responded",
                "won",
                "lost",
                "closed",
                name="casestate",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.Column("source_ref", sa.String(length=80), nullable=False),
        sa.Column("amazon_order_id", sa.String(length=32), nullable=True),
        sa.Column("sku", sa.String(length=64), nullable=True),
        sa.Column("asin", sa.String(length=10), nullable=True),
        sa.Column("reason_code", sa.String(length=64), nullable=True),
        sa.Column("reason_text", sa.String(length=500), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("policy_id", sa.Integer(), nullable=True),
        sa.Column("risk_score", sa.Integer(), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["seller_accounts.id"], name=op.f("fk_cases_account_id_seller_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["users.id"], name=op.f("fk_cases_assignee_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["marketplace_code"], ["marketplaces.code"], name=op.f("fk_cases_marketplace_code_marketplaces")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_cases_order_id_orders"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["policy_id"], ["marketplace_policies.id"], name=op.f("fk_cases_policy_id_marketplace_policies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("account_id", "kind", "source_ref", name=op.f("uq_cases_account_id_kind_source_ref")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_account_state_deadline", ["account_id", "state", "deadline_at"], unique=False)
        batch_op.create_index("ix_cases_amazon_order_id", ["amazon_order_id"], unique=False)
        batch_op.create_index("ix_cases_amount", ["amount"], unique=False)
        batch_op.create_index("ix_cases_asin", ["asin"], unique=False)
        batch_op.create_index("ix_cases_assignee_deadline", ["assignee_id", "deadline_at"], unique=False)
        batch_op.create_index("ix_cases_deadline", ["deadline_at"], unique=False)
        batch_op.create_index("ix_cases_kind_state_deadline", ["kind", "state", "deadline_at"], unique=False)
        batch_op.create_index(
            "ix_cases_marketplace_state_deadline", ["marketplace_code", "state", "deadline_at"], unique=False
        )
        batch_op.create_index("ix_cases_order_id", ["order_id"], unique=False)
        batch_op.create_index("ix_cases_risk", ["risk_score"], unique=False)
        batch_op.create_index("ix_cases_sku", ["sku"], unique=False)
        batch_op.create_index("ix_cases_state_deadline", ["state", "deadline_at"], unique=False)

    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("pending", "approved", "rejected", "returned", name="approvalstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_approvals_case_id_cases"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"], name=op.f("fk_approvals_decided_by_users")),
        sa.ForeignKeyConstraint(["requested_by"], ["users.id"], name=op.f("fk_approvals_requested_by_users")),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["decision_rules.id"], name=op.f("fk_approvals_rule_id_decision_rules"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approvals")),
    )
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_approvals_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_approvals_status_requested_at"), ["status", "requested_at"], unique=False)

    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_case_events_actor_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_events_case_id_at"), ["case_id", "at"], unique=False)

    op.create_table(
        "evidence_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by"], ["users.id"], name=op.f("fk_evidence_attachments_added_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_evidence_attachments_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_attachments")),
    )
    with op.batch_alter_table("evidence_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_attachments_case_id"), ["case_id"], unique=False)

    op.create_table(
        "financial_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=40), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("amazon_order_id", sa.String(length=32), nullable=True),
        sa.Column("marketplace_code", sa.String(length=4), nullable=True),
        sa.Column("sku", sa.String(length=64), nullable=True),
        sa.Column("adjustment_id", sa.String(length=64), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("breakdown", sa.JSON(), nullable=True),
        sa.Column("raw_digest", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["seller_accounts.id"],
            name=op.f("fk_financial_events_account_id_seller_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_financial_events_case_id_cases"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["marketplace_code"], ["marketplaces.code"], name=op.f("fk_financial_events_marketplace_code_marketplaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_financial_events")),
        sa.UniqueConstraint("account_id", "raw_digest", name=op.f("uq_financial_events_account_id_raw_digest")),
    )
    with op.batch_alter_table("financial_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_financial_events_amazon_order_id"), ["amazon_order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_financial_events_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_financial_events_event_type_posted_at"), ["event_type", "posted_at"], unique=False
        )

    op.create_table(
        "refund_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("adjustment_key", sa.String(length=80), nullable=False),
        sa.Column(
            "state",
            sa.Enum("intended", "submitted", "done", "failed", name="outboxstate", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("amazon_order_id", sa.String(length=32), nullable=False),
        sa.Column("adjustment_reason", sa.String(length=48), nullable=False),
        sa.Column("components", sa.JSON(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("feed_document_id", sa.String(length=120), nullable=True),
        sa.Column("feed_id", sa.String(length=64), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("error_message", sa.String(length=1000), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_refund_outbox_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refund_outbox")),
        sa.UniqueConstraint("adjustment_key", name=op.f("uq_refund_outbox_adjustment_key")),
    )
    with op.batch_alter_table("refund_outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_refund_outbox_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_refund_outbox_state"), ["state"], unique=False)

    op.create_table(
        "return_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("report_type", sa.String(length=64), nullable=False),
        sa.Column("amazon_order_id", sa.String(length=32), nullable=False),
        sa.Column("marketplace_code", sa.String(length=4), nullable=True),
        sa.Column("return_date", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rma_id", sa.String(length=64), nullable=True),
        sa.Column("sku", sa.String(length=64), nullable=True),
        sa.Column("asin", sa.String(length=10), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=120), nullable=True),
        sa.Column("status", sa.String(length=64), nullable=True),
        sa.Column("disposition", sa.String(length=64), nullable=True),
        sa.Column("in_policy", sa.Boolean(), nullable=True),
        sa.Column("tracking_id", sa.String(length=64), nullable=True),
        sa.Column("atoz_claim", sa.Boolean(), nullable=False),
        sa.Column("safet_claim_id", sa.String(length=64), nullable=True),
        sa.Column("refunded_amount", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("row_digest", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["seller_accounts.id"],
            name=op.f("fk_return_records_account_id_seller_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_return_records_case_id_cases"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["marketplace_code"], ["marketplaces.code"], name=op.f("fk_return_records_marketplace_code_marketplaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_records")),
        sa.UniqueConstraint("account_id", "row_digest", name=op.f("uq_return_records_account_id_row_digest")),
    )
    with op.batch_alter_table("return_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_return_records_amazon_order_id"), ["amazon_order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_return_records_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("return_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_return_records_case_id"))
        batch_op.drop_index(batch_op.f("ix_return_records_amazon_order_id"))

    op.drop_table("return_records")
    with op.batch_alter_table("refund_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refund_outbox_state"))
        batch_op.drop_index(batch_op.f("ix_refund_outbox_case_id"))

    op.drop_table("refund_outbox")
    with op.batch_alter_table("financial_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_financial_events_event_type_posted_at"))
        batch_op.drop_index(batch_op.f("ix_financial_events_case_id"))
        batch_op.drop_index(batch_op.f("ix_financial_events_amazon_order_id"))

    op.drop_table("financial_events")
    with op.batch_alter_table("evidence_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_attachments_case_id"))

    op.drop_table("evidence_attachments")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_events_case_id_at"))

    op.drop_table("case_events")
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approvals_status_requested_at"))
        batch_op.drop_index(batch_op.f("ix_approvals_case_id"))

    op.drop_table("approvals")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_state_deadline")
        batch_op.drop_index("ix_cases_sku")
        batch_op.drop_index("ix_cases_risk")
        batch_op.drop_index("ix_cases_order_id")
        batch_op.drop_index("ix_cases_marketplace_state_deadline")
        batch_op.drop_index("ix_cases_kind_state_deadline")
        batch_op.drop_index("ix_cases_deadline")
        batch_op.drop_index("ix_cases_assignee_deadline")
        batch_op.drop_index("ix_cases_asin")
        batch_op.drop_index("ix_cases_amount")
        batch_op.drop_index("ix_cases_amazon_order_id")
        batch_op.drop_index("ix_cases_account_state_deadline")

    op.drop_table("cases")
    with op.batch_alter_table("order_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_items_sku"))
        batch_op.drop_index(batch_op.f("ix_order_items_order_id"))
        batch_op.drop_index(batch_op.f("ix_order_items_asin"))

    op.drop_table("order_items")
    op.drop_table("marketplace_policies")
    with op.batch_alter_table("decision_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_rules_enabled_position"))

    op.drop_table("decision_rules")
    op.drop_table("users")
    op.drop_table("sync_cursors")
    with op.batch_alter_table("settlement_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_settlement_lines_settlement_id"))
        batch_op.drop_index(batch_op.f("ix_settlement_lines_amazon_order_id"))

    op.drop_table("settlement_lines")
    op.drop_table("seller_account_marketplaces")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_purchase_date"))
        batch_op.drop_index(batch_op.f("ix_orders_amazon_order_id"))

    op.drop_table("orders")
    op.drop_table("seller_accounts")
    op.drop_table("roles")
    op.drop_table("notification_channels")
    op.drop_table("marketplaces")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entries_entity_type_entity_id"))
        batch_op.drop_index(batch_op.f("ix_audit_entries_at"))

    op.drop_table("audit_entries")
