"""Encrypted model fields.

Reading an encrypted field gives a :class:`Sealed` value, never the plaintext: the only
way to see the plaintext is ``saathi.core.confidential.reveal`` (capability-checked and
audited) or ``Sealed.unseal_for_system`` in code that never shows it to a person (key
rotation, exports of non-confidential personal fields through their own checks).
"""

from __future__ import annotations

from django.db import models

from . import crypto, subjects


class Sealed:
    """An encrypted value as read from the database."""

    __slots__ = ("token",)

    def __init__(self, token: str):
        self.token = token

    def __str__(self) -> str:
        return "••••"

    def __repr__(self) -> str:
        return "<Sealed>"

    def __bool__(self) -> bool:
        return bool(self.token)

    def __eq__(self, other) -> bool:
        return isinstance(other, Sealed) and other.token == self.token

    def __hash__(self) -> int:
        return hash(self.token)

    def unseal_for_system(self) -> str:
        return crypto.decrypt_text(self.token) if self.token else ""


class EncryptedTextField(models.TextField):
    """Stores AES-GCM ciphertext; assign a str, read a :class:`Sealed`.

    ``confidential=True`` marks fields whose reads must be audited and which only roles
    with the ``view_confidential`` capability may see.
    """

    def __init__(self, *args, confidential: bool = False, **kwargs):
        self.confidential = confidential
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.confidential:
            kwargs["confidential"] = True
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return Sealed("")
        return Sealed(value)

    def to_python(self, value):
        return value

    def pre_save(self, model_instance, add):
        # Encrypt once and leave a Sealed value on the instance: after save() the object
        # must not keep the plaintext where a template or serializer could show it.
        value = getattr(model_instance, self.attname)
        if value is None or isinstance(value, Sealed):
            return value
        value = str(value)
        sealed = Sealed(seal(model_instance, value))
        setattr(model_instance, self.attname, sealed)
        return sealed

    def get_prep_value(self, value):
        # A str reaching here has no record (``update()``, ``bulk_update`` with plain
        # values): it goes under the master keys, and ``manage.py member_keys`` moves it to
        # its member's key. Code that knows the record assigns ``Sealed(seal(obj, v))``.
        if value is None:
            return ""
        if isinstance(value, Sealed):
            return value.token
        value = str(value)
        if value == "":
            return ""
        return crypto.encrypt_text(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.token if isinstance(value, Sealed) else ""


def seal(obj, value: str) -> str:
    """``value`` encrypted for ``obj``'s column: under its member's data key when the
    record is a member's (``core.subjects``), the master keys otherwise."""
    if not value:
        return ""
    return crypto.encrypt_text(value, subject=subjects.subject_of(obj))


def encrypted_fields(model) -> list[EncryptedTextField]:
    return [f for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
