"""The all-orders report parser and the order total (pure: no database, no network)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acorn_desktop.formats.orders_report import (
    ALL_ORDERS,
    OrderLine,
    ReportParseError,
    line_key,
    parse_all_orders,
)
from acorn_desktop.formats.report_parsers import ReportLocale, format_amount
from acorn_desktop.sandbox.api_reports import ALL_ORDERS_COLUMNS
from acorn_desktop.services.order_intake import TAX_ON_TOP, line_total, marketplace_of, order_total


def tsv(*rows: dict, columns=ALL_ORDERS_COLUMNS) -> str:
    lines = ["\t".join(columns)]
    lines += ["\t".join(str(row.get(c, "")) for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


def row(**kw) -> dict:
    base = {
        "amazon-order-id": "111-1234567-7654321", "merchant-order-id": "", "purchase-date": "2026-10-01T08:15:00+00:00",
        "last-updated-date": "2026-10-03T10:00:00+00:00", "order-status": "Shipped", "fulfillment-channel": "Amazon",
        "sales-channel": "Amazon.com", "order-channel": "", "ship-service-level": "Standard",
        "product-name": "USB-C 充电器 65W", "sku": "ACN-CHG-65W", "asin": "B0C1234567", "item-status": "Shipped",
        "quantity": "2", "currency": "USD", "item-price": "59.98", "item-tax": "4.80", "shipping-price": "5.99",
        "shipping-tax": "0.00", "gift-wrap-price": "", "gift-wrap-tax": "", "item-promotion-discount": "",
        "ship-promotion-discount": "", "ship-city": "SPRINGFIELD", "ship-state": "IL", "ship-postal-code": "62704",
        "ship-country": "US", "promotion-ids": "", "is-business-order": "false", "purchase-order-number": "",
        "price-designation": "",
    }  # fmt: skip
    base.update(kw)
    return base


def test_good_lines():
    text = tsv(
        row(),
        row(sku="ACN-CBL-2M", asin="B0C7654321", quantity="1", **{"item-price": "9.99", "item-tax": "0.80"}),
        row(**{"amazon-order-id": "202-7654321-1234567", "fulfillment-channel": "Merchant",
               "sales-channel": "Amazon.co.uk", "currency": "GBP", "ship-country": "GB", "order-status": "Pending",
               "item-price": "", "item-tax": "", "shipping-price": "", "shipping-tax": ""}),
    )  # fmt: skip
    lines = parse_all_orders(text)
    assert [ln.line for ln in lines] == [2, 3, 4]
    first = lines[0]
    assert first.amazon_order_id == "111-1234567-7654321"
    assert first.purchase_date == datetime(2026, 10, 1, 8, 15, tzinfo=UTC)
    assert first.last_updated == datetime(2026, 10, 3, 10, 0, tzinfo=UTC)
    assert (first.fulfillment_channel, first.quantity, first.currency) == ("AFN", 2, "USD")
    assert [first.item_price, first.item_tax, first.shipping_price] == [Decimal(v) for v in ("59.98", "4.80", "5.99")]
    assert first.product_name == "USB-C 充电器 65W" and first.is_business_order is False
    assert first.ship_country == "US" and first.line_key == "ACN-CHG-65W#0"
    pending = lines[2]
    assert pending.fulfillment_channel == "MFN" and pending.order_status == "Pending"
    assert pending.item_price is None and pending.shipping_price is None  # no prices yet: not an error
    price, tax, shipping = Decimal("59.98") + Decimal("9.99"), Decimal("4.80") + Decimal("0.80"), 2 * Decimal("5.99")
    assert order_total(lines[:2], "US") == price + tax + shipping  # US: sales tax on top of the price
    # UK: the price includes VAT, the tax column is the part of it that is tax
    assert order_total(lines[:2], "UK") == price + shipping


def test_buyer_address_columns_are_never_read():
    lines = parse_all_orders(tsv(row()))
    fields = set(OrderLine.__slots__)
    assert not {"ship_city", "ship_state", "ship_postal_code"} & fields
    values = {str(getattr(lines[0], f)) for f in fields}
    assert not {"SPRINGFIELD", "IL", "62704"} & values
    # even a garbled postal code does not matter: the column is dropped before anything looks at it
    assert parse_all_orders(tsv(row(**{"ship-postal-code": "§§ not a zip §§"})))


def test_the_same_sku_twice_in_an_order_keeps_both_lines_apart():
    lines = parse_all_orders(tsv(row(), row(quantity="1"), row(sku="OTHER"), row(**{"amazon-order-id": "X-1"})))
    assert [ln.line_key for ln in lines] == ["ACN-CHG-65W#0", "ACN-CHG-65W#1", "OTHER#0", "ACN-CHG-65W#0"]
    long = "S" * 40
    assert line_key(long, 3) == line_key(long, 3) and len(line_key(long, 3)) <= 32 and line_key(long, 3).endswith("#3")


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"quantity": "zwei"}, "quantity"),
        ({"quantity": "-1"}, "quantity"),
        ({"item-price": "12,50"}, "item-price"),  # EU decimals in a US file
        ({"item-tax": "1.2.3"}, "item-tax"),
        ({"purchase-date": "gestern"}, "purchase-date"),
        ({"last-updated-date": ""}, "last-updated-date"),
        ({"amazon-order-id": ""}, "amazon-order-id"),
        ({"sku": ""}, "sku"),
        ({"fulfillment-channel": "Drone"}, "fulfillment-channel"),
        ({"currency": "usd"}, "currency"),
        ({"ship-country": "USA"}, "ship-country"),
        ({"asin": "B0C12"}, "asin"),
        ({"is-business-order": "maybe"}, "is-business-order"),
    ],
)
def test_a_bad_value_names_report_line_and_column(change, column):
    with pytest.raises(ReportParseError) as err:
        parse_all_orders(tsv(row(), row(**change)), report="orders#1")
    assert (err.value.report, err.value.line, err.value.column) == ("orders#1", 3, column)
    assert "line 3" in err.value.en and column in err.value.en


def test_damaged_files_are_refused():
    with pytest.raises(ReportParseError) as err:
        parse_all_orders("")
    assert err.value.line == 1
    with pytest.raises(ReportParseError) as err:  # not this report's layout
        parse_all_orders(tsv(row(), columns=[c for c in ALL_ORDERS_COLUMNS if c != "item-price"]))
    assert err.value.column == "item-price"
    truncated = tsv(row(), row()).rstrip("\n").rsplit("\t", 5)[0] + "\n"
    with pytest.raises(ReportParseError) as err:
        parse_all_orders(truncated)
    assert err.value.line == 3 and "fields" in err.value.en
    with pytest.raises(ReportParseError) as err:  # the lines of one order disagree on its purchase date
        parse_all_orders(tsv(row(), row(**{"purchase-date": "2026-10-02T08:15:00+00:00"})))
    assert (err.value.line, err.value.column) == (3, "purchase-date")
    with pytest.raises(ReportParseError) as err:
        parse_all_orders(tsv(row(), row(currency="EUR")))
    assert (err.value.line, err.value.column) == (3, "currency")


def test_the_report_type_is_the_default_label():
    with pytest.raises(ReportParseError) as err:
        parse_all_orders(tsv(row(quantity="x")))
    assert err.value.report == ALL_ORDERS


def test_marketplace_from_the_sales_channel_or_the_currency():
    assert marketplace_of(["UK", "DE"], "Amazon.de", "EUR") == "DE"
    assert marketplace_of(["UK", "DE"], "Amazon.co.uk", None) == "UK"
    assert marketplace_of(["UK", "DE"], "", "EUR") == "DE"
    assert marketplace_of(["UK", "DE"], None, None) == "UK"


amounts = st.decimals(min_value=Decimal(0), max_value=Decimal("99999"), places=2, allow_nan=False)


@given(
    st.lists(st.tuples(amounts, amounts, amounts, amounts, st.integers(0, 9)), min_size=1, max_size=6),
    st.sampled_from(["US", "CA", "UK", "DE", "JP"]),
    st.booleans(),
)
def test_amounts_are_read_exactly_and_add_up(items, market, grouped):
    us = ReportLocale.US
    text = tsv(*(
        row(sku=f"SKU-{i % 3}", quantity=str(q), **{
            "item-price": format_amount(price, us, grouped=grouped), "item-tax": format_amount(tax, us),
            "shipping-price": format_amount(ship, us), "item-promotion-discount": format_amount(-promo, us),
        })
        for i, (price, tax, ship, promo, q) in enumerate(items)
    ))  # fmt: skip
    lines = parse_all_orders(text)
    assert [(ln.item_price, ln.item_tax, ln.shipping_price, ln.item_promotion_discount, ln.quantity)
            for ln in lines] == [(p, t, s, -d, q) for p, t, s, d, q in items]  # fmt: skip
    tax_on_top = market in TAX_ON_TOP
    expected = sum((p + s - d + (t if tax_on_top else 0) for p, t, s, d, _ in items), Decimal(0))
    assert order_total(lines, market) == expected
    assert sum((line_total(ln, market) for ln in lines), Decimal(0)) == expected
    assert len({ln.line_key for ln in lines}) == len(lines)  # every line has its own key
