"""Small marketplace flag icons painted with QPainter (emoji flags do not render on Windows)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

W, H = 24, 16

# Simplified flags: ("h"|"v", stripe colours) and an optional emblem.
_STRIPES = {
    "DE": ("h", ("#000000", "#dd0000", "#ffce00")),
    "FR": ("v", ("#0055a4", "#ffffff", "#ef4135")),
    "IT": ("v", ("#009246", "#ffffff", "#ce2b37")),
    "ES": ("h", ("#aa151b", "#f1bf00", "#f1bf00", "#aa151b")),
    "NL": ("h", ("#ae1c28", "#ffffff", "#21468b")),
    "BE": ("v", ("#000000", "#fdda24", "#ef3340")),
    "PL": ("h", ("#ffffff", "#dc143c")),
    "MX": ("v", ("#006847", "#ffffff", "#ce1126")),
    "CA": ("v", ("#d80621", "#ffffff", "#ffffff", "#d80621")),
    "JP": ("h", ("#ffffff",)),
    "SG": ("h", ("#ef3340", "#ffffff")),
    "SE": ("h", ("#006aa7",)),
    "BR": ("h", ("#009c3b",)),
    "AU": ("h", ("#012169",)),
    "UK": ("h", ("#012169",)),
    "US": ("h", ("#b22234", "#ffffff") * 3 + ("#b22234",)),
}


def _paint(code: str, painter: QPainter) -> None:
    direction, colours = _STRIPES.get(code, ("h", ("#cccccc",)))
    n = len(colours)
    for i, colour in enumerate(colours):
        rect = QRectF(0, H * i / n, W, H / n) if direction == "h" else QRectF(W * i / n, 0, W / n, H)
        painter.fillRect(rect, QColor(colour))
    red = QColor("#bc002d")
    if code == "JP":
        painter.setBrush(red)
        painter.drawEllipse(QPointF(W / 2, H / 2), 4.5, 4.5)
    elif code == "CA":
        painter.setBrush(QColor("#d80621"))
        painter.drawEllipse(QPointF(W / 2, H / 2), 3, 3)
    elif code in ("UK", "AU"):
        painter.fillRect(QRectF(0, H / 2 - 2, W if code == "UK" else W / 2, 4), QColor("#ffffff"))
        painter.fillRect(QRectF((W if code == "UK" else W / 2) / 2 - 2, 0, 4, H if code == "UK" else H / 2),
                         QColor("#ffffff"))  # fmt: skip
        painter.fillRect(QRectF(0, H / 2 - 1, W if code == "UK" else W / 2, 2), QColor("#c8102e"))
        painter.fillRect(QRectF((W if code == "UK" else W / 2) / 2 - 1, 0, 2, H if code == "UK" else H / 2),
                         QColor("#c8102e"))  # fmt: skip
    elif code == "US":
        painter.fillRect(QRectF(0, 0, W * 0.45, H * 0.55), QColor("#3c3b6e"))
    elif code == "SE":
        painter.fillRect(QRectF(0, H / 2 - 1.5, W, 3), QColor("#fecc02"))
        painter.fillRect(QRectF(W / 3 - 1.5, 0, 3, H), QColor("#fecc02"))
    elif code == "BR":
        painter.setBrush(QColor("#ffdf00"))
        painter.drawEllipse(QPointF(W / 2, H / 2), 8, 5)
        painter.setBrush(QColor("#002776"))
        painter.drawEllipse(QPointF(W / 2, H / 2), 3, 3)


@cache
def flag_icon(code: str) -> QIcon:
    pixmap = QPixmap(W, H)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    _paint(code, painter)
    painter.setPen(QColor(0, 0, 0, 60))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(0.5, 0.5, W - 1, H - 1))
    painter.end()
    return QIcon(pixmap)


@cache
def unconfirmed_icon() -> QIcon:
    """The queue's 待确认 mark: an amber disc with a question mark (a refund whose outcome at Amazon is unknown)."""
    pixmap = QPixmap(H, H)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#8a5a00"))
    painter.setBrush(QColor("#ffc107"))
    painter.drawEllipse(QRectF(0.5, 0.5, H - 1, H - 1))
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(11)
    painter.setFont(font)
    painter.setPen(QColor("#3d2800"))
    painter.drawText(QRectF(0, 0, H, H), int(Qt.AlignmentFlag.AlignCenter), "?")
    painter.end()
    return QIcon(pixmap)
