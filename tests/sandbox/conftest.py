"""Sandbox fixtures: a shared server with a fixed ``now``, raw-HTTP and python-amazon-sp-api clients, schemas."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import httpx
import jsonschema
import pytest

from acorn_desktop.sandbox.server import SandboxServer

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
MODELS = Path(__file__).resolve().parents[1] / "data" / "spapi-models"  # copied into the project (SOURCE.md)
MARKETPLACE_IDS = {"US": "ATVPDKIKX0DER", "DE": "A1PA6795UKMFR9", "UK": "A1F83G8C2ARO7P", "JP": "A1VC38T7YXB528"}
AWS_REGION = {"na": "us-east-1", "eu": "eu-west-1", "fe": "us-west-2"}


@pytest.fixture(autouse=True)
def _clean_sp_api_cache(monkeypatch):
    import sp_api.auth.access_token_client as atc

    monkeypatch.delenv("SP_API_DEFAULT_MARKETPLACE", raising=False)
    atc.cache.clear()
    yield
    atc.cache.clear()


@pytest.fixture(scope="session")
def sandbox():
    """One server for read-mostly tests: 2,500 cases, rate limits off, reports/feeds done after 6 s."""
    with SandboxServer(seed=42, cases=2500, now=NOW, rate_limits=False) as server:
        yield server


class Raw:
    """Minimal raw client: an access token per region, then plain httpx requests."""

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.http = httpx.Client(base_url=server.endpoint, timeout=10)
        self._tokens: dict[str, str] = {}

    def token(self, region: str = "eu") -> str:
        if region not in self._tokens:
            form = {
                "grant_type": "refresh_token",
                "refresh_token": self.server.account(region).refresh_token,
                "client_id": "amzn1.application-oa2-client.test",
                "client_secret": "secret",
            }
            self._tokens[region] = self.http.post("/auth/o2/token", data=form).json()["access_token"]
        return self._tokens[region]

    def get(self, path: str, region: str = "eu", **params) -> httpx.Response:
        return self.http.get(path, params=params, headers={"x-amz-access-token": self.token(region)})

    def post(self, path: str, body: dict, region: str = "eu") -> httpx.Response:
        return self.http.post(path, json=body, headers={"x-amz-access-token": self.token(region)})

    def delete(self, path: str, region: str = "eu") -> httpx.Response:
        return self.http.delete(path, headers={"x-amz-access-token": self.token(region)})


@pytest.fixture
def raw(sandbox):
    client = Raw(sandbox)
    yield client
    client.http.close()


def sp_client(server: SandboxServer, api_class, region: str = "eu", marketplace: str = "DE", **kwargs):
    """A real python-amazon-sp-api client pointed at the sandbox (LWA host overridden by subclass)."""
    from sp_api.auth import AccessTokenClient

    class SandboxLWA(AccessTokenClient):
        scheme = "http://"
        host = server.lwa_host

    marketplace_ns = SimpleNamespace(
        endpoint=server.endpoint, marketplace_id=MARKETPLACE_IDS[marketplace], region=AWS_REGION[region]
    )
    credentials = {
        "refresh_token": server.account(region).refresh_token,
        "lwa_app_id": "amzn1.application-oa2-client.test",
        "lwa_client_secret": "secret",
    }
    return api_class(marketplace_ns, credentials=credentials, auth_token_client_class=SandboxLWA, **kwargs)


@pytest.fixture(scope="session")
def models() -> dict[str, dict]:
    assert MODELS.is_dir(), f"models not found at {MODELS}"
    return {path.stem: json.loads(path.read_text()) for path in MODELS.glob("*.json")}


@pytest.fixture(scope="session")
def validate(models):
    """validate(model_stem, definition, instance): JSON-Schema (draft 4) check against a model's definition."""
    cache: dict[tuple[str, str], jsonschema.Draft4Validator] = {}

    def check(model: str, definition: str, instance) -> None:
        key = (model, definition)
        if key not in cache:
            schema = {"$ref": f"#/definitions/{definition}", "definitions": models[model]["definitions"]}
            cache[key] = jsonschema.Draft4Validator(schema)
        errors = sorted(cache[key].iter_errors(instance), key=lambda e: list(e.path))
        assert not errors, f"{model}#{definition}: " + "; ".join(
            f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5]
        )

    return check


@pytest.fixture
def fresh():
    """Factory for a private server (tests that mutate state or need rate limits / faults)."""
    servers: list[SandboxServer] = []

    def make(**kwargs) -> SandboxServer:
        kwargs.setdefault("now", NOW)
        kwargs.setdefault("cases", 300)
        server = SandboxServer(**kwargs).start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()
