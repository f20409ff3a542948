"""Whose data a record is: the member (data subject) whose key seals its encrypted values.

Found from the record itself, so that every app's ``EncryptedTextField`` and
``PrivateFileField`` is sealed under the right key without the app saying anything:

* a member is her own subject;
* a record with a ``member`` foreign key to ``people.Member`` belongs to that member
  (none when it is empty: such a record stays under the master keys);
* a record that is part of such a record (a non-null foreign key with ``on_delete=CASCADE``:
  a matter's threat, a compensation's payment, a response's attachment) belongs to the
  member of its parent, up to three steps;
* a model may say it itself with ``data_subject_path = ("matter", "member")`` (the
  attribute names followed, the last a foreign key to ``people.Member``), or ``()`` for
  "nobody's";
* a django-simple-history row belongs to whom its live record belongs.

Everything else (a donor, an organisation's job file) stays under the master keys.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.db import models

MEMBER_LABEL = "people.member"
_uuid_of_id: dict[int, str] = {}


def _member_model():
    return apps.get_model("people", "Member")


def _is_member_model(model) -> bool:
    return model._meta.label_lower == MEMBER_LABEL


def _live(model):
    from .vault import is_history

    return model.instance_type if is_history(model) else model


def _fk_to_member(model) -> str | None:
    for f in model._meta.concrete_fields:
        if f.name == "member" and f.is_relation and _is_member_model(f.related_model):
            return f.name
    return None


@cache
def path_of(model) -> tuple[str, ...] | None:
    """The attributes followed from a record of ``model`` to its member's foreign key;
    ``("",)`` for the member herself; None: nobody's."""
    model = _live(model)
    if _is_member_model(model):
        return ("",)
    declared = getattr(model, "data_subject_path", None)
    if declared is not None:
        return tuple(declared) or None
    return _search(model, 3)


def _search(model, depth: int) -> tuple[str, ...] | None:
    direct = _fk_to_member(model)
    if direct:
        return (direct,)
    if depth <= 1:
        return None
    for f in model._meta.concrete_fields:
        if not (f.many_to_one and not f.null):
            continue
        if getattr(f.remote_field, "on_delete", None) is not models.CASCADE:
            continue
        target = f.related_model
        if target is model or _is_member_model(target):
            continue
        rest = _search(target, depth - 1)
        if rest:
            return (f.name, *rest)
    return None


def subject_of(obj) -> str | None:
    """The uuid (str) of the member whose data ``obj`` is, or None."""
    p = path_of(type(obj))  # type: ignore[arg-type]  # a model class is hashable
    if p is None:
        return None
    if p == ("",):
        return str(obj.uuid) if getattr(obj, "uuid", None) else None
    target = obj
    for hop in p[:-1]:
        target = getattr(target, hop, None)
        if target is None:
            return None
    last = p[-1]
    field = target._meta.get_field(last)
    member_id = getattr(target, field.attname, None)
    if member_id is None:
        return None
    cached = field.get_cached_value(target, default=None) if field.is_cached(target) else None
    if cached is not None and getattr(cached, "uuid", None):
        return str(cached.uuid)
    return member_uuid(member_id)


def member_uuid(member_id: int) -> str | None:
    found = _uuid_of_id.get(member_id)
    if found is None:
        value = (
            _member_model()
            ._base_manager.filter(pk=member_id)
            .values_list("uuid", flat=True)
            .first()
        )
        if value is None:
            return None
        found = str(value)
        if len(_uuid_of_id) > 100_000:
            _uuid_of_id.clear()
        _uuid_of_id[member_id] = found
    return found


def member_filter(model, member_ids) -> dict | None:
    """The ``filter()`` keywords that select the records of ``model`` belonging to these
    members (by id); None when the model holds nobody's data."""
    p = path_of(model)
    if p is None:
        return None
    if p == ("",):  # the member's own rows (her history rows keep her id in ``id``)
        return {"id__in": list(member_ids)}
    return {"__".join(p) + "__in": list(member_ids)}
