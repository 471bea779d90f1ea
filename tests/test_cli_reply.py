"""`acorn reply check` / `acorn reply templates` as a user runs them: a real subprocess, real files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from acorn_desktop.paths import resource


def acorn(*args: str, data_dir, stdin: str | None = None):
    cmd = [sys.executable, "-m", "acorn_desktop.cli", "--data-dir", str(data_dir), *args]
    return subprocess.run(cmd, capture_output=True, text=True, input=stdin, timeout=120)


def test_a_blocked_reply_exits_1_and_says_which_line_and_rule(data_dir, tmp_path):
    reply = tmp_path / "reply.txt"
    reply.write_text("Guten Tag,\nschreiben Sie an a@b.de.\nIm Anhang die Rechnung.\n", encoding="utf-8")
    result = acorn("reply", "check", str(reply), "--marketplace", "DE", data_dir=data_dir)
    assert result.returncode == 1
    assert "阻止\t第 2 行\t电子邮件地址「a@b.de」" in result.stdout
    assert "提醒\t第 3 行\t提到附件" in result.stdout
    data = json.loads(acorn("--json", "reply", "check", str(reply), "--marketplace", "de", data_dir=data_dir).stdout)
    assert data["blocked"] and [f["rule"] for f in data["findings"]] == ["contact.email", "attachment.mention"]
    assert not data_dir.exists()  # checking a text needs no database


def test_a_clean_reply_from_stdin_exits_0(data_dir):
    text = "Hello, we have refunded your order today. We are sorry for the trouble.\n\nKind regards"
    result = acorn("--lang", "en", "reply", "check", "-", "--marketplace", "UK", data_dir=data_dir, stdin=text)
    assert result.returncode == 0 and "no problems found" in result.stdout
    german = acorn("reply", "check", "-", "--marketplace", "DE", data_dir=data_dir, stdin=text)
    assert german.returncode == 0 and "语言与站点不符" in german.stdout  # a warning does not fail
    assert acorn("reply", "check", "-", "--marketplace", "DE", "--buyer-language", "en", data_dir=data_dir,
                 stdin=text).stdout.startswith("沟通合规检查:未发现问题")  # fmt: skip


def test_bad_arguments_exit_2_with_a_chinese_reason(data_dir, tmp_path):
    unknown = acorn("reply", "check", "-", "--marketplace", "XX", data_dir=data_dir, stdin="Hallo")
    assert unknown.returncode == 2 and "未知的站点「XX」" in unknown.stderr
    missing = acorn("reply", "check", str(tmp_path / "nope.txt"), "--marketplace", "DE", data_dir=data_dir)
    assert missing.returncode == 2 and "无法读取文件" in missing.stderr


def test_templates_are_listed_with_their_facts(data_dir):
    data = json.loads(acorn("--json", "reply", "templates", data_dir=data_dir).stdout)
    keys = [t["key"] for t in data["templates"]]
    assert set(keys) == {p.name for p in resource("replies").iterdir() if p.is_dir()}
    assert len(keys) >= 10 and all(t["languages"] == ["en", "de", "fr", "it", "es", "ja"] for t in data["templates"])
    human = acorn("reply", "templates", data_dir=data_dir).stdout
    assert "partial_refund_offer\t商品损坏:提议部分退款\t订单号, 商品名称, 部分退款金额" in human
