"""Encrypted data and private files, declared once.

Two kinds of field hold encrypted data:

* :class:`saathi.core.fields.EncryptedTextField` - a value sealed in the column itself;
* :class:`PrivateFileField` - the name of a private file (``core.files``), the file itself
  AES-GCM encrypted under ``SAATHI_PRIVATE_FILES`` and bound to its record through its
  associated data (``aad``): a file moved to another record does not decrypt.

The registry (:func:`encrypted_fields`, :func:`private_file_fields`) is every such field of
every installed model, found by its type; ``manage.py rotate_keys`` walks it, so a new model
is rotated without anyone listing it. Naming rule (checked at start-up, ``saathi.E020``): a
model field whose name ends in ``_file`` is a :class:`PrivateFileField`; code outside
``core`` never calls ``core.files.private_write``/``private_read`` itself (a test reads the
source), it calls :func:`store` and :func:`read` here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core import checks
from django.db import models, transaction

from . import files, subjects
from .fields import EncryptedTextField


class PrivateFileField(models.CharField):
    """The name of an encrypted private file; empty when there is none.

    ``aad_prefix`` binds the file to its record: the associated data is
    ``f"{aad_prefix}:{obj.uuid}"``, or ``str(obj.uuid)`` alone when the prefix is empty
    (the form of the first files: document scans and correspondence attachments).
    ``aad_key`` names the record's attribute used in it (``uuid`` by default).
    """

    description = "Name of an encrypted private file"

    def __init__(self, *args, aad_prefix: str, aad_key: str = "uuid", **kwargs):
        self.aad_prefix = aad_prefix
        self.aad_key = aad_key
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["aad_prefix"] = self.aad_prefix
        if self.aad_key != "uuid":
            kwargs["aad_key"] = self.aad_key
        # the defaults set above are the field's own: keep migrations short
        if kwargs.get("max_length") == 64:
            del kwargs["max_length"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        if kwargs.get("editable") is False:
            del kwargs["editable"]
        return name, path, args, kwargs

    def aad_for(self, obj) -> bytes:
        key = str(getattr(obj, self.aad_key))
        return (f"{self.aad_prefix}:{key}" if self.aad_prefix else key).encode()

    def formfield(self, **kwargs):  # never an editable form field: names are not input
        return None


def _field(obj, field_name: str) -> PrivateFileField:
    field = obj._meta.get_field(field_name)
    if not isinstance(field, PrivateFileField):
        raise TypeError(f"{obj._meta.label}.{field_name} is not a PrivateFileField")
    return field


def store(obj, field_name: str, content: bytes) -> None:
    """Encrypt ``content`` into a new private file and set the field to its name (the
    caller saves ``obj``). A file the field named before is deleted once the surrounding
    transaction commits, so a rolled-back replacement keeps the old one."""
    field = _field(obj, field_name)
    old = getattr(obj, field.attname)
    name = files.private_write(
        content, aad=field.aad_for(obj), subject=subjects.subject_of(obj)
    )  # a member's file is sealed under her data key (core.keystore)
    setattr(obj, field.attname, name)
    if old:
        transaction.on_commit(lambda: files.private_delete(old))


def read(obj, field_name: str) -> bytes:
    """The decrypted content; raises ``FileNotFoundError`` when the field is empty or the
    file is gone, ``crypto.DecryptionError`` when it fails authentication."""
    field = _field(obj, field_name)
    name = getattr(obj, field.attname)
    if not name:
        raise FileNotFoundError(f"{obj._meta.label}.{field_name} is empty")
    return files.private_read(name, aad=field.aad_for(obj))


def delete(obj, field_name: str) -> None:
    """Delete the file now and empty the field (the caller saves ``obj``)."""
    field = _field(obj, field_name)
    files.private_delete(getattr(obj, field.attname))
    setattr(obj, field.attname, "")


def discard(names) -> None:
    """Delete private files by name (erasure: the records naming them are emptied)."""
    for name in names:
        files.private_delete(name)


_FIND = object()


def reencrypt(obj, field_name: str, current_key_id: str, subject=_FIND) -> bool:
    """Re-encrypt the record's file under the key it belongs under (its member's data key,
    or the current master key); False when it already was. ``subject``: her uuid when the
    caller knows it (None: nobody's)."""
    field = _field(obj, field_name)
    if subject is _FIND:
        subject = subjects.subject_of(obj)
    return files.private_reencrypt(
        getattr(obj, field.attname),
        aad=field.aad_for(obj),
        current_key_id=current_key_id,
        subject=str(subject) if subject else None,
    )


# ------------------------------------------------------------------------ registry
@dataclass(frozen=True)
class Declared:
    model: type[models.Model]
    field: Any  # an EncryptedTextField or a PrivateFileField

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"


def is_history(model) -> bool:
    """A django-simple-history copy: it holds old values of the live model's fields."""
    return getattr(model, "instance_type", None) is not None and model.__name__.startswith(
        "Historical"
    )


def _walk(kind, *, history: bool) -> Iterator[Declared]:
    for model in apps.get_models():
        if model._meta.abstract or model._meta.proxy:
            continue
        if not history and is_history(model):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, kind):
                yield Declared(model, field)


def encrypted_fields() -> list[Declared]:
    """Every encrypted column, history tables included (their rows are old values)."""
    return list(_walk(EncryptedTextField, history=True))


def private_file_fields() -> list[Declared]:
    """Every private-file column of the live tables. History rows name files the live row
    held before; a replaced file is deleted, so they are not walked."""
    return list(_walk(PrivateFileField, history=False))


@checks.register(checks.Tags.models)
def check_private_file_names(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The naming rule: a field called ``*_file`` holds a private file, so it must be a
    PrivateFileField (otherwise rotate_keys would not know it)."""
    errors: list[checks.CheckMessage] = []
    configs = app_configs or apps.get_app_configs()
    for config in configs:
        for model in config.get_models():
            if is_history(model):
                continue
            for field in model._meta.concrete_fields:
                if field.name.endswith("_file") and not isinstance(field, PrivateFileField):
                    errors.append(
                        checks.Error(
                            f"{model._meta.label}.{field.name} is named like a private file "
                            "but is not a saathi.core.vault.PrivateFileField.",
                            hint="Declare private files with PrivateFileField so that "
                            "rotate_keys re-encrypts them, or rename the field.",
                            obj=field,
                            id="saathi.E020",
                        )
                    )
    return errors
