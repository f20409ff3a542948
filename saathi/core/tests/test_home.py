import pytest
from django.urls import reverse

from saathi.core.policy import Role


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, first_task",
    [
        (Role.ORG_ADMIN, "accounts:user_list"),
        (Role.FACILITATOR, "people:member_register"),
        (Role.VOLUNTEER, "people:member_register"),
        (Role.SOCIAL_WORKER, "people:member_list"),
        (Role.LEGAL_ADVOCATE, "people:member_list"),
        (Role.COLLECTIVE_LEADER, "people:member_list"),
        (Role.VIEWER, "reports:dashboard"),
    ],
)
def test_home_puts_the_roles_first_task_first(client, world, role, first_task):
    client.force_login(world.user("a", role))
    body = client.get(reverse("home")).content.decode()
    tasks = body[body.index('class="tasks"') :]
    first_link = tasks[tasks.index('href="') + 6 :].split('"')[0]
    assert first_link.split("?")[0] == reverse(first_task)


@pytest.mark.django_db
def test_user_without_role_is_told_to_ask_admin(client, django_user_model):
    user = django_user_model.objects.create_user(username="nobody", password="x" * 12)
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    assert "organisation admin" in body
    assert client.get(reverse("people:member_list")).status_code == 403
