"""Everything claim intake offers the UI and the command line, bound to one store (call on a worker thread)."""

from __future__ import annotations

from ..storage.secrets import SecretStore
from .changes import ActorLike
from .inbox import InboxServices
from .mail_intake import MailImports
from .mailboxes import MailboxServices
from .manual_cases import ManualCase, StoreChoice, create_case, store_choices
from .unreadable_lines import UnreadableLinesServices


class ClaimIntakeServices:
    """``imports`` (.eml / CSV files), ``inbox`` (unparsed mails), ``mailboxes`` (IMAP), ``unreadable`` (report
    lines the sync could not read), manual entry."""

    def __init__(self, store, secrets: SecretStore | None = None) -> None:
        self.store = store
        self.imports = MailImports(store)
        self.inbox = InboxServices(store)
        self.mailboxes = MailboxServices(store, secrets)
        self.unreadable = UnreadableLinesServices(store)  # report lines the sync could not read

    def store_choices(self) -> list[StoreChoice]:
        return store_choices(self.store)

    def create_case(self, actor: ActorLike, entry: ManualCase) -> int:
        return create_case(self.store, actor, entry)
