import pytest
from django.urls import reverse

from saathi.core.policy import Role


@pytest.mark.django_db
def test_facilitator_pages_render(client, world):
    client.force_login(world.user("a", Role.FACILITATOR))
    m = world.members["a1"]
    for url in [
        reverse("home"),
        reverse("people:member_list"),
        reverse("people:member_list") + "?q=laksmi",
        reverse("people:member_register"),
        reverse("people:member_detail", args=[m.uuid]),
        reverse("people:member_edit", args=[m.uuid]),
        reverse("people:member_household", args=[m.uuid]),
        reverse("people:document_add", args=[m.uuid]),
        reverse("people:member_consent", args=[m.uuid]),
        reverse("reports:dashboard"),
    ]:
        r = client.get(url)
        assert r.status_code == 200, url
