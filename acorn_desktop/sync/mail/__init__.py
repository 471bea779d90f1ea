"""The IMAP mailbox reader (``imap``): network, so it lives in sync/. The mail formats it reads are pure and live
in ``formats/mail``."""
