"""Erasing members (ADR 0034): crypto-shredding plus clearing what is in the clear.

For a batch of members, in one transaction:

1. every encrypted value of every record of theirs, in every module and every history
   table, is emptied, and every private file of theirs deleted (found through the vault's
   registry and ``core.subjects``: a new module's fields are erased without being listed);
2. the rows that are only about her go: her names, phones, identity documents, the
   history rows of all her records (they hold old plain values), her household's
   dependants; every blind-index hash (``*_hash``) and search key is removed;
3. the member row stays, pseudonymised (her name becomes the pseudonym, no native name, no
   village, no search keys, archived), so that counts, distributions and the ledger's sums
   are unchanged and the audit chain (untouched, still valid) refers to the pseudonym;
4. once the transaction commits, her data key is destroyed (``core.keystore.destroy``):
   every copy of her ciphertext, in every backup of the database, is unreadable.
"""

from __future__ import annotations

from collections import Counter

from django.db import models, transaction
from django.utils import timezone

from saathi.core import keystore, subjects, vault
from saathi.core.fields import EncryptedTextField

PEOPLE_ROWS_ONLY_HERS = ("people.MemberName", "people.MemberPhone", "people.IdentityDocument")


def _models_of_members():
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.abstract or model._meta.proxy:
            continue
        if subjects.path_of(model) is None:
            continue
        yield model


def legal_holds(member_ids) -> set[int]:
    """Members whose records must be kept: an open legal matter (asked of saathi.legal)."""
    from saathi.legal.selectors import members_with_open_matters

    return members_with_open_matters(member_ids)


def erase_members(members: list, *, pseudonyms: dict[int, str], actor=None) -> Counter:
    """Erase ``members`` (Member instances); ``pseudonyms``: member id -> pseudonym.
    Call inside a transaction; the keys are destroyed when it commits."""
    from saathi.people.models import Dependant, Member, Membership

    ids = [m.pk for m in members]
    uuids = [str(m.uuid) for m in members]
    removed: Counter = Counter()
    doomed_files: list[str] = []
    for model in _models_of_members():
        where = subjects.member_filter(model, ids)
        if where is None:
            continue
        label = model._meta.label
        qs = model._base_manager.filter(**where)
        if vault.is_history(model):
            n = qs._raw_delete(qs.db)  # history rows: old plain values, no signals needed
            if n:
                removed[f"{label}"] += n
            continue
        for declared in vault.private_file_fields():
            if declared.model is model:
                attname = declared.field.attname
                names = [
                    n for n in qs.exclude(**{attname: ""}).values_list(attname, flat=True) if n
                ]
                doomed_files += names
                removed[f"{declared.label}"] += len(names)
        if label in PEOPLE_ROWS_ONLY_HERS:
            n = qs._raw_delete(qs.db)
            removed[label] += n
            continue
        changes: dict = {}
        for f in model._meta.concrete_fields:
            if isinstance(f, (EncryptedTextField, vault.PrivateFileField)):
                changes[f.attname] = ""
            elif isinstance(f, models.CharField) and f.name.endswith("_hash"):
                changes[f.attname] = ""  # blind indexes: no way to find her by a number
        if model is Member:
            continue  # below, with her pseudonym
        if changes:
            n = qs.update(**changes)
            if n:
                removed[f"{label} (emptied)"] += n
    # her household's dependants (children's names) and the member rows themselves
    removed["people.Dependant"] += Dependant.objects.filter(household__head_id__in=ids).delete()[0]
    now = timezone.now()
    for m in members:
        pseudonym = pseudonyms[m.pk]
        Member.objects.filter(pk=m.pk).update(
            display_name=pseudonym,
            reference=pseudonym,
            native_name="",
            birth_date="",
            trafficking_history="",
            occupation="",
            health_status="",
            hiv_status="",
            block="",
            village="",
            search_text=pseudonym.lower() + " ",
            household=None,
            archived_at=m.archived_at or now,
            archived_reason="erased",
        )
        Membership.objects.filter(member_id=m.pk).update(member_name=pseudonym)
    removed["people.Member (pseudonymised)"] += len(ids)

    organisations = {m.organisation_id for m in members}

    def _shred():
        keystore.destroy(uuids)
        vault.discard(doomed_files)
        # the registry index holds her name keys and phone: rebuilt at the next run
        from saathi.linkage import registry_index

        registry_index.discard(organisations)

    transaction.on_commit(_shred)
    return removed
