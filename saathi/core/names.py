"""Indian name normalisation: scripts to Latin, and a phonetic key for search and linkage.

``to_latin`` transliterates Bengali, Telugu, Devanagari (and the other Brahmic scripts
that indic-transliteration knows) into plain lower-case ASCII. ``phonetic_key`` folds the
spelling variants common in Indian names - v/b/w, a/o, sh/s, ks/x, aspirates, long
vowels, doubled letters, the schwa at the end of a transliterated word, Md/Mohd/Mohammad,
Sk/Shaikh/Sheikh - so that "Lakshmi", "LAXMI" and "লক্ষ্মী" share one key. The key is a
fixed point of its rules: normalising a key again changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from indic_transliteration import sanscript
from unidecode import unidecode

# Unicode blocks -> indic-transliteration scheme
_SCRIPTS = [
    ((0x0900, 0x097F), "devanagari", sanscript.DEVANAGARI),
    ((0x0980, 0x09FF), "bengali", sanscript.BENGALI),
    ((0x0A00, 0x0A7F), "gurmukhi", sanscript.GURMUKHI),
    ((0x0A80, 0x0AFF), "gujarati", sanscript.GUJARATI),
    ((0x0B00, 0x0B7F), "oriya", sanscript.ORIYA),
    ((0x0B80, 0x0BFF), "tamil", sanscript.TAMIL),
    ((0x0C00, 0x0C7F), "telugu", sanscript.TELUGU),
    ((0x0C80, 0x0CFF), "kannada", sanscript.KANNADA),
    ((0x0D00, 0x0D7F), "malayalam", sanscript.MALAYALAM),
]
SCRIPT_NAMES = {"latin", "devanagari", "bengali", "telugu", "other"}

# Nukta forms that indic-transliteration leaves half-done
_PRE = {
    "\u09af\u09bc": "\u09df",  # Bengali YA + nukta -> YYA
    "\u09a1\u09bc": "\u09dc",
    "\u09a2\u09bc": "\u09dd",
}
# Bengali as it is said and spelt in Latin letters: ড়/ঢ় are "r" (Bari, Paroi), য় is "y",
# and a য that is not a ya-phala (after a virama) is "j" (যমুনা Jamuna, যূথিকা Juthika).
_BENGALI_FIX = {"\u09df": "\u09af", "\u09dc": "\u09b0", "\u09dd": "\u09b0"}
_BENGALI_JA = re.compile("(?<!\u09cd)\u09af|(?<=\u09b0\u09cd)\u09af")  # and র্য: সূর্য Surjo
# Devanagari's candra vowels (डॉक्टर): plain o and e
_DEVANAGARI_FIX = {"\u0949": "\u094b", "\u0945": "\u0947", "\u0911": "\u0913", "\u090d": "\u090f"}
# IAST letters before ASCII: vocalic r is written "ri" (Krishna, Amrita, Rituparna); the
# candrabindu (a nasal vowel) is written n (চাঁদ Chand) and the visarga not at all;
# anusvara is "n" (or "m" before p/b: a key rule)
_IAST_FIX = [
    ("r\u0325", "ri"),
    ("\u1e5b", "ri"),
    ("\u1e5d", "ri"),
    ("~", "n"),
    ("\u1e25", ""),
    ("m\u0310", "n"),
    ("j\u00f1", "gy"),  # ज्ञ: Gyan, Pragya
    ("\u1e43", "n"),
    ("\u1e41", "n"),
]


def _script_of_char(ch: str):
    cp = ord(ch)
    for (lo, hi), name, scheme in _SCRIPTS:
        if lo <= cp <= hi:
            return name, scheme
    return None


def detect_script(text: str) -> str:
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            found = _script_of_char(ch)
            name = found[0] if found else ("latin" if ord(ch) < 0x250 else "other")
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return "latin"
    name = max(counts, key=lambda k: counts[k])
    return name if name in SCRIPT_NAMES else "other"


def non_latin_letters(text: str) -> bool:
    """Does ``text`` hold a letter outside the Latin alphabet (Bengali, Telugu, ...)?"""
    return any(ch.isalpha() and ord(ch) >= 0x250 for ch in text or "")


def latin_letters(text: str) -> bool:
    """Does ``text`` hold a Latin letter (A-Z, with or without accents)?"""
    return any(ch.isalpha() and ord(ch) < 0x250 for ch in text or "")


@lru_cache(maxsize=65536)
def to_latin(text: str) -> str:
    """Plain lower-case ASCII for a name in any script."""
    text = unicodedata.normalize("NFC", text or "")
    for a, b in _PRE.items():
        text = text.replace(a, b)
    out: list[str] = []
    run: list[str] = []
    run_scheme = None

    def flush():
        nonlocal run, run_scheme
        if run:
            chunk = "".join(run)
            if run_scheme == sanscript.BENGALI:
                chunk = _BENGALI_JA.sub("\u099c", chunk)
                for a, b in _BENGALI_FIX.items():
                    chunk = chunk.replace(a, b)
            elif run_scheme == sanscript.DEVANAGARI:
                for a, b in _DEVANAGARI_FIX.items():
                    chunk = chunk.replace(a, b)
            iast = sanscript.transliterate(chunk, run_scheme, sanscript.IAST)
            for a, b in _IAST_FIX:
                iast = iast.replace(a, b)
            out.append(iast)
        run, run_scheme = [], None

    for ch in text:
        found = _script_of_char(ch)
        if found:
            if run_scheme is not None and found[1] != run_scheme:
                flush()
            run_scheme = found[1]
            run.append(ch)
        else:
            flush()
            out.append(ch)
    flush()
    ascii_text = unidecode("".join(out)).lower()
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", ascii_text).split())


# Whole-word equivalents, applied to the ASCII word before the letter rules.
_WORD_EQUIV = {
    "md": "mohammad",
    "mohd": "mohammad",
    "mohammed": "mohammad",
    "muhammad": "mohammad",
    "mohamed": "mohammad",
    "mahammad": "mohammad",
    "sk": "shaikh",
    "sekh": "shaikh",
    "shekh": "shaikh",
    "sheikh": "shaikh",
    "seikh": "shaikh",
    "shaik": "shaikh",
    "smt": "",
    "shri": "",
    "sri": "",
    "late": "",
}

_RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(p), r)
    for p, r in [
        # consonants: conjuncts and aspirates as Latin spellings write them
        (r"ksh|kss|ks|x", "x"),
        (r"(?:jn|gn)(?=a)", "g"),  # ज्ञ/জ্ঞ/జ్ఞ: jna, gya, gna (Gyan, Jnana, Gnana; not Rajni)
        (r"chh|ch", "c"),
        (r"sh", "s"),
        (r"([kgcjtdpbr])h", r"\1"),  # kh gh jh th dh ph bh, and the h of rh
        (r"zh|z", "j"),
        (r"f", "p"),  # फ/ফ/ఫ are written f as often as ph
        (r"q", "k"),
        (r"ck", "k"),
        # vowels: ou/au/ow/aw (ৌ, औ, ఔ) are one sound; so are ai/ei/ae/oi (ৈ, ऐ, ఐ)
        (r"[ao]w(?![aeiou])|au|ou", "o"),
        (r"[vw]", "b"),
        # nasals: anusvara before a consonant is n, or m before p/b
        (r"m(?=[kgcjtdnsxrlh])", "n"),
        (r"n(?=[pbm])", "m"),
        # ya-phala and the y of Shyam/Priya are often not written (after m/n it stays:
        # Ramya, Kanya)
        (r"(?<=[^aeioumn])y", ""),
        (r"(?<=[^aeiou])ru", "ri"),  # vocalic r, in Telugu "ru": Krushna, Amrutha, Srujana
        (r"(?<=[^aeiou])r(?=[^aeiou])", "ri"),  # and in ISO 15919 without its accent: Krsna
        (r"ee|ii|ie|y$", "i"),
        (r"oo|uu", "u"),
        (r"ai|ei|ae|oi", "e"),
        (r"o", "a"),
        (r"(.)\1", r"\1"),
    ]
]


def _key_word(word: str) -> str:
    for _ in range(10):  # the rules shrink the word, so this reaches a fixed point
        before = word
        # inside the loop: a spelling that folds onto "md", "sk" or "late" is folded as they
        # are, otherwise keying the key again would change it (key(key(x)) != key(x))
        word = _WORD_EQUIV.get(word, word)
        for pattern, repl in _RULES:
            word = pattern.sub(repl, word)
        if len(word) >= 3 and word.endswith("a"):
            word = word[:-1]  # schwa of a transliterated word: dasa -> das
        if word == before:
            break
    return word


@lru_cache(maxsize=65536)
def phonetic_key(text: str) -> str:
    """Space-separated phonetic keys of the words of ``text``, in their order."""
    words = to_latin(text).split()
    keys = [_key_word(w) for w in words]
    return " ".join(k for k in keys if k)


def search_keys(*names: str) -> str:
    """The text stored for search: distinct word keys of every name, space-delimited."""
    seen: dict[str, None] = {}
    for name in names:
        for k in phonetic_key(name).split():
            seen.setdefault(k, None)
        for w in to_latin(name).split():
            seen.setdefault(w, None)
    return " " + " ".join(seen) + " "
