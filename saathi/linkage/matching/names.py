"""Name normalisation for record linkage of Indian beneficiary lists.

Builds on ``saathi.core.names.to_latin`` (native scripts to plain ASCII) and adds what
linkage needs beyond search:

* ``normalise_name(text)``: lower-case ASCII words, honorifics dropped, common
  abbreviations expanded (Md/Mohd -> mohammad, Sk -> shaikh, Kr -> kumar), "D/o",
  "W/o", "S/o", "C/o" and what follows them cut off (that is a relative's name).
* ``name_key(text)``: one phonetic key per word, in order, that folds the spelling
  variants of Indian names written in Latin letters or transliterated from Bengali,
  Telugu or Devanagari: v/b/w, a/o, sh/s, ks/x/kh/kkh, aspirates (th/t, dh/d, bh/b ...),
  ee/i, oo/u, ou/au/ow, doubled letters, the final schwa, y/i at the end, ph/f.
  Both are fixed points: applying them to their own output changes nothing.
* ``split_name(given, family)``: the name tokens of a record, whichever field they sit in,
  separated into full words and initials ("G. Padma" -> words [padma], initials [g]).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from saathi.core.names import to_latin

__all__ = [
    "normalise_name",
    "name_key",
    "word_key",
    "split_name",
    "NameParts",
    "split_relation",
]

# Words that carry no identity: honorifics and relation markers.
HONORIFICS = frozenset(
    {
        "smt",
        "shrimati",
        "srimati",
        "shri",
        "sri",
        "shree",
        "sree",
        "sm",
        "kumari_",
        "late",
        "lt",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "mst",
        "mosammat",
        "mossamat",
        "musammat",
    }
)

# Whole-word equivalents on the normalised word (before the phonetic rules).
ABBREVIATIONS = {
    "md": "mohammad",
    "mohd": "mohammad",
    "mohmd": "mohammad",
    "mhd": "mohammad",
    "mohammed": "mohammad",
    "muhammad": "mohammad",
    "muhammed": "mohammad",
    "mohamed": "mohammad",
    "mahammad": "mohammad",
    "mohammod": "mohammad",
    "mohamad": "mohammad",
    "sk": "shaikh",
    "sekh": "shaikh",
    "shekh": "shaikh",
    "sheikh": "shaikh",
    "sheik": "shaikh",
    "seikh": "shaikh",
    "shaik": "shaikh",
    "saikh": "shaikh",
    "kr": "kumar",
    "kmr": "kumar",
    "khatoon": "khatun",
    "khaton": "khatun",
    "begam": "begum",
    "bibi": "bibi",
}

_RELATION = re.compile(
    r"\b(?:[dswchfmg]|wife|son|daughter)\s*/\s*o\b\.?|\b[dswchfmg]\.\s*o\b\.?", re.I
)

# Letter rules on one ASCII word, in order. Each rule only shrinks or keeps the length
# of the word or maps onto letters no later rule turns back, so iterating reaches a
# fixed point.
_RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"kkh|ksh|kss|ks|x|kh(?=m)", "x"),  # Lakshmi/Laxmi/Lokkhi/Lakhmi
        (r"xm", "x"),  # Bengali lokkhi: the m of ksm is silent
        (r"chh|ch", "c"),
        (r"kh", "k"),
        (r"gh", "g"),
        (r"jh", "j"),
        (r"th", "t"),
        (r"dh", "d"),
        (r"ph|f", "p"),
        (r"bh", "b"),
        (r"sh", "s"),
        (r"zh|z", "j"),
        (r"ow|au|ou", "o"),
        (r"w|v", "b"),
        (r"q", "k"),
        (r"ck", "k"),
        (r"ee|ii|ie|ea", "i"),
        (r"oo|uu", "u"),
        (r"o", "a"),
        (r"ai|ei|ae|ay(?=[^aeiou]|$)", "e"),
        (r"iy(?=[aeiou])", "i"),  # priya/pria
        (r"y$", "i"),
        (r"(.)\1", r"\1"),
        (r"(?<=[aeiou])h$", ""),  # fatimah/fatima
        (r"(?<=[^aeiou])er$", "r"),  # dharmender/dharmendra
    ]
]


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """Phonetic key of one normalised ASCII word (a fixed point of itself)."""
    for _ in range(12):
        before = word
        word = ABBREVIATIONS.get(word, word)
        for pattern, repl in _RULES:
            word = pattern.sub(repl, word)
        if len(word) >= 3 and word.endswith("a"):
            word = word[:-1]  # the schwa of a transliterated word: dasa -> das
        if word in HONORIFICS:
            # a name that folds onto "mr" or "smt" keeps its last spelling, or keying
            # its key again would drop it
            return before
        if word == before:
            break
    return word


def split_relation(text: str | None) -> tuple[str, str]:
    """("Lakshmi", "Ramesh") for "Lakshmi W/o Ramesh"; (text, "") without a marker."""
    text = text or ""
    m = _RELATION.search(text)
    if not m:
        return text, ""
    return text[: m.start()], text[m.end() :]


@lru_cache(maxsize=200_000)
def _normalise_words(text: str) -> tuple[str, ...]:
    # initials written without spaces: "G.V.Padma" -> "G. V. Padma"
    text = re.sub(r"\.(?=\S)", ". ", text)
    words: list[str] = []
    for word in to_latin(text).split():
        word = re.sub(r"[0-9]+", "", word)  # names carry no digits
        if not word or word in HONORIFICS:
            continue
        words.append(ABBREVIATIONS.get(word, word))
    return tuple(words)


def normalise_name(text: str | None) -> str:
    """Lower-case ASCII words of a name, honorifics dropped, abbreviations expanded."""
    name, _relative = split_relation(text)
    return " ".join(_normalise_words(name))


def name_key(text: str | None) -> str:
    """Space-separated phonetic keys of the words of a name, in their order."""
    return " ".join(k for k in (word_key(w) for w in normalise_name(text).split()) if k)


class NameParts(NamedTuple):
    words: tuple[str, ...]  # phonetic keys of full words, in order
    initials: tuple[str, ...]  # single letters (abbreviated words)
    raw: tuple[str, ...]  # the normalised words, before the phonetic rules

    @property
    def key(self) -> str:
        """Order-free key of the full words: "das laxmi" for Lakshmi Das and Das Lakshmi."""
        return " ".join(sorted(self.words))

    @property
    def signature(self) -> str:
        """Sorted first letters of every word and initial: "G. Padma" and "Padma
        Gollapudi" both give "gp"."""
        letters = [r[0] for r in self.raw if r]
        return "".join(sorted(letters))


