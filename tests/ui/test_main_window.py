"""The main window: Chinese by default, English on request, case counts loaded in the background."""

from __future__ import annotations

import argparse
import logging

import pytest
from PySide6.QtWidgets import QLabel
from seeding import KNOWN_CASES, insert_cases, install_fake_seeder

from acorn_desktop.app import AcornApp, StoreBackend
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.main_window import MainWindow, StoreMode
from acorn_desktop.ui.settings import Settings


@pytest.fixture
def language(qapp):
    """Install translators for a language; afterwards the app is back to plain English source strings."""

    def use(lang: str) -> str:
        return i18n.install(qapp, lang)

    yield use
    i18n.install(qapp, "en")


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture
def make_window(qtbot, tmp_path, runner):
    def make(mode: StoreMode = StoreMode.LOCAL, settings_dir=None) -> MainWindow:
        settings = Settings(settings_dir or tmp_path / "settings")
        window = MainWindow(settings, runner, location="/data/acorn.db", mode=mode)
        qtbot.addWidget(window)
        return window

    return make


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def strip_mnemonic(text: str) -> str:
    return text.split("(&")[0].replace("&", "")


def test_starts_in_chinese_with_glossary_menu_titles(language, make_window):
    language("zh_CN")
    window = make_window()
    assert [strip_mnemonic(t) for t in menu_titles(window)] == ["文件", "工单", "视图", "帮助"]
    assert menu_titles(window) == ["文件(&F)", "工单(&C)", "视图(&V)", "帮助(&H)"]
    assert window.windowTitle() == "ACORN-i 退款助手"
    assert window.lock_label.text() == "已锁定"
    assert [a.text() for a in window.menus["file"].actions() if not a.isSeparator()] == [
        "导入邮件、索赔或报告(&I)…",
        "邮箱(&B)…",
        "导出为 Excel(&E)…",
        "登录(&L)…",
        "注销(&O)",
        "首选项(&P)…",
        "店铺(&R)…",
        "立即同步(&S)",
        "停止同步(&T)",
        "退出(&X)",
    ]
    assert [a.text() for a in window.menus["cases"].actions() if not a.isSeparator()] == [
        "新建工单(&N)…",
        "审批决定(&D)…",
        "一步批准所选(&S)…",
        "发送审批(&A)…",
        "标记为已处理(&H)",
        "分配给(&T)",
        "撤回申请(&W)…",
        "回复买家(&R)…",
        "生成申诉信(&L)…",
    ]
    view_items = [a.text() for a in window.menus["view"].actions() if not a.isSeparator()]
    assert [t for t in view_items if t in ("保存当前视图(&V)…", "删除视图(&D)", "列(&C)")] == [
        "保存当前视图(&V)…",
        "删除视图(&D)",
        "列(&C)",
    ]
    assert [a.text() for a in window.menus["help"].actions()] == ["关于 ACORN-i(&A)", "关于 Qt(&Q)"]


def test_starts_in_english_with_lang_en(language, make_window):
    language("en")
    window = make_window()
    assert menu_titles(window) == ["&File", "&Cases", "&View", "&Help"]
    assert window.lock_label.text() == "Locked"


def test_demo_mode_is_shown_in_the_status_bar(language, make_window):
    language("zh_CN")
    assert make_window(StoreMode.DEMO).mode_label.text() == "演示模式(沙盒)"
    assert make_window(StoreMode.TEAM).mode_label.text() == "团队模式"


def test_summary_shows_counts_from_a_seeded_store(qtbot, language, make_window, store):
    language("zh_CN")
    insert_cases(store)  # 7 cases: 6 open, 2 of them overdue (see seeding.KNOWN_CASES)
    window = make_window()
    area = window.queue_area
    assert not area.refresh_action.isEnabled()
    with qtbot.waitSignal(window.sig_data_loaded, timeout=10_000):
        window.set_backend(StoreBackend(store))
    assert area.total_card.value.text() == "7"
    assert area.open_card.value.text() == "6"
    assert area.overdue_card.value.text() == "2"
    assert area.by_kind.counts["refund"].text() == "3"
    assert area.by_kind.counts["atoz_claim"].text() == "1"
    assert area.by_kind.counts["reimbursement"].text() == "0"
    assert area.by_state.counts["closed"].text() == "1"
    assert window.lock_label.text() == "已解锁"
    assert "工单：7" in window.counts_label.text() and "已逾期：2" in window.counts_label.text()
    kind_names = {w.text() for w in area.by_kind.findChildren(QLabel)}
    assert {"退款", "A-to-z 索赔", "拒付", "SAFE-T 索赔", "FBA 赔偿"} <= kind_names

    # Refresh picks up new rows, again through the background runner.
    insert_cases(store, KNOWN_CASES[:1], start=100)
    with qtbot.waitSignal(window.sig_data_loaded, timeout=10_000):
        area.refresh_action.trigger()
    assert area.total_card.value.text() == "8"


