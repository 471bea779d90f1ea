"""Money as Decimal + ISO 4217 currency; never floats."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Minor-unit exponents for the currencies Amazon marketplaces settle in.
CURRENCY_EXPONENT = {"JPY": 0, "KRW": 0}
AMOUNT_SCALE = 4  # digits after the point kept in the database for every currency


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round to the currency's minor unit (JPY: whole yen, others: cents)."""
    exp = CURRENCY_EXPONENT.get(currency.upper(), 2)
    return amount.quantize(Decimal(1).scaleb(-exp), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")
        if len(self.currency) != 3 or not self.currency.isalpha() or not self.currency.isupper():
            raise ValueError(f"not an ISO 4217 currency code: {self.currency!r}")

    def __str__(self) -> str:
        return f"{quantize(self.amount, self.currency):,} {self.currency}"
