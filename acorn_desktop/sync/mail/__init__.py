"""Seller Central notification e-mails: decoding (``message``), the formats (``formats``), parsing to claim
notices (``parse``), values in six languages (``values``) and the IMAP mailbox reader (``imap``)."""

from .parse import ParsedMail, parse_mail

__all__ = ["ParsedMail", "parse_mail"]
