from saathi.core.policy import Role
from saathi.relief.stock import services


def store(world, org="a", name="Sonagachi office", collective=None):
    return services.place_create(
        organisation=world.orgs[org],
        name=name,
        collective=collective,
        actor=world.user(org, Role.ORG_ADMIN),
    )


def kit(world, org="a", name="Ration kit"):
    return services.item_create(
        organisation=world.orgs[org], name=name, unit="kit", actor=world.user(org, Role.ORG_ADMIN)
    )
