"""Seller Central notification mails: decoding (``message``), Outlook .msg (``outlook``), the formats
(``formats``), parsing to claim notices (``parse``) and values in six languages (``values``)."""
