"""Claim intake in the UI: drop and import files, new-case dialog, unparsed page; models checked by qtmodeltester."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMainWindow, QPlainTextEdit

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.domain.marketplaces import Region
from acorn_desktop.formats.mail.formats import load_formats
from acorn_desktop.sandbox.mails import MailSpec, render_mail
from acorn_desktop.services.accounts import add_account
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.intake_api import ClaimIntakeServices
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.inbox_page import InboxModel
from acorn_desktop.ui.intake_feature import IntakeFeature
from acorn_desktop.ui.new_case_dialog import NewCaseDialog

FORMATS = {f.id: f for f in load_formats()}


@pytest.fixture
def runner():
    r = BackgroundRunner()
    yield r
    r.shutdown()


@pytest.fixture
def backend(store):
    with store.session() as s:
        add_account(s, name="欧洲店", region=Region.EU, marketplaces=["DE", "FR"])
    return ClaimIntakeServices(store)


@pytest.fixture
def feature(qtbot, runner, backend):
    window = QMainWindow()
    qtbot.addWidget(window)
    intake = IntakeFeature(window, runner, interval_minutes=0)
    intake.summaries = []
    intake.show_summary = intake.summaries.append
    with qtbot.waitSignal(intake.page.sig_loaded):
        intake.set_backend(backend)
    return intake


def eml(tmp_path, name: str, fmt: str, order: str, **kw):
    path = tmp_path / name
    spec = MailSpec(fmt=FORMATS[fmt], marketplace="DE", order_id=order, sent_at=datetime.now(UTC) - timedelta(hours=2),
                    amount=Decimal("19.99"), forward="outlook", **kw)  # fmt: skip
    path.write_bytes(render_mail(spec))
    return path


def cases(store):
    with store.reader() as s:
        return list(s.scalars(sa.select(m.Case.kind).order_by(m.Case.id)))


def drop(window, paths) -> tuple[bool, bool]:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(window, enter)
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(window, event)
    return enter.isAccepted(), event.isAccepted()


def test_mails_dropped_on_the_window_are_imported_in_the_background(qtbot, feature, store, tmp_path):
    files = [eml(tmp_path, "a.eml", "atoz_claim.de", "302-1111111-0000001"),
             eml(tmp_path, "b.eml", "chargeback.de", "302-1111111-0000002"),
             eml(tmp_path, "c.eml", "buyer_message.de", "302-1111111-0000003", message="Wo bleibt es?")]  # fmt: skip
    (tmp_path / "notes.txt").write_text("x")
    with qtbot.waitSignal(feature.sig_import_finished, timeout=20_000) as blocker, qtbot.waitSignal(
        feature.sig_cases_changed, timeout=20_000
    ):  # fmt: skip
        assert drop(feature.parent(), files) == (True, True)
    summary = blocker.args[0]
    assert summary.cases_created == 3 and feature.summaries == [summary]
    assert cases(store) == [CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK, CaseKind.BUYER_MESSAGE]


def test_a_drop_of_other_things_is_refused(qtbot, feature, tmp_path):
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG")
    assert drop(feature.parent(), [picture]) == (False, False)


def test_file_menu_import_shows_unparsed_mails_on_the_page(qtbot, feature, store, tmp_path):
    odd = tmp_path / "odd.eml"
    odd.write_bytes(b"Subject: Ihre Auszahlung\r\n\r\nBestellung 302-1111111-0000009 ausgezahlt.\r\n")
    feature.ask_files = lambda: [str(odd)]
    with qtbot.waitSignal(feature.page.sig_loaded, timeout=20_000) as loaded:
        feature.import_action.trigger()
    assert loaded.args == [1] and feature.summaries[0].unparsed == 1
    assert feature.page.model.rows[0].order_ids == ("302-1111111-0000009",)


def test_the_unparsed_page_links_and_ignores(qtbot, feature, backend, store, qtmodeltester):
    imports = backend.imports
    first = imports.import_bytes(b"Subject: Frage\r\n\r\nBestellung 302-1111111-0000005?\r\n", "test")
    second = imports.import_bytes(b"Subject: Werbung\r\n\r\nNichts.\r\n", "test")
    page = feature.page
    page.present_error = lambda text: pytest.fail(text)
    with qtbot.waitSignal(page.sig_loaded):
        page.reload()
    qtmodeltester.check(page.model)
    page.table.selectRow(0)
    with qtbot.waitSignal(page.sig_mail_shown, timeout=10_000) as shown:
        page.view_button.click()
    text = shown.args[0].findChild(QPlainTextEdit).toPlainText()
    assert "Subject: Werbung" in text and "Nichts." in text
    shown.args[0].close()
    # open a case from the first mail, with the order id the page suggests
    page.table.selectRow([r.id for r in page.model.rows].index(first.inbound_id))
    page.ask_file = lambda stores, row: {"kind": CaseKind.ATOZ_CLAIM, "account_id": stores[0].id,
                                         "marketplace": "DE", "order_id": row.order_ids[0]}  # fmt: skip
    with qtbot.waitSignal(page.sig_cases_changed, timeout=10_000) as changed:
        page.file_button.click()
    with qtbot.waitSignal(page.sig_loaded):
        pass
    assert len(changed.args[0]) == 1 and cases(store) == [CaseKind.ATOZ_CLAIM]
    page.table.selectRow(0)
    assert page.model.rows[0].id == second.inbound_id
    page.confirm = lambda text: True
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000) as loaded:
        page.ignore_button.click()
    assert loaded.args == [0]


def test_new_case_dialog_validates_and_saves(qtbot, runner, backend, store):
    dialog = NewCaseDialog(runner, backend, Actor("test"))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_stores_loaded):
        pass
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "302-1234567-1234567" in dialog.problem.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData(CaseKind.CHARGEBACK.value))
    dialog.order.setText("302-1111111-2222222")
    dialog.amount.setText("19,99")
    assert ok.isEnabled() and dialog.currency.text() == "EUR"
    with qtbot.waitSignal(dialog.sig_created, timeout=10_000) as created:
        ok.click()
    with store.reader() as s:
        case = s.get(m.Case, created.args[0])
        assert case.kind is CaseKind.CHARGEBACK and case.amount == Decimal("19.99") and case.source == "manual"
    second = NewCaseDialog(runner, backend, Actor("test"))
    qtbot.addWidget(second)
    with qtbot.waitSignal(second.sig_stores_loaded):
        pass
    second.kind.setCurrentIndex(second.kind.findData(CaseKind.CHARGEBACK.value))
    second.order.setText("302-1111111-2222222")
    second.save()
    qtbot.waitUntil(lambda: f"#{created.args[0]}" in second.problem.text(), timeout=10_000)
    assert second.result() == 0 and second.buttons.isEnabled()  # not accepted; the user can correct it
    assert cases(store) == [CaseKind.CHARGEBACK]


def test_inbox_model_passes_the_model_tester(qtmodeltester, backend):
    backend.imports.import_bytes(b"Subject: x\r\n\r\ny\r\n", "test")
    model = InboxModel()
    model.set_rows(backend.inbox.unparsed())
    qtmodeltester.check(model)
