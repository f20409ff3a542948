"""The double-distribution rule under concurrent requests, on PostgreSQL.

Two threads, each with its own database connection, record the same item for the same
household at the same moment: exactly one succeeds, the other is refused by the rule.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from saathi.core.policy import Role
from saathi.relief import services
from saathi.relief.models import Distribution

from .helpers import dist_input, make_programme


def _race(make_data, actors, rounds_barrier):
    outcomes = []
    lock = threading.Lock()

    def worker(actor):
        try:
            data = make_data()
            rounds_barrier.wait(timeout=10)
            services.distribution_record(data=data, actor=actor)
            result = "ok"
        except ValidationError as exc:
            result = "refused" if "repeat_reason" in exc.message_dict else repr(exc)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=worker, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_concurrent_distributions_exactly_one_succeeds(world):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (row locks between connections): run with "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/saathi_relief; CI's PostgreSQL "
            "run executes it"
        )
    programme = make_programme(world)
    member = world.members["a1"]
    actors = [world.user("a", Role.FACILITATOR), world.user("a", Role.VOLUNTEER)]
    for item_name in ("Ration kit", "Cash support"):
        barrier = threading.Barrier(len(actors))
        outcomes = _race(lambda n=item_name: dist_input(programme, member, n), actors, barrier)
        assert outcomes == ["ok", "refused"], outcomes
        assert Distribution.objects.filter(item__name=item_name, member=member).count() == 1
    # four at once for another member: still exactly one
    actors4 = actors + [world.user("a", Role.ORG_ADMIN), world.user("a", Role.SOCIAL_WORKER)]
    barrier = threading.Barrier(len(actors4))
    outcomes = _race(lambda: dist_input(programme, world.members["a2"]), actors4, barrier)
    assert outcomes == ["ok", "refused", "refused", "refused"], outcomes
