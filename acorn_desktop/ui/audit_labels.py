"""What an audit entry's action code means, in the UI language (the log stores the code, never display text).

Unknown codes (a newer version's, a prefix family such as ``sync.report.<stream>``) fall back to the label of
their family, else the code itself; the code is always in the tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _labels() -> dict[str, str]:
    return {
        "account.add": QCoreApplication.translate("AuditActions", "Store added"),
        "account.needs_reauth": QCoreApplication.translate("AuditActions", "Store needs re-authorisation"),
        "account.identity": QCoreApplication.translate("AuditActions", "Store legal name and address changed"),
        "approval.approved": QCoreApplication.translate("AuditActions", "Approved"),
        "approval.auto_approved": QCoreApplication.translate("AuditActions", "Approved by a rule"),
        "approval.rejected": QCoreApplication.translate("AuditActions", "Rejected"),
        "approval.returned": QCoreApplication.translate("AuditActions", "Returned for info"),
        "audit.exported": QCoreApplication.translate("AuditActions", "Audit log exported"),
        "case.approval_requested": QCoreApplication.translate("AuditActions", "Approval requested"),
        "case.assign": QCoreApplication.translate("AuditActions", "Assignee changed"),
        "case.buyer_reply_sent": QCoreApplication.translate("AuditActions", "Buyer reply sent"),
        "case.created_manually": QCoreApplication.translate("AuditActions", "Case created by hand"),
        "case.evidence_added": QCoreApplication.translate("AuditActions", "Evidence added"),
        "case.merged": QCoreApplication.translate("AuditActions", "Cases merged"),
        "case.note": QCoreApplication.translate("AuditActions", "Note added"),
        "case.reopened_by_message": QCoreApplication.translate("AuditActions", "Case reopened by a buyer message"),
        "case.state_changed": QCoreApplication.translate("AuditActions", "State changed"),
        "claims_csv.imported": QCoreApplication.translate("AuditActions", "Claims CSV imported"),
        "demo.seed": QCoreApplication.translate("AuditActions", "Demo data created"),
        "holidays.imported": QCoreApplication.translate("AuditActions", "Holidays imported"),
        "letter.exported": QCoreApplication.translate("AuditActions", "Appeal letter exported"),
        "mail.case_opened": QCoreApplication.translate("AuditActions", "Case opened from a mail"),
        "mail.ignored": QCoreApplication.translate("AuditActions", "Mail ignored"),
        "mail.imported": QCoreApplication.translate("AuditActions", "Mail imported"),
        "mail.linked": QCoreApplication.translate("AuditActions", "Mail linked to a case"),
        "mail.raw_purged": QCoreApplication.translate("AuditActions", "Raw mail deleted"),
        "mail.reparsed": QCoreApplication.translate("AuditActions", "Mail read again"),
        "mailbox.added": QCoreApplication.translate("AuditActions", "Mailbox added"),
        "mailbox.removed": QCoreApplication.translate("AuditActions", "Mailbox removed"),
        "policy.edited": QCoreApplication.translate("AuditActions", "Marketplace policy edited"),
        "queue.exported": QCoreApplication.translate("AuditActions", "Case queue exported"),
        "refund.enqueued": QCoreApplication.translate("AuditActions", "Refund queued"),
        "refund.failed": QCoreApplication.translate("AuditActions", "Refund failed"),
        "refund.settled": QCoreApplication.translate("AuditActions", "Refund credited"),
        "refund.submitted": QCoreApplication.translate("AuditActions", "Refund submitted"),
        "refund.feed": QCoreApplication.translate("AuditActions", "Refund feed"),
        "rules.draft_saved": QCoreApplication.translate("AuditActions", "Rule draft saved"),
        "rules.edit": QCoreApplication.translate("AuditActions", "Rule edited"),
        "rules.enabled": QCoreApplication.translate("AuditActions", "Rule enabled"),
        "shipment.manual": QCoreApplication.translate("AuditActions", "Tracking entered by hand"),
        "shipments.import": QCoreApplication.translate("AuditActions", "Shipments imported"),
        "store.backup": QCoreApplication.translate("AuditActions", "Database backed up"),
        "store.init": QCoreApplication.translate("AuditActions", "Database created"),
        "store.restore": QCoreApplication.translate("AuditActions", "Database restored"),
        "sync": QCoreApplication.translate("AuditActions", "Sync"),
        "user.create": QCoreApplication.translate("AuditActions", "User created"),
        "user.deactivated": QCoreApplication.translate("AuditActions", "User deactivated"),
        "user.locked": QCoreApplication.translate("AuditActions", "User locked"),
        "user.login": QCoreApplication.translate("AuditActions", "Logged in"),
        "user.login_failed": QCoreApplication.translate("AuditActions", "Login failed"),
        "user.login_locked": QCoreApplication.translate("AuditActions", "Login refused: account locked"),
        "user.password_changed": QCoreApplication.translate("AuditActions", "Password changed"),
        "user.role_changed": QCoreApplication.translate("AuditActions", "Role changed"),
    }


def action_label(code: str) -> str:
    """The label of ``code``, of its nearest known family (``refund.feed.created`` → 退款 Feed), else the code."""
    labels = _labels()
    parts = code.split(".")
    for end in range(len(parts), 0, -1):
        label = labels.get(".".join(parts[:end]))
        if label is not None:
            return label
    return code


def entity_label(entity_type: str | None, entity_id: object) -> str:
    """The object an entry is about: "工单 #12" / "Case #12" (unknown kinds as their code)."""
    if not entity_type:
        return ""
    labels = {
        "case": QCoreApplication.translate("AuditObjects", "Case"),
        "user": QCoreApplication.translate("AuditObjects", "User"),
        "seller_account": QCoreApplication.translate("AuditObjects", "Store"),
        "inbound_message": QCoreApplication.translate("AuditObjects", "Mail"),
        "mailbox": QCoreApplication.translate("AuditObjects", "Mailbox"),
        "rule_set": QCoreApplication.translate("AuditObjects", "Rule set"),
        "marketplace_policy": QCoreApplication.translate("AuditObjects", "Marketplace policy"),
        "holidays": QCoreApplication.translate("AuditObjects", "Holidays"),
        "shipments": QCoreApplication.translate("AuditObjects", "Shipments"),
        "demo_seed": QCoreApplication.translate("AuditObjects", "Demo data"),
        "approval": QCoreApplication.translate("AuditObjects", "Approval"),
        "refund_outbox": QCoreApplication.translate("AuditObjects", "Refund"),
    }
    return f"{labels.get(entity_type, entity_type)} #{entity_id}"
