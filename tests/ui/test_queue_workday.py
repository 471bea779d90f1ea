"""A working day at the queue, by mouse and keyboard: choose columns, save own views, export the view to Excel.

Everything persists across a restart (a new window on the same settings), per user; the export holds every row
of the view (not only the pages loaded), in the UI language.
"""

from __future__ import annotations

import json
import logging
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from clicks import choose, click_action, click_in_menu_bar, right_click, type_text
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox

from acorn_desktop.app import StoreBackend, ensure_demo_users
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.services import queue, users
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.main_window import MainWindow, StoreMode
from acorn_desktop.ui.queue_model import COLUMN, PAGE, QueueModel
from acorn_desktop.ui.queue_view import QueueView
from acorn_desktop.ui.settings import Settings, user_scope
from acorn_desktop.ui.user_views import BUILT_IN_VIEWS, SavedView, dump_views, load_views, saved_view_key

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TIMEOUT = 20_000


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture(params=["zh_CN", "en"])
def lang(request, qapp):
    i18n.install(qapp, request.param)
    yield request.param
    i18n.install(qapp, "en")


@pytest.fixture
def seeded_store(store):
    seed_demo(store, cases=500, seed=3, now=NOW)
    ensure_demo_users(store)
    return store


@pytest.fixture
def open_window(qtbot, tmp_path, runner, seeded_store, lang):
    """A main window over the seeded store, on settings in ``tmp_path/settings`` (the same for every call)."""
    backend = StoreBackend(seeded_store)

    def make() -> MainWindow:
        settings = Settings(tmp_path / "settings")
        settings.language = lang
        win = MainWindow(settings, runner, location="test", mode=StoreMode.DEMO)
        qtbot.addWidget(win)
        win.use_default_geometry()
        win.show()
        qtbot.waitExposed(win)
        with qtbot.waitSignal(win.sig_data_loaded, timeout=TIMEOUT):
            win.set_backend(backend)
        return win

    return make


def header_point(win: MainWindow, key: str) -> QPoint:
    """The middle of ``key``'s header section, scrolled into sight."""
    table = win.queue_view.table
    header = table.horizontalHeader()
    section = COLUMN[key]
    table.scrollTo(win.queue_model.index(0, section))
    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)


def loaded(qtbot, win: MainWindow) -> None:
    with qtbot.waitSignal(win.queue_view.sig_loaded, timeout=TIMEOUT):
        pass


# -- the column chooser ----------------------------------------------------------------------------------------
def test_a_column_hidden_from_the_header_menu_stays_hidden_after_a_restart(qtbot, open_window, seeded_store):
    win = open_window()
    header = win.queue_view.table.horizontalHeader()
    menu = win.columns.menu
    assert not header.isSectionHidden(COLUMN["sku"])
    right_click(qtbot, header.viewport(), header_point(win, "sku"))
    click_action(qtbot, menu, win.columns.actions["sku"])
    qtbot.waitUntil(lambda: not menu.isVisible())
    assert header.isSectionHidden(COLUMN["sku"])
    assert win.columns.actions["sku"].text() == win.queue_model.headerData(COLUMN["sku"], Qt.Orientation.Horizontal)

    # 订单号 cannot be hidden: its entry is disabled, a click changes nothing
    order = win.columns.actions["order"]
    assert not order.isEnabled() and order.isChecked()
    right_click(qtbot, header.viewport(), header_point(win, "order"))
    click_action(qtbot, menu, order)
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not menu.isVisible())
    assert not header.isSectionHidden(COLUMN["order"])

    # 视图 › 列 › 风险: the same list under the View menu
    click_in_menu_bar(qtbot, win, win.menus["view"], menu.menuAction(), win.columns.actions["risk"])
    assert header.isSectionHidden(COLUMN["risk"])
    win.close()

    again = open_window()
    header = again.queue_view.table.horizontalHeader()
    assert header.isSectionHidden(COLUMN["sku"]) and header.isSectionHidden(COLUMN["risk"])
    assert not header.isSectionHidden(COLUMN["order"])
    assert not again.columns.actions["sku"].isChecked()

    # another person has their own columns; logging out brings back the installation's
    again.user_session.set_session(users.login(seeded_store, "manager", "acorn-demo"))
    loaded(qtbot, again)
    assert not header.isSectionHidden(COLUMN["sku"])
    again.user_session.set_session(None)
    loaded(qtbot, again)
    assert header.isSectionHidden(COLUMN["sku"])


