"""Letters, evidence packages and exports (reportlab PDF, sandboxed templates). Qt-free."""
