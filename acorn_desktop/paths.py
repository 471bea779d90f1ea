"""Where things live: the user's data dir, the demo data dir, and bundled resources (source or frozen)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from . import APP_NAME

DATA_DIR_ENV = "ACORN_DATA_DIR"


def default_data_dir() -> Path:
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def demo_data_dir() -> Path:
    """The demo store never shares a directory with real data."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo"


def resources_dir() -> Path:
    """``resources/`` beside the package when run from source; inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
