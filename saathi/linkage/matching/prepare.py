"""Turn raw list rows into the derived columns the Splink model compares and blocks on.

Everything expensive about Indian names (transliteration, phonetic keys, splitting a
name across fields, initials) is computed here once per record in Python, so that the
SQL the model runs per pair stays cheap and portable to Splink's other backends.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from operator import itemgetter

import pyarrow as pa

from saathi.core.names import to_latin

from .model import WORDS
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
# A combination of common values (a village and an age, a relative's name, an age and a
# district) shared by more than this many records is a crowd, not a lead: it generates
# no candidate pairs (the records still meet through their other keys).
COMBO_BLOCK_CAP = 10
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


def _phone(value) -> str | None:
    digits = _digits(value)
    if digits.startswith("91") and len(digits) == 12:
        digits = digits[2:]
    digits = digits.lstrip("0") if len(digits) == 11 else digits
    digits = digits[-10:]
    if len(digits) < 5 or len(set(digits)) == 1:
        return None
    return digits


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


@lru_cache(maxsize=100_000)
def _place_key(value: str) -> str | None:
    words = [_PLACE_ALIASES.get(w, _PLACE_WORDS.get(w, w)) for w in to_latin(_text(value)).split()]
    key = " ".join(name_key(w) if not w.isdigit() else w for w in words)
    # Telugu place names end in -u or not (Gunturu / Guntur, Nelluru / Nellore)
    key = re.sub(r"(?<=[^aeiou ])u\b", "", key)
    return key.replace(" ", "") or None


@lru_cache(maxsize=300_000, typed=True)
def _person(given_raw, family_raw) -> tuple:
    """The name-derived columns of one record's own name, cached on the raw values (a
    list repeats the same names many times), and a relative's name written into the
    given-name field ("Lakshmi W/o Ramesh")."""
    given, rel_in_given = split_relation(_text(given_raw))
    parts = split_name(given, _text(family_raw))
    words = list(dict.fromkeys(parts.words))
    given_words = list(dict.fromkeys(split_name(given).words))
    return (
        parts.key or None,
        parts.signature or None,
        given_words or None,
        sorted(words) or None,
        "".join(parts.words) or None,
        rel_in_given.strip(),
    )


@lru_cache(maxsize=100_000, typed=True)
def _relative(text: str) -> tuple:
    rel = split_name(text)
    return rel.key or None, list(dict.fromkeys(rel.words)) or None


@lru_cache(maxsize=100_000, typed=True)
def _relative_of(relative_raw, rel_in_given: str) -> tuple:
    return _relative(_text(relative_raw) or rel_in_given)


_NAME_COLUMNS = ("nm_key", "nm_sig", "gv_words", "nm_sorted", "nm_join", "rel_key", "rel_words")


@lru_cache(maxsize=100, typed=True)
def _sex(value) -> str | None:
    return _SEX.get(_text(value).lower())


@lru_cache(maxsize=1000, typed=True)
def _age_of(value) -> int | None:
    return _age(_text(value))


@lru_cache(maxsize=300_000, typed=True)
def _phone_of(value) -> str | None:
    return _phone(_text(value))


@lru_cache(maxsize=300_000, typed=True)
def _id4_of(value) -> str | None:
    return _digits(value)[-4:] or None


@lru_cache(maxsize=100_000, typed=True)
def _place_of(value) -> str | None:
    return _place_key(_text(value))


def prepare(rows: list[dict], group: str) -> dict[str, list]:
    """Derived columns for one list (group "r" for records, "a" for the against list),
    column by column: every derivation is cached on the raw value, so a list of 200,000
    records costs one transliteration per distinct name, not per record. (The cached
    lists are shared between records: read them, never change them.)"""
    if not rows:
        values: dict = {name: () for name in COLUMNS}
    else:
        try:
            values = dict(
                zip(COLUMNS, zip(*map(itemgetter(*COLUMNS), rows), strict=True), strict=True)
            )
        except KeyError:  # rows that lack a column: the slower way
            values = {name: tuple(row.get(name) for row in rows) for name in COLUMNS}
    persons = [
        _person(g, f) for g, f in zip(values["given_name"], values["family_name"], strict=True)
    ]
    relatives = [
        _relative_of(r, p[-1]) for r, p in zip(values["relative_name"], persons, strict=True)
    ]
    out: dict[str, list] = {
        "unique_id": [_text(v) for v in values["record_id"]],
        "grp": [group] * len(rows),
    }
    for i, name in enumerate(_NAME_COLUMNS[:5]):
        out[name] = [p[i] for p in persons]
    out["rel_key"] = [r[0] for r in relatives]
    out["rel_words"] = [r[1] for r in relatives]
    out["sex"] = [_sex(v) for v in values["sex"]]
    out["age"] = [_age_of(v) for v in values["age"]]
    out["phone"] = [_phone_of(v) for v in values["phone"]]
    out["id4"] = [_id4_of(v) for v in values["id_last4"]]
    for name in ("village", "district", "state"):
        out[name] = [_place_of(v) for v in values[name]]
    return out


def concat(*parts: dict[str, list]) -> dict[str, list]:
    """One column set from several prepared lists."""
    return {name: [v for part in parts for v in part[name]] for name in parts[0]}


def add_blocking_keys(cols: dict[str, list]) -> pa.Table:
    """Blocking keys that depend on the whole list: rare name words, capped phones."""
    word_count: Counter = Counter()
    district = cols["district"]
    for words, d in zip(cols["nm_sorted"], district, strict=True):
        for w in words or ():
            word_count[(w, d)] += 1
    phone_count = Counter(p for p in cols["phone"] if p)
    tok1, tok2, rtok, skel1 = [], [], [], []
    for words, d in zip(cols["nm_sorted"], district, strict=True):
        # her two rarest name words (counted in her district): blocked within a village;
        # the rarest alone also within the district, unless a block there would be large
        ranked = sorted(words or (), key=lambda w, d=d: (word_count[(w, d)], w))
        t1 = ranked[0] if ranked else None
        tok1.append(t1)
        tok2.append(ranked[1] if len(ranked) > 1 else None)
        rtok.append(t1 if t1 and word_count[(t1, d)] <= WORD_BLOCK_CAP else None)
        skel1.append(_skeleton(t1) if t1 and len(t1) > 2 else None)
    table = dict(cols)
    table.update(tok1=tok1, tok2=tok2, rtok=rtok, skel1=skel1)
    # the sorted words as plain columns (model.WORDS of them) and their number
    words = table.pop("nm_sorted")
    table["nm_len"] = [len(w) if w else None for w in words]
    for i in range(WORDS):
        table[f"w{i + 1}"] = [w[i] if w and len(w) > i else None for w in words]
    table["phone_blk"] = [
        p if p and phone_count[p] <= PHONE_BLOCK_CAP else None for p in cols["phone"]
    ]
    age = cols["age"]
    table["va_blk"] = _combo(cols["village"], age)
    table["ta_blk"] = _combo(tok1, age, cols["state"])
    table["rel_blk"] = _combo(cols["rel_key"], age, district)
    return _to_arrow(table)


def _combo(*columns: list) -> list[str | None]:
    """One blocking key from several columns: none where a value is missing or the
    combination is shared by more than COMBO_BLOCK_CAP records."""
    keys = [
        None if None in values else "|".join(map(str, values))
        for values in zip(*columns, strict=True)
    ]
    count = Counter(k for k in keys if k is not None)
    return [k if k is not None and count[k] <= COMBO_BLOCK_CAP else None for k in keys]


@lru_cache(maxsize=100_000)
def _skeleton(word: str) -> str:
    return skeleton(word)


_LIST_COLUMNS = {"gv_words", "rel_words"}


def _to_arrow(cols: dict[str, list]) -> pa.Table:
    """Columnar table for DuckDB (much faster to build and register than pandas with
    list columns)."""
    columns = {}
    for name, values in cols.items():
        if name in _LIST_COLUMNS:
            kind = pa.list_(pa.string())
        elif name in ("age", "nm_len"):
            kind = pa.int64()
        else:
            kind = pa.string()
        columns[name] = pa.array(values, type=kind)
    return pa.table(columns)
