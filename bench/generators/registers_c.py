"""Generator C: synthetic, overlapping Indian beneficiary lists with a known truth.

Written independently of the matcher and of the other generators. It imitates what a
facilitator gets when she imports the lists of several offices for the same women: a
collective's register, a dry-ration relief list, a ration-card drive, a health-camp sheet
and an NGO's phone survey, from Maharashtra, Uttar Pradesh, Bihar and Karnataka.
Karnataka was chosen for the north's Devadasi belt (Belagavi, Bagalkot, Vijayapura,
Kalaburagi, Ballari: Yellamma, -avva names, given + father's + surname like Maharashtra)
and the south's wards (Bengaluru, Mysuru, Kolar: an initial and a given name, no surname).

    generate(n_records, seed) -> (records, truth)

``records`` holds exactly ``n_records`` dicts with the keys of ``FIELDS`` (values ``str`` or
``None``); ``truth`` maps every ``record_id`` to a person id. Deterministic for a seed: one
``random.Random(seed)`` drives the population, and the small caches of spelling variants
are built from ``random.Random(f"{seed}|...")`` (string seeds hash with SHA-512, not with
Python's randomised ``hash``), so no global random state, no clock, no set iteration.

Name frequencies
----------------
The domain files (/work/shared/domain) give name *conventions* (Devi/Kumari/Begum/Bibi as
surname placeholders, W/o-D/o-S/o-C/o relation prefixes, patronymic initials in the south,
Lakshmi/Laxmi-type variants, Md./Mohd., -tha/-thi, missing surnames) but no frequency tables.
All frequencies here are my own: every pool below is ordered from most to least common
and drawn with a Zipf-like weight 1/(rank+6)**1.05 (ZIPF_OFFSET, ZIPF_S): the first of
40 names is about 8 % of its pool, the 40th about 1.5 %.

Population (truth)
------------------
State of a household: MH 35 %, KA 30 %, UP 18 %, BR 17 % (STATE_WEIGHTS).
Households (HOUSEHOLD_KINDS): solo woman 30 %, family 55 %, shared house 15 % (only in urban
wards; in a village the draw falls back to a family).
- Family, 2-8 people, up to three generations: the mother-in-law (head, 42-75), her husband
  (included as a person 25 %), 0-3 sons of whom the married ones bring a daughter-in-law
  (20-25 years younger than the head; 20 % of pairs of daughters-in-law are real sisters,
  with the same father), the son himself listed 15 %, 0-2 unmarried daughters (Kumari in
  UP/BR), granddaughters of the older daughters-in-law, and a co-wife of the head's husband
  (4 % of families), who shares his name as "W/o". The married-in women share the family
  name, the address, the ration card and (90 % of households have one) the household phone.
  30 % of heads are widows (WIDOW): her husband is never a person on the lists, and half
  of the lists that name him write "W/o Late ...", "Lt.", "Swargiya", "स्व.", "ದಿ.".
- Solo: a woman of 18-60 (55 % married, husband not on any list), her own phone 80 %.
- Shared house (brothel or rented room in an urban ward): 3-8 unrelated women of 18-45,
  40 % of them migrants from another of the four states (names from their home state), who
  give the same address and, when they have no phone of their own, the house phone.
Phones: a woman has her own phone with a probability that depends on her place (head 50 %,
daughter-in-law 40 %, unmarried daughter 30 %, solo 80 %, shared house 60 %, men 85-90 %);
otherwise she gives the household's phone (90 % of households have one; with none, 30 % of
those without their own give no phone at all). 35 % of phones are replaced once and 10 % twice between 2019
and 2025, so the lists of different years see different numbers.
Migration: 5 % of people have a native place in another district of their state and 2 % in
another state; the ration-card drive (80 %) and the health camp (30 %) list them there.
Marriage names: 3 % of married Marathi women were given a new first name by their in-laws;
government lists use the new name 70 %, the others the birth name 50 %.
Pet names: every woman has a pet name (Rinki, Guddi, Tai, Baby, Chhoti...); see PET_RATE.
Men: about 10 % of the people (husbands and sons), never on the collective's list.
Namesakes come from the skewed pools (Sunita Devi, Lakshmi, Yellamma...) inside a limited
number of villages: max(60, people/450) villages and wards per run.

Lists (SOURCES)
---------------
Each person is on 1, 2, 3 or 4 of the five kinds of list of her state with probabilities
36 / 30 / 21 / 13 % (LISTS_PER_PERSON), kinds drawn by KIND_WEIGHTS without replacement;
each appearance is doubled on the same list with probability 4 % (DUP_ON_LIST; half a
copied row with one field changed, half a second independent registration). Source names
are "<kind>_<state>", e.g. "ration_mh". Per kind (numbers are in SOURCES):

=============  ======  =====  ======  ======  ======  =====  =====  =====  ======  ======
kind           year    caps   native  fullnm  relat.  sex    age    phone  id4     shift
=============  ======  =====  ======  ======  ======  =====  =====  =====  ======  ======
collective     2015-22 20 %   10 %    40 %    15 %    45 %   80 %   85 %    4 %    0
relief         2020    60 %    3 %    70 %     0 %    40 %   50 %   90 %    8 %    1.5 %
ration         2021    45 %   45 %    25 %    92 %    95 %   95 %   60 %   35 %    0
health         2023    15 %   20 %    35 %    70 %    90 %   92 %   75 %   15 %    0
survey         2024     5 %    5 %    50 %    50 %    70 %   85 %   90 %   12 %    1 %
=============  ======  =====  ======  ======  ======  =====  =====  =====  ======  ======

("caps": ALL CAPS; "native": Devanagari in MH/UP/BR, Kannada in KA; "fullnm": the whole
name in given_name with family_name empty; "relat.": relative_name filled (whole lists
without it: relief); "id4": id_last4 filled, so about 15 % over all records; "shift": a
WhatsApp-forwarded spreadsheet where a cell was lost or added and the rest of the row
moved one column.) Also per kind: surname-first order ("PAWAR SUNITA RAMESH"; MH: ration
40 %, other lists 5-8 %; elsewhere 0.3 times that; a third of them with the surname typed
in given_name and the rest in family_name), initials (south Karnataka "K. Lakshmi" 50 %, elsewhere 3-8 %), relative written
as the husband when married (ration 85 %, health 90 %, collective 60 %, survey 45 %,
relief n/a) else the father, pet name instead of the name (collective 15 %, survey 8 %,
relief 5 %, health 4 %, ration 0), clerical typo per name field (1-4 %), OCR-like
confusion (health 2 %), a phone's autocorrect of a name it knows (AUTOCORRECT: Rani -> Rain, Pawar -> Power;
survey 5 %, relief 3 % of such names), the
spelling of the person's own documents kept instead of a spelling by ear (ration 85 %,
relief 60 %, collective 50 %, health 50 %, survey 40 %), and the token written for a
missing value ("", "NA", "-", "0" or an absent cell).
Name shapes: Maharashtra and north Karnataka (70 %) write a middle name (80 %): the
husband's given name when married (90 %), else the father's; UP/BR women carry "Devi"
(75 % of married Hindu women) or "Kumari" (75 % of unmarried), Muslim women "Khatoon" /
"Begum" / "Bano", and 15 % of UP/BR Hindu families have no surname at all; the placeholder
is written instead of a real surname 80 % of the time; UP/BR men without one get "Kumar"
50 %; Marathi women over 45 get "bai" ("Sunitabai", "Sunita Bai") 25 %. relative_name
carries the relative's surname 70 %, a Marathi husband's father's name 40 %, a prefix
(W/o, D/o, S/o, C/o, "Husband", "Father", "पति", "पिता", "वडील", "ಗಂಡ", "ತಂದೆ", or none).
Other noise: a trailing, leading or doubled space 2 % per name field; the wrong sex 0.4 %;
junk in the age 1 %.

Spellings: each name is kept in ITRANS and romanised by a clerk's habits per region
(Marathi w for v 50 %, a fifth of that at the start of a word, Hindi w 10 %, Karnataka th for dental t 70 % and a final a kept 55 %, Hindi
schwa dropped inside words 60 %, ee for long i 30-35 %, oo for long u 35-40 %, x/ks for
ksh, s for sh 8-15 %), or written in the native script through indic_transliteration
with a long/short vowel slip 12 %. Irregular names carry their own romanisations
(Gaikwad/Gayakwad, Mohammad/Md./Mohd).
Ages: the age on the list's year, self-reported (+-2; collective, survey), guessed (+-4,
wider for the old; relief, health; heaped on multiples of 5 in 50 % of them), or from the document's year of birth, which is itself off by a
few years for a third of the people; written "34", "34 yrs", "34Y", "1989",
"01/01/1989", "34.0", native digits, "Adult", "0" or blank.
Phones: "+91 98765 43210", "098765...", "91...", "98765-43210", Excel's "9.87654E+09"
(relief 5 %), a digit dropped (2 %), doubled (1.5 %) or two swapped (1 %), a landline
(ration, health: 2 %), two numbers in one cell (1 %), the ASHA's phone for 20 % of the
health-camp rows, a peer educator's for members of the collective without a phone.
id_last4: Aadhaar's last four, or the ration card's (household's!) on 80 % of the
ration-drive rows that have one; written "XXXX1234", "xxxx-xxxx-1234", "1234.0", leading
zero lost ("456"), with a digit slip 3 %.
Places: village/ward variants (Wadgaon Bk./Budruk, Kamathipura/Kamatipura, "Mu. Po.",
"Vill-", "Ward No. 12"/"W-12"), renamed districts (Ahmednagar/Ahilyanagar,
Aurangabad/Chhatrapati Sambhajinagar, Allahabad/Prayagraj, Belgaum/Belagavi,
Gulbarga/Kalaburagi...), states as "MH", "U.P.", native script; missing per kind.

Size and speed, measured on the shared 2-core machine (load average 11-14 from other
work, so this process got 20 % of a core):

    nice -n 10 /usr/bin/time -v .venv/bin/python bench/generators/registers_c.py \
        --records 1000000 --out /tmp/gen_c.csv

1,000,000 records of 456,323 people (2.19 records a person, 65 % on two records or more,
id_last4 filled on 15.6 %, relative_name on 45 %), CSV 112 MB; user 51.2 s + system 1.2 s
of CPU, 4 min 13 s of wall clock at that 20 % share (under a minute on an idle core);
maximum resident set 1.01 GB. Work is linear: households are made and rendered one at a
time, the only global structures are the output list, the truth and small caches of
spellings.
"""

