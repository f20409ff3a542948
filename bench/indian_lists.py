"""Synthetic Indian beneficiary lists with a known truth, for the linkage benchmark.

    uv run python bench/indian_lists.py --records 10000 --seed 7 --out var/lists.csv

People live in households (a woman, her daughters or sisters, a mother-in-law) that share
a family name, one phone, a village and often the relative's name written on the list.
Each person stands on one to four lists (a collective's register, two relief lists, a
ration drive), sometimes twice on the same list, and every list writes her differently:

* spelling variants of Indian names (Lakshmi/Laxmi/Lokkhi, Vijaya/Bijoya, Biswas/Bishwas,
  Md./Mohd/Mohammad, Sk/Shaikh/Sheikh, Khatun/Khatoon, Kavita/Kavitha ...) and generic
  romanisation changes (v/b, a/o, sh/s, th/t, ee/i, oo/u, doubled letters);
* native script (Bengali, Telugu, Devanagari) on part of the lists of each region;
* UPPER, lower or Title case; stray honorifics (Smt., Md.);
* Telugu surname-first order and the surname as an initial ("G. Padma");
* given and family name swapped; the whole name in the given-name field;
* typing errors; place names in variant spellings and scripts;
* ages guessed (+-3 years, sometimes more), phones changed or shared, most ids missing,
  any value blank.

Namesakes arise naturally: names are drawn from realistic, small pools per community,
so the same "Lakshmi Das" lives in several villages of a district.

``generate(n, seed)`` returns (records, truth) where truth maps record_id -> person id.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys

from indic_transliteration import sanscript

# name pools: ITRANS spelling (for native script) and Latin spellings seen on lists
# (the first is the most common). Generic romanisation noise is added on top.
BN_F = [
    ("lakShmI", ["Lakshmi", "Laxmi", "Lokkhi", "Lakhmi", "Luxmi"]),
    ("rekhA", ["Rekha", "Rekhaa"]),
    ("rAkhI", ["Rakhi", "Rakhee"]),
    ("sunItA", ["Sunita", "Sunita", "Suneeta"]),
    ("a~njali", ["Anjali", "Anjoli"]),
    ("vijayA", ["Bijoya", "Vijaya", "Bijaya"]),
    ("maushumI", ["Mousumi", "Moushumi", "Mausumi"]),
    ("rInA", ["Rina", "Reena"]),
    ("mInA", ["Mina", "Meena"]),
    ("shephAlI", ["Shefali", "Sefali", "Shephali"]),
    ("pUjA", ["Puja", "Pooja"]),
    ("kavitA", ["Kabita", "Kavita"]),
    ("chandanA", ["Chandana", "Chondona"]),
    ("savitA", ["Sabita", "Savita"]),
    ("mamatA", ["Mamata", "Momota"]),
    ("TumpA", ["Tumpa"]),
    ("jhumA", ["Jhuma", "Jhumaa"]),
    ("pi~NkI", ["Pinki", "Pinky"]),
    ("mAlatI", ["Malati", "Maloti"]),
    ("pArvatI", ["Parbati", "Parvati"]),
    ("sarasvatI", ["Saraswati", "Sorosoti", "Saraswathi"]),
    ("gaurI", ["Gouri", "Gauri"]),
    ("dIpAlI", ["Dipali", "Deepali"]),
    ("sumitrA", ["Sumitra", "Sumitra"]),
    ("kalpanA", ["Kalpana", "Kolpona"]),
    ("shyAmalI", ["Shyamali", "Shamoli"]),
    ("AratI", ["Arati", "Aarti", "Arti"]),
    ("chaitAlI", ["Chaitali", "Choitali"]),
    ("moumitA", ["Moumita", "Mowmita"]),
    ("priyA~NkA", ["Priyanka", "Prianka"]),
]
BN_SUR = [
    ("dAsa", ["Das", "Dass", "Dash"]),
    ("maNDala", ["Mondal", "Mandal"]),
    ("vishvAsa", ["Biswas", "Bishwas"]),
    ("sarakAra", ["Sarkar", "Sorkar"]),
    ("ghoSha", ["Ghosh", "Ghose"]),
    ("rAya", ["Roy", "Ray"]),
    ("hAladAra", ["Haldar", "Halder"]),
    ("saradAra", ["Sardar", "Sordar"]),
    ("bAga", ["Bag", "Baug"]),
    ("naskara", ["Naskar", "Noskor"]),
    ("pramANika", ["Pramanik", "Pramanick"]),
    ("chaudhurI", ["Chowdhury", "Choudhury", "Chaudhuri"]),
    ("bhaTTAchArya", ["Bhattacharya", "Bhattacharjee"]),
    ("de", ["Dey", "De"]),
    ("pAla", ["Paul", "Pal"]),
    ("sAhA", ["Saha"]),
    ("mAjhi", ["Majhi", "Manjhi"]),
    ("bAurI", ["Bauri"]),
    ("mistrI", ["Mistri", "Mistry"]),
    ("jAnA", ["Jana"]),
]
BN_M = [
    ("ramesha", ["Ramesh"]),
    ("gopAla", ["Gopal"]),
    ("sha~Nkara", ["Shankar", "Sankar"]),
    ("vijaya", ["Bijoy", "Vijay"]),
    ("sukhena", ["Sukhen"]),
    ("tapana", ["Tapan", "Topon"]),
    ("nArAyaNa", ["Narayan", "Narayon"]),
    ("vikAsha", ["Bikash", "Vikash"]),
    ("subhAsha", ["Subhash", "Subhas"]),
    ("prashAnta", ["Prasanta", "Prashanta"]),
    ("haridAsa", ["Haridas"]),
    ("shyAmala", ["Shyamal", "Samal"]),
]
BM_F = [
    ("AminA", ["Amina", "Ameena"]),
    ("rahimA", ["Rahima", "Rohima"]),
    ("phAtimA", ["Fatima", "Fatema", "Fatimah"]),
    ("salmA", ["Salma", "Salmaa"]),
    ("rubInA", ["Rubina", "Rubeena"]),
    ("shAhanAja", ["Shahnaz", "Sahanaj"]),
    ("nasimA", ["Nasima", "Nasema"]),
    ("rAshidA", ["Rashida", "Rasida"]),
    ("sabinA", ["Sabina", "Sabeena"]),
    ("marjinA", ["Marjina", "Morjina"]),
    ("AyeshA", ["Ayesha", "Aisha"]),
    ("jAhAnArA", ["Jahanara"]),
]
BM_SUR = [
    ("khAtuna", ["Khatun", "Khatoon"]),
    ("bibi", ["Bibi"]),
    ("begama", ["Begum", "Begam"]),
    ("shekha", ["Sk", "Shaikh", "Sheikh", "Sekh"]),
    ("mollA", ["Molla", "Mollah"]),
    ("lasakara", ["Laskar", "Loskor"]),
    ("gAji", ["Gazi", "Gaji"]),
]
BM_M = [
    ("mohammada raphika", ["Md Rafiq", "Mohd Rafique", "Mohammad Rafik", "Md. Rofik"]),
    ("mohammada salima", ["Md Salim", "Mohammad Selim", "Mohd Salim"]),
    ("Abdula", ["Abdul", "Abdool"]),
    ("karima", ["Karim", "Korim"]),
    ("jAkira", ["Zakir", "Jakir"]),
    ("nUra isalAma", ["Nurul Islam", "Noor Islam"]),
]
TE_F = [
    ("padmA", ["Padma", "Padmaa"]),
    ("lakShmI", ["Lakshmi", "Laxmi", "Lakshmee"]),
    ("durgA", ["Durga"]),
    ("kavitA", ["Kavitha", "Kavita"]),
    ("svapnA", ["Swapna", "Swapana"]),
    ("sujAtA", ["Sujatha", "Sujata"]),
    ("anitA", ["Anitha", "Anita"]),
    ("rANI", ["Rani", "Raani"]),
    ("jyoti", ["Jyothi", "Jyoti"]),
    ("vijayA", ["Vijaya", "Vijayaa"]),
    ("shirIShA", ["Sirisha", "Shirisha"]),
    ("bhavAnI", ["Bhavani", "Bavani"]),
    ("shrAvaNI", ["Sravani", "Shravani"]),
    ("ramyA", ["Ramya"]),
    ("rAdhA", ["Radha", "Raadha"]),
    ("lalitA", ["Lalitha", "Lalita"]),
    ("ma~NgammA", ["Mangamma"]),
    ("ve~NkaTalakShmI", ["Venkatalakshmi", "Venkata Lakshmi"]),
    ("sItA", ["Sita", "Seetha", "Seeta"]),
    ("aruNA", ["Aruna"]),
]
TE_SUR = [
    ("gollapUDi", ["Gollapudi"]),
    ("kommu", ["Kommu"]),
    ("baMDi", ["Bandi"]),
    ("pulla", ["Pulla"]),
    ("chiMtA", ["Chinta", "Chintha"]),
    ("gorAMTla", ["Gorantla"]),
    ("nalla", ["Nalla"]),
    ("vemula", ["Vemula", "Vemulla"]),
    ("koTa", ["Kota", "Kotta"]),
    ("pasupuleTi", ["Pasupuleti"]),
    ("bommu", ["Bommu"]),
    ("yerra", ["Yerra", "Erra"]),
    ("mekala", ["Mekala"]),
    ("doDDi", ["Doddi"]),
]
TE_M = [
    ("ve~NkaTeshvara", ["Venkateswara", "Venkateshwar"]),
    ("shrInivAsa", ["Srinivas", "Sreenivas"]),
    ("ramesha", ["Ramesh"]),
    ("nAgarAju", ["Nagaraju"]),
    ("satyanArAyaNa", ["Satyanarayana", "Sathyanarayana"]),
    ("narasiMha", ["Narasimha", "Narsaiah"]),
    ("kRiShNa", ["Krishna", "Kistaiah"]),
    ("ravi", ["Ravi"]),
]
HI_F = [
    ("sunItA", ["Sunita", "Suneeta"]),
    ("pUjA", ["Pooja", "Puja"]),
    ("rekhA", ["Rekha"]),
    ("anitA", ["Anita"]),
    ("gItA", ["Geeta", "Gita"]),
    ("sImA", ["Seema", "Sima"]),
    ("kiraNa", ["Kiran"]),
    ("ma~nju", ["Manju"]),
    ("priya~NkA", ["Priyanka"]),
    ("ri~NkI", ["Rinki", "Rinky"]),
    ("kAjala", ["Kajal"]),
    ("lakShmI", ["Laxmi", "Lakshmi"]),
    ("sarasvatI", ["Saraswati"]),
    ("pArvatI", ["Parvati", "Parbati"]),
]
HI_SUR = [
    ("kumArI", ["Kumari"]),
    ("devI", ["Devi", "Debi"]),
    ("yAdava", ["Yadav"]),
    ("pAsavAna", ["Paswan"]),
    ("mahato", ["Mahto", "Mahato"]),
    ("si~Nha", ["Singh"]),
    ("rAma", ["Ram"]),
    ("mA~njhI", ["Manjhi", "Majhi"]),
]
HI_M = [
    ("rAmesha", ["Ramesh"]),
    ("sureSha", ["Suresh"]),
    ("rAjU", ["Raju"]),
    ("manoja", ["Manoj"]),
    ("vinoda", ["Vinod", "Binod"]),
    ("santoSha", ["Santosh"]),
]

REGIONS = {
    "bn": dict(
        script=sanscript.BENGALI,
        state=["West Bengal", "WB", "পশ্চিমবঙ্গ"],
        districts=[
            ["North 24 Parganas", "N 24 Pgs", "Uttar 24 Parganas", "উত্তর ২৪ পরগনা"],
            ["South 24 Parganas", "S 24 Parganas", "Dakshin 24 Parganas", "দক্ষিণ ২৪ পরগনা"],
            ["Murshidabad", "Murshidabad", "মুর্শিদাবাদ"],
            ["Nadia", "Nodia", "নদিয়া"],
            ["Kolkata", "Calcutta", "কলকাতা"],
            ["Purba Medinipur", "East Midnapore", "পূর্ব মেদিনীপুর"],
            ["Hooghly", "Hugli", "হুগলি"],
            ["Malda", "Maldah", "মালদা"],
        ],
        women=[(BN_F, BN_SUR, BN_M, 0.75), (BM_F, BM_SUR, BM_M, 0.25)],
        native_share=0.2,
        telugu_order=False,
    ),
    "te": dict(
        script=sanscript.TELUGU,
        state=["Andhra Pradesh", "AP", "ఆంధ్ర ప్రదేశ్"],
        districts=[
            ["Guntur", "Gunturu", "గుంటూరు"],
            ["East Godavari", "E Godavari", "తూర్పు గోదావరి"],
            ["Krishna", "Krishna", "కృష్ణా"],
            ["Prakasam", "Prakasham", "ప్రకాశం"],
            ["Visakhapatnam", "Vizag", "విశాఖపట్నం"],
            ["Nellore", "Nelluru", "నెల్లూరు"],
        ],
        women=[(TE_F, TE_SUR, TE_M, 1.0)],
        native_share=0.2,
        telugu_order=True,
    ),
    "hi": dict(
        script=sanscript.DEVANAGARI,
        state=["Bihar", "BR", "बिहार"],
        districts=[
            ["Muzaffarpur", "Mujaffarpur", "मुजफ्फरपुर"],
            ["Gaya", "Gaya", "गया"],
            ["Purnia", "Purnea", "पूर्णिया"],
            ["Katihar", "Katihaar", "कटिहार"],
        ],
        women=[(HI_F, HI_SUR, HI_M, 1.0)],
        native_share=0.15,
        telugu_order=False,
    ),
}
REGION_SHARE = [("bn", 0.5), ("te", 0.3), ("hi", 0.2)]
SOURCES = ["register", "relief_list_1", "relief_list_2", "ration_drive"]
_SYL = ["ba", "pa", "ra", "ma", "ka", "ga", "da", "ta", "sa", "na", "la", "ha", "ja", "cha"]
_SYL += ["pur", "ganj", "nagar", "hat", "pally", "palli", "gram", "dih", "para", "khali"]

# generic romanisation noise: (pattern, replacement)
NOISE = [
    (r"v", "b"),
    (r"b", "v"),
    (r"w", "v"),
    (r"sh", "s"),
    (r"s(?!h)", "sh"),
    (r"th", "t"),
    (r"t(?!h)", "th"),
    (r"ee", "i"),
    (r"i", "ee"),
    (r"oo", "u"),
    (r"u", "oo"),
    (r"a", "o"),
    (r"ks", "x"),
    (r"([bcdfgjklmnprstv])\1", r"\1"),
    (r"([lnrt])(?=[aeiou])", r"\1\1"),
    (r"a$", "aa"),
    (r"i$", "y"),
]


def _latin_to_script(itrans: str, script: str) -> str:
    # real lists write no final virama: a consonant-final word takes its inherent vowel
    words = [w if w[-1] in "aeiouAEIOU" else w + "a" for w in itrans.split()]
    return sanscript.transliterate(" ".join(words), sanscript.ITRANS, script)


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.villages: dict[tuple[str, int], list[str]] = {}

    def village_names(self, region: str, district: int) -> list[str]:
        key = (region, district)
        if key not in self.villages:
            rng = self.rng
            names = set()
            while len(names) < 40:
                n = "".join(rng.choice(_SYL[:14]) for _ in range(rng.randint(1, 2)))
                names.add((n + rng.choice(_SYL[14:])).capitalize())
            self.villages[key] = sorted(names)
        return self.villages[key]

    # ---- one spelling of a name on one list ----
    def spell(self, entry, script: str, native: bool, noise: float) -> str:
        rng = self.rng
        itrans, latin = entry
        if native:
            return _latin_to_script(itrans, script)
        # the most common spelling half the time, otherwise a known variant
        name = latin[0] if rng.random() < 0.5 else rng.choice(latin)
        if rng.random() < noise:
            pattern, repl = rng.choice(NOISE)
            words = name.split()
            i = rng.randrange(len(words))
            low = words[i].lower()
            hits = list(re.finditer(pattern, low))
            if hits and len(low) > 3:
                m = rng.choice(hits)
                low = low[: m.start()] + m.expand(repl) + low[m.end() :]
                words[i] = low.capitalize()
            name = " ".join(words)
        if rng.random() < 0.04:  # a typing error
            name = self.typo(name)
        return name

    def typo(self, name: str) -> str:
        rng = self.rng
        if len(name) < 4:
            return name
        i = rng.randrange(1, len(name) - 1)
        op = rng.random()
        letters = "aeioubdghklmnprst"
        if op < 0.35:
            return name[:i] + name[i + 1 :]
        if op < 0.7:
            return name[:i] + rng.choice(letters) + name[i + 1 :]
        if op < 0.85:
            return name[:i] + name[i] + name[i:]
        return name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]

    def case(self, text: str) -> str:
        r = self.rng.random()
        if r < 0.3:
            return text.upper()
        if r < 0.4:
            return text.lower()
        return text

    # ---- people ----
    def households(self, n_records: int):
        rng = self.rng
        people = []
        hid = 0
        expected = 0
        while expected < n_records:
            region = rng.choices([r for r, _ in REGION_SHARE], [w for _, w in REGION_SHARE])[0]
            cfg = REGIONS[region]
            pools = cfg["women"]
            f_pool, s_pool, m_pool, _ = rng.choices(pools, [p[3] for p in pools])[0]
            district = rng.randrange(len(cfg["districts"]))
            village = rng.choice(self.village_names(region, district))
            surname = rng.choice(s_pool)
            husband = rng.choice(m_pool)
            phone = "9" + "".join(rng.choice("0123456789") for _ in range(9))
            size = rng.choices([1, 2, 3, 4, 5], [0.35, 0.3, 0.2, 0.1, 0.05])[0]
            head_age = rng.randint(22, 60)
            used = set()
            head_name = None
            for k in range(size):
                older = k == size - 1 and size >= 3 and head_age < 45
                if older and rng.random() < 0.3:
                    given = head_name  # a mother-in-law with her daughter-in-law's name
                else:
                    given = rng.choice([g for g in f_pool if g[0] not in used])
                used.add(given[0])
                head_name = head_name or given
                if k == 0:
                    age, relative = head_age, husband
                elif older:
                    age, relative = head_age + rng.randint(18, 30), rng.choice(m_pool)
                else:
                    age = max(14, head_age - rng.randint(14, 30))
                    relative = husband if rng.random() < 0.7 else rng.choice(m_pool)
                sex = "F" if rng.random() < 0.93 else "M"
                if sex == "M":
                    given = rng.choice(m_pool)
                copies = rng.choices([1, 2, 3, 4], [0.45, 0.3, 0.15, 0.1])[0]
                expected += copies + (1 if rng.random() < 0.03 else 0)
                people.append(
                    dict(
                        pid=f"P{len(people)}",
                        hid=hid,
                        region=region,
                        district=district,
                        village=village,
                        given=given,
                        surname=surname,
                        relative=relative,
                        sex=sex,
                        age=age,
                        phone=phone
                        if rng.random() < 0.9
                        else "9" + str(rng.randrange(10**9)).zfill(9),
                        aadhaar4=str(rng.randrange(10000)).zfill(4),
                        copies=copies,
                    )
                )
            hid += 1
        return people

    def record(self, person: dict, source: str, rid: str) -> dict:
        rng = self.rng
        cfg = REGIONS[person["region"]]
        script = cfg["script"]
        native = rng.random() < cfg["native_share"]
        noise = 0.25
        given = self.spell(person["given"], script, native, noise)
        family = self.spell(person["surname"], script, native, noise)
        relative = self.spell(person["relative"], script, native, noise)
        if rng.random() < 0.3 and not native:
            relative = relative + " " + family.split()[0] if rng.random() < 0.5 else relative
        if cfg["telugu_order"] and not native:
            r = rng.random()
            if r < 0.35:
                given, family = f"{family[0]}. {given}", ""  # G. Padma
            elif r < 0.5:
                given, family = f"{family[0]} {given}", ""  # G Padma
            elif r < 0.7:
                given, family = family, given  # surname first: Gollapudi Padma
        r = rng.random()
        if r < 0.05:
            given, family = family, given  # fields swapped
        elif r < 0.2 and family:
            given, family = f"{given} {family}", ""  # the whole name in one field
        if rng.random() < 0.03 and not native:
            given = rng.choice(["Smt. ", "Smt ", "Mst. "]) + given
        if not native:
            given, family, relative = self.case(given), self.case(family), self.case(relative)
        district_names = cfg["districts"][person["district"]]
        district = (
            district_names[-1]
            if native
            else rng.choice(district_names[:-1] if len(district_names) > 1 else district_names)
        )
        village = person["village"]
        if native:
            village = sanscript.transliterate(village.lower(), sanscript.OPTITRANS, script)
        elif rng.random() < 0.2:
            village = self.spell(("", [village]), script, False, 1.0)
        village = self.case(village) if not native else village
        age = person["age"] + rng.choice([0, 0, 0, -1, 1, -2, 2, -3, 3])
        if rng.random() < 0.1:
            age += rng.choice([-5, 5, -4, 4, 6, -6])
        phone = person["phone"]
        if rng.random() < 0.12:
            phone = "9" + str(rng.randrange(10**9)).zfill(9)  # a new number
        if phone and rng.random() < 0.15:
            phone = rng.choice(["+91 ", "0", "91"]) + phone
        row = {
            "record_id": rid,
            "source": source,
            "given_name": given,
            "family_name": family,
            "relative_name": relative,
            "sex": rng.choice(["F", "Female", "f"])
            if person["sex"] == "F"
            else rng.choice(["M", "Male"]),
            "age": str(max(1, age)),
            "phone": phone,
            "id_last4": person["aadhaar4"],
            "village": village,
            "district": district,
            "state": rng.choice(cfg["state"]),
        }
        for field, p in [
            ("family_name", 0.05),
            ("relative_name", 0.25),
            ("sex", 0.15),
            ("age", 0.1),
            ("phone", 0.35),
            ("id_last4", 0.6),
            ("village", 0.05),
            ("district", 0.03),
            ("state", 0.2),
        ]:
            if rng.random() < p:
                row[field] = rng.choice([None, ""])
        return row


def generate(n_records: int, seed: int = 7) -> tuple[list[dict], dict[str, str]]:
    """About ``n_records`` records on four lists, and the truth (record_id -> person)."""
    gen = Generator(seed)
    rows, truth = [], {}
    for person in gen.households(n_records):
        sources = gen.rng.sample(SOURCES, person["copies"])
        if gen.rng.random() < 0.03:
            sources.append(sources[0])  # twice on the same list
        for source in sources:
            rid = f"R{len(rows):07d}"
            rows.append(gen.record(person, source, rid))
            truth[rid] = person["pid"]
    gen.rng.shuffle(rows)
    rows = rows[:n_records]
    return rows, {r["record_id"]: truth[r["record_id"]] for r in rows}


def _write(out, rows, truth, fields) -> None:
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "person": truth[row["record_id"]]})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default="-")
    args = parser.parse_args(argv)
    rows, truth = generate(args.records, args.seed)
    fields = [*rows[0].keys(), "person"]
    if args.out == "-":
        _write(sys.stdout, rows, truth, fields)
    else:
        with open(args.out, "w", newline="", encoding="utf-8") as out:
            _write(out, rows, truth, fields)
    return 0


if __name__ == "__main__":
    sys.exit(main())
