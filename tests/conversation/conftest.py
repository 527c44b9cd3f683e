"""The conversation tests use the session's PostgreSQL fixtures from ``tests/conftest.py``."""
