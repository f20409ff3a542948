"""Static files: versioned URLs with long-lived cache headers, in demo mode too (issue 11.20)."""

import re

import pytest
from django.templatetags.static import static
from django.test import Client

from saathi.core import staticfiles


@pytest.mark.parametrize("name", ["django_htmx/htmx-2.min.js", "css/saathi.css"])
def test_versioned_static_url_is_cached_for_a_year(name):
    url = static(name)
    assert re.search(r"\?v=[0-9a-f]{12}$", url), url
    r = Client().get(url)
    assert r.status_code == 200
    cache = r["Cache-Control"]
    assert "immutable" in cache
    assert int(re.search(r"max-age=(\d+)", cache).group(1)) >= 365 * 24 * 3600


def test_unversioned_or_stale_url_keeps_a_short_max_age():
    path = static("css/saathi.css").split("?")[0]
    for url in (path, path + "?v=000000000000"):
        cache = Client().get(url)["Cache-Control"]
        assert "immutable" not in cache
        assert int(re.search(r"max-age=(\d+)", cache).group(1)) <= 3600


def test_the_version_follows_the_content(tmp_path, settings):
    f = tmp_path / "x.css"
    f.write_text("a{}")
    settings.STATICFILES_DIRS = [tmp_path]
    from django.contrib.staticfiles import finders

    finders.get_finder.cache_clear()
    try:
        first = staticfiles.version_of("x.css")
        f.write_text("b{}")
        import os

        os.utime(f, (1, 1))
        assert staticfiles.version_of("x.css") != first
    finally:
        finders.get_finder.cache_clear()


@pytest.mark.django_db
def test_pages_link_the_versioned_htmx(client):
    r = client.get("/accounts/login/")
    assert re.search(r'htmx-2\.min\.js\?v=[0-9a-f]{12}"', r.content.decode())
