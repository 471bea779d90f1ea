"""SP-API access (python-amazon-sp-api), rate limiting, cursors and the per-account sync engine. Qt-free."""
