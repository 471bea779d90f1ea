"""The reply dialog: live messaging-policy check while typing (blocking spans in red, copy refused), copy to the
clipboard, facts typed by the agent, marking sent stops the clock in the queue — against the real store, on the
real background runner. The dialog is grabbed as a PNG (set ACORN_TEST_SCREENSHOTS=DIR to keep it)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from reply_world import NOW, make_people, make_world

from acorn_desktop.domain.messaging_policy import check
from acorn_desktop.services import queue, users
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.replies import ReplyServices
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.queue_model import COLUMN, QueueModel
from acorn_desktop.ui.reply_dialog import FindingModel, ReplyDialog, SituationModel, utf16_position
from acorn_desktop.ui.reply_feature import ReplyFeature

WAIT = 10_000
CJK = "\u4e00-\u9fff"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def chinese(qapp):
    i18n.install(qapp, "zh_CN")
    yield
    i18n.install(qapp, "en")


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture
def world(store):
    return {"store": store, "people": make_people(store), "ids": make_world(store),
            "replies": ReplyServices(store, clock=lambda: NOW)}  # fmt: skip


def open_dialog(qtbot, world, runner, case: str = "message", *, actor: str | None = "agent") -> ReplyDialog:
    who = world["people"][actor] if actor else Actor("gui")
    dialog = ReplyDialog(world["replies"], runner, world["ids"][case], actor=who)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_checked, timeout=WAIT):  # context → first template → its check
        dialog.show()
    return dialog


def test_a_filled_template_is_clean_and_copies_to_the_clipboard(qtbot, chinese, world, runner):
    dialog = open_dialog(qtbot, world, runner)
    assert dialog.language.currentData() == "de"  # the marketplace's language by default
    assert "302-1111111-1111111" in dialog.text()
    assert dialog.findings == [] and dialog.copy_button.isEnabled() and dialog.sent_button.isEnabled()
    assert "未发现问题" in dialog.check_summary.text()
    assert "Paket ist noch nicht angekommen" in dialog.buyer_words.text()
    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(dialog.sig_copied, timeout=WAIT) as copied:
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert copied.args[0] == dialog.text() == QGuiApplication.clipboard().text()


def test_typing_an_email_address_blocks_copy_and_shows_the_rule(qtbot, chinese, world, runner):
    dialog = open_dialog(qtbot, world, runner)
    dialog.editor.moveCursor(dialog.editor.textCursor().MoveOperation.End)
    with qtbot.waitSignal(dialog.sig_checked, timeout=WAIT) as checked:
        qtbot.keyClicks(dialog.editor, " Oder schreiben Sie an max@example.de")
        assert not dialog.copy_button.isEnabled()  # not checked yet: nothing may leave the dialog
    rules = [f.rule_id for f in checked.args[0]]
    assert rules == ["contact.email"]
    assert not dialog.copy_button.isEnabled() and not dialog.sent_button.isEnabled()
    row = dialog.finding_model.index(0, 0)
    assert "电子邮件地址" in row.data() and "阻止" in row.data()
    assert row.data(Qt.ItemDataRole.ForegroundRole).red() > 150
    text = dialog.text()
    start = text.index("max@example.de")
    assert dialog.highlighted_spans == [(utf16_position(text, start), utf16_position(text, start + 14))]
    assert "阻止" in dialog.check_summary.text()
    QGuiApplication.clipboard().setText("untouched")
    dialog.copy_to_clipboard()  # Ctrl+Shift+C or a click: refused
    assert QGuiApplication.clipboard().text() == "untouched"
    # removing the address makes it clean again
    with qtbot.waitSignal(dialog.sig_checked, timeout=WAIT) as again:
        dialog.editor.setPlainText(text.replace(" Oder schreiben Sie an max@example.de", ""))
    assert again.args[0] == [] and dialog.copy_button.isEnabled()


def test_highlights_land_on_the_right_characters_after_an_emoji(qtbot, world, runner):
    dialog = open_dialog(qtbot, world, runner)
    body = "Guten Tag 🙂, wir haben Ihre Bestellung geprüft. Rufnummer: 030 12345678"
    with qtbot.waitSignal(dialog.sig_checked, timeout=WAIT):
        dialog.editor.setPlainText(body)
    [(start, end)] = dialog.highlighted_spans
    cursor = dialog.editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "030 12345678"


def test_facts_the_case_lacks_are_typed_in(qtbot, chinese, world, runner):
    dialog = open_dialog(qtbot, world, runner)
    with qtbot.waitSignal(dialog.sig_missing_facts, timeout=WAIT) as missing:
        dialog.select_situation("partial_refund_offer")
    assert [f.name for f in missing.args[0]] == ["offer_amount"]
    field = dialog.findChild(QLineEdit, "fact_offer_amount")
    assert field is not None and dialog.facts_box.isVisibleTo(dialog)
    assert not dialog.copy_button.isEnabled()
    qtbot.keyClicks(field, "8,50")
    with qtbot.waitSignal(dialog.sig_checked, timeout=WAIT) as checked:
        qtbot.mouseClick(dialog.fill_button, Qt.MouseButton.LeftButton)
    assert "8,50\u00a0€" in dialog.text() and checked.args[0] == []
    # another language keeps the typed amount
    with qtbot.waitSignal(dialog.sig_prepared, timeout=WAIT) as prepared:
        dialog.select_language("fr")
    assert "8,50\u00a0€" in prepared.args[0].text and prepared.args[0].language == "fr"


def test_marking_sent_stops_the_clock_in_the_queue(qtbot, chinese, world, runner):
    store, case_id = world["store"], world["ids"]["message"]

    class QueueBackend:
        def queue_page(self, query, now, offset, limit, with_count):
            with store.reader() as session:
                return queue.load_page(session, query, now, offset, limit, with_count=with_count)

    model = QueueModel(runner, clock=lambda: NOW)
    with qtbot.waitSignal(model.sig_loaded, timeout=WAIT):
        model.set_backend(QueueBackend())
    row = next(r for r in range(model.rowCount()) if model.case_id(r) == case_id)
    assert model.index(row, COLUMN["time_left"]).data() == "已逾期 06:00:00"

    dialog = open_dialog(qtbot, world, runner)
    assert "24 小时" in dialog.clock_note.text()
    with qtbot.waitSignal(dialog.sig_sent, timeout=WAIT) as sent:
        qtbot.mouseClick(dialog.sent_button, Qt.MouseButton.LeftButton)
    assert sent.args[0].clock_stopped and "已停止计时" in dialog.message.text()

    with qtbot.waitSignal(model.sig_loaded, timeout=WAIT):
        model.refresh()
    row = next(r for r in range(model.rowCount()) if model.case_id(r) == case_id)
    cell = model.index(row, COLUMN["time_left"])
    assert cell.data() == "已答复 11-20 20:00"  # 12:00 UTC is 20:00 in Shanghai
    assert "计时已停止" in cell.data(Qt.ItemDataRole.ToolTipRole)


def test_without_a_login_the_reply_cannot_be_marked_sent(qtbot, chinese, world, runner):
    dialog = open_dialog(qtbot, world, runner, actor=None)
    assert dialog.copy_button.isEnabled() and not dialog.sent_button.isEnabled()
    assert "登录" in dialog.sent_button.toolTip()


def test_a_return_request_says_its_clock_keeps_running(qtbot, chinese, world, runner):
    dialog = open_dialog(qtbot, world, runner, case="return")
    assert dialog.language.currentData() == "fr" and "仍在计时" in dialog.clock_note.text()
    assert dialog.situation_model.index(0, 0).data(Qt.ItemDataRole.UserRole) == "return_instructions"


def test_models_pass_the_model_tester(qtbot, qtmodeltester, world, runner):
    dialog = open_dialog(qtbot, world, runner)
    qtmodeltester.check(dialog.situation_model)
    findings = FindingModel()
    findings.set_rows(check("Write to a@b.de or call +49 30 1234567, see www.shop.de", "DE"))
    assert findings.rowCount() == 4
    qtmodeltester.check(findings)
    qtmodeltester.check(SituationModel())


def test_every_visible_string_is_chinese(qtbot, chinese, world, runner):
    dialog = open_dialog(qtbot, world, runner)
    with qtbot.waitSignal(dialog.sig_checked, timeout=WAIT):
        dialog.editor.setPlainText(dialog.text() + "\nwww.example.de")
    texts = [w.text() for w in dialog.findChildren(QPushButton) if w.isVisibleTo(dialog)]
    texts += [w.text() for w in dialog.findChildren(QLabel)
              if w.isVisibleTo(dialog) and w.text() and not w.property("acornData")]  # fmt: skip
    texts += [dialog.windowTitle(), dialog.finding_model.index(0, 0).data()]
    untranslated = [t for t in texts if not re.search(f"[{CJK}]", t)]
    assert untranslated == []


def test_the_feature_opens_the_dialog_for_one_selected_case(qtbot, chinese, world, runner):
    window = QWidget()
    qtbot.addWidget(window)
    selected = {"ids": []}
    feature = ReplyFeature(window, runner, lambda: selected["ids"])
    assert feature.reply_action.shortcut().toString() == "Ctrl+R" and not feature.reply_action.isEnabled()
    feature.set_backend(world["replies"])
    with qtbot.waitSignal(feature.sig_message, timeout=WAIT) as message:
        feature.reply_action.trigger()
    assert "选择一个工单" in message.args[0]
    selected["ids"] = [world["ids"]["claim"]]
    with qtbot.waitSignal(feature.sig_dialog_opened, timeout=WAIT) as opened:
        feature.reply_action.trigger()
    dialog = opened.args[0]
    with qtbot.waitSignal(dialog.sig_checked, timeout=WAIT):
        pass
    assert dialog.language.currentData() == "en" and feature.dialog is dialog


def test_the_dialog_renders(qtbot, chinese, world, runner, tmp_path):
    dialog = open_dialog(qtbot, world, runner)
    dialog.resize(1000, 700)
    with qtbot.waitSignal(dialog.sig_checked, timeout=WAIT):
        dialog.editor.setPlainText(dialog.text().replace("Ihr Kundenservice", "Ihr Kundenservice\n"
                                                                          "Tel. 030 12345678"))  # fmt: skip
    assert dialog.isVisible()
    image = dialog.grab().toImage()
    path = tmp_path / "reply_dialog.png"
    assert image.save(str(path)) and image.width() >= 900
    keep = os.environ.get("ACORN_TEST_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / "reply_dialog.png")
