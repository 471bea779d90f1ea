"""Creating a store is itself an audited change: the first entry of every audit log says how it was made."""

from __future__ import annotations

from ..storage import keys
from ..storage.secrets import SecretStore
from ..storage.store import Store, StoreLocation
from . import audit


def create_store(
    location: StoreLocation,
    *,
    actor: str,
    key_mode: str = keys.KEY_MODE_KEYRING,
    secrets: SecretStore | None = None,
    password_provider: keys.PasswordProvider | None = None,
    demo: bool = False,
) -> Store:
    """``Store.create`` plus the ``store.init`` audit entry (key mode and backend; never the key)."""
    store = Store.create(location, secrets=secrets, key_mode=key_mode, password_provider=password_provider, demo=demo)
    try:
        with store.session() as session:
            audit.append(
                session,
                actor=actor,
                action="store.init",
                summary=f"store created ({key_mode}{', demo' if demo else ''})",
                payload={"key_mode": key_mode, "backend": store.dialect, "demo": demo},
            )
    except BaseException:
        store.close()
        raise
    return store
