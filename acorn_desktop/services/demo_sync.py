"""Demo mode's marketplace: the built-in sandbox, started in-process and bound to the demo stores."""

from __future__ import annotations

from ..domain.marketplaces import Region
from ..sandbox.server import SandboxServer
from ..sync.client import Credentials, Target
from ..sync.credentials import StaticCredentials

# The sandbox accepts any LWA client id/secret; these name the app in its logs, they are not secrets.
SANDBOX_APP_ID = "amzn1.application-oa2-client.acorn-demo"
SANDBOX_APP_SECRET = "acorn-demo-client"


def sandbox_credentials(server: SandboxServer) -> StaticCredentials:
    """Credentials + endpoints for every sandbox seller, keyed by selling-partner id (as seeded)."""
    mapping = {}
    for account in server.accounts:
        codes = [m["code"] for m in account["marketplaces"]]
        target = Target(Region(account["region"]), codes[0], server.endpoint, server.lwa_endpoint)
        mapping[account["selling_partner_id"]] = (
            target,
            Credentials(SANDBOX_APP_ID, SANDBOX_APP_SECRET, account["refresh_token"]),
        )
    return StaticCredentials(mapping)
