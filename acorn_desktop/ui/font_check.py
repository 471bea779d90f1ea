"""Chinese needs a CJK-capable font: without one every label is an empty box, so say so once at start.

Windows always has one (Microsoft YaHei); a bare Linux desktop often has none (Debian: ``fonts-noto-cjk``).
The warning is written in Chinese *and* English: if the Chinese line cannot be drawn, the English one can.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

WARNING_ZH = "未找到可显示中文的字体,界面上的中文会显示为方框。请安装中文字体(Debian/Ubuntu:fonts-noto-cjk)后重新启动。"
WARNING_EN = (
    "No font that can show Chinese was found, so Chinese labels appear as empty boxes. "
    "Install a CJK font (Debian/Ubuntu: fonts-noto-cjk) and start again, or use --lang en."
)


def cjk_families() -> list[str]:
    """Installed font families that can draw Simplified Chinese."""
    return list(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def warn_if_no_cjk_font(parent: QWidget, lang: str, *, show: bool = True) -> QMessageBox | None:
    """Log, and show one non-modal warning, when the UI is Chinese and no font can draw it; returns the box."""
    if lang != "zh_CN" or cjk_families():
        return None
    log.warning("no CJK-capable font installed: Chinese text cannot be drawn")
    if not show:
        return None
    box = QMessageBox(QMessageBox.Icon.Warning, "ACORN-i", f"{WARNING_ZH}\n\n{WARNING_EN}", parent=parent)
    box.setObjectName("noCjkFontWarning")
    box.setModal(False)
    box.show()
    return box
