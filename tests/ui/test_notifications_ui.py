"""The requester of a refund sees, on their own desktop, that it was submitted: announced in the status bar (or
the tray), counted on the 通知 button; the list opened with a click marks it read. Another user sees nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from factories import add_account_and_case
from PySide6.QtCore import Qt

from acorn_desktop import models as m
from acorn_desktop.app import StoreBackend, ensure_demo_users
from acorn_desktop.services import users
from acorn_desktop.services.notifications import REFUND_SUBMITTED, refund_progress
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.main_window import MainWindow, StoreMode
from acorn_desktop.ui.settings import Settings

TIMEOUT = 10_000


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture
def chinese(qapp):
    i18n.install(qapp, "zh_CN")
    yield
    i18n.install(qapp, "en")


@pytest.fixture
def submitted(store):
    """The operator asked for a refund; the manager approved it; the sync has submitted it."""
    ensure_demo_users(store)
    with store.session() as s:
        case_id = add_account_and_case(s)
        who = dict(s.execute(sa.select(m.User.username, m.User.id)).all())
        case = s.get(m.Case, case_id)
        approval = m.Approval(case_id=case_id, amount=case.amount, currency="EUR", reason="请退款",
                              requested_by=who["operator"], status=m.ApprovalStatus.APPROVED,
                              decided_by=who["manager"])  # fmt: skip
        s.add(approval)
        s.flush()
        s.add(m.RefundOutbox(case_id=case_id, account_id=case.account_id, approval_id=approval.id,
                             adjustment_key="ACN1-T1", state=m.OutboxState.SUBMITTED,
                             amazon_order_id=case.amazon_order_id,
                             adjustment_reason="CustomerReturn", components={"Principal": "19.99"},
                             amount=Decimal("19.99"), currency="EUR"))  # fmt: skip
        s.flush()
        assert refund_progress(s, case_id, REFUND_SUBMITTED)
    return case_id


def test_the_requester_sees_the_submitted_refund_and_reading_the_list_marks_it_read(
    qtbot, runner, store, submitted, chinese, tmp_path
):
    window = MainWindow(Settings(tmp_path / "settings"), runner, location="/data/acorn.db", mode=StoreMode.LOCAL)
    qtbot.addWidget(window)
    window.set_backend(StoreBackend(store))
    window.show()
    center = window.notices
    assert not center.button.isVisible()  # nobody logged in: nobody's notifications

    with qtbot.waitSignal(center.sig_notice, timeout=TIMEOUT) as notice:
        window.user_session.set_session(users.login(store, "operator", "acorn-demo"))
    text, case_id = notice.args
    assert case_id == submitted and f"退款已提交亚马逊:工单 #{submitted}" in text and "302-1234567-1234567" in text
    assert "19.99 EUR" in text
    assert "退款已提交亚马逊" in window.status_messages.label.toolTip() or "退款已提交亚马逊" in (
        window.status_messages.label.text()
    )  # fmt: skip
    assert center.button.isVisible() and center.button.text() == "通知 (1)"

    with qtbot.waitSignal(center.sig_loaded, timeout=TIMEOUT):  # the list marks it read, then the count reloads
        qtbot.mouseClick(center.button, Qt.MouseButton.LeftButton)
    dialog = center.dialog
    assert dialog.isVisible() and dialog.list.count() == 1
    assert f"退款已提交亚马逊:工单 #{submitted}" in dialog.list.item(0).text()
    qtbot.waitUntil(lambda: center.button.text() == "通知", timeout=TIMEOUT)
    with store.reader() as s:
        assert s.scalar(sa.select(m.UserNotification.read_at)) is not None
    dialog.close()

    window.user_session.set_session(users.login(store, "manager", "acorn-demo"))  # the approver is not told
    with qtbot.waitSignal(center.sig_loaded, timeout=TIMEOUT) as loaded:
        center.check_now()
    assert loaded.args[0] == [] and center.button.text() == "通知"