def test_geometry_is_saved_and_restored(qtbot, make_window, tmp_path):
    window = make_window(settings_dir=tmp_path / "geo")
    window.resize(760, 560)  # the offscreen screen is 800 × 600
    window.show()
    qtbot.waitExposed(window)
    saved = window.size()
    assert saved != make_window(settings_dir=tmp_path / "other").size()  # differs from the default
    window.close()
    assert not Settings(tmp_path / "geo").window_geometry.isEmpty()
    again = make_window(settings_dir=tmp_path / "geo")
    # The offscreen platform may round the restored frame by a pixel.
    assert abs(again.width() - saved.width()) <= 2 and abs(again.height() - saved.height()) <= 2


def test_settings_declare_defaults_once(tmp_path):
    settings = Settings(tmp_path)
    assert settings.language == "zh_CN"
    assert settings.time_zone == "Asia/Shanghai"
    assert settings.window_geometry.isEmpty()
    with pytest.raises(TypeError):
        settings.language = 3
    assert (tmp_path / "settings.ini").parent == tmp_path


@pytest.fixture
def acorn_app(qapp, language, data_dir, monkeypatch):
    """The real composition root, in-process (no excepthook), against a temp demo data dir."""
    install_fake_seeder()
    created: list[AcornApp] = []

    def make(*argv: str, demo: bool = True) -> AcornApp:
        from acorn_desktop.app import parse_args

        args = parse_args([*(["--demo"] if demo else []), "--data-dir", str(data_dir), *argv])
        app = AcornApp(args, qapp, install_hooks=False)
        created.append(app)
        return app

    yield make
    for app in created:
        app.window.close()
        app.shutdown()
        app.setParent(None)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_acorn", False)]:
        root.removeHandler(handler)
        handler.close()
    qapp.setStyleSheet("")


def test_app_opens_the_demo_store_in_english_with_lang_en(qtbot, acorn_app):
    app = acorn_app("--lang", "en")
    with qtbot.waitSignal(app.window.sig_data_loaded, timeout=60_000):
        app.start()
    assert menu_titles(app.window) == ["&File", "&Cases", "&View", "&Help"]
    assert app.window.mode_label.text() == "Demo mode (sandbox)"
    assert app.window.queue_area.total_card.value.text() == "2,000"
    assert app.backend is not None and app.backend.seeded == 2000
    assert app.settings.language == "en"


def test_app_defaults_to_chinese(qtbot, acorn_app):
    app = acorn_app()
    assert isinstance(app.args, argparse.Namespace) and app.args.lang is None
    with qtbot.waitSignal(app.window.sig_data_loaded, timeout=60_000):
        app.start()
    assert menu_titles(app.window) == ["文件(&F)", "工单(&C)", "视图(&V)", "帮助(&H)"]
    assert app.window.mode_label.text() == "演示模式(沙盒)"
    assert app.font_warning is None  # the test machine has a CJK font


def test_app_warns_at_start_when_no_font_can_draw_chinese(qtbot, acorn_app, monkeypatch):
    from PySide6.QtGui import QFontDatabase

    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *args: []))
    app = acorn_app()
    with qtbot.waitSignal(app.window.sig_data_loaded, timeout=60_000):
        app.start()
    assert app.font_warning is not None and app.font_warning.isVisible()
    assert "fonts-noto-cjk" in app.font_warning.text()
    app.font_warning.close()


