"""Seller accounts and marketplaces. Secrets (LWA credentials, refresh tokens) live in the keyring only."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.marketplaces import Region
from .base import Base, UTCDateTime, str_enum, utcnow

seller_account_marketplaces = sa.Table(
    "seller_account_marketplaces",
    Base.metadata,
    sa.Column("account_id", sa.ForeignKey("seller_accounts.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("marketplace_code", sa.ForeignKey("marketplaces.code"), primary_key=True),
)


class Marketplace(Base):
    __tablename__ = "marketplaces"

    code: Mapped[str] = mapped_column(sa.String(4), primary_key=True)
    amazon_id: Mapped[str] = mapped_column(sa.String(20), unique=True)
    region: Mapped[Region] = mapped_column(str_enum(Region, 4))
    currency: Mapped[str] = mapped_column(sa.String(3))
    timezone: Mapped[str] = mapped_column(sa.String(40))
    domain: Mapped[str] = mapped_column(sa.String(40))
    language: Mapped[str] = mapped_column(sa.String(8))
    name_zh: Mapped[str] = mapped_column(sa.String(40))
    name_en: Mapped[str] = mapped_column(sa.String(40))


class SellerAccount(Base):
    """A selling-partner account in one region (a "店铺"). Its credentials are keyed by ``id`` in the keyring."""

    __tablename__ = "seller_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    region: Mapped[Region] = mapped_column(str_enum(Region, 4))
    selling_partner_id: Mapped[str | None] = mapped_column(sa.String(32))  # merchant token, if known
    endpoint: Mapped[str | None] = mapped_column(sa.String(200))  # override for the sandbox; None = Amazon
    lwa_endpoint: Mapped[str | None] = mapped_column(sa.String(200))
    is_sandbox: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    # Set when LWA refuses the refresh token; sync skips the account until it is re-authorised.
    needs_reauth: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Who signs the store's letters to Amazon, in Latin script (domain.seller_identity); None = not entered.
    legal_name: Mapped[str | None] = mapped_column(sa.String(120))
    legal_address_line1: Mapped[str | None] = mapped_column(sa.String(120))
    legal_address_line2: Mapped[str | None] = mapped_column(sa.String(120))
    legal_city: Mapped[str | None] = mapped_column(sa.String(60))
    legal_state: Mapped[str | None] = mapped_column(sa.String(60))
    legal_postcode: Mapped[str | None] = mapped_column(sa.String(16))
    legal_country: Mapped[str | None] = mapped_column(sa.String(2))  # ISO 3166 alpha-2
    vat_id: Mapped[str | None] = mapped_column(sa.String(32))

    marketplaces: Mapped[list[Marketplace]] = relationship(secondary=seller_account_marketplaces)

    __table_args__ = (sa.UniqueConstraint("selling_partner_id", "region"),)
