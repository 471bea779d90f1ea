"""Declarative base and column types shared by every table.

The same metadata runs on SQLCipher (SQLite) and PostgreSQL, so the types here avoid anything one of
them lacks: instants are stored as UTC and always come back timezone-aware; amounts are stored as
exact scaled integers and come back as :class:`~decimal.Decimal`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from ..domain.money import AMOUNT_SCALE

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(sa.types.TypeDecorator):
    """A timezone-aware instant. Naive datetimes are refused, never guessed."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; attach a time zone first")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


_SCALE = Decimal(10) ** AMOUNT_SCALE


class Amount(sa.types.TypeDecorator):
    """An exact money amount stored as a scaled integer (4 decimals), read back as Decimal."""

    impl = sa.BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | None, dialect):
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money must be Decimal, not float")
        scaled = Decimal(value) * _SCALE
        if scaled != scaled.to_integral_value():
            raise ValueError(f"amount {value} has more than {AMOUNT_SCALE} decimals")
        return int(scaled)

    def process_result_value(self, value: int | None, dialect):
        if value is None:
            return None
        return (Decimal(value) / _SCALE).quantize(Decimal(1).scaleb(-AMOUNT_SCALE)).normalize() + Decimal("0.00")


def str_enum(enum_cls, length: int = 32) -> sa.Enum:
    """Store a StrEnum by value as VARCHAR (no native PG enum: adding a member must not need DDL)."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def utcnow() -> datetime:
    return datetime.now(UTC)
