"""The buyer's words head the detail pane: clicking a buyer message in the queue shows the latest excerpt of the
buyer's mail in the first card under the header (not ~900 px down in 证据包), in zh_CN and en, at 1120×720."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from reply_world import NOW, make_world

from acorn_desktop import models as m
from acorn_desktop.app import StoreBackend
from acorn_desktop.domain.evidence import MessageExcerpt
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.buyer_words_card import latest_words
from acorn_desktop.ui.main_window import MainWindow, StoreMode
from acorn_desktop.ui.settings import Settings

TIMEOUT = 20_000
LATEST = "Wo bleibt mein Paket? Die Sendungsverfolgung zeigt seit Tagen nichts."


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture(params=["zh_CN", "en"])
def window(request, qtbot, qapp, tmp_path, runner, store):
    i18n.install(qapp, request.param)
    ids = make_world(store)
    with store.session() as session:  # a second, later mail from the same buyer
        session.add(m.InboundMessage(channel="eml", content_sha256="b" * 64, status="parsed", case_id=ids["message"],
                                     subject="Noch einmal", received_at=NOW - timedelta(hours=3),
                                     facts={"excerpt": LATEST}))  # fmt: skip
    settings = Settings(tmp_path / "settings")
    settings.language = request.param
    win = MainWindow(settings, runner, location="demo", mode=StoreMode.DEMO)
    qtbot.addWidget(win)
    win.use_default_geometry()
    win.resize(1120, 720)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignal(win.sig_data_loaded, timeout=TIMEOUT):
        win.set_backend(StoreBackend(store))
    yield win, ids, request.param
    i18n.install(qapp, "en")


def click_case(qtbot, win: MainWindow, case_id: int) -> None:
    row = win.queue_model.row_of(case_id)
    assert row is not None
    table = win.queue_view.table
    rect = table.visualRect(win.queue_model.index(row, 1))
    with qtbot.waitSignal(win.evidence_package.sig_loaded, timeout=TIMEOUT):
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_latest_buyer_words_head_the_detail_pane(qtbot, window):
    win, ids, lang = window
    click_case(qtbot, win, ids["message"])
    card = win.buyer_words
    qtbot.waitUntil(card.isVisible, timeout=TIMEOUT)
    assert LATEST in card.quote_label.text()
    assert "nicht angekommen" not in card.quote_label.text()  # the older mail stays in the evidence package
    assert "Noch einmal" in card.meta_label.text()
    assert ("1 条更早的消息" if lang == "zh_CN" else "1 earlier message") in card.meta_label.text()
    assert card.title.text() == ("买家原话" if lang == "zh_CN" else "Buyer's words")
    # the first card under the header, and on screen without scrolling
    assert card.y() < win.detail.order_card.y() < win.evidence_package.y()
    assert card.y() < win.detail.scroll.viewport().height()


def test_no_words_card_for_a_case_without_buyer_words(qtbot, window):
    win, ids, _lang = window
    click_case(qtbot, win, ids["message"])
    qtbot.waitUntil(win.buyer_words.isVisible, timeout=TIMEOUT)
    click_case(qtbot, win, ids["return"])  # a return request without a comment: nothing to quote
    assert not win.buyer_words.isVisible()


def test_latest_words_picks_the_newest_excerpt():
    old = MessageExcerpt(NOW - timedelta(days=2), "a", "old")
    new = MessageExcerpt(NOW, "b", "new")
    undated = MessageExcerpt(None, "c", "undated")
    assert latest_words([new, undated, old]) == new
    assert latest_words([MessageExcerpt(NOW, "d", "  ")]) is None
