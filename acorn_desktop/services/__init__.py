"""Use cases: each one a transaction, a permission check where it matters, and an audit entry."""
