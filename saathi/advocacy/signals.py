"""What advocacy does when a registry consent is withdrawn (``core.consent.consent_withdrawn``,
sent inside the withdrawal's transaction): a withdrawn media consent takes her consent off
every engagement of hers not yet published, under each engagement's lock, and alerts
whoever handles them. Publication is then refused until she agrees again."""

from __future__ import annotations


def registry_media_withdrawn(sender, consent, actor, **kwargs) -> None:
    from saathi.core.consent import Purpose

    from .services import withdraw_for_registry

    if consent.purpose != Purpose.MEDIA:
        return
    withdraw_for_registry(member=consent.member, actor=actor)
