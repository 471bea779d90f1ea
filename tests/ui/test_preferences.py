"""Preferences: typed settings round-trip, rates table (validated, restorable, model-tested), what changed."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox

from acorn_desktop.domain.fx import DEFAULT_CNY_RATES, DEFAULT_RATES_DATE
from acorn_desktop.ui import i18n
from acorn_desktop.ui.preferences_dialog import (
    PreferencesDialog,
    PreferencesFeature,
    RatesModel,
    cny_rates,
    dump_rates,
    load_rates,
    parse_rate,
)
from acorn_desktop.ui.settings import Settings


@pytest.fixture
def settings(tmp_path):
    return Settings(tmp_path)


@pytest.fixture
def dialog(qtbot, settings):
    d = PreferencesDialog(settings)
    qtbot.addWidget(d)
    return d


def rate_index(model: RatesModel, currency: str) -> QModelIndex:
    row = list(model.rates()).index(currency)
    return model.index(row, RatesModel.RATE)


def test_rates_model_passes_the_model_tester(qtmodeltester):
    model = RatesModel()
    qtmodeltester.check(model, force_py=True)
    model.setData(rate_index(model, "USD"), "7.2")
    model.restore_defaults()
    qtmodeltester.check(model, force_py=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7.25", Decimal("7.25")), (" 0,047 ", Decimal("0.047")), ("0", None), ("-1", None), ("abc", None),
     ("NaN", None), ("1e9", None), ("1.1234567", None), ("", None)],
)  # fmt: skip
def test_parse_rate(text, expected):
    assert parse_rate(text) == expected


def test_rates_model_validates_edits(qtbot):
    model = RatesModel()
    index = rate_index(model, "USD")
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(index.row(), RatesModel.CURRENCY)) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(index, "7.25")
    assert model.rates()["USD"] == Decimal("7.25")
    assert model.data(index, Qt.ItemDataRole.ToolTipRole)  # says the default
    with qtbot.waitSignal(model.sig_invalid):
        assert not model.setData(index, "0")
    assert model.rates()["USD"] == Decimal("7.25")


def test_rates_json_round_trip():
    assert dump_rates(dict(DEFAULT_CNY_RATES)) == ""
    assert load_rates("") == DEFAULT_CNY_RATES
    changed = dict(DEFAULT_CNY_RATES, USD=Decimal("7.3"))
    assert load_rates(dump_rates(changed)) == changed
    # junk in the INI never breaks the queue: bad values fall back to the defaults
    assert load_rates(json.dumps({"USD": "-3", "EUR": "8.1", "XXX": "1"}))["USD"] == DEFAULT_CNY_RATES["USD"]
    assert load_rates("{not json")["EUR"] == DEFAULT_CNY_RATES["EUR"]


def test_defaults_shown(dialog):
    assert dialog.language.currentData() == "zh_CN"
    assert dialog.time_zone.currentData() == "Asia/Shanghai" and "UTC+08:00" in dialog.time_zone.currentText()
    assert dialog.sync_interval.value() == 15
    assert all(box.isChecked() for box in dialog.alert_boxes.values())
    assert dialog.rates_model.rates() == DEFAULT_CNY_RATES
    assert DEFAULT_RATES_DATE in dialog.rates_date.text()


def test_ok_writes_only_what_changed(qtbot, dialog, settings, tmp_path):
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.time_zone.setCurrentIndex(dialog.time_zone.findData("Europe/Berlin"))
    dialog.sync_interval.setValue(0)
    dialog.alert_boxes[24].setChecked(False)
    dialog.rates_model.setData(rate_index(dialog.rates_model, "EUR"), "7.95")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.changed == {"language", "time_zone", "sync_interval_minutes", "alert_lead_hours", "cny_rates_json"}
    reread = Settings(tmp_path)  # what the next start sees
    assert (reread.language, reread.time_zone, reread.sync_interval_minutes) == ("en", "Europe/Berlin", 0)
    assert reread.alert_lead_hours == "1 6"
    assert cny_rates(reread)["EUR"] == Decimal("7.95") and cny_rates(reread)["USD"] == DEFAULT_CNY_RATES["USD"]


def test_cancel_writes_nothing(dialog, settings):
    dialog.sync_interval.setValue(60)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert settings.sync_interval_minutes == 15 and dialog.changed == set()


def test_restore_defaults_button(qtbot, dialog):
    dialog.rates_model.setData(rate_index(dialog.rates_model, "GBP"), "9.9")
    with qtbot.waitSignal(dialog.rates_model.modelReset):
        dialog.restore_rates.click()
    assert dialog.rates_model.rates() == DEFAULT_CNY_RATES


def test_invalid_rate_is_explained_in_the_dialog(dialog):
    dialog.show()
    dialog.rates_model.setData(rate_index(dialog.rates_model, "JPY"), "-5")
    assert dialog.rates_error.isVisible() and "-5" in dialog.rates_error.text()


def test_unlisted_zone_and_hand_written_lead_hours_are_kept(qtbot, tmp_path):
    settings = Settings(tmp_path)
    settings.time_zone = "Asia/Kathmandu"
    settings.alert_lead_hours = "2 6"
    d = PreferencesDialog(settings)
    qtbot.addWidget(d)
    assert d.time_zone.currentData() == "Asia/Kathmandu"
    assert d.values()["alert_lead_hours"] == "2 6"
    assert d.save() == set()


def test_feature_reports_changes(qtbot, settings, monkeypatch):
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    feature = PreferencesFeature(window, settings)
    assert feature.menu_actions() == [("file", feature.action)] and not feature.action.shortcut().isEmpty()

    def fake_exec(self):
        self.sync_interval.setValue(30)
        self.accept()
        return 1

    monkeypatch.setattr(PreferencesDialog, "exec", fake_exec)
    with qtbot.waitSignal(feature.sig_settings_changed) as blocker:
        feature.action.trigger()
    assert blocker.args == [{"sync_interval_minutes"}] and settings.sync_interval_minutes == 30


def test_render_png(qtbot, qapp, settings, tmp_path):
    """A picture of the dialog in Chinese (set ACORN_PREFS_PNG=path to keep it)."""
    try:
        i18n.install(qapp, "zh_CN")
        d = PreferencesDialog(settings)
        qtbot.addWidget(d)
        d.show()
        qtbot.waitExposed(d)
        path = Path(os.environ.get("ACORN_PREFS_PNG") or tmp_path / "preferences.png")
        assert d.grab().save(str(path))
        assert d.windowTitle() == "首选项"
    finally:
        i18n.install(qapp, "en")


def test_style_sheet_has_a_dark_variant_with_the_same_rules(qapp):
    from acorn_desktop.ui import style

    light, dark = style.style_sheet(False), style.style_sheet(True)
    assert light == style.STYLE_SHEET and "#f4f6f8" in light and "#f4f6f8" not in dark
    strip = lambda sheet: [line.split("{")[0] for line in sheet.splitlines()]  # noqa: E731
    assert strip(light) == strip(dark)
    assert style.is_dark(qapp) is False  # offscreen: light palette
