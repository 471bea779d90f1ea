"""First start without a store: the setup dialog, and the app creating the store it asks for."""

from __future__ import annotations

import json
import logging

import keyring.backends.fail
import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QApplication

from acorn_desktop.app import AcornApp, parse_args, probe_store
from acorn_desktop.models import AuditEntry
from acorn_desktop.services import audit
from acorn_desktop.storage import keys
from acorn_desktop.storage.secrets import SecretStore
from acorn_desktop.storage.store import Store, StoreLocation
from acorn_desktop.ui import i18n
from acorn_desktop.ui.setup_dialog import SetupChoice, SetupDialog

PASSWORD = "geheim-1234"


@pytest.fixture
def chinese(qapp):
    i18n.install(qapp, "zh_CN")
    yield
    i18n.install(qapp, "en")


@pytest.fixture
def make_dialog(qtbot, tmp_path, isolated_keyring):
    def make(secrets: SecretStore | None = None) -> SetupDialog:
        dialog = SetupDialog(tmp_path / "data", secrets or SecretStore(isolated_keyring))
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return make


def no_keyring() -> SecretStore:
    return SecretStore(keyring.backends.fail.Keyring())


# -- the dialog ---------------------------------------------------------------------------------------------
def test_keyring_mode_is_the_default_when_available(chinese, make_dialog, tmp_path):
    dialog = make_dialog()
    assert dialog.windowTitle() == "创建加密数据库"
    assert dialog.data_dir_label.text() == str(tmp_path / "data")
    assert dialog.keyring_radio.isEnabled() and dialog.keyring_radio.isChecked()
    assert dialog.keyring_radio.text() == "系统密钥环（推荐）"
    assert not dialog.password_panel.isEnabled()
    assert dialog.ok_button.isEnabled() and dialog.ok_button.text() == "创建数据库"
    assert dialog.choice() == SetupChoice(keys.KEY_MODE_KEYRING)
    assert dialog.choice().password_provider() is None


def test_master_password_is_validated_inline(qtbot, chinese, make_dialog):
    dialog = make_dialog()
    dialog.password_radio.click()
    assert dialog.password_panel.isEnabled()
    assert not dialog.ok_button.isEnabled()
    assert "无法找回" in dialog.recovery_warning.text() and dialog.recovery_warning.isVisible()

    qtbot.keyClicks(dialog.password_edit, "kurz")
    assert not dialog.ok_button.isEnabled()
    assert dialog.validation_label.isVisible()
    assert dialog.validation_label.text() == "主密码至少需要 8 个字符。"
    assert dialog.validation_message()[0] == "error"

    qtbot.keyClicks(dialog.password_edit, "-und-lang")  # now 13 characters, not repeated yet
    assert not dialog.ok_button.isEnabled()
    assert dialog.validation_label.text() == "请再次输入主密码以确认。"

    qtbot.keyClicks(dialog.repeat_edit, "kurz-und-lanx")
    assert not dialog.ok_button.isEnabled()
    assert dialog.validation_label.text() == "两次输入的主密码不一致。"

    dialog.repeat_edit.backspace()
    qtbot.keyClicks(dialog.repeat_edit, "g")
    assert dialog.ok_button.isEnabled()
    assert not dialog.validation_label.isVisible()
    choice = dialog.choice()
    assert choice.key_mode == keys.KEY_MODE_PASSWORD and choice.password == "kurz-und-lang"
    assert choice.password_provider()() == "kurz-und-lang"
    assert "kurz" not in repr(choice)  # never in logs by accident

    dialog.keyring_radio.click()  # back to the keyring: valid again, password fields greyed out
    assert dialog.ok_button.isEnabled() and not dialog.password_panel.isEnabled()
    assert dialog.choice() == SetupChoice(keys.KEY_MODE_KEYRING)


def test_enter_cannot_accept_an_invalid_password(qtbot, make_dialog):
    dialog = make_dialog(no_keyring())
    qtbot.keyClicks(dialog.password_edit, "short")
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != SetupDialog.DialogCode.Accepted


def test_without_a_keyring_only_the_master_password_is_offered(chinese, make_dialog):
    dialog = make_dialog(no_keyring())
    assert not dialog.keyring_available
    assert not dialog.keyring_radio.isEnabled() and not dialog.keyring_radio.isChecked()
    assert dialog.password_radio.isChecked() and dialog.password_panel.isEnabled()
    assert dialog.keyring_hint.text().startswith("本机没有可用的系统密钥环")
    assert dialog.keyring_hint.isVisible()
    assert not dialog.ok_button.isEnabled()  # no plaintext fallback: a password is required


def test_english_source_strings(make_dialog):
    dialog = make_dialog(no_keyring())
    assert dialog.windowTitle() == "Create an encrypted database"
    assert dialog.keyring_hint.text().startswith("No system keyring is available")


# -- probing the data dir -----------------------------------------------------------------------------------
def test_probe_tells_a_missing_store_from_an_existing_one(data_dir):
    location = StoreLocation(data_dir)
    probe = probe_store(location)
    assert not probe.exists and probe.keyring_available  # the isolated test keyring counts as secure
    assert not probe_store(location, no_keyring()).keyring_available
    Store.create(location, key_mode=keys.KEY_MODE_PASSWORD, password_provider=lambda: PASSWORD).close()
    probe = probe_store(location)
    assert probe.exists and probe.needs_password


def test_probe_never_offers_setup_in_team_mode(data_dir):
    probe = probe_store(StoreLocation(data_dir, "postgresql+psycopg://nobody@127.0.0.1:1/none"))
    assert probe.exists and not probe.needs_password  # opening it reports the real problem, as before


