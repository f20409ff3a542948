"""Turn raw list rows into the derived columns the Splink model compares and blocks on.

Everything expensive about Indian names (transliteration, phonetic keys, splitting a
name across fields, initials) is computed here once per record in Python, so that the
SQL the model runs per pair stays cheap and portable to Splink's other backends.
"""

from __future__ import annotations

import logging
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from functools import lru_cache
from operator import itemgetter

import pyarrow as pa

from saathi.core.names import to_latin

from .model import WORD_COLUMNS
from .names import name_key, split_name, split_relation

log = logging.getLogger(__name__)

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
WORD_BLOCK_CAP = 30

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
    # as native-script registers write it
    "মহিলা": "f",
    "নারী": "f",
    "স্ত্রী": "f",
    "পুরুষ": "m",
    "మహిళ": "f",
    "స్త్రీ": "f",
    "పురుషుడు": "m",
    "పు": "m",
    "స్త్రీ.": "f",
    "महिला": "f",
    "स्त्री": "f",
    "पुरुष": "m",
    # a form's sex column abbreviated, in Hindi and Marathi: पु(रुष) and म(हिला)
    "पु": "m",
    "म": "f",
    "ಮಹಿಳೆ": "f",
    "ಹೆಣ್ಣು": "f",
    "ಹೆ": "f",
    "ಪುರುಷ": "m",
    "ಗಂಡು": "m",
    "ಗಂ": "m",
    "mahila": "f",
    "stri": "f",
    "purush": "m",
}
_DIGITS = str.maketrans("০১২৩৪৫৬৭৮৯౦౧౨౩౪౫౬౭౮౯०१२३४५६७८९", "0123456789" * 3)


# What a clerk writes for "not known" in any column ("NA", "N/A", "nil", "0", "--"):
# compared without spaces, dots, slashes and dashes. Left as it is, "N/A" in a village
# became "North" ("N" is its abbreviation) and "NA" a village where everyone meets.
_PLACEHOLDERS = frozenset(
    ["na", "nil", "none", "null", "nan", "notknown", "unknown", "notavailable", "nk", "0", "00"]
    + ["x", "xx", "xxx", "?", "??"]
)
_PLACEHOLDER_CHARS = re.compile(r"[\s./\\-]+")


def _record_id(value) -> str:
    """A record's id as given ("0" and "x" are ids too, never placeholders)."""
    return "" if value is None else str(value).strip()


def _text(value) -> str:
    """A field's text, "" for nothing or a placeholder."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from pandas
        return ""
    text = str(value).strip()
    if len(text) <= 16 and _PLACEHOLDER_CHARS.sub("", text.lower()) in _PLACEHOLDERS:
        return ""
    return text


_NON_DIGIT = re.compile(r"\D")


def _digits(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.isascii() and text.isdigit():
        return text
    return _NON_DIGIT.sub("", text.translate(_DIGITS))


# two numbers in one cell ("98xxx / 70xxx", "98xxx, 70xxx"): the first is hers
_PHONE_SPLIT = re.compile(r"[/,;]|\bor\b|\band\b")
# a spreadsheet's number in scientific notation (9.87654E+09): its digits are lost
_SCIENTIFIC = re.compile(r"\d[.,]\d+\s*e\s*\+?\d", re.IGNORECASE)


def _phone(value) -> str | None:
    """Her phone's digits: a country code or trunk zero dropped; a number with a digit
    dropped or doubled (9 or 11 digits) kept as written, so that it still compares as
    one digit off; nothing where no number can be read."""
    text = str(value or "")
    if _SCIENTIFIC.search(text):
        return None
    part = next((p for p in _PHONE_SPLIT.split(text) if len(_digits(p)) >= 5), text)
    digits = _digits(part)
    if digits.startswith("91") and len(digits) == 12:
        digits = digits[2:]
    elif digits.startswith("0") and len(digits) == 11:
        digits = digits[1:]
    digits = digits[-11:]
    if len(digits) < 5 or len(set(digits)) == 1:
        return None
    return digits


# a year of birth, alone or in a date of birth (17-12-1990, 1990/12/17)
_YEAR = re.compile(r"(?<!\d)(19[0-9]{2}|20[0-2][0-9])(?!\d)")


_AGE_NUMBER = re.compile(r"(?<![\d.])(\d{1,3})(?:\.\d+)?(?![\d])")


def _age(value) -> int | None:
    """Her age in years: as written ("34", "34 yrs", native digits), or from a year or
    date of birth (the age now: lists written years ago are a few years off, which the
    age comparison's bands allow)."""
    text = str(value or "").translate(_DIGITS)
    year = _YEAR.search(text)
    if year:
        age = date.today().year - int(year.group(1))
        return age if 0 < age < 120 else None
    number = _AGE_NUMBER.search(text)
    if not number:
        return None
    age = int(number.group(1))
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
    # districts and cities renamed (registers keep the old name for years)
    "allahabad": "prayagraj",
    "ilahabad": "prayagraj",
    "faizabad": "ayodhya",
    "osmanabad": "dharashiv",
    "usmanabad": "dharashiv",
    "ahmednagar": "ahilyanagar",
    "ahmadnagar": "ahilyanagar",
    "gurgaon": "gurugram",
    "bangalore": "bengaluru",
    "bengalooru": "bengaluru",
    "bbmp": "bengaluru",
    "mysore": "mysuru",
    "gulbarga": "kalaburagi",
    "belgaum": "belagavi",
    "shimoga": "shivamogga",
    "bellary": "ballari",
    "tumkur": "tumakuru",
    "mangalore": "mangaluru",
    "hubli": "hubballi",
    "bombay": "mumbai",
    "poona": "pune",
    "madras": "chennai",
    "baroda": "vadodara",
    "trivandrum": "thiruvananthapuram",
    "cochin": "kochi",
    "gauhati": "guwahati",
    "pondicherry": "puducherry",
    "orissa": "odisha",
    "benares": "varanasi",
    "banaras": "varanasi",
    "pgs": "parganas",
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
}


