"""The evidence package card and the appeal letter dialog, driven like a person would, on a real store.

PNGs of both are saved (set ACORN_TEST_SCREENSHOTS=DIR to keep them) so they can be looked at.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.services.case_detail import CaseDetailServices
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.services.evidence import EvidenceServices
from acorn_desktop.services.letters import LetterServices
from acorn_desktop.services.shipments import ShipmentServices
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.case_detail import CaseDetailPane
from acorn_desktop.ui.evidence_card import EvidencePackageCard, ScansModel
from acorn_desktop.ui.letter_dialog import LetterDialog

TIMEOUT = 15_000
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


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
def demo(store):
    seed_demo(store, cases=400, seed=42, now=NOW)
    return store


def _claim(store, delivered: bool) -> int:
    with store.reader() as session:
        rows = session.execute(
            sa.select(m.Case.id, m.Shipment.delivered_at)
            .join(m.Shipment, (m.Shipment.amazon_order_id == m.Case.amazon_order_id)
                  & (m.Shipment.direction == "outbound"))
            .where(m.Case.kind == CaseKind.ATOZ_CLAIM, m.Case.reason_code == "ITEM_NOT_RECEIVED")
            .order_by(m.Case.id)
        ).all()  # fmt: skip
    return next(case_id for case_id, at in rows if (at is not None) == delivered)


def _save(widget, name: str, tmp_path: Path) -> Path:
    path = tmp_path / name
    assert widget.grab().save(str(path))
    keep = os.environ.get("ACORN_TEST_SCREENSHOTS")
    if keep:
        shutil.copy(path, Path(keep) / name)
    return path


def test_scans_model_passes_the_model_tester(qtmodeltester, demo):
    case_id = _claim(demo, delivered=True)
    model = ScansModel()
    model.set_rows(EvidenceServices(demo).package(case_id).package.outbound.scans)
    assert model.rowCount() >= 3
    qtmodeltester.check(model)


def test_evidence_card_shows_missing_proof_and_records_a_delivery(qtbot, runner, demo, chinese, tmp_path):
    case_id = _claim(demo, delivered=False)
    pane = CaseDetailPane(runner)
    qtbot.addWidget(pane)
    card = EvidencePackageCard(runner, pane)
    pane.add_card(card)
    pane.set_backend(CaseDetailServices(demo))
    card.set_backends(EvidenceServices(demo), ShipmentServices(demo))
    pane.resize(560, 1100)
    pane.show()
    with qtbot.waitSignal(card.sig_loaded, timeout=TIMEOUT):
        pane.show_case(case_id)
    assert card.isVisible() and card.missing_label.isVisible()
    assert "缺少签收证明:导入承运商物流记录或手动填写签收时间" in card.missing_label.text()
    assert "无签收记录" in card.shipping_label.text() or "no delivery scan" in card.shipping_label.text()
    _save(pane, "evidence-card-missing.png", tmp_path)

    outbound = card.evidence.package.outbound
    card.record_shipment()
    dialog = card.shipment_dialog
    assert (dialog.carrier.text(), dialog.tracking.text()) == (outbound.carrier, outbound.tracking_number)
    dialog.delivered_known.setChecked(True)
    dialog.where.setText("Nachbar")
    with qtbot.waitSignal(card.sig_changed, timeout=TIMEOUT), qtbot.waitSignal(card.sig_loaded, timeout=TIMEOUT):
        dialog.submit()
    qtbot.waitUntil(lambda: not card.missing_label.isVisible(), timeout=TIMEOUT)
    assert "Nachbar" in card.shipping_label.text()
    _save(pane, "evidence-card-complete.png", tmp_path)


def test_letter_dialog_drafts_edits_and_exports(qtbot, runner, demo, chinese, tmp_path):
    case_id = _claim(demo, delivered=True)
    photo = tmp_path / "parcel.png"
    from PIL import Image

    Image.new("RGB", (640, 480), (30, 120, 200)).save(photo)
    CaseDetailServices(demo).attach_evidence(case_id, photo, "photo", "test")
    dialog = LetterDialog(LetterServices(demo), runner, case_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_loaded, timeout=TIMEOUT) as loaded:
        dialog.show()
    draft = loaded.args[0]
    assert dialog.subject_edit.text() == draft.subject and draft.body == dialog.body_edit.toPlainText()
    assert dialog.attachments.count() == 1 and dialog.selected_attachments() == [draft.attachments[0].id]
    assert not dialog.missing_label.isVisible()
    _save(dialog, "letter-dialog.png", tmp_path)

    dialog.body_edit.setPlainText(draft.body + "\n\nEDITED-BY-AGENT-7")
    target = tmp_path / "out" / "appeal.pdf"
    dialog._ask_save_path = lambda _suggested: str(target)
    with qtbot.waitSignal(dialog.sig_exported, timeout=TIMEOUT) as exported:
        dialog.on_export()
    result = exported.args[0]
    assert result.path == target and target.exists() and dialog.open_button.isEnabled()
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "EDITED-BY-AGENT-7" in text and "parcel.png" in text
    assert len(PdfReader(target).pages) == result.pages == 3  # letter, shipping proof, the photo

    # an unwritable place: the error is shown in the dialog, in Chinese
    blocker = tmp_path / "file"
    blocker.write_text("x")
    dialog._ask_save_path = lambda _suggested: str(blocker / "appeal.pdf")
    with qtbot.waitSignal(dialog.sig_failed, timeout=TIMEOUT):
        dialog.on_export()
    assert "无法写入" in dialog.message_label.text()


def test_letter_dialog_names_the_template_and_the_evidence_kinds_not_their_codes(qtbot, runner, demo, chinese,
                                                                                tmp_path):  # fmt: skip
    case_id = _claim(demo, delivered=True)
    photo = tmp_path / "parcel.png"
    from PIL import Image

    Image.new("RGB", (64, 48), (30, 120, 200)).save(photo)
    CaseDetailServices(demo).attach_evidence(case_id, photo, "photo", "test")
    dialog = LetterDialog(LetterServices(demo), runner, case_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_loaded, timeout=TIMEOUT) as loaded:
        dialog.show()
    draft = loaded.args[0]
    hint = dialog.message_label.text()
    assert draft.template_key not in hint and draft.claim_type.value not in hint  # no raw atoz_not_received.de
    assert draft.claim_type.label_zh in hint and "(站点语言)" in hint
    assert "照片" in dialog.attachments.item(0).text() and "photo," not in dialog.attachments.item(0).text()
    assert not dialog.unsigned_box.isVisible() and dialog.export_button.isEnabled()


def _type_with_an_input_method(widget, text: str) -> None:
    """Chinese arrives as a Chinese input method delivers it: one committed string (key events cannot carry it)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_an_unsigned_store_is_named_and_fixed_from_the_letter_dialog(qtbot, runner, demo, chinese, tmp_path):
    """No legal identity: the dialog says so in Chinese and exports nothing; 店铺… fills it in; the letter is signed."""
    from PySide6.QtCore import Qt

    from acorn_desktop.services.accounts import StoreServices
    from acorn_desktop.services.changes import Actor
    from acorn_desktop.ui.stores_dialog import StoresDialog

    case_id = _claim(demo, delivered=True)
    with demo.session() as session:
        account = session.get(m.SellerAccount, session.get(m.Case, case_id).account_id)
        account.legal_name = None
        store_name = account.name
        manager = m.User(username="manager", display_name="王主管", role_code="manager")
        session.add(manager)
        session.flush()
        actor = Actor("manager", manager.id)
    stores: list[StoresDialog] = []

    def open_stores() -> None:
        stores.append(StoresDialog(StoreServices(demo), runner, dialog, actor=actor))
        stores[-1].sig_saved.connect(lambda _id: dialog.store_changed())
        stores[-1].show()

    dialog = LetterDialog(LetterServices(demo), runner, case_id, open_stores=open_stores)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_loaded, timeout=TIMEOUT):
        dialog.show()
    assert dialog.unsigned_box.isVisible() and not dialog.export_button.isEnabled()
    assert dialog.unsigned_label.text() == "店铺未填写英文法定名称和地址,信函将无法签署 — 请在 店铺 设置中填写"
    assert "[SELLER LEGAL NAME]" in dialog.body_edit.toPlainText() and store_name not in dialog.body_edit.toPlainText()
    _save(dialog, "letter-dialog-unsigned.png", tmp_path)

    qtbot.mouseClick(dialog.stores_button, Qt.MouseButton.LeftButton)
    [editor] = stores
    qtbot.addWidget(editor)
    qtbot.waitUntil(lambda: editor.save_button.isEnabled(), timeout=TIMEOUT)
    ids = [editor.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(editor.list.count())]
    row = ids.index(account.id)
    qtbot.mouseClick(editor.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=editor.list.visualItemRect(editor.list.item(row)).center())  # fmt: skip
    assert editor.current_account_id() == account.id and "未填写法定名称" in editor.list.item(row).text()
    name = editor.edits["legal_name"]
    qtbot.mouseClick(name, Qt.MouseButton.LeftButton)
    name.selectAll()
    _type_with_an_input_method(name, "深圳橡果贸易有限公司")  # Chinese: refused, with what to enter
    for field, text in (("address_line1", "Room 1203, Block A, Tian'an Cyber Park"), ("city", "Shenzhen"),
                        ("postcode", "518040"), ("country", "CN")):  # fmt: skip
        editor.edits[field].selectAll()
        qtbot.keyClicks(editor.edits[field], text)
    with qtbot.waitSignal(editor.sig_failed, timeout=TIMEOUT):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "法定名称必须用拉丁字母" in editor.message.text() and dialog.unsigned_box.isVisible()

    name.selectAll()
    qtbot.keyClicks(name, "Shenzhen Acorn Trading Co., Ltd.")
    assert editor.preview.text().splitlines()[0] == "Shenzhen Acorn Trading Co., Ltd."
    _save(editor, "stores-dialog.png", tmp_path)
    with qtbot.waitSignal(dialog.sig_loaded, timeout=TIMEOUT):  # saved → the letter is drafted again, signed
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.unsigned_box.isVisible() and dialog.export_button.isEnabled()
    assert dialog.body_edit.toPlainText().rstrip().endswith("Shenzhen Acorn Trading Co., Ltd.")
    qtbot.waitUntil(lambda: "已签署" in editor.list.item(row).text(), timeout=TIMEOUT)

    target = tmp_path / "signed.pdf"
    dialog._ask_save_path = lambda _suggested: str(target)
    with qtbot.waitSignal(dialog.sig_exported, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    first = PdfReader(target).pages[0].extract_text()
    assert "Shenzhen Acorn Trading Co., Ltd." in first and "518040 Shenzhen" not in first and "China" in first
