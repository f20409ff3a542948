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


@pytest.fixture
def world(db):
    from saathi.core.testing import build_world

    return build_world()


# Playwright fixtures (one Chromium for the whole session): phone_browser, chromium_browser
from saathi.core.tests.browser import *  # noqa: E402, F403
