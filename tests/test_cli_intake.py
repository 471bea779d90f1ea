"""`acorn import`, `acorn demo mails`, `acorn inbox`, `acorn mailbox` as a user runs them (real subprocesses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def acorn(*args: str, data_dir, env_extra: dict | None = None, check: bool = True):
    cmd = [sys.executable, "-m", "acorn_desktop.cli", "--data-dir", str(data_dir), *args]
    result = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, **(env_extra or {})), timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.mark.slow
def test_demo_mails_import_twice_inbox_and_a_bad_csv(data_dir, tmp_path):
    acorn("init", data_dir=data_dir)
    acorn("demo", "seed", "--cases", "300", "--seed", "7", data_dir=data_dir)
    folder = tmp_path / "演示邮件"
    written = json.loads(acorn("--json", "demo", "mails", "--out", str(folder), data_dir=data_dir).stdout)["files"]
    assert len(written) >= 9 and any(f.endswith(".csv") for f in written)
    first = json.loads(acorn("--json", "import", str(folder), data_dir=data_dir).stdout)
    assert first["unparsed"] == 1 and first["cases_created"] >= 7 and first["failures"] == []
    again = acorn("import", str(folder), data_dir=data_dir).stdout
    assert "工单:新建 0 个,更新 0 个" in again and "此前已导入" in again
    inbox = acorn("--lang", "en", "inbox", "list", data_dir=data_dir).stdout
    assert "1 unparsed mail(s)" in inbox and "No Amazon notification format matches" in inbox
    bad = tmp_path / "bad.csv"
    bad.write_text("type,order_id,opened_at\natoz,123,yesterday\n", encoding="utf-8")
    result = acorn("import", str(bad), data_dir=data_dir, check=False)
    assert result.returncode == 2 and "bad.csv" in result.stdout and "第 2 行" in result.stdout
    assert json.loads(acorn("--json", "inbox", "purge", data_dir=data_dir).stdout)["purged"] == 0


def test_mailbox_commands_refuse_plain_imap_and_list_nothing(data_dir):
    acorn("init", data_dir=data_dir)
    assert "acorn mailbox add" in acorn("mailbox", "list", data_dir=data_dir).stdout
    secret = {"ACORN_MAILBOX_PASSWORD": "pw-not-echoed-42"}
    args = ("mailbox", "add", "--name", "x", "--host", "imap.example.com", "--user", "u", "--security", "none")
    result = acorn(*args, data_dir=data_dir, env_extra=secret, check=False)
    assert result.returncode == 8 and "明文" in result.stderr
    assert "pw-not-echoed-42" not in result.stdout + result.stderr
    result = acorn("mailbox", "poll", data_dir=data_dir, check=False)
    assert result.returncode == 2 and "没有可收取的邮箱" in result.stderr
