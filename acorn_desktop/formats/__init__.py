"""Amazon's formats, pure: report and settlement parsers, finance-event normalisation, the adjustment feed XML, the
claims CSV and the Seller Central notification mails. No database, no network, no Qt; imports only ``domain``,
``errors`` and ``paths``. Used by sync/, services/ and sandbox/ (docs/architecture.md)."""
