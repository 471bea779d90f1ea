"""Regression guards for known PySide6 bugs (see pyproject's pin)."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel


def test_appending_10000_rows_to_a_standard_item_model_does_not_abort(qapp):
    # PySide6 6.12.0 drops a reference to None per appendRow/setItem call: "Fatal Python error: none_dealloc"
    # after ~5,000 calls. A crash here kills the whole pytest process, which is the signal.
    model = QStandardItemModel()
    for i in range(10_000):
        model.appendRow([QStandardItem(f"row {i}"), QStandardItem(str(i))])
    model.setItem(0, 2, QStandardItem("x"))
    model.setHorizontalHeaderItem(0, QStandardItem("name"))
    parent = model.item(0)
    for i in range(100):
        parent.appendRow(QStandardItem(f"child {i}"))
    assert model.rowCount() == 10_000
    assert model.item(9_999, 1).text() == "9999"
    assert parent.rowCount() == 100
