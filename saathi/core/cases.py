"""Cases: a record that moves through statuses along a transition map, with a timeline.

Legal matters, complaints, referrals, collective claims, entitlement applications and
beneficiary lists are all cases. An app declares

* a ``TRANSITIONS`` map, ``{status: {statuses that may follow}}`` (a final status maps
  to an empty set);
* a timeline model, a subclass of :class:`CaseStep` with the foreign key to its case (its
  name in ``case_field``) and whatever the app records with a step (a note, a reason);

and moves a case only with :func:`case_move`, which in ONE transaction locks the case
row, refuses a move outside the map or over someone else's move, saves the changed
fields, writes the audit row and the timeline row carrying that audit row's sequence.
See ADR 0022.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, policy
from .access import deny, reach_of

__all__ = ["CaseStep", "case_move", "status_label"]


class CaseStep(models.Model):
    """One status change of a case: a row of its timeline (abstract).

    A subclass adds the foreign key to its case, names it in ``case_field``, and adds what
    the app records with a step. ``audit_seq`` is the sequence of the audit row written in
    the same transaction, so the timeline and the audit chain can be checked against each
    other."""

    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=40, blank=True)
    to_status = models.CharField(max_length=40)
    audit_seq = models.PositiveBigIntegerField(null=True)

    case_field: ClassVar[str] = ""

    class Meta:
        abstract = True


def status_label(status: str, labels: Mapping[str, Any] | None = None) -> str:
    """How a status is named in a message: its label, else the code itself."""
    if labels is not None and status in labels:
        return str(labels[status])
    return str(status)


def _labels(case: models.Model, status_field: str, labels: Mapping[str, Any] | None):
    """``labels`` over the choices of the case's status field."""
    field = case._meta.get_field(status_field)
    shown: dict[str, Any] = {str(k): v for k, v in (getattr(field, "flatchoices", None) or ())}
    shown.update(labels or {})
    return shown


def _differs(locked: models.Model, name: str, value: Any) -> bool:
    field = locked._meta.get_field(name)
    if not isinstance(field, models.Field):  # a reverse relation is never a case's own
        return True
    stored = getattr(locked, field.attname)
    if field.is_relation and (value is None or isinstance(value, models.Model)):
        return stored != (None if value is None else value.pk)
    return stored != value


def case_move(
    case: models.Model,
    to_status: str,
    *,
    actor,
    transitions: Mapping[str, Collection[str]],
    step_model: type[CaseStep],
    cap: str | None = None,
    status_field: str = "status",
    changes: dict[str, Any] | None = None,
    step_fields: dict[str, Any] | None = None,
    labels: Mapping[str, str] | None = None,
) -> CaseStep:
    """Move ``case`` to ``to_status`` along ``transitions``; return the timeline step.

    * a move outside ``transitions[current]`` is refused: ``ValidationError`` on
      ``to_status`` naming both statuses by their labels (``labels``, else the status
      field's choices);
    * with ``cap``, the actor must hold it on the case itself (``access.reach_of``):
      otherwise the refusal is audited and ``PermissionDenied`` raised;
    * then, in one transaction: the case row is locked (``select_for_update``); if its
      status is no longer the one this copy was read with, someone moved it meanwhile and
      the move is refused; the status and ``changes`` are set on ``case`` and only the
      fields that changed are saved; the audit row is written (codes only, never personal
      data); the step (``step_fields`` added, ``audit_seq`` set) is created.

    ``case`` is updated in place, so the caller's copy stays current."""
    if not step_model.case_field:
        raise TypeError(f"{step_model.__name__}.case_field is not set")
    changes = dict(changes or {})
    step_fields = dict(step_fields or {})
    if status_field in changes:
        raise TypeError("the status is set by to_status, not by changes")
    current = getattr(case, status_field)
    object_type = case._meta.label_lower
    if cap is not None:
        organisation_id, collective_ids = reach_of(case)
        if not policy.has_cap_for(
            actor, cap, organisation_id, collective_ids, object_type=object_type
        ):
            deny(
                actor,
                object_type=object_type,
                object_id=str(getattr(case, "uuid", None) or case.pk),
                organisation_id=organisation_id,
                cap=cap,
            )
            raise PermissionDenied
    if current not in transitions or to_status not in transitions[current]:
        shown = _labels(case, status_field, labels)
        raise ValidationError(
            {
                "to_status": _("A case that is “%(now)s” cannot become “%(next)s”.")
                % {"now": status_label(current, shown), "next": status_label(to_status, shown)}
            }
        )
    model = type(case)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().filter(pk=case.pk).first()
        if locked is None or getattr(locked, status_field) != current:
            raise ValidationError(
                {"to_status": _("Someone else changed the status meanwhile. Look again.")}
            )
        changed = [status_field]
        for name, value in changes.items():
            if _differs(locked, name, value):
                changed.append(name)
        before = {name: getattr(case, name) for name in (status_field, *changes)}
        setattr(case, status_field, to_status)
        for name, value in changes.items():
            setattr(case, name, value)
        try:
            case.save(update_fields=changed)
            event = audit.record(
                audit.Action.CHANGE,
                actor=actor,
                obj=case,
                fields=[status_field],
                detail={"from": current, "to": to_status},
            )
            step = step_model(
                **{step_model.case_field: case},
                from_status=current,
                to_status=to_status,
                actor=actor,
                audit_seq=event.seq,
                **step_fields,
            )
            step.save()
        except BaseException:
            for name, value in before.items():  # the caller's copy stays as the row is
                setattr(case, name, value)
            raise
    return step
