"""The publication rule under concurrency, on PostgreSQL: a consent withdrawn while the
engagement is being marked published leaves it unpublished.

Each thread has its own database connection. The withdrawal takes the engagement's row
lock and holds it (its transaction still open) while the publication starts: the
publication must wait for it and then see her consent gone. Without the lock it would
read her consent as it was before the withdrawal committed, and publish."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from saathi.advocacy import services
from saathi.advocacy.models import Engagement, IdentityConsent
from saathi.core import consent as core_consent
from saathi.core.policy import Role

from .helpers import PUBLISH, with_participant


def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (row locks between connections): run with "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/saathi_advocacy; CI's PostgreSQL "
            "run executes it"
        )


def _publish_while_withdrawing(world, withdraw):
    """Thread W withdraws (``withdraw()``) and keeps its transaction open 0.5 s; thread P
    starts publishing once W holds the lock. Returns P's outcome."""
    from django.utils import timezone

    eng = Engagement.objects.get(pk=world["eng"].pk)
    locked = threading.Event()
    outcome = {}

    def withdrawing():
        try:
            with transaction.atomic():
                withdraw()
                locked.set()
                time.sleep(0.5)
        finally:
            locked.set()
            connection.close()

    def publishing():
        try:
            locked.wait(timeout=10)
            services.engagement_publish(
                engagement=Engagement.objects.get(pk=eng.pk),
                data={"published_on": timezone.localdate(), **PUBLISH},
                actor=world["actor"],
            )
            outcome["result"] = "published"
        except ValidationError as exc:
            text = " ".join(exc.messages)
            outcome["result"] = "refused" if "consent is missing" in text else repr(exc)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion
            outcome["result"] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=withdrawing), threading.Thread(target=publishing)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcome.get("result")


@pytest.mark.django_db(transaction=True)
def test_withdrawal_during_publication_leaves_it_unpublished(world):
    _needs_postgresql()
    eng, participant = with_participant(world)
    actor = world.user("a", Role.FACILITATOR)
    result = _publish_while_withdrawing(
        {"eng": eng, "actor": actor},
        lambda: services.identity_consent_withdraw(
            participant=participant, actor=world.user("a", Role.VOLUNTEER)
        ),
    )
    assert result == "refused", result
    eng.refresh_from_db()
    assert eng.status == "planned"
    assert not IdentityConsent.objects.filter(
        participant=participant, withdrawn_at__isnull=True
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_registry_media_withdrawal_during_publication_leaves_it_unpublished(world):
    _needs_postgresql()
    eng, participant = with_participant(world)
    actor = world.user("a", Role.FACILITATOR)
    media = core_consent.consent_record(
        member=participant.member, purpose="media", method="signature", language="bn", actor=actor
    )
    result = _publish_while_withdrawing(
        {"eng": eng, "actor": actor},
        lambda: core_consent.consent_withdraw(
            consent=media, reason="", actor=world.user("a", Role.VOLUNTEER)
        ),
    )
    assert result == "refused", result
    eng.refresh_from_db()
    assert eng.status == "planned"


@pytest.mark.django_db(transaction=True)
def test_racing_withdrawal_and_publication_never_publish_a_withdrawn_consent(world):
    """Started at the same moment, either may win; never both: a published engagement
    always had her consent standing when it went out."""
    _needs_postgresql()
    from django.utils import timezone

    for _round in range(3):
        eng, participant = with_participant(world)
        barrier = threading.Barrier(2)
        results = {}

        def withdraw(p=participant):
            try:
                barrier.wait(timeout=10)
                services.identity_consent_withdraw(
                    participant=p, actor=world.user("a", Role.VOLUNTEER)
                )
                results["w"] = "ok"
            except Exception as exc:  # noqa: BLE001
                results["w"] = repr(exc)
            finally:
                connection.close()

        def publish(e=eng):
            try:
                barrier.wait(timeout=10)
                services.engagement_publish(
                    engagement=Engagement.objects.get(pk=e.pk),
                    data={"published_on": timezone.localdate(), **PUBLISH},
                    actor=world.user("a", Role.FACILITATOR),
                )
                results["p"] = "published"
            except ValidationError:
                results["p"] = "refused"
            finally:
                connection.close()

        threads = [threading.Thread(target=withdraw), threading.Thread(target=publish)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert results["w"] == "ok", results
        eng.refresh_from_db()
        consent = IdentityConsent.objects.get(participant=participant)
        if eng.status == "published":
            step = eng.steps.get(to_status="published")
            assert consent.withdrawn_at > step.at, "published after her withdrawal"
        else:
            assert results["p"] == "refused"
