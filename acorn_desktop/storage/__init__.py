"""The encrypted store: engines, keys, migrations, backups."""
