"""Turn raw list rows into the derived columns the Splink model compares and blocks on.

Everything expensive about Indian names (transliteration, phonetic keys, splitting a
name across fields, initials) is computed here once per record in Python, so that the
SQL the model runs per pair stays cheap and portable to Splink's other backends.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import pyarrow as pa

from saathi.core.names import to_latin

from .names import name_key, skeleton, split_name, split_relation

COLUMNS = (
    "record_id",
    "source",
    "given_name",
    "family_name",
    "relative_name",
    "sex",
    "age",
    "phone",
    "id_last4",
    "village",
    "district",
    "state",
)

# A phone written on more than this many records is an office or a volunteer's phone:
# still compared, but not used to generate candidate pairs.
PHONE_BLOCK_CAP = 25
# A name word carried by more than this many records of one district (Das, Devi, Begum,
# and at scale Lakshmi) generates candidate pairs only within a village there.
WORD_BLOCK_CAP = 60

_SEX = {
    "f": "f",
    "female": "f",
    "w": "f",
    "woman": "f",
    "m": "m",
    "male": "m",
    "man": "m",
    "t": "t",
    "tg": "t",
    "transgender": "t",
    "o": "t",
    "other": "t",
}
_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯౦౧౨౩౪౫౬౭౮౯०१२३४५६७८९", "0123456789" * 3)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from pandas
        return ""
    return str(value).strip()


_NON_DIGIT = re.compile(r"\D")


def _digits(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.isascii() and text.isdigit():
        return text
    return _NON_DIGIT.sub("", text.translate(_DIGITS))


@lru_cache(maxsize=300_000)
def _phone_key(value: str) -> str | None:
    return _phone(value)


def _phone(value) -> str | None:
    digits = _digits(value)
    if digits.startswith("91") and len(digits) == 12:
        digits = digits[2:]
    digits = digits.lstrip("0") if len(digits) == 11 else digits
    digits = digits[-10:]
    if len(digits) < 5 or len(set(digits)) == 1:
        return None
    return digits


@lru_cache(maxsize=1000)
def _age_key(value: str) -> int | None:
    return _age(value)


def _age(value) -> int | None:
    digits = _digits(value)
    if not digits or len(digits) > 3:
        return None
    age = int(digits)
    return age if 0 < age < 120 else None


# Direction words of district names, translated rather than transliterated
# (উত্তর ২৪ পরগনা = North 24 Parganas, पूर्व = Purba = East).
_PLACE_WORDS = {
    "uttar": "north",
    "uttara": "north",
    "dakshin": "south",
    "dakshina": "south",
    "dakkhin": "south",
    "purba": "east",
    "purb": "east",
    "purv": "east",
    "purva": "east",
    "paschim": "west",
    "pashchim": "west",
    "pascim": "west",
    "paschima": "west",
    "daksin": "south",
    "daksina": "south",
    "pascima": "west",
}


# Old and new or English and Indian names of the same place.
_PLACE_ALIASES = {
    "calcutta": "kolkata",
    "midnapore": "medinipur",
    "midnapur": "medinipur",
    "hooghly": "hugli",
    "vizag": "visakhapatnam",
    "vizagapatnam": "visakhapatnam",
    "waltair": "visakhapatnam",
    "purnea": "purnia",
    "maldah": "malda",
    "burdwan": "bardhaman",
    "bardwan": "bardhaman",
    "pgs": "parganas",
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
}


def _place(value) -> str | None:
    return _place_key(_text(value))


@lru_cache(maxsize=100_000)
def _place_key(value: str) -> str | None:
    words = [_PLACE_ALIASES.get(w, _PLACE_WORDS.get(w, w)) for w in to_latin(_text(value)).split()]
    key = " ".join(name_key(w) if not w.isdigit() else w for w in words)
    # Telugu place names end in -u or not (Gunturu / Guntur, Nelluru / Nellore)
    key = re.sub(r"(?<=[^aeiou ])u\b", "", key)
    return key.replace(" ", "") or None


def prepare(rows: list[dict], group: str) -> list[dict]:
    """Derived columns for one list (group "r" for records, "a" for the against list)."""
    out = []
    for row in rows:
        given = _text(row.get("given_name"))
        family = _text(row.get("family_name"))
        relative = _text(row.get("relative_name"))
        # "Lakshmi W/o Ramesh" in the name field: the part after the marker is a relative
        given, rel_in_given = split_relation(given)
        if rel_in_given.strip() and not relative:
            relative = rel_in_given
        parts = split_name(given, family)
        rel = split_name(relative)
        words = list(dict.fromkeys(parts.words))
        given_words = list(dict.fromkeys(split_name(given).words))
        rel_words = list(dict.fromkeys(rel.words))
        out.append(
            {
                "unique_id": _text(row.get("record_id")),
                "grp": group,
                "nm_key": parts.key or None,
                "nm_sig": parts.signature or None,
                "gv_words": given_words or None,
                "nm_sorted": sorted(words) or None,
                "nm_join": "".join(parts.words) or None,
                "rel_key": rel.key or None,
                "rel_words": rel_words or None,
                "sex": _SEX.get(_text(row.get("sex")).lower()),
                "age": _age_key(_text(row.get("age"))),
                "phone": _phone_key(_text(row.get("phone"))),
                "id4": _digits(row.get("id_last4"))[-4:] or None,
                "village": _place(row.get("village")),
                "district": _place(row.get("district")),
                "state": _place(row.get("state")),
            }
        )
    return out


def add_blocking_keys(rows: list[dict]) -> pa.Table:
    """Blocking keys that depend on the whole list: rare name words, capped phones."""
    word_count: Counter = Counter()
    phone_count: Counter = Counter()
    for r in rows:
        for w in r["nm_sorted"] or ():
            word_count[(w, r["district"])] += 1
        if r["phone"]:
            phone_count[r["phone"]] += 1
    for r in rows:
        words = r["nm_sorted"] or []
        # her two rarest name words (counted in her district): blocked within a village;
        # the rarest alone also within the district, unless a block there would be large
        ranked = sorted(words, key=lambda w: (word_count[(w, r["district"])], w))
        r["tok1"] = ranked[0] if ranked else None
        r["tok2"] = ranked[1] if len(ranked) > 1 else None
        r["rtok"] = (
            r["tok1"]
            if r["tok1"] and word_count[(r["tok1"], r["district"])] <= WORD_BLOCK_CAP
            else None
        )
        r["skel1"] = skeleton(r["tok1"]) if r["tok1"] and len(r["tok1"]) > 2 else None
        r["phone_blk"] = (
            r["phone"] if r["phone"] and phone_count[r["phone"]] <= PHONE_BLOCK_CAP else None
        )
    return _to_arrow(rows)


_LIST_COLUMNS = {"nm_sorted", "gv_words", "rel_words"}


def _to_arrow(rows: list[dict]) -> pa.Table:
    """Columnar table for DuckDB (much faster to build and register than pandas with
    list columns)."""
    if not rows:
        return pa.table({})
    columns = {}
    for name in rows[0]:
        values = [r[name] for r in rows]
        if name in _LIST_COLUMNS:
            kind = pa.list_(pa.string())
        elif name == "age":
            kind = pa.int64()
        else:
            kind = pa.string()
        columns[name] = pa.array(values, type=kind)
    return pa.table(columns)
