import shutil

import pytest


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    from saathi.core import keystore

    # rights: members' data keys (ADR 0034), one keystore per test like its database: a
    # test that rotates the master keys leaves no key that the next test cannot open
    settings.SAATHI_KEYSTORE = tmp_path / "keystore.sqlite3"
    settings.SAATHI_PRIVATE_FILES = tmp_path / "private"
    settings.SAATHI_AUDIT_CHECKPOINT = tmp_path / "audit-checkpoint.json"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # background jobs run at once, inside the request that starts them
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    yield
    keystore.close()
    shutil.rmtree(tmp_path / "private", ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """With ``--nomigrations`` (CI's SQLite pass, ADR 0046) the tables come from the models
    at once instead of from 66 migrations (about 2 minutes per worker); this puts in what
    the data migrations put into an empty database: the audit chain's head and the shipped
    scheme catalogue. A new data migration that an empty database needs goes here too.
    The PostgreSQL pass builds its database from the migrations."""
    if request.config.getoption("nomigrations", False):
        with django_db_blocker.unblock():
            from saathi.core.models import AuditChainHead
            from saathi.entitlements.services import load_shipped_catalogue

            AuditChainHead.objects.get_or_create(pk=1)
            load_shipped_catalogue()
    yield


@pytest.fixture
def world(db):
    from saathi.core.testing import build_world

    return build_world()


# Playwright fixtures (one Chromium for the whole session): phone_browser, chromium_browser
from saathi.core.tests.browser import *  # noqa: E402, F403
