"""The application style sheet: light cards on a neutral background. Colours only, no fonts by name."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

STYLE_SHEET = """
#queueArea { background: #f4f6f8; }
#summaryCard, #summaryPanel { background: #ffffff; border: 1px solid #dde2e7; border-radius: 8px; }
QLabel[role="pageTitle"] { font-size: 20px; font-weight: 600; color: #1f2d3d; }
QLabel[role="hint"] { color: #6b7785; }
QLabel[role="panelTitle"] { font-size: 15px; font-weight: 600; color: #1f2d3d; }
QLabel[role="cardValue"] { font-size: 30px; font-weight: 600; color: #1f2d3d; }
QLabel[role="cardValueAlert"] { font-size: 30px; font-weight: 600; color: #c0392b; }
QLabel[role="cardCaption"] { color: #52606d; }
QStatusBar QLabel { padding: 0 10px; }
QStatusBar QLabel#modeLabel[demo="true"] { color: #8a5a00; font-weight: 600; }
"""

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
    app.setStyleSheet(STYLE_SHEET)
