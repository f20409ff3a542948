from saathi.core.tests.browser import *  # noqa: F403