# -- the person's own views --------------------------------------------------------------------------------------
def type_view_name(qtbot, win: MainWindow, name: str) -> None:
    """视图 › 保存当前视图…, type the name, click OK."""
    click_in_menu_bar(qtbot, win, win.menus["view"], win.user_views.save_action)
    qtbot.waitUntil(lambda: win.user_views.name_dialog is not None and win.user_views.name_dialog.isVisible())
    dialog = win.user_views.name_dialog
    edit = dialog.findChild(QLineEdit)
    edit.selectAll()
    type_text(qtbot, edit, name)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.user_views.name_dialog is None)


def test_a_saved_view_keeps_filters_search_and_sort_across_a_restart(qtbot, open_window, tmp_path):
    win = open_window()
    view = win.queue_view
    choose(qtbot, view.state, view.state.findData(CaseState.NEW.value))
    loaded(qtbot, win)
    header = view.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header_point(win, "amount"))
    loaded(qtbot, win)
    assert win.queue_model.query.sort == "amount"
    descending = win.queue_model.query.descending
    view.amount_min.setFocus()
    qtbot.keyClicks(view.amount_min, "20")
    loaded(qtbot, win)
    expected = win.queue_model.query

    type_view_name(qtbot, win, "DE 新建 > ¥20")
    key = saved_view_key("DE 新建 > ¥20")
    assert view.view_combo.currentData() == key
    assert win.user_views.delete_action.isEnabled()
    stored = json.loads(Settings(tmp_path / "settings").get_for(Settings.queue_saved_views, user_scope(None)))
    entry = stored["views"][0]
    assert entry["state"] == "new" and entry["sort"] == "amount" and entry["amount_min"] == "20"  # codes, not labels

    # the same name again asks first; "No" keeps the old one, "Yes" replaces it
    choose(qtbot, view.state, 0)
    loaded(qtbot, win)
    type_view_name(qtbot, win, "DE 新建 > ¥20")
    box = win.user_views.overwrite_box
    qtbot.waitUntil(box.isVisible)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.user_views.overwrite_box is None)
    assert win.user_views.views[0].state == "new"
    type_view_name(qtbot, win, "DE 新建 > ¥20")
    box = win.user_views.overwrite_box
    qtbot.waitUntil(box.isVisible)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.user_views.views[0].state is None)
    choose(qtbot, view.state, view.state.findData(CaseState.NEW.value))
    loaded(qtbot, win)
    type_view_name(qtbot, win, "DE 新建 > ¥20")
    box = win.user_views.overwrite_box
    qtbot.waitUntil(box.isVisible)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.user_views.views[0].state == "new")
    assert len(win.user_views.views) == 1
    win.close()

    again = open_window()
    view = again.queue_view
    index = view.view_combo.findData(key)
    assert index > 0 and view.view_combo.itemText(index) == "DE 新建 > ¥20"
    assert view.state.currentIndex() == 0  # a fresh start: nothing chosen yet
    choose(qtbot, view.view_combo, index)
    loaded(qtbot, again)
    query = again.queue_model.query
    assert query.states == (CaseState.NEW,) and query.amount_min == expected.amount_min
    assert (query.sort, query.descending) == ("amount", descending)
    assert view.state.currentData() == CaseState.NEW.value and view.amount_min.text() == "20"
    assert header_sort(again) == (COLUMN["amount"], descending)

    click_in_menu_bar(qtbot, again, again.menus["view"], again.user_views.delete_action)
    assert view.view_combo.findData(key) == -1 and view.view_combo.currentData() == "open"
    assert not again.user_views.delete_action.isEnabled()
    again.close()
    assert open_window().queue_view.view_combo.findData(key) == -1


