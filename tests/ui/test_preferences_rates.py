"""Preferences over an open store: the managed rate table, editable by finance only, saved through its service."""

from __future__ import annotations

from decimal import Decimal

import pytest
from argon2 import PasswordHasher
from PySide6.QtWidgets import QAbstractItemView, QMainWindow

from acorn_desktop.services import users
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.rates import RateServices
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.preferences_dialog import PreferencesDialog, PreferencesFeature, RatesModel
from acorn_desktop.ui.settings import Settings


@pytest.fixture
def runner():
    r = BackgroundRunner()
    yield r
    r.shutdown()


@pytest.fixture
def feature(qtbot, tmp_path, store, runner, monkeypatch):
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    window = QMainWindow()
    qtbot.addWidget(window)
    f = PreferencesFeature(window, Settings(tmp_path), runner)
    f.set_rates_backend(RateServices(store))
    return f


def person(store, name, role) -> Actor:
    admin = users.create_user(store, None, f"admin-{name}", "管理员", "admin", "correct horse battery")
    info = users.create_user(store, Actor(admin.username, admin.id), name, name, role, "correct horse battery")
    return Actor(info.username, info.id)


def open_dialog(qtbot, feature, monkeypatch, edit=None) -> None:
    shown: list[bool] = []

    def fake_exec(self):
        shown.append(True)
        if edit is not None:
            edit(self)
        self.accept()
        return 1

    monkeypatch.setattr(PreferencesDialog, "exec", fake_exec)
    feature.action.trigger()
    qtbot.waitUntil(lambda: bool(shown))


def test_a_manager_sees_the_table_read_only(qtbot, feature, store, monkeypatch):
    feature.actor = person(store, "boss", "manager")
    seen = {}

    def look(dialog):
        seen["facts"] = (
            dialog.rate_table.version,
            dialog.rates_editable,
            dialog.rates_view.editTriggers(),
            dialog.restore_rates.isEnabled(),
            dialog.rates_readonly.isHidden(),
            dialog.new_rates(),
        )

    open_dialog(qtbot, feature, monkeypatch, look)
    assert seen["facts"] == (0, False, QAbstractItemView.EditTrigger.NoEditTriggers, False, False, None)


def test_finance_edits_the_table_through_the_service(qtbot, feature, store, monkeypatch):
    feature.actor = person(store, "money", "finance")

    def edit(dialog):
        row = list(dialog.rates_model.rates()).index("USD")
        assert dialog.rates_model.setData(dialog.rates_model.index(row, RatesModel.RATE), "6.5")

    with qtbot.waitSignal(feature.sig_rates_changed) as blocker:
        open_dialog(qtbot, feature, monkeypatch, edit)
    assert blocker.args[0].version == 1
    assert RateServices(store).table().rates["USD"] == Decimal("6.5")
