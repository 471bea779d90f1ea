"""Drive widgets the way a person does: open a combo box's popup and click an item with the mouse."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox


def choose(qtbot, combo: QComboBox, index: int) -> None:
    """Click ``combo`` open, move onto item ``index`` in its popup and click it."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    item = combo.model().index(index, combo.modelColumn())
    view.scrollTo(item)
    centre = view.visualRect(item).center()
    qtbot.mouseMove(view.viewport(), centre)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: not view.isVisible())
    assert combo.currentIndex() == index, (combo.objectName(), index, combo.currentIndex())
