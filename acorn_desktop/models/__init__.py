"""The SQLAlchemy schema. Importing this package registers every table on ``Base.metadata``."""

from .accounts import Marketplace, SellerAccount, seller_account_marketplaces
from .audit import AppSetting, AuditEntry
from .base import Amount, Base, UTCDateTime
from .cases import Case, CaseEvent, EvidenceAttachment
from .claims import BuyerReply, InboundMessage, Letter, Mailbox, Shipment
from .decisions import (
    Approval,
    ApprovalStatus,
    DecisionRule,
    Holiday,
    MarketplacePolicy,
    OutboxState,
    RefundOutbox,
    RuleAction,
)
from .finance import FinancialEvent, ReturnRecord, SettlementLine, UnreadableReportLine
from .notify import NotificationChannel, UserNotification
from .orders import Order, OrderItem
from .sync_state import SyncCursor
from .users import Role, User

__all__ = [
    "Amount",
    "AppSetting",
    "Approval",
    "ApprovalStatus",
    "AuditEntry",
    "Base",
    "BuyerReply",
    "Case",
    "CaseEvent",
    "DecisionRule",
    "EvidenceAttachment",
    "FinancialEvent",
    "Holiday",
    "InboundMessage",
    "Letter",
    "Mailbox",
    "Marketplace",
    "MarketplacePolicy",
    "NotificationChannel",
    "Order",
    "OrderItem",
    "OutboxState",
    "RefundOutbox",
    "ReturnRecord",
    "Role",
    "RuleAction",
    "SellerAccount",
    "SettlementLine",
    "Shipment",
    "SyncCursor",
    "UTCDateTime",
    "UnreadableReportLine",
    "User",
    "UserNotification",
    "seller_account_marketplaces",
]