# -- the app, in-process ------------------------------------------------------------------------------------
@pytest.fixture
def exits(monkeypatch) -> list[int]:
    """Codes passed to QApplication.exit(). Recorded, not executed: outside exec() a real exit() would leave
    Qt's quit flag set and make every later event loop in this test process return at once."""
    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: codes.append(code)))
    return codes


@pytest.fixture
def acorn_app(qapp, chinese, data_dir, exits):
    created: list[AcornApp] = []

    def make(*argv: str) -> AcornApp:
        app = AcornApp(parse_args(["--data-dir", str(data_dir), *argv]), qapp, install_hooks=False)
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


def store_files(data_dir) -> list[str]:
    return sorted(p.name for p in data_dir.glob("acorn.db*")) + sorted(p.name for p in data_dir.glob("store.json*"))


def audit_entries(location: StoreLocation, password: str | None = None) -> list[tuple[str, str, str, str]]:
    """(actor, action, summary, payload digest) of every audit entry, oldest first."""
    store = Store.open(location, password_provider=(lambda: password) if password else None)
    try:
        with store.reader() as session:
            entries = session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))
            return [(e.actor, e.action, e.summary, e.payload_digest) for e in entries]
    finally:
        store.close()


def start_until_setup(qtbot, app: AcornApp) -> SetupDialog:
    with qtbot.waitSignal(app.sig_setup_shown, timeout=10_000) as shown:
        app.start()
    dialog = shown.args[0]
    qtbot.waitUntil(dialog.isVisible)
    assert app.setup_dialog is dialog and dialog.isModal()
    return dialog


def test_first_start_creates_a_master_password_store(qtbot, acorn_app, data_dir):
    app = acorn_app()
    dialog = start_until_setup(qtbot, app)
    assert dialog.windowTitle() == "创建加密数据库"
    assert dialog.data_dir_label.text() == str(data_dir.resolve())
    assert store_files(data_dir) == []  # the dialog only asks

    dialog.password_radio.click()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClicks(dialog.repeat_edit, PASSWORD)
    with qtbot.waitSignal(app.window.sig_data_loaded, timeout=30_000):
        dialog.ok_button.click()

    assert app.setup_dialog is None and app.exit_code == 0
    assert app.window.mode_label.text() == "本地加密数据库"
    assert app.window.lock_label.text() == "已解锁"
    assert app.window.queue_area.total_card.value.text() == "0"
    manifest = json.loads((data_dir / "store.json").read_text(encoding="utf-8"))
    assert manifest["key_mode"] == keys.KEY_MODE_PASSWORD and not manifest["demo"]

    location = StoreLocation(data_dir.resolve())
    with pytest.raises(Exception, match="主密码"):  # the password is really needed
        Store.open(location)
    assert audit_entries(location, PASSWORD) == [
        (
            "gui",
            "store.init",
            "store created (master_password)",
            audit.digest({"key_mode": keys.KEY_MODE_PASSWORD, "backend": "sqlite", "demo": False}),
        )
    ]
    assert PASSWORD not in (data_dir / "logs" / "acorn.log").read_text(encoding="utf-8")


def test_first_start_creates_a_keyring_store_by_default(qtbot, acorn_app, data_dir, isolated_keyring):
    app = acorn_app()
    dialog = start_until_setup(qtbot, app)
    assert dialog.keyring_radio.isChecked()
    with qtbot.waitSignal(app.window.sig_data_loaded, timeout=30_000):
        dialog.ok_button.click()

    assert app.window.queue_area.total_card.value.text() == "0"
    manifest = keys.Manifest.load(data_dir / "store.json")
    assert manifest.key_mode == keys.KEY_MODE_KEYRING
    assert isolated_keyring.get_password("ACORN-i", manifest.key_entry)  # the key went to the keyring
    entries = audit_entries(StoreLocation(data_dir.resolve()))  # opens without a password
    assert [entry[:3] for entry in entries] == [("gui", "store.init", "store created (keyring)")]


def test_second_start_opens_the_created_store_without_asking(qtbot, acorn_app, data_dir):
    Store.create(StoreLocation(data_dir)).close()
    app = acorn_app()
    app.setup_dialog_factory = lambda *a: pytest.fail("setup dialog shown for an existing store")
    with qtbot.waitSignal(app.window.sig_data_loaded, timeout=30_000):
        app.start()
    assert app.window.lock_label.text() == "已解锁"


def test_cancelling_setup_quits_with_code_1_and_creates_no_store(qtbot, acorn_app, data_dir, exits):
    app = acorn_app()
    dialog = start_until_setup(qtbot, app)
    with qtbot.waitSignal(app.sig_finished, timeout=10_000) as finished:
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert finished.args == [1] and app.exit_code == 1 and exits == [1]
    assert app.backend is None and app.setup_dialog is None
    assert store_files(data_dir) == []


def test_screenshot_run_without_a_store_never_asks(qtbot, acorn_app, data_dir, tmp_path, capsys, exits):
    app = acorn_app("--screenshot", str(tmp_path / "shot.png"))
    app.setup_dialog_factory = lambda *a: pytest.fail("setup dialog shown in a headless screenshot run")
    with qtbot.waitSignal(app.sig_finished, timeout=10_000) as finished:
        app.start()
    assert finished.args == [2] and exits == [2]
    assert "没有数据库" in capsys.readouterr().err
    assert store_files(data_dir) == [] and not (tmp_path / "shot.png").exists()
