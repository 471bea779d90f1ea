"""Application-level actions (quit, about, status bar). Each feature owns its actions like this one does.

A feature is any object with ``menu_actions() -> list[tuple[menu, QAction]]``; the main window only puts
them into its menus. Menu keys: ``"file"``, ``"cases"``, ``"view"``, ``"help"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from .. import __version__

MENUS = ("file", "cases", "view", "help")
_MNEMONIC = re.compile(r"\(&\w\)|&(?=[^&])")  # "立即同步(&S)" and "&Sync Now"; "&&" is a literal "&"


def without_mnemonic(text: str) -> str:
    """A menu text as a toolbar button shows it: no "(&S)" / "&" mnemonic (buttons have no menu letters)."""
    return _MNEMONIC.sub("", text).replace("&&", "&").strip()


class Feature(Protocol):
    def menu_actions(self) -> list[tuple[str, QAction]]: ...


class AppActions(QObject):
    """Quit, show/hide the status bar, About, About Qt."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window

        self.quit = self._action(self.tr("E&xit"), window.close, QKeySequence.StandardKey.Quit)
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.status_bar = self._action(self.tr("&Status Bar"), None)
        self.status_bar.setCheckable(True)
        self.status_bar.setChecked(True)
        self.status_bar.toggled.connect(window.statusBar().setVisible)

        self.about = self._action(self.tr("&About ACORN-i"), self.show_about)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_qt = self._action(self.tr("About &Qt"), self.show_about_qt)
        self.about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)

    def _action(self, text: str, slot: Callable | None, shortcut=None) -> QAction:
        action = QAction(text, self._window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if slot is not None:
            action.triggered.connect(slot)
        return action

    def menu_actions(self) -> list[tuple[str, QAction]]:
        return [("file", self.quit), ("view", self.status_bar), ("help", self.about), ("help", self.about_qt)]

    @Slot()
    def show_about(self) -> None:
        QMessageBox.about(
            self._window,
            self.tr("About ACORN-i"),
            self.tr(
                "<h3>ACORN-i Refund Assistant {version}</h3>"
                "<p>Refunds, returns, A-to-z claims and chargebacks for Amazon sellers, "
                "with deadlines, approvals and an audit log.</p>"
            ).format(version=__version__),
        )

    @Slot()
    def show_about_qt(self) -> None:
        QMessageBox.aboutQt(self._window, self.tr("About Qt"))
