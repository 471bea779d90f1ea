"""Chinese labels need a CJK font: the app says so once at start when none is installed."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QWidget

from acorn_desktop.ui import font_check


def test_the_test_machine_has_a_cjk_font(qapp):
    # README ② and .ci/run install fonts-noto-cjk; without it the screenshot tests would show boxes.
    assert font_check.cjk_families(), "no CJK-capable font installed (Debian: fonts-noto-cjk)"


def test_no_cjk_font_gives_one_bilingual_non_modal_warning(qtbot, monkeypatch):
    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *args: []))
    parent = QWidget()
    qtbot.addWidget(parent)
    box = font_check.warn_if_no_cjk_font(parent, "zh_CN")
    assert box is not None and box.isVisible() and not box.isModal()
    assert font_check.WARNING_ZH in box.text() and "fonts-noto-cjk" in box.text()
    assert "No font that can show Chinese" in box.text()  # readable even where the Chinese line is boxes
    box.close()
    assert font_check.warn_if_no_cjk_font(parent, "en") is None  # English needs no CJK font
    assert font_check.warn_if_no_cjk_font(parent, "zh_CN", show=False) is None  # logged only (screenshots)


def test_a_cjk_font_means_no_warning(qtbot, monkeypatch):
    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *args: ["Noto Sans CJK SC"]))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert font_check.warn_if_no_cjk_font(parent, "zh_CN") is None
