"""The key of a native-script name meets the keys of its common Latin spellings (issue 11.1).

Names are generated from the scripts' own pieces - every consonant, every vowel sign,
anusvara and candrabindu, the conjuncts names are made of - and each piece is written in
Latin the ways people write it: ISO 15919 (without its accents, as on a phone keyboard),
Hunterian, and the colloquial spellings (ou/o/ow/au, aa/a, ee/i, oo/u, v/b in Bengali,
sh/s, th for త, the Bengali inherent vowel as o, a final vowel left out...). Any choice
of spellings, piece by piece, must give the native name's key.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from saathi.core.names import phonetic_key, search_keys

# consonant -> its Latin spellings
BN_CONS = {
    "ক": ["k"],
    "খ": ["kh"],
    "গ": ["g"],
    "ঘ": ["gh"],
    "চ": ["ch", "c"],
    "ছ": ["chh", "ch"],
    "জ": ["j"],
    "ঝ": ["jh"],
    "ট": ["t"],
    "ঠ": ["th"],
    "ড": ["d"],
    "ঢ": ["dh"],
    "ণ": ["n"],
    "ত": ["t"],
    "থ": ["th"],
    "দ": ["d"],
    "ধ": ["dh"],
    "ন": ["n"],
    "প": ["p"],
    "ফ": ["ph", "f"],
    "ব": ["b", "v"],
    "ভ": ["bh"],
    "ম": ["m"],
    "য": ["j"],
    "র": ["r"],
    "ল": ["l"],
    "শ": ["sh", "s"],
    "ষ": ["sh", "s"],
    "স": ["s", "sh"],
    "হ": ["h"],
    "ড়": ["r"],
    "ঢ়": ["rh", "r"],
    "য়": ["y"],
}
BN_CONJ = {
    "ক্ষ": ["ksh", "x", "ks"],
    "ক্ত": ["kt"],
    "ন্ত": ["nt"],
    "ন্দ": ["nd"],
    "ণ্ড": ["nd"],
    "ম্প": ["mp"],
    "ম্ব": ["mb"],
    "স্ত": ["st"],
    "শ্ব": ["sw", "shw", "sb"],
    "ত্র": ["tr"],
    "প্র": ["pr"],
    "ক্র": ["kr"],
    "গ্র": ["gr"],
    "দ্র": ["dr"],
    "শ্র": ["shr", "sr"],
    "ল্ল": ["ll", "l"],
    "ত্ত": ["tt", "t"],
    "জ্ঞ": ["gy", "gg", "jn"],
    "শ্য": ["shy", "sh", "s"],
    "দ্য": ["dy", "d"],
    "ন্ন": ["nn", "n"],
    "ক্ক": ["kk", "k"],
    "চ্চ": ["cch", "chch"],
    "ষ্ণ": ["shn", "sn"],
    "ষ্ট": ["sht", "st"],
    "র্ম": ["rm"],
    "র্গ": ["rg"],
    "র্য": ["rj"],
}
BN_SIGNS = {
    "": ["a", "o"],
    "া": ["a", "aa"],
    "ি": ["i"],
    "ী": ["i", "ee"],
    "ু": ["u"],
    "ূ": ["u", "oo"],
    "ৃ": ["ri"],
    "ে": ["e"],
    "ৈ": ["oi", "ai"],
    "ো": ["o"],
    "ৌ": ["ou", "au", "ow", "o"],
}
BN_VOWELS = {
    "অ": ["o", "a"],
    "আ": ["a", "aa"],
    "ই": ["i"],
    "ঈ": ["i", "ee"],
    "উ": ["u"],
    "এ": ["e"],
    "ও": ["o"],
    "ঐ": ["oi", "ai"],
    "ঔ": ["ou", "au"],
}
BN_NASAL = {"ং": ["n", "m"], "ঁ": ["n"]}

TE_CONS = {
    "క": ["k"],
    "ఖ": ["kh"],
    "గ": ["g"],
    "ఘ": ["gh"],
    "చ": ["ch", "c"],
    "ఛ": ["chh"],
    "జ": ["j"],
    "ఝ": ["jh"],
    "ట": ["t"],
    "ఠ": ["th"],
    "డ": ["d"],
    "ఢ": ["dh"],
    "ణ": ["n"],
    "త": ["t", "th"],
    "థ": ["th"],
    "ద": ["d"],
    "ధ": ["dh"],
    "న": ["n"],
    "ప": ["p"],
    "ఫ": ["ph", "f"],
    "బ": ["b"],
    "భ": ["bh"],
    "మ": ["m"],
    "య": ["y"],
    "ర": ["r"],
    "ఱ": ["r"],
    "ల": ["l"],
    "ళ": ["l"],
    "వ": ["v", "w"],
    "శ": ["sh", "s"],
    "ష": ["sh", "s"],
    "స": ["s"],
    "హ": ["h"],
}
TE_CONJ = {
    "క్ష": ["ksh", "x"],
    "ద్మ": ["dm"],
    "ల్ల": ["ll", "l"],
    "త్త": ["tt", "tth", "t"],
    "న్న": ["nn", "n"],
    "ట్ట": ["tt", "t"],
    "ప్ప": ["pp", "p"],
    "మ్మ": ["mm", "m"],
    "క్క": ["kk", "k"],
    "వ్వ": ["vv", "v"],
    "ష్ణ": ["shn", "sn"],
    "స్వ": ["sw", "sv"],
    "శ్ర": ["sr", "shr"],
    "ప్ర": ["pr"],
    "త్ర": ["tr"],
    "ద్ర": ["dr"],
    "జ్ఞ": ["gn", "gy", "jn"],
    "ర్గ": ["rg"],
    "ర్మ": ["rm"],
    "స్త": ["st"],
    "న్ద": ["nd"],
}
TE_SIGNS = {
    "": ["a"],
    "ా": ["a", "aa"],
    "ి": ["i"],
    "ీ": ["i", "ee"],
    "ు": ["u"],
    "ూ": ["u", "oo"],
    "ృ": ["ri", "ru"],
    "ె": ["e"],
    "ే": ["e"],
    "ొ": ["o"],
    "ో": ["o"],
    "ై": ["ai", "ei"],
    "ౌ": ["ou", "au", "ow"],
}
TE_VOWELS = {
    "అ": ["a"],
    "ఆ": ["a", "aa"],
    "ఇ": ["i"],
    "ఈ": ["i", "ee"],
    "ఉ": ["u"],
    "ఎ": ["e"],
    "ఏ": ["e"],
    "ఒ": ["o"],
    "ఓ": ["o"],
    "ఐ": ["ai"],
    "ఔ": ["ou", "au"],
}
TE_NASAL = {"ం": ["n", "m"]}

HI_CONS = {
    "क": ["k"],
    "ख": ["kh"],
    "ग": ["g"],
    "घ": ["gh"],
    "च": ["ch", "c"],
    "छ": ["chh", "ch"],
    "ज": ["j"],
    "झ": ["jh"],
    "ट": ["t"],
    "ठ": ["th"],
    "ड": ["d"],
    "ढ": ["dh"],
    "ण": ["n"],
    "त": ["t"],
    "थ": ["th"],
    "द": ["d"],
    "ध": ["dh"],
    "न": ["n"],
    "प": ["p"],
    "फ": ["ph", "f"],
    "ब": ["b"],
    "भ": ["bh"],
    "म": ["m"],
    "य": ["y"],
    "र": ["r"],
    "ल": ["l"],
    "व": ["v", "w"],
    "श": ["sh", "s"],
    "ष": ["sh", "s"],
    "स": ["s"],
    "ह": ["h"],
    "ड़": ["r"],
    "ढ़": ["rh", "r"],
    "ज़": ["z", "j"],
    "फ़": ["f", "ph"],
}
HI_CONJ = {
    "क्ष": ["ksh", "x"],
    "त्र": ["tr"],
    "ज्ञ": ["gy", "jn"],
    "श्र": ["shr", "sr"],
    "प्र": ["pr"],
    "स्त": ["st"],
    "न्द": ["nd"],
    "न्त": ["nt"],
    "म्म": ["mm", "m"],
    "द्म": ["dm"],
    "द्र": ["dr"],
    "ल्ल": ["ll", "l"],
    "त्त": ["tt", "t"],
    "स्व": ["sw", "sv"],
    "श्य": ["shy", "sh"],
    "क्त": ["kt"],
    "ष्ण": ["shn", "sn"],
    "र्म": ["rm"],
}
HI_SIGNS = {
    "": ["a"],
    "ा": ["a", "aa"],
    "ि": ["i"],
    "ी": ["i", "ee"],
    "ु": ["u"],
    "ू": ["u", "oo"],
    "ृ": ["ri"],
    "े": ["e"],
    "ै": ["ai", "ae"],
    "ो": ["o"],
    "ौ": ["au", "ou", "ow"],
}
HI_VOWELS = {
    "अ": ["a"],
    "आ": ["a", "aa"],
    "इ": ["i"],
    "ई": ["i", "ee"],
    "उ": ["u"],
    "ए": ["e"],
    "ओ": ["o"],
    "ऐ": ["ai"],
    "औ": ["au", "ou"],
}
HI_NASAL = {"ं": ["n", "m"], "ँ": ["n"]}

SCRIPTS = {
    "bengali": (BN_CONS, BN_CONJ, BN_SIGNS, BN_VOWELS, BN_NASAL),
    "telugu": (TE_CONS, TE_CONJ, TE_SIGNS, TE_VOWELS, TE_NASAL),
    "devanagari": (HI_CONS, HI_CONJ, HI_SIGNS, HI_VOWELS, HI_NASAL),
}


@st.composite
def romanised_word(draw, script: str):
    """(native word, one of its Latin spellings), two to four syllables."""
    cons, conj, signs, vowels, nasal = SCRIPTS[script]
    onsets = {**cons, **conj}
    native, latin = [], []
    if draw(st.booleans()):  # a word may start with a vowel
        v = draw(st.sampled_from(sorted(vowels)))
        native.append(v)
        latin.append(draw(st.sampled_from(vowels[v])))
    n = draw(st.integers(2, 4))
    syllables = [
        (draw(st.sampled_from(sorted(onsets))), draw(st.sampled_from(sorted(signs))))
        for _ in range(n)
    ]
    for i, (onset, sign) in enumerate(syllables):
        last = i == n - 1
        native.append(onset + sign)
        spelling = draw(st.sampled_from(onsets[onset]))
        vowel = draw(st.sampled_from(signs[sign]))
        if last and sign == "":
            vowel = draw(st.sampled_from(["", vowel]))  # the final inherent vowel, or not
        if spelling == "w" and vowel[:1] not in ("a", "e", "i", "o", "u"):
            spelling = "v"  # w is written before a vowel only (Wrinda is not a spelling)
        if spelling in ("jn", "gn") and not vowel.startswith("a"):
            spelling = "gy"  # jn/gn for ज्ञ before a only (Jnana, Gnana; Rajni is j+n)
        latin.append(spelling + vowel)
        if not last and draw(st.integers(0, 5)) == 0:  # anusvara/candrabindu before the next
            mark = draw(st.sampled_from(sorted(nasal)))
            native.append(mark)
            choices = nasal[mark]
            if onsets[syllables[i + 1][0]][0].startswith("y"):
                choices = ["n"]  # m before y is Ramya's m, not an anusvara (Sanyukta)
            latin.append(draw(st.sampled_from(choices)))
    return "".join(native), "".join(latin)


def _name(script):
    return st.lists(romanised_word(script), min_size=1, max_size=3).map(
        lambda words: (" ".join(w[0] for w in words), " ".join(w[1] for w in words))
    )


PROPERTY = settings(max_examples=400, deadline=None)


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_native_name_and_its_latin_spellings_share_a_key(script):
    @PROPERTY
    @given(_name(script), st.booleans())
    def check(pair, upper):
        native, latin = pair
        latin = latin.title() if upper else latin
        assert phonetic_key(native) == phonetic_key(latin), (native, latin)

    check()


@pytest.mark.parametrize(
    "native,spellings",
    [
        ("মৌসুমী মণ্ডল", ["Mousumi Mondal", "Mausumi Mandal", "Moushumi Mondol", "Mowsumi Mondal"]),
        ("শ্যামলী", ["Shyamoli", "Shamoli", "Syamali", "Shyamali"]),
        ("কৃষ্ণা", ["Krishna", "Krisna", "Krsna"]),
        ("যমুনা", ["Jamuna", "Jomuna"]),
        ("সূর্য", ["Surjo", "Surj"]),
        ("মৈত্রী", ["Moitri", "Maitri", "Maitree"]),
        ("বিজয়া", ["Bijoya", "Vijaya", "Bijaya"]),
        ("సంగీత", ["Sangeetha", "Sangita", "Samgita"]),
        ("అమృత", ["Amrutha", "Amrita", "Amritha"]),
        ("గౌరి", ["Gowri", "Gauri", "Gouri"]),
        ("लक्ष्मी", ["Lakshmi", "Laxmi", "Laksmi"]),
        ("चाँद", ["Chand", "Chaand"]),
        ("ज्ञान", ["Gyan", "Jnan", "Gyaan"]),
    ],
)
def test_known_spellings_share_the_native_key(native, spellings):
    for spelling in spellings:
        assert phonetic_key(spelling) == phonetic_key(native), (native, spelling)


@given(_name("bengali"))
@settings(max_examples=100, deadline=None)
@example(("মৌসুমী মণ্ডল", "mousumi"))
def test_a_latin_search_word_finds_a_name_stored_in_native_script(pair):
    """What the search does: every typed word's key starts a word of the stored text."""
    native, latin = pair
    stored = search_keys(native)
    for word in latin.split():
        assert " " + phonetic_key(word) in stored, (native, latin, stored)
