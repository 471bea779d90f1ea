"""The request dialog over the real services: a refund above the order is refused and the reason is shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.services import users
from acorn_desktop.services.approvals import ApprovalServices
from acorn_desktop.services.changes import Actor, ActorBound
from acorn_desktop.ui import i18n
from acorn_desktop.ui.approval_dialog import RequestApprovalDialog
from acorn_desktop.ui.background import BackgroundRunner

OPENED = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)


@pytest.fixture
def runner():
    r = BackgroundRunner()
    yield r
    r.shutdown()


@pytest.fixture
def agent(store, monkeypatch) -> Actor:
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    admin = users.create_user(store, None, "admin", "管理员", "admin", "correct horse battery")
    info = users.create_user(store, Actor("admin", admin.id), "agent", "客服", "cs", "correct horse battery")
    return Actor(info.username, info.id)


def add_case(store) -> int:
    """A 21.89 USD order (19.99 + 1.90 shipping) and a seller-fault refund case for it."""
    with store.session() as s:
        account = m.SellerAccount(name="店铺A", region="na", selling_partner_id="A1", is_sandbox=True)
        s.add(account)
        s.flush()
        order = m.Order(account_id=account.id, marketplace_code="US", amazon_order_id="111-0000009-0000009",
                        purchase_date=OPENED - timedelta(days=5), status="Shipped", fulfillment_channel="MFN",
                        currency="USD", order_total=Decimal("21.89"))  # fmt: skip
        order.items = [m.OrderItem(order_item_id="90000000000001", sku="SKU-M", asin="B000000009", title="Mug",
                                   quantity=1, item_price=Decimal("19.99"), item_tax=Decimal(0),
                                   shipping_price=Decimal("1.90"), currency="USD")]  # fmt: skip
        s.add(order)
        s.flush()
        case = m.Case(account_id=account.id, marketplace_code="US", order_id=order.id, kind=CaseKind.REFUND,
                      state=CaseState.IN_PROGRESS, source="manual", source_ref="R-1", sku="SKU-M",
                      amazon_order_id=order.amazon_order_id, reason_code="CouldNotShip", amount=Decimal("21.89"),
                      currency="USD", opened_at=OPENED)  # fmt: skip
        s.add(case)
        s.flush()
        return case.id


def type_into_cell(qtbot, dialog: RequestApprovalDialog, row: int, text: str) -> None:
    """Click the amount cell, F2, select all, type, Enter — as a user does."""
    table = dialog.table
    index = dialog.model.index(row, 1)
    dialog.activateWindow()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    assert table.currentIndex() == index
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    assert editor.text() == text, editor.text()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.model.data(index) == text)  # the delegate commits on Enter, queued


def test_a_request_above_the_order_is_refused_and_the_dialog_says_why(qtbot, qapp, store, runner, agent):
    case_id = add_case(store)
    dialog = RequestApprovalDialog(ActorBound(ApprovalServices(store), agent), runner, case_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_loaded):
        dialog.show()
    codes = [dialog.model.data(dialog.model.index(r, 0), Qt.ItemDataRole.EditRole) for r in range(2)]
    assert codes == ["Principal", "Shipping"] and dialog.model.rowCount() == 2  # shown as labels, kept as codes
    type_into_cell(qtbot, dialog, 1, "401.90")  # the hand-edited "Shipping 400"
    assert "421.89 USD" in dialog.total_label.text()
    qtbot.keyClicks(dialog.reason_edit, "buyer asked")
    try:
        i18n.install(qapp, "zh_CN")
        with qtbot.waitSignal(dialog.sig_failed):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    finally:
        i18n.install(qapp, "en")
    assert "超过了运费 1.90 USD" in dialog.message_label.text() and dialog.isVisible()
    with store.reader() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Approval)) == 0
    type_into_cell(qtbot, dialog, 1, "1.90")
    with qtbot.waitSignal(dialog.sig_requested):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with store.reader() as s:
        assert s.scalar(sa.select(m.Approval.amount)) == Decimal("21.89")
