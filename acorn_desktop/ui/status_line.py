"""The status bar's pieces: labels that elide instead of overflowing, and a message slot beside them.

``QStatusBar.showMessage`` hides every normal widget while a message shows (the counts vanished for five
seconds after each action), and labels wider than the bar were cut at its edge ("已逾期：6("). Here a
passing message has its own stretching label, and the labels that may be long elide, whole in the tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget

SHOWN_PROPERTY = "shownText"  # what an ElidingLabel shows (its text() is the whole text)


class ElidingLabel(QLabel):
    """A one-line plain-text label that gives way when space is short: it elides, the tooltip has it all."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._tip = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        self.updateGeometry()
        self._elide()

    def text(self) -> str:
        return self._full

    def setToolTip(self, tip: str) -> None:
        self._tip = tip
        self._elide()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right() + 2
        return QSize(width, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self.sizeHint().width(), self.fontMetrics().horizontalAdvance("…" * 4)), 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(width, 0))
        super().setText(shown)
        self.setProperty(SHOWN_PROPERTY, shown)
        tip = self._tip if shown == self._full else "\n".join(t for t in (self._full, self._tip) if t)
        super().setToolTip(tip)


class StatusMessages(QObject):
    """Short messages in their own label of the status bar; they never cover the other labels."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.label = ElidingLabel()
        self.label.setObjectName("statusMessage")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)
        bar.addWidget(self.label, 1)

    def show(self, text: str, timeout_ms: int = 5000, tooltip: str = "") -> None:
        self.label.setText(text)
        self.label.setToolTip(tooltip)
        if timeout_ms > 0:
            self._timer.start(timeout_ms)

    def clear(self) -> None:
        self._timer.stop()
        self.label.setText("")
        self.label.setToolTip("")
