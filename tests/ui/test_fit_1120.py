"""At 1120×720, in Chinese and English, texts fit the widgets that show them (font metrics vs width).

The order table of the detail pane leaves the product title room to read; the status bar's labels are
shown whole and never give way to a passing message; the database path is only a tooltip.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment

from acorn_desktop.app import StoreBackend
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.sync.engine import AccountReport
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.main_window import MainWindow, StoreMode
from acorn_desktop.ui.settings import Settings

TIMEOUT = 20_000
MIN_TITLE = 120  # px, and at least 40 % of the table: a product title of a few words on one line (it had ~40 px)


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    from acorn_desktop.storage.keys import KEY_MODE_PASSWORD
    from acorn_desktop.storage.store import Store, StoreLocation

    store = Store.create(
        StoreLocation(tmp_path_factory.mktemp("fit")), key_mode=KEY_MODE_PASSWORD, password_provider=lambda: "fit-pass"
    )
    seed_demo(store, cases=80, seed=5)
    yield store
    store.close()


@pytest.fixture(params=["zh_CN", "en"])
def window(request, qtbot, qapp, tmp_path, runner, seeded):
    i18n.install(qapp, request.param)
    settings = Settings(tmp_path / "settings")
    settings.language = request.param
    win = MainWindow(settings, runner, location=str(tmp_path / "data" / "acorn.db"), mode=StoreMode.LOCAL)
    qtbot.addWidget(win)
    win.use_default_geometry()
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignals([win.sig_data_loaded, win.detail.sig_loaded], timeout=TIMEOUT):
        win.set_backend(StoreBackend(seeded))
    yield win
    i18n.install(qapp, "en")


def test_order_table_gives_the_product_title_room(qtbot, window):
    view = window.detail.items_view
    qtbot.waitUntil(view.isVisible)
    columns = [c for c in range(view.model().columnCount()) if not view.isColumnHidden(c)]
    widths = {c: view.columnWidth(c) for c in columns}
    assert widths[0] >= max(MIN_TITLE, 0.4 * view.viewport().width()), (widths, view.viewport().width())
    assert sum(widths.values()) <= view.viewport().width(), (widths, view.viewport().width())
    line = view.fontMetrics().height()
    assert all(view.rowHeight(r) < 2 * line for r in range(view.model().rowCount()))  # one line, elided
    title = view.model().index(0, 0)
    assert view.model().data(title) in view.model().data(title, 3)  # the whole title in the tooltip


def status_labels(win: MainWindow) -> list:
    from PySide6.QtWidgets import QLabel

    return [label for label in win.statusBar().findChildren(QLabel) if label.isVisible()]


def assert_status_bar_fits(win: MainWindow) -> None:
    bar = win.statusBar()
    bar.layout().activate()  # lay out the texts just set now, as the next event would
    for label in status_labels(win):
        where = label.geometry()
        assert where.left() >= 0 and where.right() <= bar.width(), (label.objectName(), where, bar.width())
        shown = label.property("shownText") or label.text()
        if label.textFormat() != Qt.TextFormat.RichText:
            assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width(), label.objectName()
        if shown != label.text():  # elided to fit: the whole text is in the tooltip
            assert label.text() in label.toolTip()
    for whole in (win.mode_label, win.lock_label, win.counts_label, win.user_session.label):
        assert whole.isVisible() and (whole.property("shownText") or whole.text()) == whole.text(), whole.objectName()


def test_status_bar_labels_fit_and_survive_a_message(qtbot, window, tmp_path):
    assert "：" in window.counts_label.text() or ":" in window.counts_label.text()
    assert_status_bar_fits(window)
    window.show_status_message(
        "同步完成:演示店铺·欧洲 (Demo EU) 12 页,340 个新事件,5 个新工单;演示店铺·北美 (Demo NA) 8 页" * 2
    )
    assert window.counts_label.isVisible() and window.mode_label.isVisible() and window.lock_label.isVisible()
    assert_status_bar_fits(window)
    window.sync.label.setText("Syncing 演示店铺·欧洲 (Demo EU): 12 pages, 340 new events, 5 new cases " * 2)
    assert_status_bar_fits(window)
    names = ["演示店铺·北美 (Demo NA)", "演示店铺·欧洲 (Demo EU)", "演示店铺·远东 (Demo FE)"]
    window.sync._on_finished([AccountReport(i, name, status="ok") for i, name in enumerate(names)])
    assert_status_bar_fits(window)
    chips = window.sync.accounts_label
    assert chips.fontMetrics().horizontalAdvance(QTextDocumentFragment.fromHtml(chips.text()).toPlainText()) <= (
        chips.contentsRect().width()
    )


def test_status_bar_shows_the_mode_not_the_database_path(window, tmp_path):
    path = str(tmp_path / "data" / "acorn.db")
    assert all(path not in label.text() and "acorn.db" not in label.text() for label in status_labels(window))
    assert path in window.mode_label.toolTip()


def test_a_message_about_a_folder_names_it_and_keeps_the_path_in_the_tooltip(window, tmp_path):
    folder = tmp_path / "演示邮件"
    window.show_status_message(f"演示用的亚马逊通知邮件在 {folder.name}", 30_000, str(folder))
    label = window.status_messages.label
    assert str(tmp_path) not in label.text() and str(folder) in label.toolTip()


def _cut_texts(win: MainWindow) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton, QHeaderView, QLabel, QLineEdit

    cut = []
    for label in win.findChildren(QLabel):
        if not label.isVisible() or label.wordWrap() or label.textFormat() == Qt.TextFormat.RichText:
            continue
        text = label.property("shownText") or label.text()
        if text and "<" not in text and label.fontMetrics().horizontalAdvance(text) > label.contentsRect().width():
            cut.append(f"label {label.objectName() or text!r}: {text!r}")
    for button in win.findChildren(QAbstractButton):
        text = button.text().replace("&", "")
        if button.isVisible() and text and button.fontMetrics().horizontalAdvance(text) > button.width():
            cut.append(f"button {text!r}")
    for edit in win.findChildren(QLineEdit):
        hint = edit.placeholderText()
        if edit.isVisible() and hint and edit.fontMetrics().horizontalAdvance(hint) + 8 > edit.contentsRect().width():
            cut.append(f"placeholder {edit.objectName()}: {hint!r}")
    for header in win.findChildren(QHeaderView):
        if not header.isVisible() or header.orientation() != Qt.Orientation.Horizontal:
            continue
        model = header.model()
        for section in range(header.count()):
            if header.isSectionHidden(section) or header.sectionSize(section) == 0:
                continue
            title = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
            if header.fontMetrics().horizontalAdvance(title) + 4 > header.sectionSize(section):  # 2 px a side
                cut.append(f"header {header.parent().objectName()}[{title!r}]")
    return cut


def test_labels_buttons_and_headers_of_every_tab_fit(qtbot, window):
    cut = {}
    bar = window.tabs.tabBar()
    for tab in range(window.tabs.count()):
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
        page = window.tabs.currentWidget()
        if page.layout() is not None:
            page.layout().activate()  # lay the page out now, as its first paint would
        found = _cut_texts(window)
        if found:
            cut[window.tabs.tabText(tab)] = found
    assert cut == {}, "\n".join(f"{k}: {v}" for k, v in cut.items())
