"""Click every control of the main window like a person, in Chinese and in English.

Every tab (clicked in the tab bar), every combo box on it (each item, chosen in its popup), every menu
action (menu bar → menu → item, with the mouse) and every toolbar button. Dialogs they open are closed as
soon as they show. Afterwards: no error box appeared and the queue's count matches its rows.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from clicks import choose
from PySide6.QtCore import QEvent, QMetaObject, QObject, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QMenu, QMessageBox
from sp_api.auth import access_token_client

from acorn_desktop.app import StoreBackend, ensure_demo_users
from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.services import queue, users
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.services.demo_sync import sandbox_credentials
from acorn_desktop.sync.engine import SyncEngine
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.error_dialog import ExceptionReporter
from acorn_desktop.ui.main_window import MainWindow, StoreMode
from acorn_desktop.ui.settings import Settings

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TIMEOUT = 30_000


class DialogCloser(QObject):
    """Closes every dialog as soon as it shows (queued: it may be inside its own ``exec()``); records error boxes."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []
        self.errors: list[str] = []

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(obj, QDialog) and obj.isWindow():
            self.seen.append(f"{type(obj).__name__}: {obj.windowTitle()}")
            if isinstance(obj, QMessageBox) and obj.icon() == QMessageBox.Icon.Critical:
                self.errors.append(f"{obj.text()}\n{obj.detailedText()}")
            QMetaObject.invokeMethod(obj, "reject", Qt.ConnectionType.QueuedConnection)
        return False


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture
def sandbox():
    access_token_client.cache.clear()
    with SandboxServer(seed=7, cases=300, now=NOW, rate_limits=False) as server:
        yield server


@pytest.fixture
def seeded_store(store):
    seed_demo(store, cases=300, seed=7, now=NOW)
    ensure_demo_users(store)
    return store


@pytest.fixture
def closer(qapp):
    watcher = DialogCloser()
    reporter = ExceptionReporter(present=lambda message, details: watcher.errors.append(f"{message}\n{details}"))
    reporter.install()
    qapp.installEventFilter(watcher)
    yield watcher
    qapp.removeEventFilter(watcher)
    reporter.uninstall()


def count_in(label_text: str) -> int | None:
    digits = re.sub(r"[^\d]", "", label_text)
    return int(digits) if digits else None


def settle(qtbot, win: MainWindow, store) -> None:
    """No dialog left open and the queue's count label, its rows and the database agree."""
    model = win.queue_model

    def agreed() -> bool:
        if QApplication.activeModalWidget() is not None or QApplication.activePopupWidget() is not None:
            return False
        if win.sync.running:
            return False
        with store.reader() as session:
            expected = queue.count(session, model.query, model.clock())
        return count_in(win.queue_view.count_label.text()) == model.rowCount() == expected

    qtbot.waitUntil(agreed, timeout=TIMEOUT)


def click_tab(qtbot, win: MainWindow, index: int) -> None:
    bar = win.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert win.tabs.currentIndex() == index


