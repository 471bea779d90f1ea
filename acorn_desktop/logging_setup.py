"""Rotating log files under the data dir, with a filter that scrubs anything shaped like a secret."""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

from .storage.permissions import FILE_MODE, private_dir, restrict

# LWA refresh/access tokens, SQLCipher raw keys, client secrets, bearer headers, passwords in URLs.
_SECRET_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Atz(?:[ar]|\.sprdt)\|[A-Za-z0-9_\-|.+/=]+"), "***"),
    (re.compile(r"x'[0-9a-fA-F]{32,}'"), "***"),
    (re.compile(r"amzn1\.oa2-cs\.v1\.[0-9a-fA-F]+"), "***"),
    (re.compile(r"(?i)\b(client_secret|refresh_token|access_token|password|secret)=([^&\s]+)"), r"\1=***"),
    (re.compile(r"(?i)(x-amz-access-token['\"]?\s*[:=]\s*['\"]?)([^'\"\s,}]+)"), r"\1***"),
    (re.compile(r"(postgres(?:ql)?(?:\+\w+)?://[^:/\s]+:)([^@\s]+)(@)"), r"\1***\3"),
]


def redact(text: str) -> str:
    """Replace anything that looks like a token, key or password with ``***``."""
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's final message (args already merged) through :func:`redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.msg = redact(message)
        record.args = None
        return True


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Log files readable by the user only, the rotated ones included (created 0600, never widened)."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        restrict(Path(self.baseFilename))
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def setup_logging(data_dir: Path, *, level: int = logging.INFO, console: bool = False) -> Path:
    log_dir = private_dir(data_dir / "logs")
    path = log_dir / "acorn.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_acorn", False):
            root.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = [
        _PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    ]
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler._acorn = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)
    root.setLevel(level)
    # python-amazon-sp-api logs request headers (the access token) at DEBUG: never let those through.
    for noisy in ("sp_api", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(max(level, logging.INFO if noisy == "sp_api" else logging.WARNING))
    return path
