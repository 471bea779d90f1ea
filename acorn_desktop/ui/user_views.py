"""The person's own queue views: 「保存当前视图…」 keeps filters, search and sort under a name; 「删除视图」 drops it.

A saved view is a small typed record of codes — a built-in view key, marketplace / kind / state / deadline
codes, store and assignee ids, amounts as decimal strings, the sort key — never display text, so it reads the
same in Chinese and English. The list is JSON in the settings, per user (per installation while nobody is
logged in). Loading validates every field: a stored value that does not parse is ignored with a log line, an
entry that does not validate is dropped alone; nothing stored can crash the window.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from ..domain.cases import CaseKind, CaseState
from ..domain.marketplaces import MARKETPLACES
from ..services.queue import DUE_WITHIN, SORT_COLUMNS
from .settings import Settings, user_scope

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
NAME_MAX_CHARS = 60
MAX_VIEWS = 50
SAVED_PREFIX = "saved:"  # combo keys of saved views, apart from the built-in keys
# The built-in views (ui/queue_view.py) a saved view may narrow.
BUILT_IN_VIEWS = frozenset({"my_todo", "awaiting_me", "open", "due_today", "overdue", "high_risk",
                            "awaiting_approval", "refund_unconfirmed", "everything"})  # fmt: skip


def saved_view_key(name: str) -> str:
    return SAVED_PREFIX + name


def is_saved_key(key: object) -> bool:
    return isinstance(key, str) and key.startswith(SAVED_PREFIX)


@dataclass(frozen=True)
class SavedView:
    """One saved view: codes and ids only. ``None`` means "all" for a filter."""

    name: str
    base: str = "open"
    marketplace: str | None = None
    kind: str | None = None  # CaseKind value
    state: str | None = None  # CaseState value
    due: str | None = None  # services.queue.DUE_WITHIN key
    store: int | None = None  # seller account id
    assignee: int | None = None  # user id; -1: unassigned
    amount_min: str = ""  # ≈ CNY, a decimal string or ""
    amount_max: str = ""
    search: str = ""
    sort: str = "deadline"  # services.queue.SORT_COLUMNS key
    descending: bool = False


def _optional_code(value: object, allowed) -> bool:
    return value is None or (isinstance(value, str) and value in allowed)


def _optional_int(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _amount(value: object) -> bool:
    if value == "":
        return True
    if not isinstance(value, str):
        return False
    try:
        return Decimal(value).is_finite()
    except InvalidOperation:
        return False


def validate(entry: object) -> SavedView:
    """A :class:`SavedView` from one decoded JSON entry; ValueError naming the first field that is wrong."""
    if not isinstance(entry, dict):
        raise ValueError("not an object")
    known = {f.name for f in fields(SavedView)}
    if unknown := set(entry) - known:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    view = SavedView(**{k: entry[k] for k in known if k in entry})  # missing fields take their defaults
    name = view.name
    if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX_CHARS or name != name.strip():
        raise ValueError("name")
    checks = {
        "base": isinstance(view.base, str) and view.base in BUILT_IN_VIEWS,
        "marketplace": _optional_code(view.marketplace, MARKETPLACES),
        "kind": _optional_code(view.kind, {k.value for k in CaseKind}),
        "state": _optional_code(view.state, {s.value for s in CaseState}),
        "due": _optional_code(view.due, DUE_WITHIN),
        "store": _optional_int(view.store),
        "assignee": _optional_int(view.assignee),
        "amount_min": _amount(view.amount_min),
        "amount_max": _amount(view.amount_max),
        "search": isinstance(view.search, str) and len(view.search) <= 100,
        "sort": isinstance(view.sort, str) and view.sort in SORT_COLUMNS,
        "descending": isinstance(view.descending, bool),
    }
    for field_name, ok in checks.items():
        if not ok:
            raise ValueError(field_name)
    return view


def load_views(text: str) -> list[SavedView]:
    """The saved views stored as ``text``; what does not parse or validate is logged and left out."""
    if not text:
        return []
    try:
        stored = json.loads(text)
    except ValueError:
        log.warning("ignoring the stored queue views: not JSON")
        return []
    if (
        not isinstance(stored, dict)
        or stored.get("version") != FORMAT_VERSION
        or not isinstance(stored.get("views"), list)
    ):
        log.warning("ignoring the stored queue views: not a version %d list", FORMAT_VERSION)
        return []
    views: list[SavedView] = []
    for number, entry in enumerate(stored["views"][:MAX_VIEWS]):
        try:
            view = validate(entry)
        except (ValueError, TypeError) as exc:
            log.warning("ignoring stored queue view #%d: bad %s", number, exc)
            continue
        if all(v.name != view.name for v in views):
            views.append(view)
    return views


def dump_views(views: list[SavedView]) -> str:
    return json.dumps({"version": FORMAT_VERSION, "views": [asdict(v) for v in views]}, ensure_ascii=False)


class UserViews(QObject):
    """「保存当前视图…」 and 「删除视图」 under 视图: the dialogs, the stored list, the views combo kept in step."""

    sig_message = Signal(str)
    sig_saved = Signal(str)  # the name of a view just saved
    sig_deleted = Signal(str)

    def __init__(self, window: QWidget, queue_view, settings: Settings) -> None:
        super().__init__(window)
        self._window = window
        self._view = queue_view
        self._settings = settings
        self._scope = user_scope(None)
        self.views: list[SavedView] = []
        self.name_dialog: QInputDialog | None = None
        self.overwrite_box: QMessageBox | None = None

        self.save_action = QAction(self.tr("Save Current &View…"), window)
        self.save_action.setObjectName("action_save_view")
        self.save_action.triggered.connect(self.ask_name)
        self.delete_action = QAction(self.tr("&Delete View"), window)
        self.delete_action.setObjectName("action_delete_view")
        self.delete_action.triggered.connect(self.delete_current)
        queue_view.view_combo.currentIndexChanged.connect(self._set_enabled)
        self._set_enabled()

    def menu_actions(self) -> list[tuple[str, QAction]]:
        return [("view", self.save_action), ("view", self.delete_action)]

    def set_scope(self, user_id: int | None) -> None:
        """Load the views kept for this user (None: the installation's) into the views combo."""
        self._scope = user_scope(user_id)
        self.views = load_views(self._settings.get_for(Settings.queue_saved_views, self._scope))
        self._view.set_user_views(self.views)
        self._set_enabled()

    # -- saving ---------------------------------------------------------------------------------------------
    @Slot()
    def ask_name(self) -> None:
        """Ask for the name (window-modal, not blocking): OK saves, an existing name asks to overwrite."""
        dialog = QInputDialog(self._window)
        dialog.setObjectName("saveViewDialog")
        dialog.setWindowTitle(self.tr("Save Current View"))
        dialog.setLabelText(self.tr("Name of the view:"))
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        current = self._view.current_saved_view()
        dialog.setTextValue(current.name if current is not None else "")
        edit = dialog.findChild(QLineEdit)
        if edit is not None:
            edit.setMaxLength(NAME_MAX_CHARS)
        dialog.textValueSelected.connect(self.save_as)
        dialog.finished.connect(lambda _result: self._forget("name_dialog", dialog))
        self.name_dialog = dialog
        dialog.open()

    @Slot(str)
    def save_as(self, name: str) -> None:
        name = " ".join(name.split())[:NAME_MAX_CHARS]
        if not name:
            self.sig_message.emit(self.tr("A view needs a name: nothing was saved."))
            return
        view = self._view.snapshot(name)
        if any(v.name == name for v in self.views):
            self._ask_overwrite(view)
            return
        if len(self.views) >= MAX_VIEWS:
            self.sig_message.emit(self.tr("At most {count} views can be saved: delete one first.").format(
                count=MAX_VIEWS))  # fmt: skip
            return
        self._store([*self.views, view], view)

    def _ask_overwrite(self, view: SavedView) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Save Current View"),
            self.tr("A view named “{name}” exists already. Replace it with the current filters?").format(
                name=view.name
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self._window,
        )
        box.setObjectName("overwriteViewBox")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda _result: self._forget("overwrite_box", box))

        def answered(button) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self._store([view if v.name == view.name else v for v in self.views], view)

        box.buttonClicked.connect(answered)
        self.overwrite_box = box
        box.open()

    def _forget(self, name: str, dialog) -> None:
        if getattr(self, name) is dialog:
            setattr(self, name, None)
        dialog.deleteLater()

    def _store(self, views: list[SavedView], chosen: SavedView) -> None:
        self.views = views
        self._write()
        self._view.set_user_views(views)
        self._view.choose_view(saved_view_key(chosen.name))
        self._set_enabled()
        self.sig_message.emit(self.tr("View “{name}” saved.").format(name=chosen.name))
        self.sig_saved.emit(chosen.name)

    # -- deleting -------------------------------------------------------------------------------------------
    @Slot()
    def delete_current(self) -> None:
        current = self._view.current_saved_view()
        if current is None:
            return
        self.views = [v for v in self.views if v.name != current.name]
        self._write()
        self._view.set_user_views(self.views)
        self._set_enabled()
        self.sig_message.emit(self.tr("View “{name}” deleted.").format(name=current.name))
        self.sig_deleted.emit(current.name)

    def _write(self) -> None:
        self._settings.set_for(Settings.queue_saved_views, self._scope, dump_views(self.views))
        self._settings.sync()

    @Slot()
    def _set_enabled(self, *_args) -> None:
        self.delete_action.setEnabled(self._view.current_saved_view() is not None)
