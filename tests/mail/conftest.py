"""The real IMAP server (dovecot) for the mailbox tests. In CI a missing dovecot fails instead of skipping."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import dovecot
import pytest


@pytest.fixture
def imap_server():
    if not dovecot.available():
        if os.environ.get("CI"):
            pytest.fail("dovecot (dovecot-imapd) is required in CI: apt-get install dovecot-imapd")
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    # not under pytest's 0700 tmp dir: dovecot's own (non-root) processes must reach the maildir
    root = Path(tempfile.mkdtemp(prefix="acorn-dovecot-"))
    server = dovecot.start(root)
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)
