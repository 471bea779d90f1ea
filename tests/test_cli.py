"""The `acorn` command as a user runs it: real subprocesses, real files, the isolated keyring."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from acorn_desktop.storage import keys


def acorn(*args: str, data_dir=None, env_extra: dict | None = None, check: bool = True):
    cmd = [sys.executable, "-m", "acorn_desktop.cli"]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    env = dict(os.environ, **(env_extra or {}))
    result = subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def file_hash(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_init_seed_list_check_backup_restore(data_dir, tmp_path):
    out = acorn("init", data_dir=data_dir)
    assert "已创建加密数据库" in out.stdout
    acorn("demo", "seed", "--cases", "300", "--seed", "7", data_dir=data_dir)

    listed = json.loads(acorn("--json", "cases", "list", "--all", data_dir=data_dir).stdout)
    assert listed["total"] == 300 and len(listed["cases"]) == 300
    deadlines = [c["deadline_at"] for c in listed["cases"] if c["deadline_at"]]
    assert deadlines == sorted(deadlines)  # soonest first
    refunds = json.loads(acorn("--json", "cases", "list", "--kind", "refund", data_dir=data_dir).stdout)
    assert refunds["cases"] and {c["kind"] for c in refunds["cases"]} == {"refund"}

    check = json.loads(acorn("--json", "db", "check", data_dir=data_dir).stdout)
    assert check["ok"] and check["revision"] == check["head"] and check["counts"]["cases"] == 300

    backup = json.loads(acorn("--json", "backup", data_dir=data_dir).stdout)["path"]
    human = acorn("cases", "list", "--limit", "5", data_dir=data_dir).stdout
    assert "截止时间" in human and "共 300 个工单" in human
    restored = acorn("restore", backup, data_dir=data_dir)
    assert "已从" in restored.stdout
    assert json.loads(acorn("--json", "cases", "list", data_dir=data_dir).stdout)["total"] == 300
    log_text = "".join(p.read_text() for p in (data_dir / "logs").glob("acorn.log*"))
    kr = json.loads(Path(os.environ["ACORN_TEST_KEYRING_FILE"]).read_text())
    for secret in kr.values():
        assert secret not in log_text


@pytest.mark.slow
def test_without_the_keyring_entry_every_command_fails_clearly_and_changes_nothing(data_dir, isolated_keyring):
    acorn("init", data_dir=data_dir)
    acorn("demo", "seed", "--cases", "50", data_dir=data_dir)
    db = data_dir / "acorn.db"
    isolated_keyring.delete_password("ACORN-i", keys.Manifest.load(data_dir / "store.json").key_entry)
    before = {p.name: file_hash(p) for p in data_dir.glob("acorn.db*")}
    for args in (
        ["cases", "list"],
        ["db", "check"],
        ["backup"],
        ["demo", "seed", "--cases", "5"],
        ["--json", "cases", "list"],
        ["restore", str(db)],
    ):
        result = acorn(*args, data_dir=data_dir, check=False)
        assert result.returncode == 3, (args, result.stderr)
        assert "密钥环中找不到此数据库的密钥" in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert {p.name: file_hash(p) for p in data_dir.glob("acorn.db*")} == before


def test_bad_arguments_are_reported_in_chinese(data_dir):
    result = acorn("cases", "list", "--kind", "nonsense", data_dir=data_dir, check=False)
    assert result.returncode in (2, 3)
    result = acorn("no-such-command", data_dir=data_dir, check=False)
    assert result.returncode == 2 and "参数错误" in result.stderr
    assert not data_dir.exists()  # a failed command does not create a data dir


def test_master_password_mode_from_the_environment(data_dir):
    env = {"ACORN_MASTER_PASSWORD": "long enough secret"}
    acorn("init", "--master-password", data_dir=data_dir, env_extra=env)
    assert json.loads(acorn("--json", "db", "check", data_dir=data_dir, env_extra=env).stdout)["ok"]
    wrong = acorn("db", "check", data_dir=data_dir, env_extra={"ACORN_MASTER_PASSWORD": "not the one"}, check=False)
    assert wrong.returncode == 3 and "无法解锁" in wrong.stderr
    missing = acorn("db", "check", data_dir=data_dir, check=False)
    assert missing.returncode == 3 and "主密码" in missing.stderr


@pytest.mark.slow
def test_users_bootstrap_add_list_and_passwords(data_dir):
    acorn("init", data_dir=data_dir)
    boss_pw, li_pw, new_pw = "boss passphrase 1", "li passphrase 22", "li passphrase 333"
    out = acorn("user", "add", "boss", "--role", "admin", "--display-name", "老板", data_dir=data_dir,
                env_extra={"ACORN_PASSWORD": boss_pw})  # fmt: skip
    assert "已创建用户 boss" in out.stdout
    # from now on only an administrator adds users
    refused = acorn("user", "add", "li", "--role", "operator", data_dir=data_dir,
                    env_extra={"ACORN_PASSWORD": li_pw}, check=False)  # fmt: skip
    assert refused.returncode == 2 and "--as" in refused.stderr
    wrong = acorn("user", "add", "li", "--role", "operator", "--as", "boss", data_dir=data_dir,
                  env_extra={"ACORN_PASSWORD": li_pw, "ACORN_LOGIN_PASSWORD": "not it"}, check=False)  # fmt: skip
    assert wrong.returncode == 6 and "用户名或密码不正确" in wrong.stderr
    weak = acorn("user", "add", "li", "--role", "operator", "--as", "boss", data_dir=data_dir,
                 env_extra={"ACORN_PASSWORD": "short", "ACORN_LOGIN_PASSWORD": boss_pw}, check=False)  # fmt: skip
    assert weak.returncode == 2 and "至少需要 8 个字符" in weak.stderr
    acorn("user", "add", "li", "--role", "operator", "--as", "boss", data_dir=data_dir,
          env_extra={"ACORN_PASSWORD": li_pw, "ACORN_LOGIN_PASSWORD": boss_pw})  # fmt: skip
    listed = json.loads(acorn("--json", "user", "list", data_dir=data_dir).stdout)["users"]
    assert [(u["username"], u["role"], u["active"]) for u in listed] == [("boss", "admin", True),
                                                                         ("li", "operator", True)]  # fmt: skip
    assert all("hash" not in json.dumps(u) for u in listed)
    assert "运营" in acorn("user", "list", data_dir=data_dir).stdout
    # your own password needs the current one; an administrator may reset it
    bad = acorn("user", "passwd", "li", data_dir=data_dir,
                env_extra={"ACORN_LOGIN_PASSWORD": "guess", "ACORN_PASSWORD": new_pw}, check=False)  # fmt: skip
    assert bad.returncode == 6
    own = {"ACORN_LOGIN_PASSWORD": li_pw, "ACORN_PASSWORD": new_pw}
    acorn("user", "passwd", "li", data_dir=data_dir, env_extra=own)
    acorn("user", "passwd", "li", "--as", "boss", data_dir=data_dir,
          env_extra={"ACORN_LOGIN_PASSWORD": boss_pw, "ACORN_PASSWORD": li_pw})  # fmt: skip
    log_text = "".join(p.read_text() for p in (data_dir / "logs").glob("acorn.log*"))
    for secret in (boss_pw, li_pw, new_pw):
        assert secret not in log_text
