"""Local users and roles. Passwords are stored only as argon2 hashes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Amount, Base, UTCDateTime, utcnow


class Role(Base):
    __tablename__ = "roles"

    code: Mapped[str] = mapped_column(sa.String(16), primary_key=True)  # cs, operator, manager, finance, admin
    name_zh: Mapped[str] = mapped_column(sa.String(16))
    name_en: Mapped[str] = mapped_column(sa.String(32))
    approval_limit_cny: Mapped[Decimal | None] = mapped_column(Amount)  # None = may not approve refunds


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(80))
    role_code: Mapped[str] = mapped_column(sa.ForeignKey("roles.code"))
    password_hash: Mapped[str | None] = mapped_column(sa.String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    role: Mapped[Role] = relationship()
