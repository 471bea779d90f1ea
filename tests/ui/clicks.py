"""Drive widgets the way a person does: open a combo box's popup and click an item with the mouse."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox


def choose(qtbot, combo: QComboBox, index: int) -> None:
    """Click ``combo`` open, move onto item ``index`` in its popup and click it.

    The mouse first crosses the popup (corner to corner): Qt ignores a release too close to where the
    popup was opened, as a person's hand never is.
    """
    qtbot.waitUntil(lambda: combo.isVisible() and combo.isEnabled())
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    item = combo.model().index(index, combo.modelColumn())
    view.scrollTo(item)
    viewport = view.viewport()
    qtbot.mouseMove(viewport, QPoint(1, 1))
    qtbot.mouseMove(viewport, QPoint(viewport.width() - 2, viewport.height() - 2))
    centre = view.visualRect(item).center()
    centre.setX(min(centre.x(), viewport.width() // 2))
    qtbot.mouseMove(viewport, centre)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: not view.isVisible())
    assert combo.currentIndex() == index, (combo.objectName(), index, combo.currentIndex())