# What registers write around a place's name: "Vill- Ramtala", "Vill & PO Kadamhatti",
# "Naragudem Main road Vill", "Kondagudem (V)", "Krishna Dist", "A/p Mirajgaon". Dropped
# as whole words.
_PLACE_NOISE = frozenset(
    [
        "vill",
        "village",
        "vil",
        "vlg",
        "po",
        "p",
        "o",
        "ps",
        "post",
        "office",
        "dist",
        "district",
        "dt",
        "dst",
        "mandal",
        "mdl",
        "tehsil",
        "taluk",
        "taluka",
        "tq",
        "block",
        "near",
        "main",
        "road",
        "rd",
        "via",
        "v",
        "m",
        "at",
        "and",
        "gp",
        "mu",
        "ward",
        "wd",
        "waard",
        "no",
        "galli",
        "gali",
        "lane",
        "mohalla",
        "mohala",
        "mahalla",
        "bk",
        "budruk",
        "kh",
        "khurd",
        "varda",
        "vard",
        # the word for village in Kannada, Hindi and Telugu ("Grama Jamkhandi", "Gram
        # Rasulpur", "Gramam"), and Maharashtra's "A/p" (at post) left as its "a"
        "grama",
        "gram",
        "gramam",
        "a",
    ]
)
_PLACE_CHARS = re.compile(r"[^a-z0-9, ]+")


@lru_cache(maxsize=1)
def _alias_keys() -> dict[str, str]:
    return {name_key(old): name_key(new) for old, new in _PLACE_ALIASES.items() if len(old) > 1}


@lru_cache(maxsize=100_000)
def _place_key(value: str) -> str | None:
    """A place's key: its words in Latin letters, the register's own words around it
    dropped, the first part before a comma that holds a name ("Vill- Ramtala, Bagdi
    para" and "Ramtalla" both give ramtal)."""
    words: list[str] = []
    for segment in _text(value).split(","):
        text = _PLACE_CHARS.sub(" ", to_latin(segment).lower())
        words = [w for w in text.split() if w not in _PLACE_NOISE]
        if any(not w.isdigit() for w in words):
            # a ward or house number beside a name is written one way or another
            words = [w for w in words if not w.isdigit()]
            break
    words = [_PLACE_ALIASES.get(w, _PLACE_WORDS.get(w, w)) for w in words]
    key = " ".join(name_key(w) if not w.isdigit() else w for w in words)
    # an old name written in another script ("उस्मानाबाद") meets the alias as a key
    key = " ".join(_alias_keys().get(w, w) for w in key.split())
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


