"""Orders and order items, as far as refund work needs them (no buyer name or address)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Amount, Base, UTCDateTime


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("seller_accounts.id", ondelete="CASCADE"))
    marketplace_code: Mapped[str] = mapped_column(sa.ForeignKey("marketplaces.code"))
    amazon_order_id: Mapped[str] = mapped_column(sa.String(32))
    purchase_date: Mapped[datetime] = mapped_column(UTCDateTime)
    last_updated: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(sa.String(32))
    fulfillment_channel: Mapped[str] = mapped_column(sa.String(4))  # MFN | AFN
    currency: Mapped[str] = mapped_column(sa.String(3))
    order_total: Mapped[Decimal] = mapped_column(Amount)
    # Amazon's stable anonymised buyer alias (not PII) — lets repeat-returner rules work without names.
    buyer_alias: Mapped[str | None] = mapped_column(sa.String(64))
    ship_country: Mapped[str | None] = mapped_column(sa.String(2))
    pii_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    items: Mapped[list[OrderItem]] = relationship(back_populates="order", cascade="all, delete-orphan")

    __table_args__ = (
        sa.UniqueConstraint("account_id", "amazon_order_id"),
        sa.Index(None, "amazon_order_id"),
        sa.Index(None, "purchase_date"),
    )


class OrderItem(Base):
    __tablename__ = "order_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    order_item_id: Mapped[str] = mapped_column(sa.String(32))
    sku: Mapped[str] = mapped_column(sa.String(64))
    asin: Mapped[str] = mapped_column(sa.String(10))
    title: Mapped[str] = mapped_column(sa.String(300))
    quantity: Mapped[int]
    item_price: Mapped[Decimal] = mapped_column(Amount)
    item_tax: Mapped[Decimal] = mapped_column(Amount, default=Decimal(0))
    shipping_price: Mapped[Decimal] = mapped_column(Amount, default=Decimal(0))
    currency: Mapped[str] = mapped_column(sa.String(3))

    order: Mapped[Order] = relationship(back_populates="items")

    __table_args__ = (sa.UniqueConstraint("order_id", "order_item_id"), sa.Index(None, "sku"), sa.Index(None, "asin"))
