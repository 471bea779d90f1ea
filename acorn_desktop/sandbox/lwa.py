"""Login with Amazon for the sandbox: refresh tokens → access tokens, expiry on the scaled clock, revocation.

Any LWA client id / secret is accepted. Access tokens live :data:`ACCESS_TOKEN_SECONDS` of simulated time.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

from .clock import ScaledClock
from .world import Account

ACCESS_TOKEN_SECONDS = 3600


@dataclass
class _Access:
    account: Account | None  # None: a grantless token (client_credentials)
    refresh_token: str | None
    expires: float  # clock seconds
    revoked: bool = False


class LwaError(Exception):
    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


class TokenStore:
    def __init__(self, clock: ScaledClock, accounts: list[Account]) -> None:
        self.clock = clock
        self._refresh = {a.refresh_token: a for a in accounts}
        self._revoked: set[str] = set()
        self._access: dict[str, _Access] = {}
        self._lock = threading.Lock()
        self.issued = 0

    def exchange(self, form: dict[str, str]) -> dict:
        """The LWA token endpoint: form fields in, token JSON out (raises :class:`LwaError`)."""
        grant = form.get("grant_type")
        if not form.get("client_id") or not form.get("client_secret"):
            raise LwaError("invalid_client", "Client authentication failed", 401)
        if grant == "client_credentials":
            if not form.get("scope"):
                raise LwaError("invalid_scope", "The request has an invalid parameter : scope")
            return self._issue(None, None) | {"scope": form["scope"]}
        if grant != "refresh_token":
            raise LwaError("unsupported_grant_type", "The authorization grant type is not supported.")
        token = form.get("refresh_token")
        if not token:
            raise LwaError("invalid_request", "The request is missing a required parameter : refresh_token")
        with self._lock:
            account = self._refresh.get(token)
            if account is None or token in self._revoked:
                raise LwaError("invalid_grant", "The request has an invalid grant parameter : refresh_token")
        return self._issue(account, token) | {"refresh_token": token}

    def _issue(self, account: Account | None, refresh: str | None) -> dict:
        access = "Atza|" + secrets.token_urlsafe(48)
        with self._lock:
            self._access[access] = _Access(account, refresh, self.clock.seconds() + ACCESS_TOKEN_SECONDS)
            self.issued += 1
        return {"access_token": access, "token_type": "bearer", "expires_in": ACCESS_TOKEN_SECONDS}

    def check(self, access_token: str | None) -> tuple[Account | None, str | None]:
        """(account, None) for a valid token, else (None, "expired" | "invalid")."""
        if not access_token:
            return None, "invalid"
        with self._lock:
            entry = self._access.get(access_token)
            if entry is None or entry.revoked:
                return None, "invalid"
            if self.clock.seconds() >= entry.expires:
                return None, "expired"
            if entry.account is None:
                return None, "invalid"
            return entry.account, None

    def revoke(self, refresh_token: str) -> None:
        """Revoke a refresh token (the seller de-authorised the app): LWA refuses it, its access tokens die."""
        with self._lock:
            self._revoked.add(refresh_token)
            for entry in self._access.values():
                if entry.refresh_token == refresh_token:
                    entry.revoked = True

    def restore(self, refresh_token: str) -> None:
        with self._lock:
            self._revoked.discard(refresh_token)

    def expire(self, access_token: str | None = None, *, account: Account | None = None) -> None:
        """Expire one access token, or every token of ``account``, or all of them (now, not in an hour)."""
        now = self.clock.seconds()
        with self._lock:
            for token, entry in self._access.items():
                if (access_token is None or token == access_token) and (account is None or entry.account == account):
                    entry.expires = min(entry.expires, now)