def test_master_password_is_asked_on_the_gui_thread_and_retried(qtbot, qapp, acorn_app, data_dir, monkeypatch):
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QInputDialog

    from acorn_desktop.storage import keys
    from acorn_desktop.storage.store import Store, StoreLocation

    location = StoreLocation(data_dir)
    Store.create(location, key_mode=keys.KEY_MODE_PASSWORD, password_provider=lambda: "richtig-1234").close()
    answers = iter([("falsch-9999", True), ("richtig-1234", True)])
    asked = []

    def get_text(*args, **kwargs):
        asked.append(QThread.currentThread() is qapp.thread())
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    app = acorn_app(demo=False)
    with qtbot.waitSignal(app.window.sig_data_loaded, timeout=30_000):
        app.start()
    assert asked == [True, True]  # wrong password, asked again, right password
    assert app.window.mode_label.text() == "本地加密数据库"
    assert app.window.lock_label.text() == "已解锁"
    assert app.window.queue_area.total_card.value.text() == "0"


def test_logging_in_binds_the_user_everywhere_and_opens_the_decision_pages(qtbot, make_window, store):
    """A manager logs in: queue actions, detail pane, rules/policy/audit pages act as them; logout undoes it."""
    from acorn_desktop.app import ensure_demo_users
    from acorn_desktop.services import users

    ensure_demo_users(store)
    window = make_window()
    window.set_backend(StoreBackend(store))
    feature = window.user_session
    assert feature.login_action.isEnabled() and not feature.logout_action.isEnabled()
    assert not feature.audit_page.table.isEnabled()  # nobody logged in: no audit log
    manager = users.login(store, "manager", "acorn-demo")
    with qtbot.waitSignal(feature.audit_page.model.sig_loaded, timeout=10_000):
        feature.set_session(manager)
    assert window.queue_actions.actor == manager.actor and feature.rules_page.actor == manager.actor
    assert feature.audit_page.model.total > 0  # the demo users' creation is audited
    assert window.queue_view.view_combo.findData("awaiting_me") >= 0
    assert "王主管" in feature.label.text() and feature.logout_action.isEnabled()
    feature.logout_action.trigger()
    assert window.queue_actions.actor.user_id is None and window.queue_view.view_combo.findData("my_todo") == -1
    assert not feature.audit_page.table.isEnabled()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_toolbar_buttons_show_no_menu_mnemonics(qtbot, language, make_window, lang):
    from PySide6.QtWidgets import QToolBar

    language(lang)
    window = make_window()
    window.show()
    bar = window.findChild(QToolBar, "mainToolBar")
    buttons = [bar.widgetForAction(a) for a in bar.actions() if not a.isSeparator()]
    texts = [b.text() for b in buttons if b is not None]
    assert texts and all("&" not in t and "(" not in t for t in texts), texts
    if lang == "zh_CN":
        assert "立即同步" in texts and "立即同步(&S)" in [a.text() for a in window.menus["file"].actions()]
    else:
        assert "Sync Now" in texts


def test_a_cs_agent_is_not_offered_awaiting_my_approval(qtbot, make_window, store):
    from acorn_desktop.app import ensure_demo_users
    from acorn_desktop.services import users

    ensure_demo_users(store)
    window = make_window()
    window.set_backend(StoreBackend(store))
    window.user_session.set_session(users.login(store, "agent", "acorn-demo"))
    combo = window.queue_view.view_combo
    assert combo.findData("my_todo") >= 0 and combo.findData("awaiting_me") == -1
    window.user_session.set_session(users.login(store, "finance", "acorn-demo"))
    assert combo.findData("awaiting_me") >= 0


def test_awaiting_my_approval_shows_a_count_badge(qtbot, language, make_window, store):
    from acorn_desktop.app import ensure_demo_users
    from acorn_desktop.services import users
    from acorn_desktop.services.approvals import ApprovalServices

    language("zh_CN")
    ensure_demo_users(store)
    insert_cases(store)
    operator = users.login(store, "operator", "acorn-demo")
    with store.reader() as session:
        from acorn_desktop.models import Case

        ids = [c.id for c in session.query(Case).order_by(Case.id) if c.state.value in ("new", "in_progress")][:2]
    ApprovalServices(store).request(operator, ids, "请批准")
    window = make_window()
    with qtbot.waitSignal(window.sig_data_loaded, timeout=10_000):
        window.set_backend(StoreBackend(store))
    combo = window.queue_view.view_combo
    window.user_session.set_session(users.login(store, "manager", "acorn-demo"))
    qtbot.waitUntil(lambda: combo.itemText(combo.findData("awaiting_me")) == "待我审批 (2)", timeout=10_000)
