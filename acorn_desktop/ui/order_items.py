"""The detail pane's order table (订单): the product title gets the room, on one line, elided, whole in its tooltip.

SKU and ASIN stay in the model (and in the title's tooltip) but not as columns, and amounts leave their
currency to the order line and the tooltip: in a ~420 px pane the title was left ~40 px, one word per line.
The case header already shows the case's SKU / ASIN.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from ..services.case_detail import OrderItemRow
from .rows_model import RowsTableModel

TITLE, SKU, ASIN = 0, 1, 2
HIDDEN_COLUMNS = (SKU, ASIN)


def money(amount, currency: str) -> str:
    return f"{amount:,} {currency}"


class OrderItemsModel(RowsTableModel):
    """The order's items: title, SKU, ASIN, quantity, unit price, tax, shipping."""

    ALIGN_RIGHT = frozenset({3, 4, 5, 6})

    def headers(self) -> list[str]:
        return [
            self.tr("Item"),
            self.tr("SKU"),
            self.tr("ASIN"),
            self.tr("Qty"),
            self.tr("Price"),
            self.tr("Tax"),
            self.tr("Shipping"),
        ]

    def cell(self, row: OrderItemRow, column: int) -> str:
        values = (
            row.title,
            row.sku,
            row.asin,
            str(row.quantity),
            f"{row.item_price:,}",  # the currency is in the order line above the table and in the tooltip
            f"{row.item_tax:,}",
            f"{row.shipping_price:,}",
        )
        return values[column]

    def tooltip(self, row: OrderItemRow, column: int) -> str | None:
        amounts = {4: row.item_price, 5: row.item_tax, 6: row.shipping_price}
        if column in amounts:
            return money(amounts[column], row.currency)
        if column != TITLE:
            return None
        codes = " · ".join(x for x in (row.sku and f"SKU {row.sku}", row.asin and f"ASIN {row.asin}") if x)
        return f"{row.title}\n{codes}" if codes else row.title


def fit_items_view(view: QTableView) -> None:
    """Title stretches and elides on one line; the numbers are as wide as their contents."""
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    for column in HIDDEN_COLUMNS:
        view.setColumnHidden(column, True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