_INITIALS_ONLY = re.compile(r"^[bcdfghjklmnpqrstvwxyz]{2,3}$")


def split_name(given: str | None, family: str | None = None) -> NameParts:
    """The words of a person's name whichever of the two fields they were written in."""
    return _split_name(given or "", family or "")


@lru_cache(maxsize=200_000)
def _split_name(given: str, family: str) -> NameParts:
    g, f = _raw_words(given), _raw_words(family)
    return NameParts(_keys(g) + _keys(f), _initials(g) + _initials(f), g + f)


@lru_cache(maxsize=200_000)
def _keys(raw: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(k for k in (word_key(w) for w in raw if len(w) > 1) if k)


@lru_cache(maxsize=200_000)
def _initials(raw: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in raw if len(w) == 1)


_DOT_BEFORE_LETTER = re.compile(r"\.(?=\S)")


@lru_cache(maxsize=200_000)
def _raw_words(part: str) -> tuple[str, ...]:
    """The normalised words of one name field (cached per field: a list repeats its
    given names and family names far more often than their combinations)."""
    if not part:
        return ()
    raw: list[str] = []
    name, _ = split_relation(part)
    for original in _DOT_BEFORE_LETTER.sub(". ", name).split():
        # "GV" written in capitals without vowels is two initials
        latin_words = _normalise_words(original)
        if len(latin_words) == 1 and original.isupper() and _INITIALS_ONLY.match(latin_words[0]):
            raw.extend(latin_words[0])
        else:
            raw.extend(latin_words)
    return tuple(raw)