def click_menu_item(qtbot, win: MainWindow, menu: QMenu, action) -> None:
    bar = win.menuBar()
    title = bar.actionGeometry(menu.menuAction()).center()
    qtbot.mouseMove(bar, title)  # the pointer comes from the menu bar, as a hand's does (see clicks.click_action)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=title)
    qtbot.waitUntil(menu.isVisible)
    centre = menu.actionGeometry(action).center()
    qtbot.mouseMove(menu, centre)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=centre)
    if action.menu() is not None:  # a submenu: click each of its items in turn
        sub = action.menu()
        qtbot.waitUntil(sub.isVisible)
        count = len([a for a in sub.actions() if not a.isSeparator()])
        qtbot.keyClick(sub, Qt.Key.Key_Escape)
        qtbot.keyClick(menu, Qt.Key.Key_Escape)
        for position in range(count):
            qtbot.mouseMove(bar, title)
            qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=title)
            qtbot.waitUntil(menu.isVisible)
            qtbot.mouseMove(menu, centre)
            qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=centre)
            qtbot.waitUntil(sub.isVisible)
            items = [a for a in sub.actions() if not a.isSeparator()]  # a submenu may rebuild itself on show
            if position >= len(items):
                qtbot.keyClick(sub, Qt.Key.Key_Escape)
                qtbot.keyClick(menu, Qt.Key.Key_Escape)
                break
            item = items[position]
            if not item.isEnabled():
                qtbot.keyClick(sub, Qt.Key.Key_Escape)
                qtbot.keyClick(menu, Qt.Key.Key_Escape)
                continue
            point = sub.actionGeometry(item).center()
            qtbot.mouseMove(sub, point)
            qtbot.mouseClick(sub, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: not menu.isVisible())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_combo_menu_item_and_toolbar_button_clicked(qtbot, qapp, tmp_path, runner, sandbox, seeded_store,
                                                         closer, lang):  # fmt: skip
    i18n.install(qapp, lang)
    try:
        settings = Settings(tmp_path / "settings")
        settings.language = lang
        backend = StoreBackend(seeded_store, credentials=sandbox_credentials(sandbox))
        backend.engine = SyncEngine(seeded_store, sandbox_credentials(sandbox), now=sandbox.world.now,
                                    rate_limits=False, timeout=10)  # fmt: skip
        win = MainWindow(settings, runner, location="demo", mode=StoreMode.DEMO)
        qtbot.addWidget(win)
        win.use_default_geometry()
        win.show()
        qtbot.waitExposed(win)
        with qtbot.waitSignal(win.sig_data_loaded, timeout=TIMEOUT):
            win.set_backend(backend)
        win.user_session.set_session(users.login(seeded_store, "manager", "acorn-demo"))
        settle(qtbot, win, seeded_store)
        walked: list[str] = []

        for tab in range(win.tabs.count()):
            click_tab(qtbot, win, tab)
            page = win.tabs.widget(tab)
            for combo in [c for c in page.findChildren(QComboBox) if c.isVisible() and c.isEnabled()]:
                for index in [*range(1, combo.count()), 0]:
                    choose(qtbot, combo, index)
                    walked.append(f"{combo.objectName()}[{combo.itemText(index)}]")
                    settle(qtbot, win, seeded_store)
        click_tab(qtbot, win, 0)

        quit_action = win.app_actions.quit
        logout = win.user_session.logout_action
        for key, menu in win.menus.items():
            for action in [a for a in menu.actions() if not a.isSeparator()]:
                if action is quit_action or not action.isEnabled():
                    continue
                click_menu_item(qtbot, win, menu, action)
                walked.append(f"{key}: {action.text()}")
                settle(qtbot, win, seeded_store)
                if action is logout:
                    win.user_session.set_session(users.login(seeded_store, "manager", "acorn-demo"))
                    settle(qtbot, win, seeded_store)

        bar = win.findChild(QObject, "mainToolBar")
        for action in bar.actions():
            button = bar.widgetForAction(action)
            if action.isSeparator() or button is None or not action.isEnabled():
                continue
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            walked.append(f"toolbar: {action.text()}")
            settle(qtbot, win, seeded_store)

        assert closer.errors == []
        assert len(walked) > 100, walked
        assert any("ReplyDialog" in seen for seen in closer.seen)  # closed before its data arrived: no error
        assert f"QInputDialog: {win.user_views.tr('Save Current View')}" in closer.seen  # 保存当前视图…, cancelled
        assert f"QFileDialog: {win.queue_export.tr('Export to Excel')}" in closer.seen  # 导出为 Excel…, cancelled
        assert not win.columns.hidden()  # 视图 › 列: each column was hidden in turn, then 恢复默认列 showed them all
    finally:
        i18n.install(qapp, "en")