# Words that say who the relative is rather than name him: "Husband Shivaji Jadhav",
# "Wife of Lt. Nirmal", "తండ్రి: రజు" (father), "ಗಂಡ ರಾಜಾ" (husband), "वडील सलीम" (father)
_RELATION_WORDS = frozenset(
    [
        "husband",
        "husbands",
        "hus",
        "father",
        "fathers",
        "fath",
        "wife",
        "mother",
        "guardian",
        "daughter",
        "son",
        "of",
        "care",
        "pati",
        "pita",
        "pitah",
        "svami",
        "bharta",
        "bhartha",
        "bhrta",
        "tandri",
        "tandre",
        "tande",
        "vadil",
        "vadila",
        "vadeel",
        "ganda",
        "abba",
    ]
)


def _without_relation_words(text: str) -> str:
    if not text:
        return text
    words = to_latin(text).split()
    kept = [w for w in words if w.strip(".:,-").lower() not in _RELATION_WORDS]
    return " ".join(kept) if len(kept) < len(words) else text


@lru_cache(maxsize=100_000, typed=True)
def _relative_of(relative_raw, rel_in_given: str) -> tuple:
    """The relative's name: her own field, or what followed "W/o" in the given name."""
    text = _text(relative_raw) or rel_in_given
    # "W/o Ramesh" in the relative's own field: the name is what follows the marker
    before, after = split_relation(text)
    rel = split_name(_without_relation_words(after.strip() or before))
    return rel.key or None, list(dict.fromkeys(rel.words)) or None


# the columns _person gives, in its order
_PERSON_COLUMNS = ("nm_key", "nm_sig", "gv_words", "nm_sorted", "nm_join")


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
    """The last four digits; fewer than four (a masked or cut number) or only zeros
    (a placeholder: "0", "0000") say nothing."""
    digits = _digits(value)
    if len(digits) < 4 or set(digits) == {"0"}:
        return None
    return digits[-4:]


@lru_cache(maxsize=100_000, typed=True)
def _place_of(value) -> str | None:
    return _place_key(_text(value))


# A list this long is prepared in two halves at once, the second in a forked process
# (two cores: preparing 200,000 records takes ~4 s in one). Below it, forking costs more
# than it saves.
PARALLEL_MIN = 50_000
_SHARED: list[dict] = []  # the rows, inherited by the forked process (never pickled)


def prepare(records: list[dict], against: list[dict]) -> pa.Table:
    """The derived columns of the records (group "r") and the against list (group "a"),
    as one Arrow table."""
    return pa.concat_tables([_table(records, "r"), _table(against, "a")])


def _table(rows: list[dict], group: str) -> pa.Table:
    """One list's columns; a long list in two processes where the platform can fork."""
    if len(rows) < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return to_arrow(_prepare(rows, group))
    half = len(rows) // 2
    _SHARED[:] = [rows]
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            second = pool.submit(_table_shared, half, group)
            first = to_arrow(_prepare(rows[:half], group))
            rest = second.result()  # an Arrow table travels as its buffers: cheap
    except (OSError, BrokenProcessPool):  # no process to be had: one after the other
        log.info("linkage: preparing in one process")
        first, rest = to_arrow(_prepare(rows[:half], group)), to_arrow(_prepare(rows[half:], group))
    finally:
        _SHARED.clear()
    return pa.concat_tables([first, rest])


def _table_shared(start: int, group: str) -> pa.Table:
    """In the forked process: the rows from ``start`` on, as the parent left them."""
    return to_arrow(_prepare(_SHARED[0][start:], group))


def _prepare(rows: list[dict], group: str) -> dict[str, list]:
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
        "unique_id": [_record_id(v) for v in values["record_id"]],
        "grp": [group] * len(rows),
    }
    for i, name in enumerate(_PERSON_COLUMNS):
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


# the capped combination keys (model.blocking_rules) and what each combines
COMBO_KEYS = {
    "na_blk": ("nm_key", "age"),
    "va_blk": ("village", "age"),
    "ta_blk": ("tok1", "age", "state"),
    "rel_blk": ("rel_key", "age", "district"),
    "rs_blk": ("rel_key", "nm_sig"),
    "rd_blk": ("rel_key", "district"),
    "ph_blk": ("phone_half", "district"),
    "nm_blk": ("nm_key",),
}


def combo_key_sql(columns: tuple[str, ...], alias: str = "k") -> str:
    """The value of a combination key (NULL when a part is missing)."""
    return " || '|' || ".join(f"{alias}.{c}::VARCHAR" for c in columns)


# The skeleton of a word key, a loose key for blocking: its first letter, then the
# consonants of the rest (laxi -> lx)
SKELETON_SQL = "substr({w}, 1, 1) || regexp_replace(substr({w}, 2), '[aeiou]', '', 'g')"


