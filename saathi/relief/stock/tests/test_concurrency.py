"""Two distributions of the last kit at the same moment, on PostgreSQL: one is refused."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from saathi.core.policy import Role
from saathi.relief.stock import services
from saathi.relief.stock.models import Level, Movement

from .helpers import kit, store


@pytest.mark.django_db(transaction=True)
def test_two_distributions_of_the_last_kit_one_is_refused(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks between connections); CI's PostgreSQL run has it")
    item, place = kit(world), store(world)
    services.receipt_record(
        item=item,
        place=place,
        quantity=1,
        on=timezone.localdate(),
        donor_kind="panchayat",
        actor=world.user("a", Role.FACILITATOR),
    )
    actors = [world.user("a", Role.FACILITATOR), world.user("a", Role.VOLUNTEER)]
    barrier = threading.Barrier(len(actors))
    outcomes, lock = [], threading.Lock()

    def worker(actor, member):
        try:
            barrier.wait(timeout=10)
            services.distribute(
                item=item,
                place=place,
                quantity=1,
                on=timezone.localdate(),
                actor=actor,
                member=member,
            )
            result = "ok"
        except ValidationError as exc:
            result = "refused" if "quantity" in exc.message_dict else repr(exc)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [
        threading.Thread(target=worker, args=(a, world.members[m]))
        for a, m in zip(actors, ("a1", "a2"), strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"], outcomes
    assert Level.objects.get(item=item, place=place).quantity == 0
    assert Movement.objects.filter(item=item, kind="given").count() == 1
