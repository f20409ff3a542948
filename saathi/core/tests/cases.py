"""Test helper for apps with cases: a Hypothesis state machine over an app's move service.

An app calls :func:`check_moves_follow_map` from its own property test (a
``django_db`` test)::

    def test_moves_follow_the_map(world):
        check_moves_follow_map(
            make_case=lambda: services.application_start(...),
            move=lambda case, to: services.application_move(
                application=case, to_status=to, actor=user, reason="other"
            ),
            transitions=TRANSITIONS,
            step_model=Transition,
        )

Hypothesis then tries sequences of moves to any status (and moves made from a copy read
before someone else's move) and checks after each call that no sequence reaches a status
outside the map or skips the audit:

* a move the map allows from the current status succeeds, sets the status, writes one
  timeline step (from, to) and one audit row ("change", fields "status", from/to in its
  detail) whose sequence the step carries;
* a move the map does not allow, or one made from a stale copy, raises
  ``ValidationError`` and changes nothing: same status, no step, no audit row;
* the timeline chains: each step starts where the previous one ended and is in the map.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from saathi.core.cases import CaseStep
from saathi.core.models import AuditEvent


def check_moves_follow_map(
    *,
    make_case: Callable[[], Model],
    move: Callable[[Model, str], Any],
    transitions: Mapping[str, Collection[str]],
    step_model: type[CaseStep],
    statuses: Iterable[str] | None = None,
    status_field: str = "status",
    stale_copies: bool = True,
    max_examples: int = 20,
    step_count: int = 10,
) -> None:
    """Run the state machine; a failing sequence is reported by Hypothesis, shrunk.

    ``make_case()`` returns a new case (saved, with its first step if the app writes
    one); ``move(case, to_status)`` calls the app's service. ``statuses`` are the ones
    asked for (every status of the map by default, plus one that is not a status)."""
    asked = sorted({*transitions, *(s for nxt in transitions.values() for s in nxt)})
    asked = sorted(set(statuses)) if statuses is not None else [*asked, "no-such-status"]
    case_field = step_model.case_field

    def steps_of(case):
        return list(step_model.objects.filter(**{case_field: case}).order_by("at", "pk"))

    def audit_rows_of(case, after_seq):
        object_id = str(getattr(case, "uuid", None) or case.pk)
        return AuditEvent.objects.filter(
            object_type=case._meta.label_lower, object_id=object_id, seq__gt=after_seq
        )

    class Moves(RuleBasedStateMachine):
        @initialize()
        def start(self):
            self.case = make_case()
            self.model = type(self.case)
            self.status = self.stored_status()
            assert self.status in transitions, f"a new case is {self.status!r}, not in the map"
            self.first_steps = len(steps_of(self.case))
            self.taken = 0

        def stored_status(self):
            return getattr(self.model._default_manager.get(pk=self.case.pk), status_field)

        def attempt(self, case, to):
            before_seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True)[:1]
            before_seq = before_seq[0] if before_seq else 0
            steps_before = len(steps_of(self.case))
            try:
                move(case, to)
            except ValidationError:
                assert self.stored_status() == self.status, "a refused move changed the status"
                assert len(steps_of(self.case)) == steps_before, "a refused move left a step"
                assert (
                    not audit_rows_of(self.case, before_seq)
                    .filter(action=AuditEvent.Action.CHANGE)
                    .exists()
                ), "a refused move was audited as a change"
                return False
            stored = self.stored_status()
            assert stored == to, f"the move answered but the status is {stored!r}, not {to!r}"
            steps = steps_of(self.case)
            assert len(steps) == steps_before + 1, "a move wrote no step or several"
            step = steps[-1]
            assert (step.from_status, step.to_status) == (self.status, to)
            changes = audit_rows_of(self.case, before_seq).filter(
                action=AuditEvent.Action.CHANGE, fields=status_field
            )
            assert changes.count() == 1, "a move must write exactly one audit row"
            event = changes.get()
            assert step.audit_seq == event.seq, "the step does not carry its audit row"
            assert event.detail.get("from") == self.status and event.detail.get("to") == to
            self.status = to
            self.taken += 1
            return True

        @rule(to=st.sampled_from(asked))
        def move_to(self, to):
            was = self.status
            # an app may refuse more than the map does (a missing reason), never less
            if self.attempt(self.case, to):
                assert to in transitions.get(was, ()), f"{was!r} → {to!r} is not in the map"

        @rule(first=st.sampled_from(asked), then=st.sampled_from(asked))
        def move_from_a_stale_copy(self, first, then):
            if not stale_copies:
                return
            stale = self.model._default_manager.get(pk=self.case.pk)
            was = self.status
            if not self.attempt(self.case, first):
                return
            if first == was:
                # a self-loop (a second answer to a list) leaves the status as it was: the
                # stale copy cannot be told from a fresh one by its status (case_move's
                # check), and moving it again is the same step once more
                return
            moved = self.attempt(stale, then)
            assert not moved, "a move from a copy read before another move was taken"

        @invariant()
        def timeline_chains(self):
            if not hasattr(self, "case"):
                return
            steps = steps_of(self.case)[self.first_steps :]
            assert len(steps) == self.taken
            for step in steps:
                assert step.to_status in transitions.get(step.from_status, ()), (
                    f"the timeline holds {step.from_status!r} → {step.to_status!r}"
                )
            for prev, step in zip(steps, steps[1:], strict=False):
                assert step.from_status == prev.to_status, "the timeline does not chain"
            assert self.stored_status() in transitions

    run_state_machine_as_test(
        Moves,
        settings=settings(
            max_examples=max_examples,
            stateful_step_count=step_count,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
