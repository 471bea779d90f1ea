"""The headless flow a user follows: run the sandbox, add a store with its credentials, sync, list."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from acorn_desktop.storage.keys import Manifest


def acorn(data_dir, *args, env_extra=None, check=True):
    env = dict(os.environ, **(env_extra or {}))
    result = subprocess.run(
        [sys.executable, "-m", "acorn_desktop.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{args}: {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def sandbox_process():
    proc = subprocess.Popen(
        [sys.executable, "-m", "acorn_desktop.cli", "sandbox", "serve", "--cases", "200", "--seed", "3"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    info = json.loads(proc.stdout.readline())
    yield info
    proc.terminate()
    proc.wait(timeout=30)


@pytest.mark.slow
def test_sandbox_account_add_sync_list(data_dir, sandbox_process, isolated_keyring):
    info = sandbox_process
    eu = next(a for a in info["accounts"] if a["region"] == "eu")
    acorn(data_dir, "init")
    secret_env = {
        "LWA_APP_ID": "amzn1.application-oa2-client.test",
        "LWA_CLIENT_SECRET": "client-secret-xyz",
        "SP_API_REFRESH_TOKEN": eu["refresh_token"],
    }
    added = acorn(
        data_dir,
        "account",
        "add",
        "--name",
        "欧洲店",
        "--region",
        "eu",
        "--marketplaces",
        "DE,FR,UK",
        "--endpoint",
        info["endpoint"],
        "--lwa-endpoint",
        info["lwa_endpoint"],
        env_extra=secret_env,
    )
    assert "已添加店铺" in added.stdout
    # the secrets are in the keyring only: not in the database file, the manifest or the log
    stored = json.loads(isolated_keyring.path.read_text())
    assert eu["refresh_token"] in stored.values()
    for path in [*data_dir.glob("acorn.db*"), data_dir / "store.json", *(data_dir / "logs").glob("*")]:
        assert eu["refresh_token"].encode() not in path.read_bytes(), path
        assert b"client-secret-xyz" not in path.read_bytes(), path
    assert Manifest.load(data_dir / "store.json").key_mode == "keyring"

    synced = json.loads(acorn(data_dir, "--json", "sync").stdout)
    report = synced["accounts"][0]
    assert report["status"] == "ok" and report["streams"]["finances"]["events_new"] > 0
    listed = json.loads(acorn(data_dir, "--json", "account", "list").stdout)["accounts"]
    assert listed[0]["name"] == "欧洲店" and listed[0]["last_sync_at"] and not listed[0]["needs_reauth"]
    cases = json.loads(acorn(data_dir, "--json", "cases", "list", "--all").stdout)
    assert cases["total"] > 0

    again = json.loads(acorn(data_dir, "--json", "sync").stdout)["accounts"][0]
    assert again["streams"]["finances"]["events_new"] == 0  # nothing doubled


@pytest.mark.slow
def test_account_add_refuses_a_revoked_or_unknown_refresh_token(data_dir, sandbox_process):
    info = sandbox_process
    acorn(data_dir, "init")
    env = {"LWA_APP_ID": "x", "LWA_CLIENT_SECRET": "y", "SP_API_REFRESH_TOKEN": "Atzr|not-a-real-token"}
    result = acorn(
        data_dir,
        "account",
        "add",
        "--name",
        "坏店",
        "--region",
        "na",
        "--marketplaces",
        "US",
        "--endpoint",
        info["endpoint"],
        "--lwa-endpoint",
        info["lwa_endpoint"],
        env_extra=env,
        check=False,
    )
    assert result.returncode == 2 and "拒绝" in result.stderr
    assert "Atzr|not-a-real-token" not in result.stderr
    assert json.loads(acorn(data_dir, "--json", "account", "list").stdout)["accounts"] == []


def test_account_add_checks_marketplaces_against_the_region(data_dir):
    acorn(data_dir, "init")
    env = {"LWA_APP_ID": "x", "LWA_CLIENT_SECRET": "y", "SP_API_REFRESH_TOKEN": "z"}
    result = acorn(
        data_dir,
        "account",
        "add",
        "--name",
        "A",
        "--region",
        "na",
        "--marketplaces",
        "US,DE",
        env_extra=env,
        check=False,
    )
    assert result.returncode == 2 and "DE" in result.stderr and "EU" in result.stderr
