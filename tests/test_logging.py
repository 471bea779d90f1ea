"""Logs rotate under the data dir and never carry secrets, even inside exception tracebacks."""

from __future__ import annotations

import logging

import pytest

from acorn_desktop.logging_setup import redact, setup_logging

SECRETS = [
    "Atzr|IwEBIA-refresh-token-value_123",
    "Atza|IwEBaccess.token+value/=",
    "x'" + "ab" * 32 + "'",
    "amzn1.oa2-cs.v1.0123456789abcdef0123",
]


@pytest.mark.parametrize("secret", SECRETS)
def test_redact_removes_token_shapes(secret):
    assert secret not in redact(f"before {secret} after")
    assert "before" in redact(f"before {secret} after")


def test_redact_handles_urls_and_headers():
    text = redact(
        'url=postgresql+psycopg://alice:hunter2@db/acorn refresh_token=abc123&x=1 {"x-amz-access-token": "q"}'
    )
    assert "hunter2" not in text and "abc123" not in text and '"q"' not in text
    assert "alice" in text and "x=1" in text


@pytest.fixture
def file_logging(tmp_path):
    root = logging.getLogger()
    before = list(root.handlers)
    yield setup_logging(tmp_path)
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def test_log_file_is_scrubbed_including_tracebacks(tmp_path, file_logging):
    path = file_logging
    logger = logging.getLogger("acorn.test")
    logger.info("token %s issued", SECRETS[0])
    try:
        raise RuntimeError(f"failed with {SECRETS[1]}")
    except RuntimeError:
        logger.exception("sync failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "sync failed" in text and "RuntimeError" in text
    for secret in SECRETS[:2]:
        assert secret not in text
    assert path.parent == tmp_path / "logs"
