"""Drive widgets the way a person does: a combo box's popup, a menu bar's menus, a right click."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QMainWindow, QMenu, QWidget


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


def right_click(qtbot, widget: QWidget, pos: QPoint) -> None:
    """A right click at ``pos`` of ``widget`` as the window system delivers it (so Qt opens the context menu).

    ``qtbot.mouseClick`` on a widget skips the window, which is where Qt turns a right press into a
    context-menu event; the click goes to the widget's window instead.
    """
    window = widget.window()
    qtbot.mouseMove(widget, pos)
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier,
                     widget.mapTo(window, pos))  # fmt: skip


def click_action(qtbot, menu: QMenu, action: QAction) -> None:
    """Move onto ``action`` in the open ``menu`` and click it.

    The menu must have been opened with the pointer elsewhere (on its menu bar title, its header section):
    Qt ignores a release where the pointer already was when the menu opened.
    """
    qtbot.waitUntil(menu.isVisible)
    centre = menu.actionGeometry(action).center()
    qtbot.mouseMove(menu, centre)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=centre)


def click_in_menu_bar(qtbot, window: QMainWindow, menu: QMenu, action: QAction, sub_action: QAction | None = None):
    """Menu bar → ``menu`` → ``action`` (→ ``sub_action`` of its submenu), all with the mouse."""
    bar = window.menuBar()
    title = bar.actionGeometry(menu.menuAction()).center()
    qtbot.mouseMove(bar, title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=title)
    click_action(qtbot, menu, action)
    if sub_action is not None:
        click_action(qtbot, action.menu(), sub_action)
    qtbot.waitUntil(lambda: not menu.isVisible())


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key; a character QTest cannot map to a key (Chinese) arrives as an
    input-method key event carrying its text, as from a Chinese input method."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
