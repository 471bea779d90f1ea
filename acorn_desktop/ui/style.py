"""The application style sheet: cards on a neutral background, light or dark as the system is. Colours only,
no fonts by name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

# The sheet is a template; each colour scheme fills it in. Only our own roles and cards are coloured: every
# standard widget keeps the platform palette, so light/dark there is Qt's (QStyleHints.colorScheme()).
_TEMPLATE = """
#queueArea {{ background: {page}; }}
#summaryCard, #summaryPanel {{ background: {card}; border: 1px solid {border}; border-radius: 8px; }}
QLabel[role="pageTitle"] {{ font-size: 20px; font-weight: 600; color: {title}; }}
QLabel[role="hint"] {{ color: {hint}; }}
QLabel[role="error"] {{ color: {alert}; }}
QLabel[role="panelTitle"] {{ font-size: 15px; font-weight: 600; color: {title}; }}
QLabel[role="cardValue"] {{ font-size: 30px; font-weight: 600; color: {title}; }}
QLabel[role="cardValueAlert"] {{ font-size: 30px; font-weight: 600; color: {alert}; }}
QLabel[role="cardCaption"] {{ color: {caption}; }}
QStatusBar QLabel {{ padding: 0 10px; }}
QStatusBar QLabel#modeLabel[demo="true"] {{ color: {demo}; font-weight: 600; }}
"""

LIGHT = {
    "page": "#f4f6f8", "card": "#ffffff", "border": "#dde2e7", "title": "#1f2d3d", "hint": "#6b7785",
    "alert": "#c0392b", "caption": "#52606d", "demo": "#8a5a00",
}  # fmt: skip
DARK = {
    "page": "#1b1f24", "card": "#252a31", "border": "#3a414a", "title": "#e6e9ed", "hint": "#9aa5b1",
    "alert": "#ff7b72", "caption": "#b5bec8", "demo": "#e3b341",
}  # fmt: skip


def style_sheet(dark: bool = False) -> str:
    return _TEMPLATE.format(**(DARK if dark else LIGHT))


STYLE_SHEET = style_sheet(dark=False)

# Preferred UI fonts per platform; Qt falls back through the list per glyph, so Chinese never shows as boxes
# when any CJK font is installed.
FONT_FAMILIES = [
    "Microsoft YaHei UI",  # Windows
    "PingFang SC",  # macOS
    "Noto Sans CJK SC",  # Linux
    "WenQuanYi Micro Hei",
    "Noto Sans",
    "DejaVu Sans",
]


def apply(app: QApplication) -> None:
    font = QFont(app.font())
    font.setFamilies(FONT_FAMILIES)
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(style_sheet(is_dark(app)))
    global _following
    if not _following:  # follow the system when the user switches light/dark while the app runs
        _following = True
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: app.setStyleSheet(style_sheet(is_dark(app))))


_following = False


def is_dark(app: QApplication) -> bool:
    """Dark cards only when the widgets around them are dark too: the system says dark (or does not say)
    and the palette Qt actually uses is dark. A dark system with a light-only style stays light."""
    scheme = app.styleHints().colorScheme()
    palette_dark = app.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return palette_dark and scheme != Qt.ColorScheme.Light
