"""Error pages say what they know and nothing more (issue 11.19)."""

import pytest
from django.test import Client

from saathi.core.policy import Role
from saathi.core.testing import PASSWORD


@pytest.mark.django_db
def test_viewer_404_on_a_record_of_her_own_organisation_does_not_blame_the_organisation(world):
    member = world.members["a1"]  # in the viewer's own organisation
    c = Client()
    assert c.login(username=world.user("a", Role.VIEWER).username, password=PASSWORD)
    r = c.get(f"/registry/members/{member.uuid}/")
    assert r.status_code == 404
    text = r.content.decode()
    assert "not within your organisation" not in text
    assert "cannot be shown to you" in text
