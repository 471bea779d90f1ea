"""What every sandbox operation shares: the request/response objects, errors, time and token helpers."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .server import SandboxServer
    from .world import Account


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details

    def body(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.details:
            error["details"] = self.details
        return {"errors": [error]}


def invalid(message: str, details: str | None = None) -> ApiError:
    return ApiError(400, "InvalidInput", message, details)


def not_found(message: str = "The resource you requested does not exist.") -> ApiError:
    return ApiError(404, "NotFound", message)


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    operation: str = ""
    params: dict[str, str] = field(default_factory=dict)
    account: Account | None = None
    server: SandboxServer = None  # type: ignore[assignment]

    @property
    def injected(self) -> bool:
        """True when python-amazon-sp-api added its marketplace params (all four keys at once)."""
        return "marketplace_ids" in self.query and "MarketplaceId" in self.query

    def q(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None

    def qlist(self, name: str) -> list[str]:
        out: list[str] = []
        for value in self.query.get(name, []):
            out.extend(v for v in value.split(",") if v)
        return out

    def json(self) -> dict:
        try:
            data = json.loads(self.body or b"{}")
        except ValueError as exc:
            raise invalid("The request body is not valid JSON.") from exc
        if not isinstance(data, dict):
            raise invalid("The request body must be a JSON object.")
        return data


@dataclass
class Response:
    status: int = 200
    body: bytes | str | dict | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"

    def payload(self) -> bytes:
        if self.body is None:
            return b""
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body, separators=(",", ":")).encode()


def parse_time(value: str | None, name: str) -> datetime | None:
    """An ISO-8601 date-time from a query (``Z``, offsets, fractions; naive = UTC); 400 InvalidInput if bad."""
    if value is None or value == "":
        return None
    text = value.strip().replace(" ", "T", 1) if "T" not in value else value.strip()
    try:
        dt = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError as exc:
        raise invalid(f"Invalid {name}: {value}", f"{name} must be an ISO-8601 date-time.") from exc
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def encode_token(state: dict) -> str:
    """An opaque page token (base64 of a small JSON object)."""
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_token(token: str, name: str = "NextToken") -> dict:
    try:
        padded = token + "=" * (-len(token) % 4)
        state = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(state, dict):
            raise ValueError(token)
        return state
    except (ValueError, TypeError) as exc:
        raise invalid(f"Invalid {name}.", f"The {name} is not valid: {token[:40]}") from exc


def int_param(req: Request, name: str, default: int, low: int, high: int) -> int:
    raw = req.q(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise invalid(f"Invalid {name}: {raw}") from exc
    if not low <= value <= high:
        raise invalid(f"{name} must be between {low} and {high}.", f"Invalid {name}: {raw}")
    return value