def header_sort(win: MainWindow) -> tuple[int, bool]:
    header = win.queue_view.table.horizontalHeader()
    return header.sortIndicatorSection(), header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_a_corrupted_stored_view_list_is_ignored_with_a_log_line(qtbot, open_window, tmp_path, caplog):
    settings = Settings(tmp_path / "settings")
    good = SavedView(name="ok", state="new")
    entries = json.loads(dump_views([good]))
    entries["views"] += [{"name": "bad state", "state": "no-such-state"}, {"name": 3}, "junk",
                         {"name": "extra", "colour": "red"}]  # fmt: skip
    settings.set_for(Settings.queue_saved_views, user_scope(None), json.dumps(entries))
    settings.set_for(Settings.queue_hidden_columns, user_scope(None), "{not json")
    settings.sync()
    with caplog.at_level(logging.WARNING):
        win = open_window()
    assert [v.name for v in win.user_views.views] == ["ok"]
    assert win.queue_view.view_combo.findData(saved_view_key("ok")) > 0
    assert sum("ignoring stored queue view" in r.message for r in caplog.records) == 4
    assert any("queue column list" in r.message for r in caplog.records)
    assert not win.columns.hidden()
    assert load_views("][") == [] and load_views(json.dumps({"version": 99, "views": []})) == []


# -- the export ---------------------------------------------------------------------------------------------------
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX mode bits")
def test_ctrl_e_exports_every_row_of_the_filtered_view(qtbot, open_window, seeded_store, tmp_path, lang):
    win = open_window()
    view = win.queue_view
    choose(qtbot, view.view_combo, view.view_combo.findData("everything"))  # every case: more than a page
    loaded(qtbot, win)
    assert win.queue_model.rowCount() > PAGE
    choose(qtbot, view.marketplace, view.marketplace.findData("DE"))
    loaded(qtbot, win)
    with seeded_store.reader() as session:
        expected = queue.count(session, win.queue_model.query, win.queue_model.clock())
    assert expected == win.queue_model.rowCount() > 0
    target = tmp_path / "out" / "queue"
    win.queue_export.ask_path = lambda: str(target)  # the save dialog's answer (".xlsx" is added)
    view.table.setFocus()
    with qtbot.waitSignal(win.queue_export.sig_exported, timeout=TIMEOUT) as done:
        qtbot.keyClick(view.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    result = done.args[0]
    path = target.with_name("queue.xlsx")
    assert result.path == path and result.rows == expected
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    sheet = load_workbook(path).active
    assert sheet.max_row == expected + 1 and sheet.freeze_panes == "A2"
    titles = [c.value for c in sheet[1]]
    if lang == "zh_CN":
        assert sheet.title == "工单队列" and "订单号" in titles and "≈ 人民币" in titles
        assert {c.value for c in sheet["B"][1:]} <= {k.label_zh for k in CaseKind}
    else:
        assert sheet.title == "Case queue" and "Order ID" in titles and "≈ CNY" in titles
    assert {c.value for c in sheet["D"][1:]} == {"DE"}
    assert win.queue_export.action.isEnabled()


def test_every_view_the_queue_offers_is_saved_from_and_benchmarked(qtbot):
    """A saved view narrows a built-in view; the export bench times each one the window offers (same query)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import bench_export

    view = QueueView(QueueModel(runner=None))
    qtbot.addWidget(view)
    offered = view._saved_views(user_id=7, can_approve=True)
    assert set(offered) == BUILT_IN_VIEWS
    personal = {"my_todo", "awaiting_me"}  # the logged-in user's: the bench has no user
    benched = {k: q for k, q in bench_export.paths().items() if not k.startswith("filtered")}
    assert set(benched) == set(offered) - personal
    assert all(benched[key] == offered[key][1] for key in benched)