from __future__ import annotations

import argparse
import csv
import functools
import random
import re
import sys

from indic_transliteration import sanscript


def _entries(s: str) -> list[str]:
    """Pool entries are separated by spaces; "_" stands for a space inside one entry."""
    return [e.replace("_", " ") for e in s.split()]


FIELDS = (
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
SHIFTABLE = FIELDS[2:]

ZIPF_S = 1.05
ZIPF_OFFSET = 6.0
STATE_WEIGHTS = (("mh", 0.35), ("ka", 0.30), ("up", 0.18), ("br", 0.17))
HOUSEHOLD_KINDS = (("solo", 0.30), ("family", 0.55), ("shared", 0.15))
LISTS_PER_PERSON = ((1, 0.36), (2, 0.30), (3, 0.21), (4, 0.13))
KIND_WEIGHTS = {"collective": 0.75, "relief": 0.9, "ration": 0.85, "health": 0.7, "survey": 0.5}
DUP_ON_LIST = 0.04
MIGRANT_DISTRICT = 0.05
MIGRANT_STATE = 0.02
MARRIAGE_NAME = 0.03
WIDOW = 0.30
PHONE_CHANGE = ((0, 0.55), (1, 0.35), (2, 0.10))

# ---------------------------------------------------------------------------------------
# Name pools (ITRANS as the native lists spell them; "|" adds fixed romanisations, most
# common first). Most common first.

MH_F = _entries(
    "sunItA saMgItA manIShA kavitA rekhA vaishAlI jyoti pUjA sushIlA shobhA maMgala lakShmI|Laxmi|Lakshmi "
    "anitA kalpanA sonAlI sapanA sunaMdA shAradA ujvalA vaMdanA suvarNA rAdhA savitA AshA mInA "
    "sharmilA ChAyA naMdA rukmiNI pArvatI yamunA latA shailA kamala iMdU shevaMtA hIrA muktA rANI "
    "sarikA mAdhurI archanA"
)
MH_F_MUSLIM = _entries(
    "shabAnA nasarIna|Nasreen|Nasrin rehAnA yAsmIna|Yasmin|Yasmeen shabanama|Shabnam ruksAnA"
)
MH_M = _entries(
    "ramesha santosha vijaya rAjU sunIla anila dattAtraya|Dattatray|Dattatraya viThThala|Vitthal|Vithal "
    "bALU|Balu shivAjI prakAsha dilIpa tukArAma mArutI saMjaya ashoka nAmadeva pAMDuraMga|Pandurang "
    "gaNesha bhAusAheba|Bhausaheb mahesha shaMkara kishora nitIna sachina rAvasAheba|Raosaheb "
    "ba.nDU|Bandu shAMtArAma|Shantaram"
)
MH_M_MUSLIM = _entries(
    "salIma rafIka|Rafiq|Rafik anvara|Anwar jAveda|Javed shakIla|Shakil|Shakeel ayUba|Ayub"
)
MH_SUR = _entries(
    "pavAra|Pawar jAdhava|Jadhav|Jadhao shiMde|Shinde kAMbaLe|Kamble|Kambale gAyakavADa|Gaikwad|Gayakwad "
    "pATIla|Patil more|More sALuMkhe|Salunkhe|Salunke kALe|Kale vAghamAre|Waghmare bhosale|Bhosale "
    "chavhANa|Chavan|Chavhan|Chauhan mAne|Mane sonavaNe|Sonawane|Sonavane loMDhe|Londhe kadama|Kadam "
    "sAThe|Sathe thorAta|Thorat iMgaLe|Ingale|Ingle kharAta|Kharat baMsoDe|Bansode shelake|Shelke|Shelake "
    "deshamukha|Deshmukh gAvaDe|Gawde|Gawade"
)
MH_SUR_MUSLIM = _entries(
    "shekha|Shaikh|Sheikh|Shekh|Sk paThANa|Pathan sayyada|Sayyed|Syed tAMboLI|Tamboli"
)

HI_F = _entries(
    "sunItA pUnama|Poonam|Punam rInA|Reena|Rina pUjA|Puja|Pooja rekhA gItA sItA mInA anitA maMjU "
    "urmilA kiraNa rAdhA saroja shAMti kusuma mAyA saMgItA saritA rItA sushIlA lIlA uShA kamalA "
    "vimalA nirmalA phUlamatI|Phoolmati|Phulmati sAvitrI kalAvatI|Kalawati|Kalavati shIlA lalitA "
    "mamatA sumana priyaMkA|Priyanka khushabU|Khushboo|Khushbu nIlama|Neelam|Nilam sonI rANI "
    "chaMdA bindU|Bindu"
)
HI_F_MUSLIM = _entries(
    "shabanama|Shabnam rubInA|Rubina|Rubeena zarInA|Zarina|Jarina parvIna|Parveen|Parvin shAhInA|Shahina "
    "ruksAnA|Rukhsana salamA|Salma nAzamA|Nazma|Najma fAtimA|Fatima jubedA|Zubeda|Jubeda"
)
HI_M = _entries(
    "ramesha rAjesha santosha manoja dinesha mukesha sunIla rAjU vinoda shyAma ashoka vijaya pappU "
    "umesha ajaya rAkesha rAjeMdra|Rajendra bholA mohana sohana jagadIsha naresha lakhana "
    "shivakumAra|Shiv_Kumar|Shivkumar rAmavilAsa|Ramvilas|Ram_Vilas birajU|Birju"
)
HI_M_MUSLIM = _entries(
    "mohammada|Mohammad|Md.|Mohd|Mohammed salIma|Salim|Saleem anvara|Anwar jamIla|Jamil|Jameel "
    "shakIla|Shakil rashIda|Rashid kalIma|Kalim aslama|Aslam mukhtAra|Mukhtar"
)
HI_SUR = _entries(
    "yAdava|Yadav pAsavAna|Paswan rAma|Ram kumAra|Kumar sAhanI|Sahni|Sahani mahato|Mahto|Mahato "
    "mAMjhI|Manjhi|Majhi chaudharI|Chaudhary|Choudhary prasAda|Prasad ravidAsa|Ravidas guptA|Gupta "
    "nishAda|Nishad siMha|Singh jATava|Jatav vAlmIki|Valmiki pAsI|Pasi kushavAhA|Kushwaha"
)
HI_SUR_MUSLIM = _entries(
    "aMsArI|Ansari khAna|Khan kuraishI|Qureshi|Kuraishi shekha|Shaikh|Sheikh|Sk"
)
HI_MUSLIM_F_PLACEHOLDER = (
    ("khAtUna|Khatoon|Khatun", 0.45),
    ("begama|Begum", 0.15),
    ("bAno|Bano", 0.10),
)

KA_F = _entries(
    "yallamma|Yellamma|Yallamma lakShmi|Lakshmi|Laxmi renukA shAMtamma gaMgavva|Gangavva|Gangawwa "
    "kavitA maMjuLA sunaMdA pArvati durgavva|Durgavva|Durgawwa shAradA rUpA puShpA gItA shobhA "
    "nAgamma jayamma sumitrA mahAdevi kallavva basavva|Basavva|Basawwa mallamma sarojA rekhA anitA "
    "lIlA padmA hanumavva|Hanamavva|Hanumavva sharaNamma siddamma kamalA lalitA yashodA "
    "bhAgyashrI|Bhagyashree|Bhagyashri nIlavva|Neelavva|Nilavva"
)
KA_F_MUSLIM = _entries("shabAnA rehAnA pharjAnA|Farzana|Farjana jabInA|Jabeena|Jabina")
KA_M = _entries(
    "hanumaMta|Hanumant|Hanmant bhImappa yallappa basappa mallappa shivappa ramesha suresha "
    "maMjunAtha ravi nAgappa mahAdeva siddappa kRiShNa|Krishna lakShmaNa|Laxman|Lakshmana mAruti "
    "shrInivAsa|Srinivas|Srinivasa veMkaTesha|Venkatesh rAmappa durgappa niMgappa|Ningappa kallappa "
    "raMgappa chaMdrappa"
)
KA_M_MUSLIM = _entries("abdula|Abdul imAma|Imam husena|Hussain|Husen rAjA|Raja")
KA_SUR = _entries(
    "tALavAra|Talawar|Talwar mAdara|Madar nAyaka|Naik|Nayak kAMbaLe|Kamble pATIla|Patil "
    "gauDa|Gowda|Gouda vAlmIki|Valmiki hosamani|Hosamani doDDamani|Doddamani bhajaMtrI|Bhajantri "
    "pUjAri|Pujari|Poojari kaTTimani|Kattimani chalavAdi|Chalawadi|Chalavadi birAdAra|Biradar "
    "hiremaTha|Hiremath"
)
KA_SUR_MUSLIM = _entries("muLLA|Mulla nadApha|Nadaf|Nadaf shekha|Shaikh|Sheikh")

PETS = {
    "mh": _entries(
        "tAI|Tai bebI|Baby chhakulI|Chhakuli sonU|Sonu piMkI|Pinky|Pinki mInU|Minu akkA|Akka"
    ),
    "hi": _entries(
        "rinkI|Rinki|Rinky piMkI|Pinki|Pinky guDDI|Guddi guDiyA|Gudiya ChoTI|Chhoti|Choti bebI|Baby munnI|Munni bablI|Babli sonI|Soni"
    ),
    "ka": _entries(
        "akka|Akka puTTi|Putti chinnu|Chinnu bebI|Baby gauri|Gowri|Gauri lakkI|Lucky|Lakki"
    ),
}
PET_RATE = {"collective": 0.15, "survey": 0.08, "relief": 0.05, "health": 0.04, "ration": 0.0}

AUTOCORRECT = {
    "rani": "Rain",
    "seema": "Seem",
    "meena": "Mean",
    "asha": "Ash",
    "sita": "Sit",
    "gita": "Git",
    "geeta": "Greta",
    "mala": "Male",
    "kamla": "Kamal",
    "lata": "Late",
    "pinki": "Pinky",
    "pawar": "Power",
    "patil": "Patio",
    "shinde": "Shine",
    "devi": "Dev",
    "kumari": "Kumar",
    "munni": "Mini",
    "radha": "Radar",
    "shobha": "Shoba",
    "mamta": "Mamma",
    "reena": "Rena",
    "neelam": "Neela",
    "kale": "Kale",
    "salma": "Salman",
    "rekha": "Reka",
    "guddi": "Buddy",
    "sonu": "Son",
    "baby": "Baby",
    "madar": "Madam",
    "naik": "Nail",
    "yadav": "Yada",
}

# ---------------------------------------------------------------------------------------
# Places. Districts: (itrans, romanisations..., urban?) ; villages/wards: stems per state.

DISTRICTS = {
    "mh": (
        ("puNe|Pune|Poona|Pune Rural", True),
        ("muMbaI|Mumbai|Mumbai City|Bombay|Mumbai Suburban", True),
        ("ThANe|Thane|Thana", True),
        ("kolhApUra|Kolhapur", False),
        ("sAMgalI|Sangli", False),
        ("solApUra|Solapur|Sholapur", False),
        ("ahamadanagara|Ahmednagar|Ahilyanagar|A.Nagar|Nagar", False),
        ("auraMgAbAda|Aurangabad|Chhatrapati Sambhajinagar|Sambhajinagar", False),
        ("usmAnAbAda|Osmanabad|Dharashiv", False),
        ("nAgapUra|Nagpur", True),
        ("bIDa|Beed|Bid", False),
    ),
    "up": (
        ("lakhanaU|Lucknow", True),
        ("vArANasI|Varanasi|Banaras|Benares", True),
        ("prayAgarAja|Prayagraj|Allahabad|Allahbad", True),
        ("AgarA|Agra", True),
        ("meraTha|Meerut", True),
        ("gorakhapura|Gorakhpur", False),
        ("ayodhyA|Ayodhya|Faizabad", False),
        ("kAnapura|Kanpur|Kanpur Nagar", True),
    ),
    "br": (
        ("mujaphpharapura|Muzaffarpur|Muzzafarpur|Mujaffarpur", True),
        ("sItAmaDhI|Sitamarhi|Sitamadhi", False),
        ("gayA|Gaya", False),
        ("pUrNiyA|Purnia|Purnea", False),
        ("kaTihAra|Katihar", False),
        ("paTanA|Patna", True),
        ("ararIyA|Araria", False),
        ("kishanagaMja|Kishanganj", False),
    ),
    "ka": (
        ("belagAvi|Belagavi|Belgaum", False),
        ("bAgalakoTe|Bagalkot|Bagalkote", False),
        ("vijayapura|Vijayapura|Bijapur", False),
        ("kalaburagi|Kalaburagi|Gulbarga", False),
        ("baLLAri|Ballari|Bellary", False),
        ("beMgaLUru|Bengaluru Urban|Bangalore Urban|Bangalore|Bengaluru|BBMP", True),
        ("maisUru|Mysuru|Mysore", True),
        ("kolAra|Kolar", False),
    ),
}
SOUTH_KA = ("beMgaLUru", "maisUru", "kolAra")
VILLAGES = {
    "mh": _entries(
        "vaDagAMva|Wadgaon|Vadgaon pimparI|Pimpri shirUra|Shirur koregAMva|Koregaon nimagAMva|Nimgaon khaDakI|Khadki hivare|Hivare loNI|Loni|Lonee jeUra|Jeur kuMbhArI|Kumbhari sAvaLaja|Savlaj mirajagAMva|Mirajgaon tAkaLI|Takali|Takli shirasagAMva|Shirasgaon umbraja|Umbraj"
    ),
    "mh_urban": _entries(
        "budhavAra_peTha|Budhwar_Peth|Budhwar_peth|Budhwarpeth kAmAThipurA|Kamathipura|Kamatipura gaMgA_jamunA|Ganga_Jamuna|Gangajamuna bhIma_nagara|Bhim_Nagar|Bheem_Nagar siddhArtha_nagara|Siddharth_Nagar|Sidharth_Nagar"
    ),
    "hi": _entries(
        "rAmapura|Rampur shivapura|Shivpur|Sheopur mAdhavapura|Madhopur|Madhavpur bishanapura|Bishanpur saraiyA|Saraiya|Saraiyan rasUlapura|Rasulpur kishunapura|Kishunpur|Kishanpur chaka|Chak bAMsagA.nva|Bansgaon rAmanagara|Ramnagar mahuA|Mahua|Mahuwa"
    ),
    "hi_urban": _entries(
        "chaturbhuja_sthAna|Chaturbhuj_Sthan|Chaturbhujsthan shivadAsapura|Shivdaspur|Shivdaspur_Mohalla kabIra_nagara|Kabir_Nagar aMbeDakara_nagara|Ambedkar_Nagar|Ambedkarnagar rAjIva_nagara|Rajiv_Nagar"
    ),
    "ka": _entries(
        "saudatti|Saundatti|Savadatti gokAka|Gokak athaNi|Athani mudhoLa|Mudhol jamakhaMDi|Jamkhandi rAyabAga|Raybag|Raibag hukkeri|Hukkeri doDDahaLLi|Doddahalli|Doddahali chikkahaLLi|Chikkahalli hosahaLLi|Hosahalli|Hosahali kempApura|Kempapura"
    ),
    "ka_urban": _entries(
        "shivAjinagara|Shivajinagar|Shivaji_Nagar kalAsipALya|Kalasipalya|Kalasipalyam aMbeDakara_nagara|Ambedkar_Nagar gAMdhinagara|Gandhinagar|Gandhi_Nagar"
    ),
}
VILLAGE_QUAL = {
    "mh": (("budruka|Budruk|Bk.|Bk|Bu.", 0.2), ("khurda|Khurd|Kh.|Kh", 0.15)),
    "hi": (
        ("TolA|Tola", 0.2),
        ("pUrvI|Purvi|Purab|Purbi", 0.1),
        ("pashchimI|Paschimi|Pachhim", 0.08),
    ),
    "ka": (("tAMDA|Tanda|Thanda", 0.15), ("doDDa|Dodda", 0.05)),
}
STATES = {
    "mh": ("mahArAShTra", "Maharashtra", "MH", "Maharastra", "MAHARASHTRA", "M.S."),
    "up": ("uttara pradesha", "Uttar Pradesh", "UP", "U.P.", "Uttarpradesh", "U.P"),
    "br": ("bihAra", "Bihar", "BR", "BIHAR", "Bihaar"),
    "ka": ("karnATaka", "Karnataka", "KA", "Karnatak", "KARNATAKA", "Karnataka State"),
}
STD = {
    "mh": ("020", "022", "0231", "0233", "0217", "0241"),
    "up": ("0522", "0542", "0532", "0551"),
    "br": ("0621", "0612", "0631", "06454"),
    "ka": ("0831", "080", "0821", "08352"),
}
LANG = {"mh": "mh", "up": "hi", "br": "hi", "ka": "ka"}
SCRIPT = {"mh": sanscript.DEVANAGARI, "hi": sanscript.DEVANAGARI, "ka": sanscript.KANNADA}

# ---------------------------------------------------------------------------------------
# Per-kind habits of a list.

SOURCES = {
    "collective": dict(
        year=(2015, 2022),
        caps=0.20,
        lower=0.15,
        native=0.10,
        fullname=0.40,
        surname_first=0.05,
        initials=0.05,
        relative=0.15,
        husband=0.60,
        sex=0.45,
        age=0.80,
        age_mode="self",
        yob=0.05,
        phone=0.85,
        id4=0.04,
        ration_card=0.0,
        shift=0.0,
        typo=0.03,
        ocr=0.0,
        autocorrect=0.0,
        doc_spelling=0.50,
        village=0.95,
        district=0.70,
        state=0.0,
        missing=("", "", None),
        native_place=0.0,
        excel_float=0.0,
        landline=0.0,
    ),
    "relief": dict(
        year=(2020, 2020),
        caps=0.60,
        lower=0.05,
        native=0.03,
        fullname=0.70,
        surname_first=0.08,
        initials=0.03,
        relative=0.0,
        husband=0.0,
        sex=0.40,
        age=0.50,
        age_mode="guess",
        yob=0.0,
        phone=0.90,
        id4=0.08,
        ration_card=0.0,
        shift=0.015,
        typo=0.04,
        ocr=0.0,
        autocorrect=0.03,
        doc_spelling=0.60,
        village=0.90,
        district=0.85,
        state=0.50,
        missing=("NA", "-", "", "0"),
        native_place=0.0,
        excel_float=0.05,
        landline=0.0,
    ),
    "ration": dict(
        year=(2021, 2021),
        caps=0.45,
        lower=0.0,
        native=0.45,
        fullname=0.25,
        surname_first=0.40,
        initials=0.03,
        relative=0.92,
        husband=0.85,
        sex=0.95,
        age=0.95,
        age_mode="doc",
        yob=0.40,
        phone=0.60,
        id4=0.35,
        ration_card=0.80,
        shift=0.0,
        typo=0.01,
        ocr=0.0,
        autocorrect=0.0,
        doc_spelling=0.85,
        village=0.98,
        district=0.98,
        state=0.90,
        missing=(None,),
        native_place=0.80,
        excel_float=0.0,
        landline=0.02,
    ),
    "health": dict(
        year=(2023, 2023),
        caps=0.15,
        lower=0.05,
        native=0.20,
        fullname=0.35,
        surname_first=0.05,
        initials=0.08,
        relative=0.70,
        husband=0.90,
        sex=0.90,
        age=0.92,
        age_mode="guess",
        yob=0.0,
        phone=0.75,
        id4=0.15,
        ration_card=0.0,
        shift=0.0,
        typo=0.03,
        ocr=0.02,
        autocorrect=0.0,
        doc_spelling=0.50,
        village=0.95,
        district=0.60,
        state=0.30,
        missing=("", None),
        native_place=0.30,
        excel_float=0.0,
        landline=0.02,
    ),
    "survey": dict(
        year=(2024, 2024),
        caps=0.05,
        lower=0.30,
        native=0.05,
        fullname=0.50,
        surname_first=0.05,
        initials=0.03,
        relative=0.50,
        husband=0.45,
        sex=0.70,
        age=0.85,
        age_mode="self",
        yob=0.40,
        phone=0.90,
        id4=0.12,
        ration_card=0.0,
        shift=0.01,
        typo=0.04,
        ocr=0.0,
        autocorrect=0.05,
        doc_spelling=0.40,
        village=0.90,
        district=0.80,
        state=0.60,
        missing=("-", "0", "NA", ""),
        native_place=0.0,
        excel_float=0.0,
        landline=0.0,
    ),
}
KINDS = tuple(SOURCES)
MALE_KINDS = ("relief", "ration", "health", "survey")

SEX_WORDS = {
    "F": {
        "latin": ("F", "F", "Female", "female", "FEMALE", "f", "Mahila"),
        sanscript.DEVANAGARI: ("महिला", "स्त्री", "म"),
        sanscript.KANNADA: ("ಮಹಿಳೆ", "ಸ್ತ್ರೀ", "ಹೆ"),
    },
    "M": {
        "latin": ("M", "M", "Male", "male", "MALE", "m", "Purush"),
        sanscript.DEVANAGARI: ("पुरुष", "पु"),
        sanscript.KANNADA: ("ಪುರುಷ", "ಗಂ"),
    },
}
REL_PREFIX = {
    "husband": ("W/o ", "W/o ", "w/o ", "W/O ", "W/o. ", "C/o ", "Husband ", ""),
    "father": ("D/o ", "D/o ", "d/o ", "D/O ", "C/o ", "Father ", ""),
    "son": ("S/o ", "S/o ", "s/o ", "S/O ", "C/o ", ""),
}
REL_PREFIX_NATIVE = {
    sanscript.DEVANAGARI: {
        "husband": ("पति ", "पति: ", "W/o "),
        "father": ("पिता ", "वडील ", "D/o "),
        "son": ("पिता ", "S/o "),
    },
    sanscript.KANNADA: {
        "husband": ("ಗಂಡ ", "ಪತಿ ", "W/o "),
        "father": ("ತಂದೆ ", "D/o "),
        "son": ("ತಂದೆ ", "S/o "),
    },
}
LATE = {sanscript.DEVANAGARI: "स्व. ", sanscript.KANNADA: "ದಿ. "}
NATIVE_DIGITS = {sanscript.DEVANAGARI: "०१२३४५६७८९", sanscript.KANNADA: "೦೧೨೩೪೫೬೭೮೯"}
KEY_NEIGHBOURS = {
    "a": "qsz",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "y": "tu",
    "z": "x",
}
OCR = (
    ("m", "rn"),
    ("rn", "m"),
    ("l", "I"),
    ("I", "l"),
    ("O", "0"),
    ("0", "O"),
    ("S", "5"),
    ("1", "7"),
    ("e", "c"),
    ("h", "b"),
    ("u", "v"),
    ("cl", "d"),
)


def _zipf_weights(n: int) -> list[float]:
    return [1.0 / (i + ZIPF_OFFSET) ** ZIPF_S for i in range(n)]


class _Pool:
    """A ranked pool with cumulative Zipf weights, for rng.choices(cum_weights=...)."""

    __slots__ = ("items", "cum")

    def __init__(self, items):
        self.items = list(items)
        cum, t = [], 0.0
        for w in _zipf_weights(len(self.items)):
            t += w
            cum.append(t)
        self.cum = cum

    def draw(self, r: random.Random) -> str:
        return r.choices(self.items, cum_weights=self.cum)[0]


POOLS = {
    "mh": dict(
        f=_Pool(MH_F),
        fm=_Pool(MH_F_MUSLIM),
        m=_Pool(MH_M),
        mm=_Pool(MH_M_MUSLIM),
        s=_Pool(MH_SUR),
        sm=_Pool(MH_SUR_MUSLIM),
        muslim=0.10,
    ),
    "hi": dict(
        f=_Pool(HI_F),
        fm=_Pool(HI_F_MUSLIM),
        m=_Pool(HI_M),
        mm=_Pool(HI_M_MUSLIM),
        s=_Pool(HI_SUR),
        sm=_Pool(HI_SUR_MUSLIM),
        muslim=0.18,
    ),
    "ka": dict(
        f=_Pool(KA_F),
        fm=_Pool(KA_F_MUSLIM),
        m=_Pool(KA_M),
        mm=_Pool(KA_M_MUSLIM),
        s=_Pool(KA_SUR),
        sm=_Pool(KA_SUR_MUSLIM),
        muslim=0.10,
    ),
}

# ---------------------------------------------------------------------------------------
# Romanisation of ITRANS by a clerk's habits.

_TOKEN = re.compile(
    r"kSh|j~n|RRi|Ri|chh|Ch|ch|kh|gh|jh|Th|Dh|th|dh|ph|bh|sh|Sh|aa|ai|au|ii|uu|\.n|"
    r"[AIUaiueo]|M|H|[kgjTDNtdnpbmyrlvwsLfzxq]|\s+|."
)
_VOWELS = frozenset(
    ["a", "A", "aa", "i", "I", "ii", "u", "U", "uu", "e", "o", "ai", "au", "RRi", "Ri"]
)
_CONS = frozenset(
    [
        "kSh",
        "j~n",
        "chh",
        "Ch",
        "ch",
        "kh",
        "gh",
        "jh",
        "Th",
        "Dh",
        "th",
        "dh",
        "ph",
        "bh",
        "sh",
        "Sh",
        "k",
        "g",
        "j",
        "T",
        "D",
        "N",
        "t",
        "d",
        "n",
        "p",
        "b",
        "m",
        "y",
        "r",
        "l",
        "v",
        "w",
        "s",
        "L",
        "f",
        "z",
        "x",
        "q",
    ]
)
STYLE = {
    #       ee    oo    w     th    sh_s  aa    keep  medial
    "mh": (0.30, 0.35, 0.50, 0.05, 0.08, 0.05, 0.03, 0.40),
    "hi": (0.35, 0.40, 0.10, 0.05, 0.10, 0.05, 0.03, 0.60),
    "ka": (0.30, 0.35, 0.15, 0.70, 0.15, 0.04, 0.55, 0.10),
}


def _romanise_word(word: str, style: str, r: random.Random) -> str:
    ee, oo, w, th, sh_s, aa, keep, medial = STYLE[style]
    toks = _TOKEN.findall(word)
    use_ee, use_oo, use_w = r.random() < ee, r.random() < oo, r.random() < w
    use_th, use_s, use_aa = r.random() < th, r.random() < sh_s, r.random() < aa
    x = r.choice(("ksh", "ksh", "ksh", "x", "ks"))
    inherent = [t == "a" and i > 0 and toks[i - 1] in _CONS for i, t in enumerate(toks)]
    drop = [False] * len(toks)
    n_vowels = sum(1 for t in toks if t in _VOWELS)
    last = len(toks) - 1
    geminate_or_cluster = last >= 2 and toks[last - 2] in _CONS
    if n_vowels > 1 and inherent[last] and not geminate_or_cluster and r.random() >= keep:
        drop[last] = True
    if style != "ka" or r.random() < medial:
        for i in range(last - 1, 1, -1):
            if (
                inherent[i]
                and toks[i - 1] in _CONS
                and (toks[i - 2] in _VOWELS or toks[i - 2] == "M")
                and i + 2 <= last
                and toks[i + 1] in _CONS
                and toks[i + 2] in _VOWELS
                and not drop[i + 2]
                and r.random() < medial
            ):
                drop[i] = True
    out = []
    for i, t in enumerate(toks):
        if drop[i]:
            continue
        if t in ("A", "aa"):
            out.append("aa" if use_aa and i != last else "a")
        elif t in ("I", "ii"):
            out.append("ee" if use_ee and (i != last or r.random() < 0.3) else "i")
        elif t in ("U", "uu"):
            out.append("oo" if use_oo else "u")
        elif t in ("RRi", "Ri"):
            out.append("ru" if style == "ka" and r.random() < 0.5 else "ri")
        elif t == "au":
            out.append("ou" if r.random() < 0.3 else "au")
        elif t == "t":
            out.append("th" if use_th else "t")
        elif t in ("T", "D", "N", "L") or t in ("Th", "Dh"):
            out.append(t.lower())
        elif t in ("v", "w"):
            out.append("w" if use_w and (i > 0 or r.random() < 0.2) else "v")
        elif t in ("sh", "Sh"):
            out.append("s" if use_s else "sh")
        elif t == "kSh":
            out.append(x)
        elif t == "Ch":
            out.append("chh" if r.random() < 0.6 else "ch")
        elif t == "j~n":
            out.append("dny" if style == "mh" else "gy")
        elif t == "ph":
            out.append("f" if r.random() < 0.3 else "ph")
        elif t == "z":
            out.append("j" if r.random() < 0.3 else "z")
        elif t in ("M", ".n"):
            nxt = toks[i + 1] if i < last else ""
            out.append("m" if nxt[:1] in ("p", "b", "m") else "n")
        elif t == "H":
            out.append("h")
        else:
            out.append(t)
    s = "".join(out)
    return s[:1].upper() + s[1:]


def _romanise(itrans: str, style: str, r: random.Random) -> str:
    return " ".join(_romanise_word(w, style, r) for w in itrans.split())


@functools.cache
def _native(itrans: str, script: str) -> str:
    # ITRANS reads "LLi" as the vocalic l, which no name here has: it is ll + i (haLLi)
    out = sanscript.transliterate(itrans, sanscript.ITRANS, script)
    return out.replace("\u0c8c", "\u0cb3\u0ccd\u0cb3\u0cbf").replace(
        "\u090c", "\u0933\u094d\u0933\u093f"
    )


class _Spellings:
    """Variant spellings of each pool entry, built once per entry from a string seed."""

    def __init__(self, seed: int):
        self.seed = seed
        self.cache: dict[tuple[str, str], tuple[list[str], str]] = {}
        self.native_cache: dict[str, list[str]] = {}

    def variants(self, entry: str, style: str) -> tuple[list[str], str]:
        key = (entry, style)
        got = self.cache.get(key)
        if got is None:
            r = random.Random(f"{self.seed}|{entry}|{style}")
            parts = entry.split("|")
            itrans, fixed = parts[0], parts[1:]
            fixed_w = [len(fixed) - i + 1 for i in range(len(fixed))]
            out = []
            for _ in range(40):
                if fixed and r.random() < 0.7:
                    out.append(r.choices(fixed, weights=fixed_w)[0])
                else:
                    out.append(_romanise(itrans, style, r))
            doc = fixed[0] if fixed else max(out, key=out.count)
            got = (out, doc)
            self.cache[key] = got
        return got

    def native_variants(self, entry: str) -> list[str]:
        got = self.native_cache.get(entry)
        if got is None:
            itrans = entry.split("|")[0]
            r = random.Random(f"{self.seed}|native|{entry}")
            got = [itrans]
            for _ in range(7):
                v = []
                for tok in _TOKEN.findall(itrans):
                    if tok in ("I", "i", "U", "u") and r.random() < 0.12:
                        tok = {"I": "i", "i": "I", "U": "u", "u": "U"}[tok]
                    v.append(tok)
                got.append("".join(v))
            self.native_cache[entry] = got
        return got


# ---------------------------------------------------------------------------------------
# The people.


class Person:
    __slots__ = (
        "pid",
        "st",
        "lang",
        "male",
        "muslim",
        "given",
        "new_given",
        "pet",
        "surname",
        "placeholder",
        "father",
        "father_sur",
        "husband",
        "husband_father",
        "married",
        "birth",
        "doc_birth",
        "phones",
        "aadhaar4",
        "hh",
        "home",
        "native",
        "widow",
        "husband_sur",
    )


class _World:
    def __init__(self, r: random.Random, n_people: int):
        self.r = r
        n_villages = max(60, n_people // 450)
        self.villages: dict[str, list[tuple]] = {st: [] for st, _ in STATE_WEIGHTS}
        seen: dict[str, int] = {}
        states = [st for st, _ in STATE_WEIGHTS]
        weights = [w for _, w in STATE_WEIGHTS]
        for i in range(n_villages):
            st = states[i % 4] if i < 4 * len(DISTRICTS["up"]) else r.choices(states, weights)[0]
            lang = LANG[st]
            districts = DISTRICTS[st]
            d_entry, urban_d = districts[i % len(districts)] if i < 40 else r.choice(districts)
            urban = urban_d and r.random() < 0.6
            stem = r.choice(VILLAGES[lang + "_urban"] if urban else VILLAGES[lang])
            qual = None
            ward = None
            if urban:
                ward = r.randint(1, 60)
            else:
                for q, p in VILLAGE_QUAL[lang]:
                    if r.random() < p:
                        qual = q
                        break
            key = f"{st}|{d_entry}|{stem}|{qual}|{ward}"
            if key in seen and urban:
                # another ward of the same locality; a village of the same name in the same
                # district is left as it is (Wadgaon is everywhere): a namesake village
                seen[key] += 1
                ward += seen[key] * 61
                key = f"{st}|{d_entry}|{stem}|{qual}|{ward}"
            seen[key] = seen.get(key, 0) + 1
            self.villages[st].append((st, d_entry, stem, qual, ward, urban))
        for st in states:
            if not self.villages[st]:
                d_entry, urban_d = DISTRICTS[st][0]
                self.villages[st].append((st, d_entry, VILLAGES[LANG[st]][0], None, None, False))
        self.village_pools = {st: _Pool(v) for st, v in self.villages.items()}
        self.asha_phone: dict[tuple, str] = {}
        self.peer_phone: dict[tuple, str] = {}
        self.next_pid = 0
        self.next_hh = 0

    def phone(self) -> str:
        r = self.r
        return r.choice("6789") + f"{r.randrange(10**9):09d}"

    def phone_history(self) -> list[tuple[int, str]]:
        r = self.r
        n = r.choices((0, 1, 2), weights=[w for _, w in PHONE_CHANGE])[0]
        years = sorted(r.randint(2019, 2025) for _ in range(n))
        hist = [(0, self.phone())]
        for y in years:
            hist.append((y, self.phone()))
        return hist

    def village(self, st: str):
        return self.village_pools[st].draw(self.r)


def _new_person(w: _World, st: str, male: bool, muslim: bool, birth: int, hh: int, home) -> Person:
    r = w.r
    p = Person()
    p.pid = f"P{w.next_pid:07d}"
    w.next_pid += 1
    p.st, p.lang, p.male, p.muslim, p.birth, p.hh, p.home = (
        st,
        LANG[st],
        male,
        muslim,
        birth,
        hh,
        home,
    )
    pool = POOLS[p.lang]
    p.given = (
        (pool["mm"] if muslim else pool["m"]).draw(r)
        if male
        else (pool["fm"] if muslim else pool["f"]).draw(r)
    )
    p.new_given = None
    p.pet = r.choice(PETS[p.lang]) if not male else None
    p.surname = None
    p.placeholder = None
    p.father = pool["mm" if muslim else "m"].draw(r)
    p.father_sur = None
    p.husband = None
    p.husband_father = None
    p.married = False
    p.doc_birth = birth + (r.choice((-5, -3, -2, -1, 1, 2, 3, 5, 8)) if r.random() < 0.33 else 0)
    p.phones = None
    p.aadhaar4 = f"{r.randrange(10000):04d}"
    p.native = None
    p.widow = False
    p.husband_sur = None
    return p


def _surname(w: _World, lang: str, muslim: bool) -> str | None:
    pool = POOLS[lang]
    if lang == "hi" and not muslim and w.r.random() < 0.15:
        return None
    return (pool["sm"] if muslim else pool["s"]).draw(w.r)


def _marry(w: _World, p: Person, husband: str, husband_sur: str | None, husband_father: str):
    r = w.r
    p.married = True
    p.husband, p.husband_father = husband, husband_father
    p.husband_sur = husband_sur
    p.surname = None if husband_sur and husband_sur.startswith("kumAra") else husband_sur
    if p.lang == "hi":
        if p.muslim:
            ph = r.random()
            acc = 0.0
            for entry, pr in HI_MUSLIM_F_PLACEHOLDER:
                acc += pr
                if ph < acc:
                    p.placeholder = entry
                    break
        else:
            p.placeholder = "devI|Devi" if r.random() < 0.75 else None
    if p.lang == "mh" and not p.muslim and r.random() < MARRIAGE_NAME:
        p.new_given = POOLS["mh"]["f"].draw(r)


def _unmarried(w: _World, p: Person, father: str, father_sur: str | None):
    p.father, p.father_sur = father, father_sur
    # "Kumar" is a man's placeholder: his daughter is Kumari, not Kumar
    p.surname = (
        None if not p.male and father_sur and father_sur.startswith("kumAra") else father_sur
    )
    if p.lang == "hi" and not p.male:
        if p.muslim:
            p.placeholder = "khAtUna|Khatoon|Khatun" if w.r.random() < 0.4 else None
        else:
            p.placeholder = "kumArI|Kumari" if w.r.random() < 0.75 else None


def _household(w: _World, year0: int = 2022) -> list[Person]:
    r = w.r
    st = r.choices([s for s, _ in STATE_WEIGHTS], [x for _, x in STATE_WEIGHTS])[0]
    home = w.village(st)
    kind = r.choices([k for k, _ in HOUSEHOLD_KINDS], [x for _, x in HOUSEHOLD_KINDS])[0]
    if kind == "shared" and not home[5]:
        kind = "family"
    hh = w.next_hh
    w.next_hh += 1
    lang = LANG[st]
    pool = POOLS[lang]
    members: list[tuple[Person, float]] = []  # (person, own-phone probability)
    if kind == "solo":
        muslim = r.random() < pool["muslim"]
        p = _new_person(w, st, False, muslim, year0 - r.randint(18, 60), hh, home)
        fsur = _surname(w, lang, muslim)
        if r.random() < 0.55:
            _marry(
                w,
                p,
                pool["mm" if muslim else "m"].draw(r),
                _surname(w, lang, muslim),
                pool["m"].draw(r),
            )
            p.father_sur = fsur
        else:
            _unmarried(w, p, p.father, fsur)
        members.append((p, 0.8))
    elif kind == "shared":
        for _ in range(r.randint(3, 8)):
            pst = st
            if r.random() < 0.4:
                pst = r.choice([s for s, _ in STATE_WEIGHTS if s != st])
            plang = LANG[pst]
            muslim = r.random() < POOLS[plang]["muslim"]
            p = _new_person(w, pst, False, muslim, year0 - r.randint(18, 45), hh, home)
            fsur = _surname(w, plang, muslim)
            if pst != st:
                p.native = w.village(pst)
            if r.random() < 0.35:
                ppool = POOLS[plang]
                _marry(
                    w,
                    p,
                    ppool["mm" if muslim else "m"].draw(r),
                    _surname(w, plang, muslim),
                    ppool["m"].draw(r),
                )
                p.father_sur = fsur
            else:
                _unmarried(w, p, p.father, fsur)
            members.append((p, 0.6))
    else:
        muslim = r.random() < pool["muslim"]
        mpool = pool["mm" if muslim else "m"]
        sur = _surname(w, lang, muslim)
        head_age = r.randint(42, 75)
        head = _new_person(w, st, False, muslim, year0 - head_age, hh, home)
        husband = mpool.draw(r)
        husband_father = mpool.draw(r)
        if husband_father == husband:
            husband_father = mpool.draw(r)
        _marry(w, head, husband, sur, husband_father)
        head.father_sur = _surname(w, lang, muslim)
        members.append((head, 0.5))
        head.widow = r.random() < WIDOW
        if not head.widow and r.random() < 0.25:
            hb = _new_person(w, st, True, muslim, head.birth - r.randint(0, 8), hh, home)
            hb.given, hb.father, hb.father_sur, hb.surname = husband, husband_father, sur, sur
            hb.married = True
            members.append((hb, 0.9))
        if r.random() < 0.04:
            cw = _new_person(w, st, False, muslim, head.birth + r.randint(0, 15), hh, home)
            _marry(w, cw, husband, sur, husband_father)
            cw.father_sur = _surname(w, lang, muslim)
            members.append((cw, 0.4))
        prev_dil_father = None
        for _ in range(r.choices((0, 1, 2, 3), (0.2, 0.4, 0.3, 0.1))[0]):
            son_age = head_age - r.randint(18, 30)
            if son_age < 16:
                continue
            son = mpool.draw(r)
            if son == husband:
                son = mpool.draw(r)
            if son_age >= 20 and r.random() < 0.85:
                dil_age = max(18, son_age - r.randint(2, 8))
                dil = _new_person(w, st, False, muslim, year0 - dil_age, hh, home)
                if prev_dil_father is not None and r.random() < 0.2:
                    dil.father, dil.father_sur = prev_dil_father
                else:
                    dil.father_sur = _surname(w, lang, muslim)
                prev_dil_father = (dil.father, dil.father_sur)
                _marry(w, dil, son, sur, husband)
                members.append((dil, 0.4))
                if dil_age >= 34:
                    for _ in range(r.randint(0, 2)):
                        ga = r.randint(14, dil_age - 18)
                        gd = _new_person(w, st, False, muslim, year0 - ga, hh, home)
                        _unmarried(w, gd, son, sur)
                        members.append((gd, 0.3))
            if r.random() < 0.15:
                sp = _new_person(w, st, True, muslim, year0 - son_age, hh, home)
                sp.given, sp.father, sp.father_sur, sp.surname = son, husband, sur, sur
                members.append((sp, 0.85))
        for _ in range(r.choices((0, 1, 2), (0.5, 0.35, 0.15))[0]):
            da = r.randint(12, min(30, head_age - 16))
            d = _new_person(w, st, False, muslim, year0 - da, hh, home)
            _unmarried(w, d, husband, sur)
            members.append((d, 0.3))
        if len(members) < 2:
            d = _new_person(
                w, st, False, muslim, year0 - r.randint(14, min(30, head_age - 16)), hh, home
            )
            _unmarried(w, d, husband, sur)
            members.append((d, 0.3))
        members = members[:8]
    hh_phone = w.phone_history() if r.random() < 0.9 else None
    ration4 = f"{r.randrange(10000):04d}"
    for p, own in members:
        p.phones = w.phone_history() if (r.random() < own or hh_phone is None) else hh_phone
        if hh_phone is None and r.random() < 0.3:
            p.phones = None
        p.hh = (hh, ration4)
        if p.native is None:
            u = r.random()
            if u < MIGRANT_STATE:
                p.native = w.village(r.choice([s for s, _ in STATE_WEIGHTS if s != p.st]))
            elif u < MIGRANT_STATE + MIGRANT_DISTRICT:
                p.native = w.village(p.st)
    return [p for p, _ in members]


# ---------------------------------------------------------------------------------------
# Rendering a person on a list.


def _typo(s: str, r: random.Random) -> str:
    if len(s) < 3:
        return s
    i = r.randrange(1, len(s))
    op = r.random()
    if op < 0.3:
        return s[:i] + s[i + 1 :]
    if op < 0.5:
        return s[:i] + s[i] + s[i:]
    if op < 0.75 and i < len(s) - 1:
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    c = s[i].lower()
    nb = KEY_NEIGHBOURS.get(c)
    if not nb:
        return s[:i] + s[i + 1 :]
    return s[:i] + r.choice(nb) + s[i + 1 :]


def _ocr(s: str, r: random.Random) -> str:
    a, b = r.choice(OCR)
    j = s.find(a)
    return s if j < 0 else s[:j] + b + s[j + len(a) :]


class _Renderer:
    def __init__(self, w: _World, sp: _Spellings):
        self.w, self.sp, self.r = w, sp, w.r

    def name(self, entry: str, p: Person, cfg: dict, native: str | None) -> str:
        """One name token (a pool entry) as this list writes it."""
        r = self.r
        if native:
            return _native(r.choice(self.sp.native_variants(entry)), native)
        out, doc = self.sp.variants(entry, p.lang)
        s = doc if r.random() < cfg["doc_spelling"] else r.choice(out)
        if cfg["autocorrect"] and r.random() < cfg["autocorrect"]:
            s = AUTOCORRECT.get(s.lower(), s)
        return s

    def record(self, p: Person, kind: str, year: int) -> dict:
        r = self.r
        cfg = SOURCES[kind]
        st_list = p.st
        place = p.home
        if p.native is not None and r.random() < cfg["native_place"]:
            place = p.native
            st_list = place[0]
        native = SCRIPT[LANG[st_list]] if r.random() < cfg["native"] else None
        nm = lambda e: self.name(e, p, cfg, native)  # noqa: E731
        miss = cfg["missing"]

        def blank():
            return r.choice(miss)

        # --- name ---
        g_entry = p.given
        if p.new_given and r.random() < (0.7 if kind == "ration" else 0.5):
            g_entry = p.new_given
        if p.pet and r.random() < PET_RATE[kind]:
            g_entry = p.pet
        given = nm(g_entry)
        if (
            p.lang == "mh"
            and not p.male
            and not native
            and r.random() < 0.25
            and year - p.birth > 45
        ):
            given = given + ("bai" if r.random() < 0.6 else " Bai")
        north_ka = p.lang == "ka" and place[1].split("|")[0] not in SOUTH_KA
        middle = None
        if (p.lang == "mh" or (north_ka and r.random() < 0.7)) and r.random() < 0.8:
            rel_g = p.husband if p.married and not p.male and r.random() < 0.9 else p.father
            middle = nm(rel_g)
        family = None
        if p.placeholder and (r.random() < 0.8 or not p.surname):
            family = nm(p.placeholder)
        elif p.surname and (p.lang != "ka" or north_ka or r.random() < 0.15):
            family = nm(p.surname)
        if p.lang == "hi" and p.surname and family and p.placeholder and r.random() < 0.1:
            family = nm(p.surname)
        if p.male and p.lang == "hi" and not family and r.random() < 0.5:
            family = nm("kumAra|Kumar")
        initials = cfg["initials"] + (0.45 if p.lang == "ka" and not north_ka else 0.0)
        if not native and r.random() < initials:
            src = p.father_sur or p.surname or p.father
            ini = nm(src)[:1].upper() + r.choice((".", ". ", " ", "."))
            if r.random() < 0.7:
                given = ini.strip() + " " + given if r.random() < 0.5 else ini + given
            else:
                given = given + " " + ini.strip(". ")
            middle = None if r.random() < 0.7 else middle
            if middle and not native:
                middle = middle[:1] + "."
        words = [given] + ([middle] if middle else [])
        if family and r.random() < cfg["surname_first"] * (1.0 if p.lang == "mh" else 0.3):
            gn, fn = family + " " + " ".join(words), None
            if r.random() < 0.3:
                gn, fn = " ".join(words), family  # swapped columns: family typed first
                gn, fn = fn, gn
        elif r.random() < cfg["fullname"] or not family:
            gn, fn = " ".join(words + ([family] if family else [])), None
        else:
            gn, fn = " ".join(words), family
        # --- relative ---
        rel = None
        if r.random() < cfg["relative"]:
            if p.male:
                rk, re_g, re_s = "son", p.father, p.father_sur
            elif p.married and r.random() < cfg["husband"]:
                rk, re_g, re_s = "husband", p.husband, p.husband_sur
            else:
                rk, re_g, re_s = "father", p.father, p.father_sur
            parts = [nm(re_g)]
            if rk == "husband" and p.lang == "mh" and p.husband_father and r.random() < 0.4:
                parts.append(nm(p.husband_father))
            if re_s and r.random() < 0.7:
                parts.append(nm(re_s))
            prefix = r.choice(REL_PREFIX_NATIVE[native][rk] if native else REL_PREFIX[rk])
            if rk == "husband" and p.widow and r.random() < 0.5:
                prefix += (
                    LATE[native] if native else r.choice(("Late ", "Lt. ", "late ", "Swargiya "))
                )
            rel = prefix + " ".join(parts)
        elif cfg["relative"] > 0 and r.random() < 0.3:
            rel = blank()
        # --- sex ---
        sx = "M" if p.male else "F"
        if r.random() < 0.004:
            sx = "F" if p.male else "M"
        if r.random() < cfg["sex"]:
            sex = r.choice(
                SEX_WORDS[sx][native] if native and r.random() < 0.6 else SEX_WORDS[sx]["latin"]
            )
        else:
            sex = blank()
        # --- age ---
        age = self.age(p, cfg, year, native, blank)
        # --- phone ---
        phone = self.phone(p, kind, cfg, year, place, blank)
        # --- id ---
        id4 = blank()
        if r.random() < cfg["id4"]:
            v = p.hh[1] if r.random() < cfg["ration_card"] else p.aadhaar4
            if r.random() < 0.03:
                v = _typo(v, r) if r.random() < 0.5 else v[:3] + r.choice("0123456789")
            u = r.random()
            if u < 0.08:
                v = "XXXX" + v
            elif u < 0.12:
                v = "xxxx-xxxx-" + v
            elif u < 0.15 and kind in ("relief", "survey"):
                v = v + ".0"
            if (
                v.startswith("0")
                and kind in ("relief", "survey", "collective")
                and r.random() < 0.5
            ):
                v = v.lstrip("0") or "0"
            id4 = v
        # --- place ---
        village = self.village(place, cfg, native) if r.random() < cfg["village"] else blank()
        district = self.district(place, native) if r.random() < cfg["district"] else blank()
        state = self.state(place[0], native) if r.random() < cfg["state"] else blank()
        rec = {
            "given_name": gn,
            "family_name": fn,
            "relative_name": rel,
            "sex": sex,
            "age": age,
            "phone": phone,
            "id_last4": id4,
            "village": village,
            "district": district,
            "state": state,
        }
        self.finish(rec, cfg, native)
        rec["_state"] = st_list
        return rec

    def finish(self, rec: dict, cfg: dict, native: str | None):
        r = self.r
        caps = r.random() < cfg["caps"]
        lower = not caps and r.random() < cfg["lower"]
        for k in ("given_name", "family_name", "relative_name", "village"):
            v = rec[k]
            if not v:
                continue
            if not native:
                if cfg["typo"] and r.random() < cfg["typo"]:
                    v = _typo(v, r)
                if cfg["ocr"] and r.random() < cfg["ocr"]:
                    v = _ocr(v, r)
            if caps:
                v = v.upper()
            elif lower:
                v = v.lower()
            if r.random() < 0.02:
                v = r.choice((v + " ", " " + v, v.replace(" ", "  ", 1)))
            rec[k] = v
        if caps and rec["district"]:
            rec["district"] = rec["district"].upper()
        if cfg["shift"] and r.random() < cfg["shift"]:
            vals = [rec[k] for k in SHIFTABLE]
            i = r.randrange(len(vals) - 1)
            if r.random() < 0.5:
                vals = vals[:i] + vals[i + 1 :] + [None]
            else:
                vals = vals[:i] + [""] + vals[i:-1]
            for k, v in zip(SHIFTABLE, vals, strict=True):
                rec[k] = v

    def age(self, p: Person, cfg: dict, year: int, native, blank) -> str | None:
        r = self.r
        if r.random() >= cfg["age"]:
            return blank()
        true = year - p.birth
        mode = cfg["age_mode"]
        if r.random() < 0.01:
            return r.choice(("Adult", "?", "0", "Old", "3O", "adult"))
        if mode == "doc" or (mode == "self" and r.random() < 0.3):
            yob = p.doc_birth
        else:
            sd = 2.0 if mode == "self" else 4.0
            sd *= 1.0 + max(0, true - 40) / 40
            yob = year - max(10, round(true + r.gauss(0, sd)))
        if r.random() < cfg["yob"]:
            u = r.random()
            if u < 0.6:
                return str(yob)
            if u < 0.9:
                return f"01/01/{yob}"
            return f"{yob}-01-01"
        a = max(1, year - yob)
        if mode == "guess" and r.random() < 0.5:
            a = 5 * round(a / 5)
        s = str(a)
        if native and r.random() < 0.5:
            digits = NATIVE_DIGITS[native]
            return "".join(digits[int(c)] for c in s)
        u = r.random()
        if u < 0.6:
            return s
        if u < 0.75:
            return s + r.choice((" yrs", " Yrs", " years", " Y", "Y", " yr", " वर्ष"))
        if u < 0.8:
            return s + ".0"
        return s

    def phone(self, p: Person, kind: str, cfg: dict, year: int, place, blank) -> str | None:
        r = self.r
        w = self.w
        if kind == "health" and r.random() < 0.2:
            key = (place[1], place[2], place[3], place[4])
            num = w.asha_phone.get(key)
            if num is None:
                num = w.asha_phone[key] = w.phone()
        elif p.phones is None:
            if kind == "collective" and r.random() < 0.5:
                key = (place[1], place[2], place[3], place[4])
                num = w.peer_phone.get(key)
                if num is None:
                    num = w.peer_phone[key] = w.phone()
            else:
                return blank()
        elif r.random() >= cfg["phone"]:
            return blank()
        else:
            num = p.phones[0][1]
            for y, n in p.phones:
                if y <= year + r.choice((-1, 0, 0, 0, 1)):
                    num = n
        if cfg["landline"] and r.random() < cfg["landline"]:
            return (
                r.choice(STD[place[0]])
                + r.choice(("-", " ", ""))
                + f"{r.randrange(2000000, 2999999)}"
            )
        u = r.random()
        if u < 0.02:
            i = r.randrange(10)
            num = num[:i] + num[i + 1 :]
        elif u < 0.035:
            i = r.randrange(10)
            num = num[:i] + num[i] + num[i:]
        elif u < 0.045:
            i = r.randrange(9)
            num = num[:i] + num[i + 1] + num[i] + num[i + 2 :]
        if cfg["excel_float"] and r.random() < cfg["excel_float"] and len(num) == 10:
            return f"{int(num):.5E}"
        u = r.random()
        if u < 0.45:
            s = num
        elif u < 0.6:
            s = "+91" + num
        elif u < 0.7:
            s = "+91 " + num[:5] + " " + num[5:]
        elif u < 0.8:
            s = "0" + num
        elif u < 0.85:
            s = "91" + num
        elif u < 0.93:
            s = num[:5] + " " + num[5:]
        else:
            s = num[:5] + "-" + num[5:]
        if p.phones is not None and len(p.phones) > 1 and r.random() < 0.01:
            s = s + r.choice((" / ", ", ", " ")) + p.phones[-1][1]
        return s

    def village(self, place, cfg, native) -> str:
        r = self.r
        st, _d, stem, qual, ward, urban = place
        lang = LANG[st]
        if native:
            v = _native(stem.split("|")[0], native)
            if qual:
                v += " " + _native(qual.split("|")[0], native)
            if ward:
                v = (
                    (v + " " if r.random() < 0.6 else "")
                    + ("वार्ड " if native == sanscript.DEVANAGARI else "ವಾರ್ಡ್ ")
                    + str(ward)
                )
            return v
        out, doc = self.sp.variants(stem, lang)
        v = doc if r.random() < 0.6 else r.choice(out)
        if qual:
            qv = qual.split("|")[1:]
            v += r.choice((" ", " ", "")) + r.choice(qv)
        if ward:
            wv = r.choice(
                (
                    f"Ward No. {ward}",
                    f"Ward {ward}",
                    f"W-{ward}",
                    f"Ward no {ward}",
                    f"Galli {ward}",
                )
            )
            u = r.random()
            v = f"{v}, {wv}" if u < 0.5 else (wv if u < 0.7 else (v if u < 0.85 else f"{wv} {v}"))
        u = r.random()
        if lang == "mh" and u < 0.12:
            v = r.choice(("Mu. Po. ", "At Post ", "At/Po ", "A/p ")) + v
        elif lang == "hi" and u < 0.15:
            v = r.choice(("Vill- ", "Gram ", "Village ", "Mohalla ")) + v
        elif lang == "ka" and u < 0.08:
            v = r.choice(("Grama ", "At ")) + v
        elif u < 0.2 and urban and r.random() < 0.5:
            v = f"H.No {r.randint(1, 400)}, " + v
        return v

    def district(self, place, native) -> str:
        r = self.r
        entry = place[1]
        if native:
            return _native(entry.split("|")[0], native)
        forms = entry.split("|")[1:]
        return forms[0] if r.random() < 0.6 else r.choice(forms)

    def state(self, st, native) -> str:
        forms = STATES[st]
        if native:
            return _native(forms[0], native)
        r = self.r
        return forms[1] if r.random() < 0.5 else r.choice(forms[1:])


def _kinds_for(p: Person, r: random.Random) -> list[str]:
    k = r.choices([n for n, _ in LISTS_PER_PERSON], [x for _, x in LISTS_PER_PERSON])[0]
    avail = list(MALE_KINDS if p.male else KINDS)
    weights = [KIND_WEIGHTS[x] for x in avail]
    chosen = []
    for _ in range(min(k, len(avail))):
        i = r.choices(range(len(avail)), weights)[0]
        chosen.append(avail.pop(i))
        weights.pop(i)
    return chosen


def generate(n_records: int, seed: int = 1) -> tuple[list[dict], dict[str, str]]:
    """About n_records records (exactly n_records), and truth: record_id -> person id."""
    r = random.Random(seed)
    world = _World(r, max(1, int(n_records / 2.2)))
    rend = _Renderer(world, _Spellings(seed))
    out: list[tuple[str, dict]] = []
    while len(out) < n_records:
        for p in _household(world):
            for kind in _kinds_for(p, r):
                lo, hi = SOURCES[kind]["year"]
                # nobody is on a list before she was 12 (a register kept since 2015)
                year = max(r.randint(lo, hi), min(hi, p.birth + 12))
                rec = rend.record(p, kind, year)
                rec["source"] = f"{kind}_{rec.pop('_state')}"
                out.append((p.pid, rec))
                if r.random() < DUP_ON_LIST:
                    if r.random() < 0.5:
                        dup = dict(rec)
                        field = r.choice(("phone", "age", "given_name", "village", "relative_name"))
                        if field in ("given_name", "village") and dup[field]:
                            dup[field] = _typo(dup[field], r)
                        else:
                            dup[field] = rend.record(p, kind, year)[field]
                    else:
                        dup = rend.record(p, kind, year)
                        del dup["_state"]
                        dup["source"] = rec["source"]
                    out.append((p.pid, dup))
    del out[n_records:]
    r.shuffle(out)
    records: list[dict] = []
    truth: dict[str, str] = {}
    for i in range(len(out)):
        pid, rec = out[i]
        out[i] = None  # release the draft as its final record is made: one copy at a time
        rid = f"B{i + 1:07d}"
        records.append(
            {
                "record_id": rid,
                "source": rec["source"],
                "given_name": rec["given_name"],
                "family_name": rec["family_name"],
                "relative_name": rec["relative_name"],
                "sex": rec["sex"],
                "age": rec["age"],
                "phone": rec["phone"],
                "id_last4": rec["id_last4"],
                "village": rec["village"],
                "district": rec["district"],
                "state": rec["state"],
            }
        )
        truth[rid] = pid
    return records, truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="-", help="CSV path, '-' for standard output")
    args = ap.parse_args(argv)
    records, truth = generate(args.records, args.seed)
    fh = sys.stdout if args.out == "-" else open(args.out, "w", newline="", encoding="utf-8")  # noqa: SIM115
    try:
        wr = csv.writer(fh)
        wr.writerow((*FIELDS, "person"))
        for rec in records:
            wr.writerow([*(rec[k] for k in FIELDS), truth[rec["record_id"]]])
    finally:
        if fh is not sys.stdout:
            fh.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
