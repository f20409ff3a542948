"""Generator D: synthetic beneficiary registers from Tamil Nadu, Odisha and Jharkhand.

Written independently of the matcher and of the other generators. ``generate(n, seed)``
returns exactly ``n`` records and ``truth`` (record_id -> person id). Deterministic: one
``random.Random(seed)``, no global random, no clock. Reference year for ages: 2026.

People and households
- Regions: Tamil Nadu 40%, Odisha 30%, Jharkhand 30% of households; about 28% of households
  live in urban wards (Chennai, Madurai, Bhubaneswar, Cuttack, Brahmapur, Ranchi, Dhanbad),
  the rest in villages. District uniform within the state, place uniform within the district.
- Household size 1-5: 1: 32%, 2: 24%, 3: 20%, 4: 14%, 5: 10%. 30% of urban households of
  2+ are shared rooms: unrelated women, same ward, 60% of them on the room's landline, the
  others on own mobiles. Other households: a head woman (28-70) plus, per other member: 7% a
  man (son or husband, who also appears on lists); else, when the head is married, 12% a
  co-wife (same husband, same relative name); else a daughter (43%, same father, so in Tamil
  Nadu the same initial; head 36+), a daughter-in-law (30%, married to a son: same family
  name, different husband; head 40+), or a sister (same father).
- Phones: 35% of family households use one shared mobile for everyone; otherwise 62% of
  women and every man have their own mobile. 10% of those with a phone changed number: the
  old one stays on 40% of their records.
- Names: Zipf-like skew (weight 1/rank^1.05) over own pools. Tamil Nadu: no family name for
  90% of women (10% carry a caste/house name: Pillai, Ammal...); the father's initial, or
  the husband's for married women on 40% of records. Odisha: father's surname, or the
  husband's once married; daughters-in-law appear under the maiden surname on 15% of their
  records; 30% of married women over 45 are widows, written "Bewa" on 60% of their records
  (replacing or after the surname). Jharkhand: Christian given names (Mary, Agnes...) always
  and 65% of the others with an Adivasi surname (Oraon, Munda, Tudu...); the rest "Devi"
  (married) / "Kumari" (unmarried) for 70% of women, otherwise a caste surname.
  15% of women have a pet name that replaces the given name on 30% of their Latin records.
- Namesakes: besides the skew, 4% of new women copy the whole name of the last woman made in
  the same place (different person, different father and age).

Lists (sources) and how each writes
- each person is on 1 list: 38%, 2: 30%, 3: 20%, 4: 12% (distinct lists, weighted by
  coverage); 5% of appearances are repeated on the same list (registered twice). In 1M
  records: ~462,000 persons, 36% of them with a single record.
- collective_reg (collective's register), relief_dist (relief distribution list),
  ration_drive (ration-card drive), health_camp (handwritten camp register, typed later),
  sms_survey (volunteers keying SMS/USSD), govt_pdf (government list exported PDF-to-Excel).
- native script (Tamil/Odia/Devanagari) for the whole record: health_camp 25%,
  ration_drive 20%, collective_reg 15%, relief_dist 5%, sms_survey and govt_pdf 0%.
- whole name in given_name: sms_survey 60%, relief_dist 45%, others 20%; govt_pdf splits the
  full name at a random point over the two cells in 35% of its rows and adds a trailing "."
  or "," to 30% of those cells; upper case: govt_pdf 80%, ration_drive 40%, relief_dist 20%,
  collective_reg 10%, others 5%. Tamil forms: "R. Selvi", "Selvi R", "R.Selvi", given and
  initial in two columns, initial expanded to the full father's/husband's name; elsewhere
  govt_pdf and ration_drive put the surname first ("BEHERA SUMITRA") on 15% of rows.
- romanisation variants from own tables: 25% of names per record; clerical typos (drop,
  double, swap, neighbour key): 3% of names (8% sms_survey); handwriting/OCR confusions
  (rn/m, l/1, o/0, u/v, e/c, h/b, cl/d, a/o, n/h): 6% of names on health_camp and govt_pdf;
  vowels dropped ("Slvi"): 35% of sms_survey names; the given name as an initial alone: 4%.
- relative: missing 25%; 8% "C/o" the household head; otherwise the husband for married
  women on 75%, the father else; outside Tamil Nadu the surname added on half; "Late" on
  half the husbands of widows; a prefix (W/o, W/o., Wo; Tamil த/பெ க/பெ; Hindi पति/पिता) on
  60%.
- ages: relief_dist, sms_survey and govt_pdf give bands, each its own scheme ("18-25",
  "30-40", "above 40", "below 30", "50+"); all lists start from a reported age heaped to 5
  (30%) or off by 1-4 (20%); the others write "34", "34 yrs", "34Y", "34 years", or a year
  of birth (ration_drive 35%); missing 10%, junk ("NA", "3O", "adult"...) 2%.
- phone missing: health_camp 40%, govt_pdf 25%, ration_drive 20%, relief_dist 15%,
  collective_reg 12%, sms_survey 10% (written "", "NA", "-" or empty); mistyped 4%
  (sms_survey 12%): a digit from the wrong keypad row, dropped, or doubled; mobiles written
  "+91 98xxx xxxxx" 15%, "098..." 10%, "98xxx xxxxx" 7%; landlines "044-2xxxxxx".
- id_last4 present: ration_drive 60% (the ration card's on half of them), govt_pdf 35%,
  collective_reg 30%, relief_dist 20%, health_camp and sms_survey 10%; malformed 10%
  (3 digits, "XXXX1234", a typo).
- sex: per list "F", "Female", "female", "FEMALE", "W", "f", "1", native on half of the
  native records; missing 8%; wrong 0.5%.
- place: village/ward variants 30% ("Berhampur"/"Brahmapur", "Ward No. 42", "W- 42"),
  typos 3%, native with a native record; district missing 10%, a variant 20% ("Tanjore",
  "Balasore", "Khurda"); state missing 15%, a variant 30% ("TN", "Orissa", script).

Measured: ``nice -n 10 /usr/bin/time -v .venv/bin/python bench/generators/registers_d.py
--records 1000000 --out /tmp/gen_d.csv``: 35 s wall clock (22 s user; 2 shared cores, load
average 4.3; an earlier run under load 6.5: 45 s), maximum resident set 828 MB (2026-12-03).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import random

KEYS = ("record_id", "source", "given_name", "family_name", "relative_name", "sex", "age",
        "phone", "id_last4", "village", "district", "state")  # fmt: skip
YEAR = 2026

# (latin, native, pet name or None); ordered by frequency (Zipf rank).
TN_F = [("Selvi", "செல்வி", None), ("Lakshmi", "லட்சுமி", "Lachu"), ("Muthulakshmi", "முத்துலட்சுமி", "Muthu"),
        ("Saraswathi", "சரஸ்வதி", "Saro"), ("Mariammal", "மாரியம்மாள்", "Mari"), ("Chitra", "சித்ரா", None),
        ("Kalaiselvi", "கலைச்செல்வி", "Selvi"), ("Vasanthi", "வசந்தி", None), ("Shanthi", "சாந்தி", None),
        ("Rajeswari", "ராஜேஸ்வரி", "Raji"), ("Jayanthi", "ஜெயந்தி", "Jaya"), ("Meena", "மீனா", None),
        ("Amudha", "அமுதா", None), ("Revathi", "ரேவதி", "Revu"), ("Valli", "வள்ளி", None),
        ("Pushpa", "புஷ்பா", None), ("Sumathi", "சுமதி", "Suma"), ("Kaveri", "காவேரி", None),
        ("Thenmozhi", "தேன்மொழி", "Thenu"), ("Gomathi", "கோமதி", None), ("Parvathi", "பார்வதி", "Paru"),
        ("Vijaya", "விஜயா", "Viji"), ("Bhuvaneswari", "புவனேஸ்வரி", "Bhuvana"), ("Ponni", "பொன்னி", None),
        ("Jothi", "ஜோதி", None), ("Kannagi", "கண்ணகி", None), ("Malar", "மலர்", None), ("Rani", "ராணி", None),
        ("Priya", "பிரியா", None), ("Tamilselvi", "தமிழ்செல்வி", "Selvi")]  # fmt: skip
TN_M = [("Murugan", "முருகன்"), ("Raman", "ராமன்"), ("Selvam", "செல்வம்"), ("Kannan", "கண்ணன்"),
        ("Perumal", "பெருமாள்"), ("Arumugam", "ஆறுமுகம்"), ("Subramani", "சுப்ரமணி"), ("Velu", "வேலு"),
        ("Ganesan", "கணேசன்"), ("Palani", "பழனி"), ("Rajendran", "ராஜேந்திரன்"), ("Shanmugam", "சண்முகம்"),
        ("Muthu", "முத்து"), ("Karuppasamy", "கருப்பசாமி"), ("Sekar", "சேகர்"), ("Krishnan", "கிருஷ்ணன்"),
        ("Mani", "மணி"), ("Ramasamy", "ராமசாமி"), ("Duraisamy", "துரைசாமி"), ("Anbu", "அன்பு")]  # fmt: skip
TN_SUR = [("Pillai", "பிள்ளை"), ("Ammal", "அம்மாள்"), ("Nadar", "நாடார்"), ("Thevar", "தேவர்")]
OD_F = [("Sumitra", "ସୁମିତ୍ରା", None), ("Laxmi", "ଲକ୍ଷ୍ମୀ", None), ("Mamata", "ମମତା", "Mami"),
        ("Sabita", "ସବିତା", None), ("Kuni", "କୁନି", None), ("Puspa", "ପୁଷ୍ପା", None), ("Kabita", "କବିତା", None),
        ("Sasmita", "ସସ୍ମିତା", "Sasmi"), ("Gitanjali", "ଗୀତାଞ୍ଜଳି", "Gita"), ("Bijayalaxmi", "ବିଜୟଲକ୍ଷ୍ମୀ", "Bijaya"),
        ("Pramila", "ପ୍ରମିଳା", None), ("Basanti", "ବସନ୍ତୀ", None), ("Sarojini", "ସରୋଜିନୀ", "Saroj"),
        ("Tapaswini", "ତପସ୍ୱିନୀ", "Tapu"), ("Rashmita", "ରଶ୍ମିତା", "Rashmi"), ("Jyotsna", "ଜ୍ୟୋତ୍ସ୍ନା", None),
        ("Anjali", "ଅଞ୍ଜଳି", None), ("Sukanti", "ସୁକାନ୍ତି", None), ("Minati", "ମିନତି", None),
        ("Manorama", "ମନୋରମା", "Mano"), ("Sanjukta", "ସଂଯୁକ୍ତା", None), ("Kalpana", "କଳ୍ପନା", None)]  # fmt: skip
OD_M = [("Ramesh", "ରମେଶ"), ("Prakash", "ପ୍ରକାଶ"), ("Bhagaban", "ଭଗବାନ"), ("Sudhir", "ସୁଧୀର"),
        ("Surendra", "ସୁରେନ୍ଦ୍ର"), ("Niranjan", "ନିରଞ୍ଜନ"), ("Bijay", "ବିଜୟ"), ("Sanatan", "ସନାତନ"),
        ("Pitambar", "ପୀତାମ୍ବର"), ("Dillip", "ଦିଲ୍ଲୀପ"), ("Ashok", "ଅଶୋକ"), ("Gopal", "ଗୋପାଳ"),
        ("Rabindra", "ରବୀନ୍ଦ୍ର"), ("Kailash", "କୈଳାସ")]  # fmt: skip
OD_SUR = [("Behera", "ବେହେରା"), ("Nayak", "ନାୟକ"), ("Sahu", "ସାହୁ"), ("Das", "ଦାସ"), ("Mohanty", "ମହାନ୍ତି"),
          ("Pradhan", "ପ୍ରଧାନ"), ("Sethi", "ସେଠୀ"), ("Jena", "ଜେନା"), ("Swain", "ସ୍ୱାଇଁ"), ("Rout", "ରାଉତ"),
          ("Mallick", "ମଲ୍ଲିକ"), ("Biswal", "ବିଶ୍ୱାଳ"), ("Parida", "ପରିଡ଼ା"), ("Barik", "ବାରିକ")]  # fmt: skip
JH_F = [("Sunita", "सुनीता", None), ("Sukri", "सुकरी", None), ("Mary", "मेरी", None), ("Phulmani", "फूलमनी", "Phulo"),
        ("Sushila", "सुशीला", None), ("Somari", "सोमारी", None), ("Anita", "अनीता", None), ("Budhni", "बुधनी", None),
        ("Jayanti", "जयंती", None), ("Agnes", "अग्नेस", None), ("Mangri", "मंगरी", None), ("Basanti", "बसंती", None),
        ("Lalita", "ललिता", None), ("Christina", "क्रिस्टीना", "Tina"), ("Philomina", "फिलोमिना", "Philo"),
        ("Sarita", "सरिता", None), ("Rosy", "रोज़ी", None), ("Elizabeth", "एलिजाबेथ", "Eliza"),
        ("Punam", "पूनम", None), ("Reena", "रीना", None), ("Salo", "सालो", None), ("Sanju", "संजू", None)]  # fmt: skip
JH_CHRISTIAN = {"Mary", "Agnes", "Christina", "Philomina", "Rosy", "Elizabeth"}
JH_M = [("Somra", "सोमरा"), ("Birsa", "बिरसा"), ("Mangal", "मंगल"), ("Budhua", "बुधुवा"), ("John", "जॉन"),
        ("Joseph", "जोसेफ"), ("Suresh", "सुरेश"), ("Ramesh", "रमेश"), ("Sukra", "सुकरा"), ("Etwa", "एतवा"),
        ("Paul", "पॉल"), ("Bandhan", "बंधन"), ("Sanjay", "संजय"), ("Sibu", "शिबू")]  # fmt: skip
JH_ADIVASI = [("Oraon", "उरांव"), ("Munda", "मुंडा"), ("Tirkey", "तिर्की"), ("Tudu", "टुडू"), ("Soren", "सोरेन"),
              ("Hembrom", "हेंब्रम"), ("Kisku", "किस्कू"), ("Ekka", "एक्का"), ("Lakra", "लकड़ा"), ("Minz", "मिंज"),
              ("Kujur", "कुजूर"), ("Toppo", "टोप्पो"), ("Murmu", "मुर्मू")]  # fmt: skip
JH_CASTE = [("Mahto", "महतो"), ("Sahu", "साहू"), ("Yadav", "यादव"), ("Ram", "राम")]
DEVI, KUMARI, BEWA = ("Devi", "देवी"), ("Kumari", "कुमारी"), ("Bewa", "ବେୱା")

VARIANTS = {
    "Lakshmi": ["Laxmi", "Lakshmy", "Latchumi"], "Muthulakshmi": ["Muthu Lakshmi", "Muthulaxmi"],
    "Saraswathi": ["Saraswati", "Sarasvathi"], "Mariammal": ["Mariyammal", "Mariamma"],
    "Chitra": ["Chithra"], "Kalaiselvi": ["Kalai Selvi", "Kalaichelvi"], "Vasanthi": ["Vasanti", "Vasantha"],
    "Shanthi": ["Santhi", "Shanti", "Santi"], "Rajeswari": ["Rajeshwari", "Rajeswary"],
    "Jayanthi": ["Jeyanthi", "Jayanti"], "Meena": ["Mina", "Meenaa"], "Amudha": ["Amutha", "Amuda"],
    "Revathi": ["Revati", "Reveathi"], "Sumathi": ["Sumati"], "Thenmozhi": ["Tenmozhi", "Thenmoli"],
    "Gomathi": ["Gomati"], "Parvathi": ["Parvati", "Parvathy"], "Bhuvaneswari": ["Bhuvaneshwari", "Buvaneswari"],
    "Jothi": ["Jyothi", "Joti"], "Tamilselvi": ["Tamil Selvi", "Thamilselvi"], "Selvi": ["Chelvi"],
    "Murugan": ["Murugesan"], "Subramani": ["Subramaniam", "Subramanian"], "Shanmugam": ["Sanmugam"],
    "Karuppasamy": ["Karuppusamy", "Karupasami"], "Ramasamy": ["Ramaswamy", "Ramasami"],
    "Duraisamy": ["Duraiswamy"], "Arumugam": ["Aarumugam"],
    "Laxmi": ["Lakshmi", "Laxmee"], "Puspa": ["Pushpa"], "Kabita": ["Kavita", "Kabeeta"],
    "Sasmita": ["Smita", "Susmita"], "Bijayalaxmi": ["Bijaya Laxmi", "Vijayalakshmi"],
    "Jyotsna": ["Jyotshna", "Jyostna"], "Sarojini": ["Sarojani"], "Tapaswini": ["Tapaswinee", "Tapasweeni"],
    "Sukanti": ["Sukanthi"], "Bhagaban": ["Bhagwan", "Bhagabana"], "Bijay": ["Bijaya", "Vijay"],
    "Dillip": ["Dilip"], "Rabindra": ["Rabi", "Ravindra"],
    "Behera": ["Behra", "Bahera"], "Nayak": ["Naik", "Nayek"], "Sahu": ["Sahoo"], "Das": ["Dass"],
    "Mohanty": ["Mohonty", "Mahanty", "Mahanti"], "Pradhan": ["Pradhaan"], "Swain": ["Swai", "Swaine"],
    "Rout": ["Raut", "Routray"], "Mallick": ["Malik", "Mallik"], "Parida": ["Parhida"],
    "Bewa": ["Bewah", "Bwea"],
    "Sukri": ["Sukari"], "Phulmani": ["Phoolmani", "Fulmani"], "Sushila": ["Susila", "Sushilla"],
    "Somari": ["Somaree"], "Anita": ["Aneeta"], "Budhni": ["Budhani", "Budni"], "Jayanti": ["Jainti"],
    "Agnes": ["Agnesh", "Agness"], "Philomina": ["Filomina", "Philomena"], "Elizabeth": ["Elijabeth"],
    "Punam": ["Poonam"], "Reena": ["Rina"], "Christina": ["Kristina"],
    "Oraon": ["Uraon", "Orang", "Oraon."], "Tirkey": ["Tirki", "Tirkay"], "Hembrom": ["Hembram"],
    "Soren": ["Saren"], "Kujur": ["Kujoor"], "Minz": ["Minj"], "Lakra": ["Lakda"], "Toppo": ["Topo"],
    "Mahto": ["Mahato"], "Devi": ["Debi", "Devee"], "Kumari": ["Kumary"], "Budhua": ["Budhwa"],
}  # fmt: skip

# place: (latin, native, urban, STD code) ; district: (latin, variants, native)
PLACES = {
    "TN": ("Tamil Nadu", ["TN", "T.N.", "Tamilnadu", "தமிழ்நாடு"], "Taml", [
        (("Chennai", ["Madras", "Chenai"], "சென்னை"), [("Kannagi Nagar", "கண்ணகி நகர்", 1), ("Vyasarpadi", "வியாசர்பாடி", 1), ("Pulianthope", "புளியந்தோப்பு", 1), ("Ward 42", None, 1)], "044"),
        (("Tiruvallur", ["Thiruvallur", "Tiruvalur"], "திருவள்ளூர்"), [("Sholavaram", "சோழவரம்", 0), ("Kattur", "காட்டூர்", 0), ("Ponneri", "பொன்னேரி", 0)], "044"),
        (("Madurai", ["Madura"], "மதுரை"), [("Anna Nagar", "அண்ணா நகர்", 1), ("Melur", "மேலூர்", 0), ("Ward 18", None, 1)], "0452"),
        (("Thanjavur", ["Tanjore", "Tanjavur"], "தஞ்சாவூர்"), [("Thiruvaiyaru", "திருவையாறு", 0), ("Budalur", "பூதலூர்", 0), ("Orathanadu", "ஒரத்தநாடு", 0)], "04362"),
        (("Tiruchirappalli", ["Trichy", "Tiruchy"], "திருச்சிராப்பள்ளி"), [("Samayapuram", "சமயபுரம்", 0), ("Manachanallur", "மண்ணச்சநல்லூர்", 0)], "0431"),
    ]),
    "OD": ("Odisha", ["Orissa", "OD", "ODISHA", "ଓଡ଼ିଶା"], "Orya", [
        (("Khordha", ["Khurda", "Khorda"], "ଖୋର୍ଦ୍ଧା"), [("Salia Sahi", "ସାଲିଆ ସାହି", 1), ("Jatni", "ଜଟଣୀ", 0), ("Balianta", "ବାଲିଆନ୍ତା", 0), ("Ward 29", None, 1)], "0674"),
        (("Cuttack", ["Katak", "Cuttak"], "କଟକ"), [("Malgodown", "ମାଲଗୋଦାମ", 1), ("Banki", "ବାଙ୍କି", 0), ("Athagarh", "ଆଠଗଡ଼", 0)], "0671"),
        (("Ganjam", ["Ganjaam"], "ଗଞ୍ଜାମ"), [("Aska", "ଆସ୍କା", 0), ("Chhatrapur", "ଛତ୍ରପୁର", 0), ("Brahmapur", "ବ୍ରହ୍ମପୁର", 1)], "0680"),
        (("Kendrapara", ["Kendrapada"], "କେନ୍ଦ୍ରାପଡ଼ା"), [("Pattamundai", "ପଟ୍ଟାମୁଣ୍ଡାଇ", 0), ("Marshaghai", "ମର୍ଶାଘାଇ", 0)], "06727"),
        (("Baleswar", ["Balasore", "Baleshwar"], "ବାଲେଶ୍ୱର"), [("Soro", "ସୋର", 0), ("Jaleswar", "ଜଳେଶ୍ୱର", 0)], "06782"),
    ]),
    "JH": ("Jharkhand", ["JH", "Jharkhand ", "JHARKHAND", "झारखंड"], "Deva", [
        (("Ranchi", ["Ranchi (Jh)", "Ranchee"], "रांची"), [("Doranda", "डोरंडा", 1), ("Hatia", "हटिया", 1), ("Kanke", "कांके", 0), ("Bero", "बेड़ो", 0), ("Ward 11", None, 1)], "0651"),
        (("Gumla", ["Gumala"], "गुमला"), [("Sisai", "सिसई", 0), ("Kamdara", "कामडारा", 0), ("Basia", "बसिया", 0)], "06524"),
        (("Khunti", ["Khuntee"], "खूंटी"), [("Torpa", "तोरपा", 0), ("Murhu", "मुरहू", 0)], "06528"),
        (("Simdega", ["Simdegga"], "सिमडेगा"), [("Kolebira", "कोलेबिरा", 0), ("Bano", "बानो", 0)], "06525"),
        (("Dumka", ["Dumaka"], "दुमका"), [("Shikaripara", "शिकारीपाड़ा", 0), ("Jama", "जामा", 0)], "06434"),
        (("Dhanbad", ["Dhanbaad"], "धनबाद"), [("Jharia", "झरिया", 1), ("Ward 7", None, 1)], "0326"),
    ]),
}  # fmt: skip
PLACE_VAR = {"Thiruvaiyaru": ["Tiruvaiyaru", "Thiruvaiyar"], "Sholavaram": ["Cholavaram", "Solavaram"],
             "Vyasarpadi": ["Viyasarpadi", "Vyasarpady"], "Pulianthope": ["Puliyanthope", "Pulianthoppe"],
             "Kannagi Nagar": ["Kannaginagar", "Kannagi Ngr"], "Salia Sahi": ["Saliasahi", "Saliya Sahi"],
             "Jatni": ["Jatani"], "Chhatrapur": ["Chatrapur"], "Brahmapur": ["Berhampur", "Behrampur"],
             "Malgodown": ["Mal Godown"], "Jaleswar": ["Jaleshwar"], "Pattamundai": ["Patamundai"],
             "Doranda": ["Dorandah"], "Bero": ["Bedo", "Berho"], "Shikaripara": ["Sikaripara", "Shikaripada"],
             "Kanke": ["Kanke Block"], "Jharia": ["Jhariya"]}  # fmt: skip
INITIAL_SIGNS = set(chr(c) for c in range(0x0BBE, 0x0BCE))

# name_one: whole name in given_name; native, upper, band scheme, phone missing, id present.
SOURCES = {
    "collective_reg": dict(w=1.0, native=0.15, one=0.20, upper=0.10, age="exact", ph_miss=0.12, idp=0.30),
    "relief_dist": dict(w=1.1, native=0.05, one=0.45, upper=0.20, age="bandA", ph_miss=0.15, idp=0.20),
    "ration_drive": dict(w=0.8, native=0.20, one=0.20, upper=0.40, age="yob", ph_miss=0.20, idp=0.60),
    "health_camp": dict(w=0.9, native=0.25, one=0.20, upper=0.05, age="exact", ph_miss=0.40, idp=0.10),
    "sms_survey": dict(w=0.9, native=0.0, one=0.60, upper=0.05, age="bandB", ph_miss=0.10, idp=0.10),
    "govt_pdf": dict(w=0.8, native=0.0, one=0.20, upper=0.80, age="bandC", ph_miss=0.25, idp=0.35),
}  # fmt: skip
SRC_NAMES = list(SOURCES)
SRC_CUM = list(itertools.accumulate(SOURCES[s]["w"] for s in SRC_NAMES))
SEX_F = {"collective_reg": ["F", "Female"], "relief_dist": ["female", "F"], "ration_drive": ["FEMALE", "F"],
         "health_camp": ["F", "W", "f"], "sms_survey": ["f", "1", "F"], "govt_pdf": ["Female", "F"]}  # fmt: skip
SEX_NATIVE = {"Taml": ("பெண்", "ஆண்"), "Orya": ("ମହିଳା", "ପୁରୁଷ"), "Deva": ("महिला", "पुरुष")}
BANDS = {"bandA": [(25, "18-25"), (35, "26-35"), (45, "36-45"), (60, "46-60"), (999, "above 60")],
         "bandB": [(30, "20-30"), (40, "30-40"), (50, "40-50"), (999, "50+")],
         "bandC": [(29, "below 30"), (35, "30-35"), (40, "35-40"), (999, "above 40")]}  # fmt: skip
OCR = [("rn", "m"), ("m", "rn"), ("l", "1"), ("i", "l"), ("o", "0"), ("u", "v"), ("e", "c"), ("h", "b"),
       ("cl", "d"), ("a", "o"), ("n", "h")]  # fmt: skip
KEY_NEAR = {"a": "sq", "e": "wr", "i": "uo", "o": "ip", "u": "yi", "n": "bm", "m": "n", "r": "et",
            "s": "ad", "t": "ry", "h": "gj", "l": "k", "k": "jl", "d": "sf", "y": "tu"}  # fmt: skip
KEYPAD_ROW = {"1": "4", "2": "5", "3": "6", "4": "17", "5": "28", "6": "39", "7": "4", "8": "50",
              "9": "6", "0": "8"}  # fmt: skip
REGION_CUM = [0.40, 0.70, 1.0]
REGIONS = ["TN", "OD", "JH"]


def _zipf_cum(n: int, s: float = 1.05) -> list[float]:
    return list(itertools.accumulate(1.0 / (r**s) for r in range(1, n + 1)))


_CUM = {}


def _pick(rng: random.Random, pool: list):
    cum = _CUM.get(id(pool))
    if cum is None:
        cum = _CUM[id(pool)] = _zipf_cum(len(pool))
    return pool[bisect.bisect(cum, rng.random() * cum[-1])]


def _mobile(rng: random.Random) -> str:
    return str(rng.choice("6789")) + "".join(str(rng.randrange(10)) for _ in range(9))


class _People:
    """Makes households one at a time; every person is a small dict."""

    def __init__(self, rng: random.Random):
        self.rng, self.next_id, self.last_in_place = rng, 0, {}

    def _person(
        self, reg, place, sex="F", age=None, father=None, husband=None, family=None, maiden=None
    ):
        rng = self.rng
        self.next_id += 1
        fem = {"TN": TN_F, "OD": OD_F, "JH": JH_F}[reg]
        males = {"TN": TN_M, "OD": OD_M, "JH": JH_M}[reg]
        given = _pick(rng, fem) if sex == "F" else (*_pick(rng, males), None)
        age = age if age is not None else rng.randint(18, 70)
        p = dict(pid=f"P{self.next_id:07d}", reg=reg, place=place, sex=sex, age=age, given=given[:2],
                 pet=given[2] if given[2] and rng.random() < 0.15 else None, father=father or _pick(rng, males),
                 husband=husband, family=family, maiden=maiden, widow=False, phone=None, old_phone=None,
                 ids=(f"{rng.randrange(10000):04d}", f"{rng.randrange(10000):04d}"), head=None)  # fmt: skip
        if sex == "F" and husband is None and age >= 22 and rng.random() < 0.75:
            p["husband"] = _pick(rng, males)
        if p["husband"] and age >= 45 and rng.random() < 0.30:
            p["widow"] = True
        if p["family"] in (DEVI, KUMARI):
            p["family"] = _pick(rng, JH_CASTE) if sex == "M" else DEVI if p["husband"] else KUMARI
        key = (place[1][0][0], place[2][0])
        prev = self.last_in_place.get(key)
        if sex == "F" and prev is not None and rng.random() < 0.04:  # namesake in the same place
            p["given"], p["family"], p["pet"] = prev["given"], prev["family"], None
        elif p["family"] is None:
            p["family"] = self._family(reg, p)
        if sex == "F":
            self.last_in_place[key] = p
        return p

    def _family(self, reg, p):
        rng = self.rng
        if reg == "TN":
            return _pick(rng, TN_SUR) if rng.random() < 0.10 else None
        if reg == "OD":
            return _pick(rng, OD_SUR)
        if p["given"][0] in JH_CHRISTIAN or rng.random() < 0.65:
            return _pick(rng, JH_ADIVASI)
        if p["sex"] == "F" and rng.random() < 0.7:
            return DEVI if p["husband"] or p["age"] > 25 else KUMARI
        return _pick(rng, JH_CASTE)

    def household(self) -> list[dict]:
        rng = self.rng
        reg = REGIONS[bisect.bisect(REGION_CUM, rng.random())]
        state = PLACES[reg]
        dist = rng.choice(state[3])
        village = rng.choice(dist[1])
        place = (state, dist, village)
        size = 1 + bisect.bisect([0.32, 0.56, 0.76, 0.90], rng.random())
        landline = f"{dist[2]}-{rng.randrange(2000000, 2999999)}"
        if size > 1 and village[2] and rng.random() < 0.30:  # shared room in a city ward
            people = [self._person(reg, place, age=rng.randint(18, 50)) for _ in range(size)]
            for p in people:
                p["phone"] = landline if rng.random() < 0.6 else _mobile(rng)
            return people
        head = self._person(reg, place, age=rng.randint(28, 70))
        people, fam = [head], head["family"] if reg != "TN" else None
        for _ in range(size - 1):
            r = rng.random()
            if rng.random() < 0.07:  # a son or husband
                people.append(self._person(reg, place, "M", rng.randint(18, max(19, head["age"] - 16)),
                                           father=head["husband"], family=fam))  # fmt: skip
            elif head["husband"] and r < 0.12:  # co-wife
                people.append(self._person(reg, place, age=rng.randint(20, 60), husband=head["husband"],
                                           family=fam))  # fmt: skip
            elif r < 0.55 and head["age"] >= 36:  # daughter
                people.append(self._person(reg, place, age=rng.randint(18, head["age"] - 17),
                                           father=head["husband"], family=fam))  # fmt: skip
            elif r < 0.85 and head["age"] >= 40:  # daughter-in-law
                people.append(self._person(reg, place, age=rng.randint(18, head["age"] - 18),
                                           husband=_pick(rng, {"TN": TN_M, "OD": OD_M, "JH": JH_M}[reg]),
                                           family=fam, maiden=self._family(reg, head) if fam else None))  # fmt: skip
            else:  # sister
                people.append(self._person(reg, place, age=max(18, head["age"] + rng.randint(-8, 8)),
                                           father=head["father"], family=fam))  # fmt: skip
        shared = _mobile(rng) if rng.random() < 0.35 else None
        for p in people:
            p["head"] = head
            if shared:
                p["phone"] = shared
            elif p["sex"] == "M" or rng.random() < 0.62:
                p["phone"] = _mobile(rng)
            if p["phone"] and rng.random() < 0.10:
                p["old_phone"], p["phone"] = p["phone"], _mobile(rng)
        return people


def _typo(rng: random.Random, s: str) -> str:
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s) - 1)
    k = rng.randrange(4)
    if k == 0:
        return s[:i] + s[i + 1 :]
    if k == 1:
        return s[:i] + s[i] + s[i:]
    if k == 2:
        return s[: i - 1] + s[i] + s[i - 1] + s[i + 1 :]
    near = KEY_NEAR.get(s[i].lower())
    return s[:i] + rng.choice(near) + s[i + 1 :] if near else s


def _ocr(rng: random.Random, s: str) -> str:
    a, b = rng.choice(OCR)
    i = s.find(a, 1)
    return s[:i] + b + s[i + len(a) :] if i > 0 else s


def _novowels(s: str) -> str:
    return s[0] + "".join(c for c in s[1:] if c.lower() not in "aeiou") if len(s) > 3 else s


def _spell(rng: random.Random, latin: str, src: str) -> str:
    v = VARIANTS.get(latin)
    s = rng.choice(v) if v and rng.random() < 0.25 else latin
    if rng.random() < (0.08 if src == "sms_survey" else 0.03):
        s = _typo(rng, s)
    if src in ("health_camp", "govt_pdf") and rng.random() < 0.06:
        s = _ocr(rng, s)
    if src == "sms_survey" and rng.random() < 0.35:
        s = _novowels(s)
    return s


def _initial(name: tuple, native: bool) -> str:
    if not native:
        return name[0][0]
    s = name[1][0]
    return s + name[1][1] if len(name[1]) > 1 and name[1][1] in INITIAL_SIGNS else s


def _name(rng, p, src, cfg, native):
    """(given_name, family_name) as this list writes them."""
    w = (lambda n: n[1]) if native else (lambda n: _spell(rng, n[0], src))
    given = p["pet"] if p["pet"] and not native and rng.random() < 0.30 else w(p["given"])
    if not native and rng.random() < 0.04:
        given = given[0] + "."
    married = p["husband"] is not None
    fam = p["family"]
    if p["reg"] == "TN":
        ref = p["husband"] if married and p["sex"] == "F" and rng.random() < 0.4 else p["father"]
        ini = _initial(ref, native)
        form = rng.random()
        if fam is not None and form < 0.5:
            parts = [given, w(fam)]
        elif form < 0.40:
            parts = [ini + ".", given]
        elif form < 0.65:
            parts = [given, ini]
        elif form < 0.80 and not native:
            parts = [given, w(ref)]
        elif form < 0.90:
            parts = [ini + "." + given] if not native else [ini + ". " + given]
        else:
            parts = [given]
    else:
        if p["maiden"] and rng.random() < 0.15:
            fam = p["maiden"]
        parts = [given] + ([w(fam)] if fam else [])
        if fam and src in ("govt_pdf", "ration_drive") and rng.random() < 0.15:
            parts.reverse()  # surname first, as on some printed lists
        if p["widow"] and p["reg"] == "OD" and rng.random() < 0.6:
            bewa = BEWA[1] if native else _spell(rng, BEWA[0], src)
            parts = [given, bewa] if rng.random() < 0.5 else parts + [bewa]
    if not native and rng.random() < cfg["upper"]:
        parts = [x.upper() for x in parts]
    if src == "govt_pdf" and rng.random() < 0.35:  # merged cells split anywhere
        full = " ".join(parts)
        cut = rng.randrange(1, len(full))
        g, f = full[:cut].strip(), full[cut:].strip()
        g, f = [x + rng.choice(".,") if x and rng.random() < 0.3 else x for x in (g, f)]
        return (g or None), (f or None)
    if len(parts) == 1 or rng.random() < cfg["one"]:
        return " ".join(parts), None
    if p["reg"] == "TN" and parts[0].endswith(".") and len(parts[0]) <= 3:
        return parts[1], parts[0]  # initial moved to the family column
    return parts[0], " ".join(parts[1:])


def _relative(rng, p, src, native):
    if rng.random() < 0.25:
        return None
    is_husband = p["husband"] is not None and rng.random() < 0.75
    if p["head"] is not None and p["head"] is not p and rng.random() < 0.08:
        rel, kind = p["head"]["given"], "C/o"
    else:
        rel = p["husband"] if is_husband else p["father"]
        kind = "W/o" if is_husband else ("D/o" if p["sex"] == "F" else "S/o")
    name = rel[1] if native else _spell(rng, rel[0], src)
    if p["reg"] != "TN" and rng.random() < 0.5 and kind != "C/o" and not native:
        fam = p["family"] if p["family"] not in (DEVI, KUMARI, BEWA) else None
        if fam and (is_husband or not p["maiden"]):
            name += " " + _spell(rng, fam[0], src)
    if p["widow"] and is_husband and rng.random() < 0.5:
        name = ("Late " if not native else "स्व. " if p["reg"] == "JH" else "") + name
    if rng.random() >= 0.60 and kind != "C/o":
        return name
    if native:
        pre = {
            "TN": {"W/o": "க/பெ", "D/o": "த/பெ", "S/o": "த/பெ"},
            "JH": {"W/o": "पति", "D/o": "पिता", "S/o": "पिता"},
        }
        return f"{pre.get(p['reg'], {}).get(kind, kind)} {name}"
    return rng.choice([f"{kind} {name}", f"{kind}. {name}", f"{kind.replace('/', '')} {name}"])


def _age(rng, p, cfg):
    a = p["age"]
    r = rng.random()
    if r < 0.30:
        a = 5 * round(a / 5)
    elif r < 0.50:
        a += rng.choice((-4, -3, -2, -1, 1, 2, 3, 4))
    r = rng.random()
    if r < 0.10:
        return rng.choice(("", None))
    if r < 0.12:
        return rng.choice(("NA", "-", "adult", "3O", "old", "?"))
    style = cfg["age"]
    if style.startswith("band"):
        return next(label for top, label in BANDS[style] if a <= top)
    if style == "yob" and rng.random() < 0.35:
        return str(YEAR - a + rng.choice((0, 0, -1)))
    return rng.choice((f"{a}", f"{a}", f"{a} yrs", f"{a}Y", f"{a} years"))


def _phone(rng, p, src, cfg):
    ph = p["old_phone"] if p["old_phone"] and rng.random() < 0.4 else p["phone"]
    if ph is None or rng.random() < cfg["ph_miss"]:
        return rng.choice((None, "", "NA", "-")) if rng.random() < 0.5 else None
    if rng.random() < (0.12 if src == "sms_survey" else 0.04):
        i = rng.randrange(len(ph))
        k = rng.randrange(3)
        if k == 0 and ph[i].isdigit():
            ph = ph[:i] + rng.choice(KEYPAD_ROW[ph[i]]) + ph[i + 1 :]
        elif k == 1:
            ph = ph[:i] + ph[i + 1 :]
        else:
            ph = ph[:i] + ph[i] + ph[i:]
    if "-" in ph or len(ph) != 10:
        return ph
    r = rng.random()
    if r < 0.15:
        return "+91 " + ph[:5] + " " + ph[5:]
    if r < 0.25:
        return "0" + ph
    if r < 0.32:
        return ph[:5] + " " + ph[5:]
    return ph


def _id4(rng, p, cfg):
    if rng.random() >= cfg["idp"]:
        return None
    s = p["ids"][1] if cfg is SOURCES["ration_drive"] and rng.random() < 0.5 else p["ids"][0]
    r = rng.random()
    if r < 0.04:
        return s[1:]
    if r < 0.07:
        return "XXXX" + s
    if r < 0.10:
        return _typo(rng, s + "0")[:4]
    return s


def _record(rng, p, src) -> dict:
    cfg = SOURCES[src]
    state, dist, village = p["place"]
    native = rng.random() < cfg["native"]
    given, family = _name(rng, p, src, cfg, native)
    sexes = SEX_F[src]
    fem = p["sex"] == "F" if rng.random() > 0.005 else p["sex"] != "F"
    if native and rng.random() < 0.5:
        sex = SEX_NATIVE[state[2]][0 if fem else 1]
    else:
        sex = rng.choice(sexes) if fem else {"f": "m", "1": "2", "W": "M"}.get(sexes[0], "M")
    if rng.random() < 0.08:
        sex = None
    if native and village[1]:
        vill = village[1]
    else:
        v = PLACE_VAR.get(village[0])
        vill = rng.choice(v) if v and rng.random() < 0.3 else village[0]
        vill = _typo(rng, vill) if rng.random() < 0.03 else vill
        if vill.startswith("Ward") and rng.random() < 0.5:
            vill = vill.replace("Ward", rng.choice(("Ward No.", "W-", "wd")))
    r = rng.random()
    district = (
        None
        if r < 0.10
        else dist[0][2]
        if native
        else rng.choice(dist[0][1])
        if r < 0.3
        else dist[0][0]
    )
    r = rng.random()
    st = None if r < 0.15 else rng.choice(state[1]) if r < 0.45 else state[0]
    return {"record_id": "", "source": src, "given_name": given, "family_name": family,
            "relative_name": _relative(rng, p, src, native), "sex": sex, "age": _age(rng, p, cfg),
            "phone": _phone(rng, p, src, cfg), "id_last4": _id4(rng, p, cfg), "village": vill,
            "district": district, "state": st}  # fmt: skip


def generate(n_records: int, seed: int = 1) -> tuple[list[dict], dict[str, str]]:
    """About n_records records (exactly n_records), and truth: record_id -> person id."""
    rng = random.Random(seed)
    people = _People(rng)
    records: list[dict] = []
    owners: list[str] = []
    while len(records) < n_records:
        for p in people.household():
            k = 1 + bisect.bisect([0.38, 0.68, 0.88], rng.random())
            srcs: list[str] = []
            while len(srcs) < k:
                s = SRC_NAMES[bisect.bisect(SRC_CUM, rng.random() * SRC_CUM[-1])]
                if s not in srcs:
                    srcs.append(s)
            for s in srcs:
                for _ in range(2 if rng.random() < 0.05 else 1):
                    records.append(_record(rng, p, s))
                    owners.append(p["pid"])
    del records[n_records:], owners[n_records:]
    order = list(range(n_records))
    rng.shuffle(order)
    out, truth = [], {}
    for i, j in enumerate(order, 1):
        rec = records[j]
        rec["record_id"] = f"D{i:07d}"
        truth[rec["record_id"]] = owners[j]
        out.append(rec)
    return out, truth


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="registers_d.csv")
    args = ap.parse_args(argv)
    records, truth = generate(args.records, args.seed)
    with open(args.out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([*KEYS, "person"])
        for r in records:
            w.writerow([*("" if r[k] is None else r[k] for k in KEYS), truth[r["record_id"]]])


if __name__ == "__main__":
    main()
