"""Typed user settings, declared once with their defaults, kept in an INI file in the data dir.

Each store's data dir has its own ``settings.ini``, so tests (temp data dirs) never touch the user's
settings and the demo store never changes the real one's window layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

SETTINGS_FILENAME = "settings.ini"


class Option(Generic[T]):
    """One setting: key, type and default. A descriptor on :class:`Settings`."""

    def __init__(self, key: str, default: T, type_: type[T]) -> None:
        self.key = key
        self.default = default
        self.type = type_

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> Option[T]: ...
    @overload
    def __get__(self, obj: Settings, owner: type) -> T: ...
    def __get__(self, obj, owner):
        if obj is None:
            return self
        return obj.get(self)

    def __set__(self, obj: Settings, value: T) -> None:
        obj.set(self, value)


def user_scope(user_id: int | None) -> str:
    """The scope of per-user settings: the logged-in user, or the installation when nobody is logged in."""
    return f"user-{int(user_id)}" if user_id is not None else "installation"


class _Scoped(Option):
    """``option`` under ``<key>/<scope>``: same type and default."""

    def __init__(self, option: Option, scope: str) -> None:
        if not scope or "/" in scope or "\\" in scope:
            raise ValueError(f"bad settings scope {scope!r}")
        super().__init__(f"{option.key}/{scope}", option.default, option.type)


class Settings:
    """``settings.language = "en"``; every option below is the single place its key and default live."""

    language = Option("ui/language", "zh_CN", str)
    time_zone = Option("ui/time_zone", "Asia/Shanghai", str)
    sync_interval_minutes = Option("sync/interval_minutes", 15, int)  # 0 = only on demand
    # Deadline alerts: lead times in whole hours, space-separated ("" = no alerts). See ui/tray.py.
    alert_lead_hours = Option("alerts/lead_hours", "1 6 24", str)
    # The ≈CNY column's rates as JSON {"USD": "7.10", …} (Decimal strings); "" = domain.fx defaults.
    cny_rates_json = Option("fx/cny_rates", "", str)
    window_geometry = Option("window/geometry", QByteArray(), QByteArray)
    window_state = Option("window/state", QByteArray(), QByteArray)
    # The queue's layout and the user's own views, kept per scope (see :func:`user_scope`): read and written with
    # :meth:`Settings.get_for` / :meth:`Settings.set_for`. Codes only, never display text.
    queue_hidden_columns = Option("queue/hidden_columns", "", str)  # JSON list of column codes (ui/column_chooser)
    queue_header_state = Option("queue/header_state", QByteArray(), QByteArray)  # QHeaderView.saveState()
    queue_saved_views = Option("queue/saved_views", "", str)  # JSON list (ui/user_views)

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / SETTINGS_FILENAME
        self._q = QSettings(str(self.path), QSettings.Format.IniFormat)

    @classmethod
    def options(cls) -> list[Option[Any]]:
        return [v for v in vars(cls).values() if isinstance(v, Option)]

    def get(self, option: Option[T]) -> T:
        value = self._q.value(option.key, option.default)
        if isinstance(value, option.type):
            return value
        try:
            return option.type(value)
        except (TypeError, ValueError):
            return option.default

    def set(self, option: Option[T], value: T) -> None:
        if not isinstance(value, option.type):
            raise TypeError(f"{option.key} expects {option.type.__name__}, got {type(value).__name__}")
        self._q.setValue(option.key, value)

    def get_for(self, option: Option[T], scope: str) -> T:
        """``option`` as kept for ``scope`` (a user, or the installation); its default if never set there."""
        return self.get(_Scoped(option, scope))

    def set_for(self, option: Option[T], scope: str, value: T) -> None:
        self.set(_Scoped(option, scope), value)

    def sync(self) -> None:
        self._q.sync()
