"""Approximate CNY conversion for the queue's ≈CNY column (display only, never for refunds).

Default rates are round reference values; managers edit them in Preferences. Each table says its date.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DEFAULT_RATES_DATE = "2026-11-01"
DEFAULT_CNY_RATES: dict[str, Decimal] = {
    "USD": Decimal("7.10"), "CAD": Decimal("5.10"), "MXN": Decimal("0.39"), "BRL": Decimal("1.30"),
    "GBP": Decimal("9.20"), "EUR": Decimal("7.80"), "SEK": Decimal("0.68"), "PLN": Decimal("1.80"),
    "JPY": Decimal("0.047"), "AUD": Decimal("4.70"), "SGD": Decimal("5.40"), "CNY": Decimal("1"),
}  # fmt: skip


def to_cny(amount: Decimal, currency: str, rates: dict[str, Decimal] | None = None) -> Decimal | None:
    """``amount`` in CNY rounded to the yuan, or None when the currency has no rate."""
    rate = (rates or DEFAULT_CNY_RATES).get(currency.upper())
    if rate is None:
        return None
    return (amount * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)
