import pytest


@pytest.fixture(autouse=True)
def _jobs_keep_the_test_connection(monkeypatch):
    """core.jobs.run_job starts with close_old_connections(), right for a worker. Tests run
    jobs at once (ImmediateBackend) inside the test's transaction, where PostgreSQL's
    connection would be closed under it ("the connection is closed"; core's own job tests
    fail the same way on PostgreSQL). Reported to the coordinator; test-only."""
    monkeypatch.setattr("saathi.core.jobs.close_old_connections", lambda: None)
