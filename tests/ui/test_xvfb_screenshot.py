"""A real X11 window under Xvfb (the xcb platform, not offscreen), with real CJK fonts installed.

CI installs xvfb and fonts-noto-cjk, so there this test must run; on a developer machine without them it skips.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def _require(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is required in CI (see .ci/run)")
        pytest.skip(f"{tool} not installed")


def test_demo_window_under_xvfb_renders_chinese(tmp_path):
    _require("xvfb-run")
    _require("fc-list")
    cjk = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True).stdout
    if not cjk.strip():
        if os.environ.get("CI"):
            pytest.fail("no Simplified Chinese font installed (fonts-noto-cjk)")
        pytest.skip("no CJK font")
    shot = tmp_path / "xvfb.png"
    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    probe = (
        "import sys; from PySide6.QtWidgets import QApplication; from PySide6.QtGui import QFontDatabase;"
        "app = QApplication(sys.argv); print(app.platformName(), len(QFontDatabase.families("
        "QFontDatabase.WritingSystem.SimplifiedChinese)))"
    )
    fonts = subprocess.run(["xvfb-run", "-a", sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                           timeout=120)  # fmt: skip
    platform, count = fonts.stdout.split()[-2:]
    assert platform == "xcb" and int(count) > 0, fonts.stdout + fonts.stderr
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, "-m", "acorn_desktop", "--demo",
         "--data-dir", str(tmp_path / "demo"), "--screenshot", str(shot)],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 800 and height >= 600 and len(data) > 30_000
