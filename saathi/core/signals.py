"""Core signal handlers (none yet beyond the audit hooks in accounts.signals)."""