def add_blocking_keys(con, frame: pa.Table, table: str) -> None:
    """Create ``table`` in DuckDB from the prepared columns, with the blocking keys that
    depend on the whole list (rare name words, capped phones and combinations), the
    word lists as lists and the sorted name words also as plain columns. In SQL: the
    counts and ranks take a fraction of a second at 200,000 records where Python took
    two. Counts come from narrow group-bys joined back (a window over the whole row
    would sort every column)."""
    con.register("_prepared", frame)
    words = ", ".join(
        f"{source}[{i}] AS {prefix}{i}"
        for prefix, source in (("w", "nm_sorted"), ("g", "gv_words"), ("r", "rel_words"))
        for i in range(1, WORD_COLUMNS[prefix] + 1)
    )

    def counted(name: str, columns: tuple[str, ...]) -> str:
        cols = ", ".join(columns)
        present = " AND ".join(f"{c} IS NOT NULL" for c in columns)
        return (
            f"n_{name} AS (SELECT {cols}, count(*) AS n FROM keyed "  # noqa: S608
            f"WHERE {present} GROUP BY {cols})"
        )

    def joined(name: str, columns: tuple[str, ...]) -> str:
        on = " AND ".join(f"n_{name}.{c} = k.{c}" for c in columns)
        return f"LEFT JOIN n_{name} ON {on}"

    def capped(name: str, columns: tuple[str, ...]) -> str:
        key = combo_key_sql(columns)
        return f"CASE WHEN n_{name}.n <= {COMBO_BLOCK_CAP} THEN {key} END AS {name}"

    combos = COMBO_KEYS
    # her two rarest name words (counted in her district): blocked within a village;
    # the rarest alone also within the district, unless a block there would be large
    sql = f"""
        CREATE OR REPLACE TABLE {table} AS
        WITH lists AS (
            SELECT * EXCLUDE (nm_sorted, gv_words, rel_words),
                string_split(nm_sorted, ' ') AS nm_sorted,
                string_split(gv_words, ' ') AS gv_words,
                string_split(rel_words, ' ') AS rel_words
            FROM _prepared
        ),
        counted AS (
            SELECT unique_id, w, count(*) OVER (PARTITION BY w, district) AS n
            FROM (SELECT unique_id, district, unnest(nm_sorted) AS w FROM lists)
        ),
        toks AS (
            SELECT unique_id, min_by(w, struct_pack(n := n, w := w), 2) AS t, min(n) AS n1
            FROM counted GROUP BY unique_id
        ),
        keyed AS (
            SELECT l.* EXCLUDE (nm_sorted, gv_words, rel_words), {words},
                len(l.nm_sorted) AS nm_len,
                t.t[1] AS tok1, t.t[2] AS tok2,
                CASE WHEN t.n1 <= {WORD_BLOCK_CAP} THEN t.t[1] END AS rtok,
                left(l.phone, length(l.phone) // 2) AS phone_half
            FROM lists l LEFT JOIN toks t USING (unique_id)
        ),
        {counted("phone", ("phone",))},
        {", ".join(counted(name, cols) for name, cols in combos.items())}
        SELECT k.*,
            CASE WHEN length(k.tok1) > 2 THEN {SKELETON_SQL.format(w="k.tok1")} END AS skel1,
            CASE WHEN n_phone.n <= {PHONE_BLOCK_CAP} THEN k.phone END AS phone_blk,
            {", ".join(capped(name, cols) for name, cols in combos.items())}
        FROM keyed k {joined("phone", ("phone",))}
        {" ".join(joined(name, cols) for name, cols in combos.items())}
    """  # noqa: S608 - constants of this module only
    con.execute(sql)
    con.unregister("_prepared")


# list columns travel as space-separated words (Arrow builds plain strings several times
# faster than lists of strings; words never hold a space) and are split in DuckDB
_LIST_COLUMNS = {"nm_sorted", "gv_words", "rel_words"}


def to_arrow(cols: dict[str, list]) -> pa.Table:
    """Columnar table for DuckDB (much faster to build and register than pandas)."""
    columns = {}
    for name, values in cols.items():
        if name in _LIST_COLUMNS:
            values = [" ".join(v) if v else None for v in values]
        kind = pa.int64() if name == "age" else pa.string()
        columns[name] = pa.array(values, type=kind)
    return pa.table(columns)
