"""Demo records of the collectives module for ``manage.py seed_demo``, written through the
services (so they are audited as if a facilitator had entered them)."""

from __future__ import annotations

from saathi.accounts.models import User

from . import services

# The offices collectives in West Bengal and Andhra Pradesh write to. Posts and offices
# only: the names of officials change and are left to the organisation to fill in.
DUTY_BEARERS = [
    {
        "title": "District Magistrate and Collector",
        "office": "Office of the District Magistrate, South 24 Parganas",
        "department": "Department of Home and Hill Affairs",
        "level": "district",
        "state": "WB",
        "district": "South 24 Parganas",
        "address": "Alipore\nKolkata 700027",
    },
    {
        "title": "District Magistrate and Collector",
        "office": "Office of the District Magistrate, North 24 Parganas",
        "department": "Department of Home and Hill Affairs",
        "level": "district",
        "state": "WB",
        "district": "North 24 Parganas",
        "address": "Barasat\nNorth 24 Parganas 700124",
    },
    {
        "title": "Block Development Officer",
        "office": "Sonarpur Block Development Office",
        "department": "Panchayats and Rural Development",
        "level": "block",
        "state": "WB",
        "district": "South 24 Parganas",
    },
    {
        "title": "Sub-Divisional Controller of Food and Supplies",
        "office": "Food and Supplies office, Baruipur Sub-division",
        "department": "Food and Supplies Department",
        "level": "subdivision",
        "state": "WB",
        "district": "South 24 Parganas",
    },
    {
        "title": "Secretary",
        "office": "District Legal Services Authority, South 24 Parganas",
        "department": "Legal Services Authority",
        "level": "district",
        "state": "WB",
        "district": "South 24 Parganas",
        "address": "Alipore Judges' Court\nKolkata 700027",
    },
    {
        "title": "Principal Secretary",
        "office": "Food and Supplies Department, Government of West Bengal",
        "department": "Food and Supplies Department",
        "level": "state",
        "state": "WB",
        "address": "Khadya Bhavan, 11A Mirza Ghalib Street\nKolkata 700087",
    },
    {
        "title": "District Collector",
        "office": "Collectorate, Guntur",
        "department": "Revenue Department",
        "level": "district",
        "state": "AP",
        "district": "Guntur",
        "address": "Collectorate\nGuntur 522004",
    },
    {
        "title": "Commissioner of Civil Supplies",
        "office": "Civil Supplies Department, Government of Andhra Pradesh",
        "department": "Consumer Affairs, Food and Civil Supplies",
        "level": "state",
        "state": "AP",
    },
    {
        "title": "Gram Panchayat Pradhan",
        "office": "Kalikapur Gram Panchayat",
        "department": "Panchayats and Rural Development",
        "level": "panchayat",
        "state": "WB",
        "district": "South 24 Parganas",
    },
]


def seed(*, organisation, stdout=None) -> dict:
    """Write the demo directory (and, as the module grows, its other records)."""
    actor = User.objects.filter(username="facilitator").first()
    if actor is None:
        return {}
    entries = [
        services.duty_bearer_create(organisation=organisation, data=row, actor=actor)
        for row in DUTY_BEARERS
    ]
    if stdout is not None:
        stdout.write(f"Collectives: {len(entries)} duty bearers")
    return {"duty_bearers": entries}
