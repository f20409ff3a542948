"""Generator B: synthetic, overlapping beneficiary registers from West Bengal and Andhra Pradesh/Telangana.

Written independently of the matcher and of the other generators. It produces the rows a facilitator
would import from several offices' lists about the same women (a collective's register, a relief
distribution list, a ration-card drive, a health camp sheet, an NGO's survey, an SHG/bank list), with
a known truth (record_id -> person id). ``generate(n, seed)`` returns exactly ``n`` records; the same
seed gives the same rows (one ``random.Random(seed)``, no global random, no clock).

Record keys (values ``str`` or ``None``): record_id, source, given_name, family_name, relative_name,
sex, age, phone, id_last4, village, district, state.

Population (per household unless said)
--------------------------------------
- Region: West Bengal 55 %, Telugu states 45 % (of which Andhra Pradesh 55 %, Telangana 45 %).
- Religion: WB Hindu 68 % / Muslim 32 %; Telugu Hindu 80 % / Muslim 10 % / Christian 10 %.
- Name pools (own lists, ranked by my guess of frequency, weight 1/(rank+2)^1.05 so that a few names
  are very common and there is a long tail): WB 118 Hindu + 54 Muslim women's given names, 59 Hindu
  + 41 Muslim men's names, 54 Hindu + 26 Muslim family names (76 distinct); Telugu 146 Hindu/Christian
  + 26 Muslim women's names (compounds such as Venkata+Lakshmi, Naga+Mani), 62 + 17 men's names (with
  the short "ration card" forms: Narasimha/Narsaiah, Krishna/Kistaiah, Venkateswarlu/Venkanna...),
  73 house names + Shaik/Syed/Mohammed/Pathan; 20 % of Telugu Hindu/Christian men carry a caste title (Rao,
  Reddy, Naidu...). 30 Bengali and 19 Telugu pet names, 16 work names.
- Household size (women): 1: 30 %, 2: 27 %, 3: 19 %, 4: 13 %, 5: 7 %, 6: 4 %.
  Kinds (size >= 2): mother and daughters 33 %, sisters 20 %, mother-in-law and daughters-in-law 20 %,
  co-wives (+ daughters) 7 %, non-kin women sharing a room/phone (urban wards) 20 %.
  Kin share the village and the household phone; mother and daughters/sisters share the father's
  name ("W/o Ratan Das" / "D/o Ratan Das"); daughters-in-law and the mother-in-law share the family
  name and the household head ("C/o Haripada Das"); co-wives share the husband's name. A son (a man)
  is added to 12 % of kin households of 2+.
- 70 % of kin households have a ration card (last 4 digits shared by the whole household).
- Places: 18 WB, 14 AP and 11 Telangana districts (weighted towards Kolkata, South 24 Parganas,
  Guntur, Hyderabad...), each with 18 + 3 x weight villages made from my own prefix+suffix lists
  (the same village name can exist in two districts), plus numbered wards and named localities in
  urban districts; villages are Zipf-weighted inside a district.
- Women: mothers, mothers-in-law, daughters-in-law and co-wives are married; daughters over 19 are
  married 50 %, sisters over 19 60 %, women alone or sharing a room 60 %; a married woman over 40 is
  a widow 25 % ("Late"/"Lt." before the husband's name on 60 % of rows that name him); 12 % of women who are not in a kin household have a work name (alias);
  55 % have a pet name. Married Bengali Hindu and Telugu women take the husband's family/house name;
  Bengali Muslim women mostly write Bibi (30 %) / Khatun (35 %) / Begum (10 %) or a family name
  (25 %); Telugu Muslim women "Bee"/"Begum"/"Bi" after the given name or the house name Shaik.
- Bengali Hindu women get a middle name (Rani, Bala...) 22 %.
- Namesakes: the skewed pools make common names repeat in a village; in addition 5 % of new
  households are put in the village of a recent household and one woman takes the same given and
  family name as a woman there (a different person).
- Phones: 75 % of households have a shared phone; 45 % of women (60 % of room-sharing women) have
  their own; a son has his own 50 %; 25 % of those changed number once (a list picks the old or new one). An NGO volunteer's
  or ASHA's number (a few per district) is written for 2 % of relief and health-camp rows.

Lists (a person is on 1 list 45 %, 2: 28 %, 3: 17 %, 4: 10 %; lists chosen by weight collective 27,
relief 22, ration 19, health 15, survey 11, shg 6; 4 % of (person, list) appear twice on that list,
written again independently). Rates of each list are in ``SOURCES`` below; in short:

========== ==== ====== ====== ===== ===== ===== ===== ===== ===== ===== =====
list       year native one-   init. fam.  rel.  age   phone id4   typo  ocr
                script field  (te)  miss  given miss  miss  given
========== ==== ====== ====== ===== ===== ===== ===== ===== ===== ===== =====
collective 2024 .10/.05  .25   .15   .12   .55   .15   .10   .08   .03   .01
relief     2020 .35/.25  .50   .35   .20   .75   .35   .25   .15   .08   .05
ration     2018 .25/.35  .30   .50   .08   .95   .15   .45   .60   .04   .04
health     2023 .05/.05  .20   .30   .35   .30   .20   .20   .05   .05   .02
survey     2025 .02/.02  .08   .10   .05   .60   .05   .10   .35   .015  .00
shg        2022 .03/.08  .40   .60   .05   .80   .50   .30   .20   .03   .02
========== ==== ====== ====== ===== ===== ===== ===== ===== ===== ===== =====
(native script: Bengali for WB people / Telugu for Telugu people; a native-script row writes the
name, relative, village, district (70 %) and state (60 %) in that script, and the age and id digits
in native digits 40 % of the time. "fam. miss" is the rate of a dropped family name; "phone miss"
comes on top of people who have no phone.)

How a row is written
--------------------
- Given name: pet name instead of the given name (collective 12 %, health 8 %, relief 5 %, others
  1 %) for those who have one; work name instead (collective 35 %, health 15 %) for those who have one;
  romanisation variant per name token 30 % (rules: v/b, a/o, sh/s, ee/i, oo/u, ou/au/o, z/j, th/t,
  dh/d, doubled letters, -een/-in, -aiah/-ayya, plus hand-listed spellings such as
  Lakshmi/Laxmi/Lokkhi, Mukherjee/Mukhopadhyay, Sk/Sheikh/Shaikh, Md/Mohd/Mohammad); compounds joined,
  spaced, or initialled ("V. Lakshmi").
- Name layout: two fields; whole name in ``given_name`` (one-field rate); Telugu house name first
  ("Kommu Lakshmi") in one field 70 % of one-field Telugu rows, house name as an initial ("K. Lakshmi",
  "Lakshmi K") at the initials rate; fields swapped (house name in ``given_name``) 6 % of Telugu
  two-field rows; surname first "DAS RINA" 4 % of WB one-field rows; honorific (Smt./Srimati/Mst./
  Kumari) 2-8 % (shg 25 %); family name "Devi"/"Dasi" instead of the husband's 5 %; maiden family name
  instead of the married one 6 %; Bibi/Khatun/Begum swapped 15 %.
- Case: title case mostly; upper case (collective 10 %, relief 30 %, ration 45 %, shg 80 %, others
  5 %); lower case 5 % on collective and health.
- Relative: for married women husband (list-dependent 55-80 %) else father; ration uses "C/o head"
  25 %; prefix W/o, D/o, S/o, C/o, H/o in several spellings ("W/O", "w/o.", "Wife of", "স্বামী",
  "భర్త") 55 % of written relatives; Telugu relative with the house initial ("K. Venkateswarlu")
  40 %; men's short ration-card forms 25 % on ration and relief lists, 8 % elsewhere.
- Sex: F/f/Female/FEMALE/W/Mahila/মহিলা/স্ত্রী/స్త్రీ/మహిళ (list-dependent), missing 0-50 %
  (survey 0, ration 10, health 15, collective 25, relief 40, shg 50), wrong 0.4 %.
- Age: age at the list's year, heaped to a multiple of 5 (hand lists 30-40 %), guessed (health camp
  +/- normal sd 4, "approx"), stale (copied from an older list, 3-6 years less) 10 % on the
  collective, year of birth or "DOB 01/01/YYYY" (ration 20 %, survey 40 %, others 5 %), junk
  ("adult", "?", "0", "3O") 2 %; written "34", "34 yrs", "34 Y", "34yrs".
- Phone: formats "9876543210", "98765 43210", "+91 98765 43210", "+919876543210", "09876543210",
  "98765-43210"; "NA"/"N/A"/"nil"/"-"/"no phone"/"" for missing; district landlines
  ("033-2466123", 4 % of household phones); a digit dropped 4 % and a digit doubled 3 % of written phones on hand lists
  (survey 1 % / 1 %; overall 6-7 %), adjacent digits swapped 2 %, handwriting digit confusion
  (1/7, 0/6, 3/8, 4/9) 3 % on hand lists; two numbers "98xxx / 97xxx" 2 %; "(husband)" note 2 %.
- id_last4: Aadhaar last 4 or (ration list 70 %, relief 20 %) the household's ration card last 4,
  as "1234",
  "XXXX1234", "xxxx-1234", "XXXX XXXX 1234"; a digit dropped or added 3 %, digit confusion 3 %.
- Place: village name with spelling variants (pur/poor/pore, palli/palle/pally, peta/pet, gram...),
  "Vill-"/"Vill:"/"(V)"/"Vill & PO" decorations, wards as "Ward No. 12"/"W-12"/"12 No. Ward"/
  "১২ নং ওয়ার্ড", a spelling variant 30 %, a para/colony added 10 %, decorations at the list's rate
  (collective 15 %, relief 40 %, ration 50 %, shg 30 %, health 10 %, survey 0), missing 2-8 %; 4 % of
  women have a second village (natal village, old address) written on half of their rows. Districts with old and new spellings (Burdwan/Purba Bardhaman,
  24 Pgs (S), Vizag, Cuddapah/YSR Kadapa, Rajahmundry...), Telangana districts under their pre-2016
  parent district on the ration list 30 % (relief 10 %), Telangana rows under "Andhra Pradesh" 20 %
  (ration, relief). District missing 2-50 %, state missing 2-70 % by list.
- Clerical typos (delete, double, swap, keyboard neighbour) per name field at the list's rate;
  OCR/handwriting confusions (rn/m, cl/d, u/n, a/o, e/c, l/i, h/b) at the list's rate.

What came out of one run (seed 1, 1,000,000 records): 500,720 persons; 56.8 % of them have 2+
records (1: 216,339, 2: 138,061, 3: 86,251, 4: 52,064, 5+: 8,005); rows by list: collective 240k,
relief 213k, ration 194k, health 162k, survey 122k, shg 69k; given name in Bengali script 8.9 % and
in Telugu script 6.7 % of all rows; a phone is written on 56 % of rows and 5.5 % of those have 9 or
11 digits (a digit dropped or doubled); empty family_name 45 % (one-field layouts included),
relative 35 %, sex 22 %, age 16 %, phone 29 %, id_last4 69 %, village 4 %, district 23 %, state 37 %.
12,166 (given, family, village) spellings are shared, as written, by 2+ different persons.

Performance (the shared 2-core machine, other engineers' jobs running, under nice -n 10):
``/usr/bin/time -v nice -n 10 .venv/bin/python bench/generators/registers_b.py --records 1000000
--out /tmp/gen_b.csv``: wall 2:40 (this job got 23 % of a CPU), user 34.6 s + system 2.7 s,
maximum resident set 933 MB.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from bisect import bisect
from itertools import accumulate

PERF = "1,000,000 records: wall 2:40 at 23 % CPU (user 34.6 s, sys 2.7 s), max RSS 933 MB"

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


# ---------------------------------------------------------------------------------------------
# Name pools (most common first). "+" joins the parts of a compound name (Venkata+Lakshmi).
# ---------------------------------------------------------------------------------------------

WB_HINDU_F = """
rina mita shampa sima lakshmi puja mousumi rupa anjali sabita kabita tumpa sumitra mamata rekha soma
mithu purnima jharna shefali basanti kalpana sandhya minati namita chhanda anita sharmistha tapasi
dipali shikha malati gita sonali moumita papiya susmita piyali sangita swapna bandana mala manju
mina parbati saraswati durga kali shyamali chaitali arati bharati jayanti madhuri malina lipika
sushila usha bina beauty priya rakhi rumpa rimpa sathi shanti sujata supriya tanushree sarbani
aparna bulbuli ila jaba jhuma kakali kamala kanika krishna lalita manasi maya mohua nandini pampa
pratima rita ruma runa sagarika sarama shila shipra sobha sunita tulsi uma urmila bijoya debjani
dolan gouri hena indrani jamuna kajal kaberi keya koyel labani madhabi mukta nupur phulmani ranu
sefali tanima bhabani
""".split()  # noqa: SIM905

WB_MUSLIM_F = """
rahima fatema amina jahanara nasrin salma rokeya halima sakina jamila shahnaz marjina rabeya mumtaz
najma parveen rehana sahana sabina ayesha momena shirin sultana taslima farida hasina kohinoor laila
mariam nurjahan rashida rubina sabiha sayra tahmina ruksana mahamuda jesmin jarina anowara asma
feroza hamida jahura khadija latifa mahfuza monowara nargis rajia sahida sufia yasmin bilkis
""".split()  # noqa: SIM905

WB_HINDU_M = """
gopal haripada ratan sankar shyamal tapan nirmal bikash subhash swapan ashok dilip prasanta biswajit
kartick gour nitai sukumar paresh madan ramesh sunil anil bapi bablu manik tarun samir pradip uttam
goutam dipak kanai nemai bhola jagadish lakshman ram hari shibu sadhan monoranjan amal kamal bimal
nikhil ajit asit khokon bijoy sanjay babu biren dhiren naren jiban mrinal ranjit arun
""".split()  # noqa: SIM905

WB_MUSLIM_M = """
rafiqul abdul rahim karim jalal kamal hasan hossain anwar sirajul nurul mizanur habibur mofizul
saiful jahangir alamgir shafiqul aminul rezaul mostafa yusuf ibrahim ismail samsul nazrul abu azizul
monirul asraful sahabuddin kutubuddin rabiul jakir tariqul rustam sattar jabbar majid sahajahan
mannan
""".split()  # noqa: SIM905

WB_HINDU_FAM = """
das mondal sarkar biswas roy ghosh halder naskar sardar pramanik bag bera maity jana paul saha dey
dutta banerjee mukherjee chatterjee bhattacharya chakraborty sen bose mitra kar nath debnath barman
majhi bauri bagdi hansda murmu tudu soren hembram kisku mandi baskey let dolui adhikari giri patra
samanta manna pal shaw kundu bhowmik chowdhury ganguly
""".split()  # noqa: SIM905

WB_MUSLIM_FAM = """
sk molla mondal laskar gazi sardar mallick khan ali hossain rahaman islam ahmed biswas mir paik
dhali haque uddin munshi piyada halder seikh mia sheikh karim
""".split()  # noqa: SIM905

WB_MIDDLE = ["rani", "bala", "sundari", "kumari", "moni", "lata"]

WB_PET = """
buli tuktuki mampi pinki rinku munni chumki tumpa sonai putul khuku mou tuli mini jhumpa rumi piu
tinni bulti dolly minu chhobi toma poli lucky baby moni buri khuki pakhi
""".split()  # noqa: SIM905

TE_HINDU_F = """
lakshmi padma durga sarada vijaya rani sujatha swapna anitha sunitha kavitha jyothi radha parvathi
rajeswari satyavathi naga+mani mariamma yellamma renuka sailaja mangamma ramulamma rathnamma sita
suseela kamala kanakamma annapurna bhavani chandrakala eswaramma gangamma gowri hymavathi indira
jayamma jhansi kalyani krishna+veni leelavathi madhavi mallamma naga+ratnam nirmala padmavathi
prameela pushpa rajitha rama+devi roja rukmini santhi saritha sirisha sravani sri+devi sri+latha
subba+lakshmi subbamma suguna sumathi suvarna tulasi uma usha vani vara+lakshmi vasantha venkatamma
yashoda yadamma anjamma balamma pochamma lalitha geetha latha swathi aruna bharathi chinnamma
dhana+lakshmi bhagya+lakshmi vijaya+lakshmi venkata+lakshmi naga+lakshmi kanaka+durga sowjanya
sandhya shobha sarojini manjula mamatha neelima pavani prasanna ramana susheela tirupatamma veeramma
adi+lakshmi ankamma buchamma chilakamma ellamma gouramma jyothsna kumari lakshmamma manikyam
narsamma pullamma rajamma saralamma savitri sunanda thulasamma mary raja+kumari esther ruth grace
sugunamma suvarthamma karuna prasanthi anusha divya keerthi mounika ramya sravanthi bhargavi haritha
kalpana sunkamma satya+vani venkata+ramana durga+bhavani sri+lakshmi hema padmaja rajani sarala
komali
""".split()  # noqa: SIM905

TE_MUSLIM_F = """
fathima shabana jareena nasreen rehana shaheen parveen ayesha salma sultana noorjahan khairunnisa
karimunnisa shamshad zubeda haseena ruksana yasmeen afreen naseema mumtaz rubeena sayeeda mahaboobi
hussainbi jaibunnisa
""".split()  # noqa: SIM905

TE_HOUSE = """
kommu gummadi bandi boddu chinta dasari gollapalli kandula kolli kothapalli mekala pasupuleti peddi
ponnam pulla ravuri thota uppala vanga bollam chilakala devarapalli ganta guntupalli jakkula kasani
katta kunchala mandala marri medisetti munagala nagula palle pothula sirigiri tadi talari uppu vadde
yerra akula allam bathula chevuri dommeti eluri gadde inturi kanchi lingala mallela nandipati
oruganti pamarthi rachamalla samala tangella vemula yeluri bandaru kadiyala kolla palakurthi
gorantla jetti konda nallapu pilli sanka bodda enugu addanki
""".split()  # noqa: SIM905

TE_MUSLIM_HOUSE = ["shaik", "syed", "mohammed", "pathan", "shaik+mohammed"]

# men's names, with the short or pet forms a ration card or a neighbour uses
TE_HINDU_M = {
    "narasimha": ["narsaiah", "narasimhulu", "narsimha"],
    "krishna": ["kistaiah", "kistayya", "krishnaiah"],
    "venkateswarlu": ["venkanna", "venkatesu", "venkatesh"],
    "yadagiri": ["yadaiah"],
    "ramulu": ["ramaiah", "ramudu"],
    "mallesh": ["mallaiah", "mallesham"],
    "anjaneyulu": ["anjaiah", "anji"],
    "pullaiah": ["pullayya"],
    "subba+rao": ["subbaiah", "subbu"],
    "srinivas": ["srinu", "seenu", "srinivasa+rao"],
    "satyanarayana": ["satyam", "sattaiah"],
    "nageswara+rao": ["nagesh", "nagaiah"],
    "rajesh": [],
    "ramesh": [],
    "suresh": ["suri"],
    "mahesh": [],
    "ravi": ["ravi+kumar"],
    "raju": [],
    "prasad": ["prasad+rao"],
    "babu+rao": ["babu"],
    "koteswara+rao": ["koti", "kotaiah"],
    "chandraiah": ["chandra"],
    "yellaiah": ["yellayya"],
    "pochaiah": [],
    "balaiah": ["balu"],
    "lingaiah": ["linga"],
    "sammaiah": [],
    "komuraiah": ["komurayya"],
    "ilaiah": ["ilayya"],
    "muthyalu": ["muthyam"],
    "appa+rao": ["appanna"],
    "suribabu": ["suri"],
    "ramana": ["ramana+rao"],
    "sambaiah": [],
    "veeraiah": ["veeranna"],
    "gopal": ["gopi"],
    "david": [],
    "john": [],
    "prakash": [],
    "kumar": [],
    "mohan": ["mohan+rao"],
    "raghavulu": ["raghava"],
    "sivaiah": ["siva"],
    "bhaskar": ["bhaskar+rao"],
    "yesu": ["yesuratnam"],
    "paul": [],
    "sreenivasulu": ["seenaiah"],
    "durga+prasad": ["durgaiah"],
    "venkata+ramana": ["ramana"],
    "chinna": ["chinnaiah"],
    "peddanna": ["pedda"],
    "obulesu": ["obaiah"],
    "nagaraju": ["nagaraj"],
    "hanumanthu": ["hanumaiah"],
    "eswar": ["eswaraiah"],
    "tirupathi": ["tirupataiah"],
    "narayana": ["narayan"],
    "mallikarjun": ["mallikarjuna+rao"],
    "sudhakar": [],
    "venu": ["venu+gopal"],
    "kondaiah": ["konda"],
    "rambabu": ["ram"],
}
TE_MUSLIM_M = {
    "mahaboob": ["mehboob", "mahaboob+basha"],
    "hussain": ["hussain+saheb"],
    "ismail": [],
    "khaja": ["khaja+mohiddin"],
    "jani": ["jani+basha"],
    "basha": [],
    "rafi": [],
    "kareem": ["karim"],
    "yousuf": [],
    "abdul": ["abdul+rahman"],
    "saleem": [],
    "moulali": [],
    "nazeer": ["nazir"],
    "jilani": [],
    "gouse": ["ghouse"],
    "ibrahim": [],
    "masthan": ["masthan+vali"],
}
TE_CASTE_TITLE = ["reddy", "naidu", "rao", "goud", "yadav", "raju", "chowdary"]

TE_PET = """
chinni bujji ammulu pinky lucky baby papa bangaram chitti buji ammu bulli pandu sweety rani chinnu
kanna muddu honey
""".split()  # noqa: SIM905

WORK_NAMES = """
priya pooja kajal simran neha sonia payel riya tina sweety jyoti nisha komal munni rekha reshma
""".split()  # noqa: SIM905

# spellings a clerk may use, beyond the rule-made ones (canonical: list of alternatives)
HAND_VARIANTS = {
    "das": ["dass", "dash", "dos"],
    "lakshmi": ["laxmi", "lokkhi", "laksmi", "lakhi", "luxmi"],
    "sk": ["sheikh", "shaikh", "seikh", "sekh", "s.k.", "shek"],
    "sheikh": ["sk", "shaikh", "seikh", "sekh"],
    "seikh": ["sk", "sheikh", "shaikh"],
    "shaik": ["shaikh", "sheik", "sk", "shake", "sheikh"],
    "syed": ["sayyad", "saiyad", "sd", "sayed"],
    "mohammed": ["md", "mohd", "mahammad", "muhammad", "mohammad"],
    "haque": ["hoque", "hak", "huq", "haq"],
    "chowdhury": ["choudhury", "chaudhuri", "chowdhuri", "choudhuri"],
    "banerjee": ["bandyopadhyay", "banerji", "bannerjee", "bandopadhyay"],
    "mukherjee": ["mukhopadhyay", "mukherji", "mukharjee"],
    "chatterjee": ["chattopadhyay", "chatterji", "chaterjee"],
    "ganguly": ["gangopadhyay", "ganguli"],
    "bhattacharya": ["bhattacharjee", "bhattacharyya", "bhatta", "bhattacharjya"],
    "chakraborty": ["chakrabarti", "chakravarty", "chakrabarty", "chakraborti"],
    "mondal": ["mandal", "mondol", "mondall"],
    "sarkar": ["sircar", "sarker", "sorkar"],
    "biswas": ["bishwas", "biswash"],
    "halder": ["haldar", "holder"],
    "naskar": ["naskor", "laskar"],
    "roy": ["ray", "rai", "roi"],
    "ghosh": ["ghose", "gosh"],
    "bose": ["basu", "bosu"],
    "dey": ["de", "day"],
    "dutta": ["datta", "dutt"],
    "pramanik": ["paramanik", "pramanick", "pramanik"],
    "mallick": ["mallik", "malik", "mollick"],
    "molla": ["mollah", "mulla", "mola"],
    "laskar": ["lashkar", "loskor", "lasker"],
    "gazi": ["gaji", "ghazi"],
    "sardar": ["sarder", "sordar"],
    "khatun": ["khatoon", "khaton", "katun", "khatun"],
    "begum": ["begam", "bagum"],
    "bibi": ["bivi", "bibee"],
    "hossain": ["hussain", "hosen", "hossen", "hosain"],
    "rahaman": ["rahman", "rehman", "rahamaan"],
    "islam": ["eslam", "islum"],
    "fatema": ["fatima", "fathima", "phatema"],
    "fathima": ["fatima", "phathima", "fatma"],
    "parveen": ["parvin", "perveen"],
    "nasrin": ["nasreen", "nasrine"],
    "jesmin": ["jasmin", "jasmine", "jesmine"],
    "rokeya": ["rokia", "rukeya", "rokiya"],
    "marjina": ["morjina", "marjena"],
    "kohinoor": ["kohinur"],
    "venkata": ["venkta", "vyankata", "venkat"],
    "reddy": ["reddi"],
    "naidu": ["nayudu", "naydu"],
    "rao": ["row"],
    "bee": ["bi", "bibi"],
    "sri": ["shri", "sree"],
    "eswaramma": ["easwaramma", "eshwaramma", "iswaramma"],
    "rajeswari": ["rajeshwari", "rajeswary"],
    "venkateswarlu": ["venkateshwarlu", "venkateswarulu", "venkatesvarlu"],
    "parbati": ["parvati", "parboti", "parbuti"],
    "parvathi": ["parvati", "parvathy"],
    "mousumi": ["moushumi", "mausumi", "mosumi", "mousami"],
    "kartick": ["kartik", "kartic", "kartick"],
    "goutam": ["gautam", "gotam"],
    "shefali": ["sefali", "shefaly"],
    "sharmistha": ["sarmistha", "sharmishtha", "sormistha"],
    "tanushree": ["tanusree", "tanushri"],
    "chhanda": ["chanda", "chhonda"],
    "yellamma": ["ellamma", "yelamma"],
    "mariamma": ["mariyamma", "mariama"],
    "devi": ["debi", "dabi"],
    "dasi": ["dassi"],
}

# Telugu clerks' own spellings where they differ from Bengali ones
TE_HAND_VARIANTS = {
    "lakshmi": ["laxmi", "laksmi", "lakshmy", "lacchmi", "luxmi"],
    "devi": ["devee", "devi"],
    "begum": ["begam", "beegum"],
}

# ---------------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------------

# district: (weight, [ways to write it], urban?)
WB_DISTRICTS = {
    "kolkata": (14, ["Kolkata", "Calcutta", "Kol", "KMC"], True),
    "south 24 parganas": (
        16,
        ["South 24 Parganas", "24 Pgs (S)", "S 24 Pgs", "Dakshin 24 Pargana"],
        False,
    ),
    "north 24 parganas": (
        10,
        ["North 24 Parganas", "24 Pgs (N)", "N. 24 Parganas", "Uttar 24 Pargana"],
        False,
    ),
    "murshidabad": (8, ["Murshidabad", "Murshidabad", "Murshidabaad"], False),
    "nadia": (6, ["Nadia", "Nadiya", "Nodia"], False),
    "howrah": (6, ["Howrah", "Haora", "Howra"], True),
    "hooghly": (4, ["Hooghly", "Hugli", "Hoogly"], False),
    "purba medinipur": (
        4,
        ["Purba Medinipur", "East Midnapore", "Purba Midnapur", "E. Medinipur"],
        False,
    ),
    "paschim medinipur": (3, ["Paschim Medinipur", "West Midnapore", "Pashchim Medinipur"], False),
    "jalpaiguri": (3, ["Jalpaiguri", "Jalpaiguri", "Jolpaiguri"], False),
    "darjeeling": (3, ["Darjeeling", "Darjiling"], False),
    "malda": (4, ["Malda", "Maldah", "Maldaha"], False),
    "cooch behar": (3, ["Cooch Behar", "Koch Bihar", "Coochbehar"], False),
    "purba bardhaman": (3, ["Purba Bardhaman", "Burdwan", "Bardhaman", "Barddhaman"], False),
    "birbhum": (2, ["Birbhum", "Beerbhum"], False),
    "bankura": (2, ["Bankura", "Bakura"], False),
    "purulia": (2, ["Purulia", "Puruliya"], False),
    "uttar dinajpur": (2, ["Uttar Dinajpur", "North Dinajpur", "U. Dinajpur"], False),
}
WB_DISTRICT_BN = {
    "kolkata": "কলকাতা",
    "south 24 parganas": "দক্ষিণ ২৪ পরগনা",
    "north 24 parganas": "উত্তর ২৪ পরগনা",
    "murshidabad": "মুর্শিদাবাদ",
    "nadia": "নদিয়া",
    "howrah": "হাওড়া",
    "hooghly": "হুগলি",
    "purba medinipur": "পূর্ব মেদিনীপুর",
    "paschim medinipur": "পশ্চিম মেদিনীপুর",
    "jalpaiguri": "জলপাইগুড়ি",
    "darjeeling": "দার্জিলিং",
    "malda": "মালদা",
    "cooch behar": "কোচবিহার",
    "purba bardhaman": "পূর্ব বর্ধমান",
    "birbhum": "বীরভূম",
    "bankura": "বাঁকুড়া",
    "purulia": "পুরুলিয়া",
    "uttar dinajpur": "উত্তর দিনাজপুর",
}
AP_DISTRICTS = {
    "guntur": (12, ["Guntur", "Guntur Dt", "GNT"], True),
    "east godavari": (10, ["East Godavari", "E. Godavari", "E.G. Dist", "Tuni"], False),
    "west godavari": (7, ["West Godavari", "W. Godavari", "W.G.Dt"], False),
    "krishna": (9, ["Krishna", "Krishna Dist", "Vijayawada"], True),
    "visakhapatnam": (7, ["Visakhapatnam", "Vizag", "Vishakhapatnam", "VSP"], True),
    "prakasam": (5, ["Prakasam", "Ongole", "Prakasham"], False),
    "nellore": (4, ["Nellore", "SPSR Nellore", "Sri Potti Sriramulu Nellore"], False),
    "kadapa": (3, ["Kadapa", "Cuddapah", "YSR Kadapa", "Y.S.R."], False),
    "kurnool": (3, ["Kurnool", "Karnool"], False),
    "anantapur": (3, ["Anantapur", "Anantapuramu", "Ananthapur"], False),
    "chittoor": (3, ["Chittoor", "Chitoor", "Tirupati"], False),
    "srikakulam": (2, ["Srikakulam", "Sreekakulam"], False),
    "vizianagaram": (2, ["Vizianagaram", "Vijayanagaram", "VZM"], False),
    "rajahmundry": (4, ["Rajahmundry", "Rajamahendravaram", "Rajamundry"], True),
}
# Telangana: (weight, ways, urban, pre-2016 parent district)
TS_DISTRICTS = {
    "hyderabad": (16, ["Hyderabad", "Hyd", "HYD", "Secunderabad"], True, "Hyderabad"),
    "medchal malkajgiri": (6, ["Medchal-Malkajgiri", "Medchal", "Malkajgiri"], True, "Ranga Reddy"),
    "rangareddy": (6, ["Rangareddy", "Ranga Reddy", "R.R. Dist", "RR Dist"], False, "Ranga Reddy"),
    "warangal": (6, ["Warangal", "Hanamkonda", "Warangal Urban"], True, "Warangal"),
    "karimnagar": (4, ["Karimnagar", "Karim Nagar", "KNR"], False, "Karimnagar"),
    "nizamabad": (4, ["Nizamabad", "Nizambad", "NZB"], False, "Nizamabad"),
    "khammam": (4, ["Khammam", "Kammam"], False, "Khammam"),
    "nalgonda": (5, ["Nalgonda", "Nalgunda", "Nalagonda"], False, "Nalgonda"),
    "mahabubnagar": (
        4,
        ["Mahabubnagar", "Mahbubnagar", "Mahaboobnagar", "MBNR"],
        False,
        "Mahabubnagar",
    ),
    "sangareddy": (3, ["Sangareddy", "Sanga Reddy"], False, "Medak"),
    "yadadri bhuvanagiri": (2, ["Yadadri Bhuvanagiri", "Bhongir", "Yadadri"], False, "Nalgonda"),
}
TE_DISTRICT_TE = {
    "guntur": "గుంటూరు",
    "east godavari": "తూర్పు గోదావరి",
    "west godavari": "పశ్చిమ గోదావరి",
    "krishna": "కృష్ణా",
    "visakhapatnam": "విశాఖపట్నం",
    "prakasam": "ప్రకాశం",
    "nellore": "నెల్లూరు",
    "kadapa": "కడప",
    "kurnool": "కర్నూలు",
    "anantapur": "అనంతపురం",
    "chittoor": "చిత్తూరు",
    "srikakulam": "శ్రీకాకుళం",
    "vizianagaram": "విజయనగరం",
    "rajahmundry": "రాజమహేంద్రవరం",
    "hyderabad": "హైదరాబాద్",
    "medchal malkajgiri": "మేడ్చల్",
    "rangareddy": "రంగారెడ్డి",
    "warangal": "వరంగల్",
    "karimnagar": "కరీంనగర్",
    "nizamabad": "నిజామాబాద్",
    "khammam": "ఖమ్మం",
    "nalgonda": "నల్గొండ",
    "mahabubnagar": "మహబూబ్‌నగర్",
    "sangareddy": "సంగారెడ్డి",
    "yadadri bhuvanagiri": "యాదాద్రి భువనగిరి",
}
STATE_WAYS = {
    "wb": (["West Bengal", "WB", "W.B.", "West Bengal", "Paschimbanga", "W Bengal"], "পশ্চিমবঙ্গ"),
    "ap": (["Andhra Pradesh", "AP", "A.P.", "Andhra Pradesh", "Andhra"], "ఆంధ్రప్రదేశ్"),
    "ts": (["Telangana", "TS", "TG", "Telengana", "Telangana State"], "తెలంగాణ"),
}

WB_VILL_PRE = """
ram hari shib gopal krishna chandi lakshmikanta sultan madhab bishnu radha kali durga narayan basu
kamar kumar jagat nanda sona hasna bil kadam nimta khejur bamun jele dhopa shyam nabab gosai bara
chhoto kalyan deb mohan raj
""".split()  # noqa: SIM905
WB_VILL_SUF = """
pur nagar gram danga para hati tala ganj khali chak kandi bari garh berh pota
""".split()  # noqa: SIM905
TE_VILL_PRE = """
rama krishna venkata gopal narsa konda kotha peda china mallik ravi nandi yella pochamma laxmi
chilaka nara yadagiri siva bhima mangala anantha sita gollala kamma velugu tummala jagga
""".split()  # noqa: SIM905
TE_VILL_SUF = """
palli peta puram guda padu wada kota nagar cheruvu kunta varam palem gudem
""".split()  # noqa: SIM905
URBAN_LOCALITIES = {
    "kolkata": [
        "sonagachi",
        "kalighat",
        "bowbazar",
        "khidirpur",
        "rambagan",
        "sethbagan",
        "tollygunge",
        "tiljala",
        "topsia",
    ],
    "howrah": ["shibpur", "salkia", "bally", "liluah", "tikiapara"],
    "guntur": ["brodipet", "arundelpet", "lalapet", "chilakaluripet"],
    "krishna": ["wynchpeta", "ajithsingh", "nagar", "krishnalanka", "gunadala"],
    "visakhapatnam": ["gajuwaka", "jagadamba", "allipuram", "kancharapalem"],
    "rajahmundry": ["innispeta", "danavaipeta"],
    "hyderabad": [
        "mehdipatnam",
        "chandrayangutta",
        "falaknuma",
        "amberpet",
        "mangalhat",
        "kachiguda",
    ],
    "medchal malkajgiri": ["uppal", "malkajgiri", "alwal"],
    "warangal": ["hanamkonda", "kazipet", "matwada"],
}
WB_PARA = ["dakshin para", "uttar para", "majher para", "purba para", "bagdi para", "colony"]
TE_PARA = ["colony", "SC colony", "harijanawada", "bc colony", "centre", "main road"]

VILLAGE_SUFFIX_VARIANTS = {
    "pur": ["poor", "pore", "pura"],
    "nagar": ["nogor", "nagore"],
    "gram": ["gaon", "grama"],
    "danga": ["dunga", "donga"],
    "para": ["parah"],
    "hati": ["hatti"],
    "tala": ["tola", "talla"],
    "ganj": ["gunj", "gonj"],
    "khali": ["kali", "khalli"],
    "chak": ["chok", "chock"],
    "bari": ["baree", "bary"],
    "garh": ["gar", "gorh"],
    "palli": ["palle", "pally", "pali"],
    "peta": ["pet", "peth", "pete"],
    "puram": ["puramu", "pur"],
    "guda": ["gooda", "gudem"],
    "padu": ["paadu", "padu"],
    "wada": ["vada", "wadi"],
    "kota": ["kotta", "cota"],
    "cheruvu": ["cheruv", "cheru"],
    "kunta": ["kuntla", "gunta"],
    "varam": ["waram", "varamu"],
    "palem": ["palam", "palyam"],
    "gudem": ["gudam", "guda"],
}

# ---------------------------------------------------------------------------------------------
# Lists (sources) and how each writes a row
# ---------------------------------------------------------------------------------------------

# fmt: off
SOURCES = {
    "collective": dict(
        weight=27, year=2024, native_wb=0.1, native_te=0.05, one_field=0.25, initials=0.15, upper=0.1,
        lower=0.05, honorific=0.05, fam_missing=0.12, rel_given=0.55, rel_husband=0.6, rel_co=0.05,
        rel_prefix=0.45, short_male=0.08, pet=0.12, alias=0.35, sex_missing=0.25,
        sex_ways=['F', 'F', 'Female', 'female', 'f', 'W'], age_missing=0.15, heap=0.25, guess_sd=1.5,
        stale=0.1, yob=0.05, phone_missing=0.1, hand=True, id_given=0.08, ration_id=0.0, typo=0.03,
        ocr=0.01, vill_missing=0.03, dist_missing=0.25, state_missing=0.4, vill_decor=0.15,
        old_state=0.0, old_district=0.0, volunteer=0.0,
    ),
    "relief": dict(
        weight=22, year=2020, native_wb=0.35, native_te=0.25, one_field=0.5, initials=0.35, upper=0.3,
        lower=0.0, honorific=0.05, fam_missing=0.2, rel_given=0.75, rel_husband=0.75, rel_co=0.1,
        rel_prefix=0.7, short_male=0.25, pet=0.05, alias=0.05, sex_missing=0.4,
        sex_ways=['F', 'Female', 'FEMALE', 'Mahila', 'F'], age_missing=0.35, heap=0.4, guess_sd=3.0,
        stale=0.0, yob=0.03, phone_missing=0.25, hand=True, id_given=0.15, ration_id=0.2, typo=0.08,
        ocr=0.05, vill_missing=0.08, dist_missing=0.3, state_missing=0.5, vill_decor=0.4, old_state=0.2,
        old_district=0.1, volunteer=0.02,
    ),
    "ration": dict(
        weight=19, year=2018, native_wb=0.25, native_te=0.35, one_field=0.3, initials=0.5, upper=0.45,
        lower=0.0, honorific=0.08, fam_missing=0.08, rel_given=0.95, rel_husband=0.5, rel_co=0.25,
        rel_prefix=0.7, short_male=0.25, pet=0.01, alias=0.0, sex_missing=0.1,
        sex_ways=['F', 'Female', 'FEMALE', 'F'], age_missing=0.15, heap=0.3, guess_sd=2.0, stale=0.0,
        yob=0.2, phone_missing=0.45, hand=True, id_given=0.6, ration_id=0.7, typo=0.04, ocr=0.04,
        vill_missing=0.03, dist_missing=0.05, state_missing=0.1, vill_decor=0.5, old_state=0.2,
        old_district=0.3, volunteer=0.0,
    ),
    "health": dict(
        weight=15, year=2023, native_wb=0.05, native_te=0.05, one_field=0.2, initials=0.3, upper=0.05,
        lower=0.05, honorific=0.02, fam_missing=0.35, rel_given=0.3, rel_husband=0.7, rel_co=0.0,
        rel_prefix=0.4, short_male=0.08, pet=0.08, alias=0.15, sex_missing=0.15,
        sex_ways=['F', 'F', 'F', 'f', 'Female'], age_missing=0.2, heap=0.35, guess_sd=4.0, stale=0.0,
        yob=0.02, phone_missing=0.2, hand=True, id_given=0.05, ration_id=0.0, typo=0.05, ocr=0.02,
        vill_missing=0.05, dist_missing=0.5, state_missing=0.7, vill_decor=0.1, old_state=0.0,
        old_district=0.0, volunteer=0.02,
    ),
    "survey": dict(
        weight=11, year=2025, native_wb=0.02, native_te=0.02, one_field=0.08, initials=0.1, upper=0.05,
        lower=0.0, honorific=0.0, fam_missing=0.05, rel_given=0.6, rel_husband=0.55, rel_co=0.0,
        rel_prefix=0.15, short_male=0.05, pet=0.01, alias=0.0, sex_missing=0.0,
        sex_ways=['Female', 'female', 'F'], age_missing=0.05, heap=0.1, guess_sd=1.0, stale=0.0,
        yob=0.4, phone_missing=0.1, hand=False, id_given=0.35, ration_id=0.0, typo=0.015, ocr=0.0,
        vill_missing=0.02, dist_missing=0.02, state_missing=0.02, vill_decor=0.0, old_state=0.0,
        old_district=0.0, volunteer=0.0,
    ),
    "shg": dict(
        weight=6, year=2022, native_wb=0.03, native_te=0.08, one_field=0.4, initials=0.6, upper=0.8,
        lower=0.0, honorific=0.25, fam_missing=0.05, rel_given=0.8, rel_husband=0.8, rel_co=0.0,
        rel_prefix=0.8, short_male=0.08, pet=0.0, alias=0.0, sex_missing=0.5, sex_ways=['F', 'FEMALE'],
        age_missing=0.5, heap=0.2, guess_sd=1.5, stale=0.0, yob=0.05, phone_missing=0.3, hand=True,
        id_given=0.2, ration_id=0.0, typo=0.03, ocr=0.02, vill_missing=0.05, dist_missing=0.2,
        state_missing=0.5, vill_decor=0.3, old_state=0.0, old_district=0.0, volunteer=0.0,
    ),
}
# fmt: on
SOURCE_NAMES = list(SOURCES)
SOURCE_CUM = list(accumulate(SOURCES[s]["weight"] for s in SOURCE_NAMES))
LISTS_PER_PERSON_CUM = list(accumulate([45, 28, 17, 10]))
HOUSEHOLD_SIZE_CUM = list(accumulate([30, 27, 19, 13, 7, 4]))
TWICE_ON_LIST = 0.04

MISSING_PHONE = ["NA", "N/A", "nil", "-", "no phone", "", "", "", "0"]
MOBILE_PREFIXES = """
98 97 96 95 94 93 91 90 89 88 87 86 85 83 81 80 79 78 77 76 75 74 73 70 63 62
""".split()  # noqa: SIM905
LANDLINE_CODES = {
    "wb": ["033", "03218", "03174", "03482", "03472", "03222"],
    "ap": ["0863", "0866", "0891", "0883", "0884", "08592"],
    "ts": ["040", "0870", "0878", "08462", "08682"],
}
HANDWRITING_DIGITS = {
    "1": "7",
    "7": "1",
    "0": "6",
    "6": "0",
    "3": "8",
    "8": "3",
    "4": "9",
    "9": "4",
}
OCR_PAIRS = [
    ("rn", "m"),
    ("m", "rn"),
    ("cl", "d"),
    ("d", "cl"),
    ("u", "n"),
    ("n", "u"),
    ("a", "o"),
    ("e", "c"),
    ("l", "i"),
    ("i", "l"),
    ("h", "b"),
    ("v", "u"),
]
KEY_NEIGHBOURS = {
    "a": "sq",
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
BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
TE_DIGITS = str.maketrans("0123456789", "౦౧౨౩౪౫౬౭౮౯")


# ---------------------------------------------------------------------------------------------
# Romanised name -> Bengali / Telugu script (a small phonetic writer, cached)
# ---------------------------------------------------------------------------------------------

_CONS = {
    "ksh": ("ক্ষ", "క్ష"),
    "chh": ("ছ", "ఛ"),
    "kh": ("খ", "ఖ"),
    "gh": ("ঘ", "ఘ"),
    "ch": ("চ", "చ"),
    "jh": ("ঝ", "ఝ"),
    "th": ("থ", "త"),
    "dh": ("ধ", "ధ"),
    "ph": ("ফ", "ఫ"),
    "bh": ("ভ", "భ"),
    "sh": ("শ", "శ"),
    "k": ("ক", "క"),
    "g": ("গ", "గ"),
    "j": ("জ", "జ"),
    "z": ("জ", "జ"),
    "t": ("ত", "ట"),
    "d": ("দ", "ద"),
    "n": ("ন", "న"),
    "p": ("প", "ప"),
    "f": ("ফ", "ఫ"),
    "b": ("ব", "బ"),
    "v": ("ব", "వ"),
    "w": ("ব", "వ"),
    "m": ("ম", "మ"),
    "y": ("য়", "య"),
    "r": ("র", "ర"),
    "l": ("ল", "ల"),
    "s": ("স", "స"),
    "h": ("হ", "హ"),
    "q": ("ক", "క"),
    "x": ("ক্স", "క్స"),
    "c": ("ক", "క"),
}
_VOW = {  # independent, sign
    "aa": (("আ", "া"), ("ఆ", "ా")),
    "ee": (("ঈ", "ী"), ("ఈ", "ీ")),
    "oo": (("ঊ", "ূ"), ("ఊ", "ూ")),
    "ai": (("ঐ", "ৈ"), ("ఐ", "ై")),
    "au": (("ঔ", "ৌ"), ("ఔ", "ౌ")),
    "ou": (("ঔ", "ৌ"), ("ఔ", "ౌ")),
    "a": (("অ", ""), ("అ", "")),
    "i": (("ই", "ি"), ("ఇ", "ి")),
    "u": (("উ", "ু"), ("ఉ", "ు")),
    "e": (("এ", "ে"), ("ఏ", "ే")),
    "o": (("ও", "ো"), ("ఓ", "ో")),
}
_VIRAMA = ("্", "్")
_ANUSVARA = ("ং", "ం")
_NATIVE_WORDS = {
    "das": ("দাস", "దాస్"),
    "mondal": ("মণ্ডল", "మండల్"),
    "sarkar": ("সরকার", "సర్కార్"),
    "biswas": ("বিশ্বাস", "బిశ్వాస్"),
    "roy": ("রায়", "రాయ్"),
    "ghosh": ("ঘোষ", "ఘోష్"),
    "halder": ("হালদার", "హాల్దార్"),
    "naskar": ("নস্কর", "నస్కర్"),
    "sardar": ("সরদার", "సర్దార్"),
    "khan": ("খান", "ఖాన్"),
    "sk": ("শেখ", "షేక్"),
    "sheikh": ("শেখ", "షేక్"),
    "seikh": ("শেখ", "షేక్"),
    "shaik": ("শেখ", "షేక్"),
    "molla": ("মোল্লা", "మొల్లా"),
    "begum": ("বেগম", "బేగం"),
    "bibi": ("বিবি", "బీబీ"),
    "bee": ("বি", "బీ"),
    "khatun": ("খাতুন", "ఖాతూన్"),
    "devi": ("দেবী", "దేవి"),
    "dasi": ("দাসী", "దాసి"),
    "rani": ("রানী", "రాణి"),
    "bala": ("বালা", "బాల"),
    "lakshmi": ("লক্ষ্মী", "లక్ష్మి"),
    "reddy": ("রেড্ডি", "రెడ్డి"),
    "rao": ("রাও", "రావు"),
    "naidu": ("নাইডু", "నాయుడు"),
    "pal": ("পাল", "పాల్"),
    "paul": ("পাল", "పాల్"),
    "saha": ("সাহা", "సాహా"),
    "dey": ("দে", "దే"),
    "sen": ("সেন", "సేన్"),
    "bose": ("বসু", "బోస్"),
    "mohammed": ("মোহাম্মদ", "మహమ్మద్"),
    "syed": ("সৈয়দ", "సయ్యద్"),
    "pathan": ("পাঠান", "పఠాన్"),
    "mitra": ("মিত্র", "మిత్ర"),
    "kar": ("কর", "కర్"),
    "nath": ("নাথ", "నాథ్"),
    "mia": ("মিয়া", "మియా"),
    "ali": ("আলি", "అలీ"),
    "gazi": ("গাজী", "గాజీ"),
    "laskar": ("লস্কর", "లస్కర్"),
    "late": ("স্বর্গীয়", "కీ.శే."),
    "haque": ("হক", "హక్"),
    "md": ("মোঃ", "ఎం.డి."),
    "mohammad": ("মোহাম্মদ", "మహమ్మద్"),
    "jana": ("জানা", "జానా"),
    "sri": ("শ্রী", "శ్రీ"),
    "krishna": ("কৃষ্ণা", "కృష్ణ"),
    "lucky": ("লাকি", "లక్కీ"),
    "baby": ("বেবি", "బేబీ"),
    "sweety": ("সুইটি", "స్వీటీ"),
    "honey": ("হানি", "హనీ"),
    "dolly": ("ডলি", "డాలీ"),
    "beauty": ("বিউটি", "బ్యూటీ"),
    "papa": ("পাপা", "పాప"),
    "munni": ("মুন্নি", "మున్ని"),
    "hossain": ("হোসেন", "హుస్సేన్"),
    "rahaman": ("রহমান", "రహమాన్"),
    "islam": ("ইসলাম", "ఇస్లాం"),
    "uddin": ("উদ্দিন", "ఉద్దీన్"),
    "begam": ("বেগম", "బేగం"),
}
_UNITS = sorted(set(_CONS) | set(_VOW), key=len, reverse=True)
_NATIVE_CACHE: dict[tuple[str, int], str] = {}
_BN_LONG_A = {
    w
    for pool in (WB_HINDU_F, WB_MUSLIM_F, WB_PET, WB_MIDDLE, WORK_NAMES, TE_HINDU_F, TE_MUSLIM_F)
    for name in pool
    for w in name.split("+")
}


def _native_word(word: str, k: int) -> str:
    fixed = _NATIVE_WORDS.get(word)
    if fixed:
        return fixed[k]
    word = word.replace("ck", "k").replace("aiah", "ayya")
    if len(word) > 2 and word[-1] == "y" and word[-2] not in "aeiou":
        word = word[:-1] + "ee"  # Pinky, Lucky: a long i
    out = []
    i, n = 0, len(word)
    prev_cons = False
    while i < n:
        unit = None
        for u in _UNITS:
            if word.startswith(u, i):
                unit = u
                break
        if unit is None:  # punctuation or a letter we do not write
            i += 1
            continue
        i += len(unit)
        if unit in _CONS:
            if unit == "n" and i < n and word[i] in "kg" and prev_cons is False:
                out.append(_ANUSVARA[k])
                continue
            letter = _CONS[unit][k]
            if unit == "y" and k == 0 and (prev_cons or not out):
                letter = "য"  # ya-phala and initial ya; after a vowel it is য়
            if prev_cons:
                out.append(_VIRAMA[k])
            out.append(letter)
            prev_cons = True
        else:
            ind, sign = _VOW[unit][k]
            if unit == "a" and i == n and prev_cons and k == 0 and word in _BN_LONG_A:
                sign = "া"  # Bengali women's names end in a long a (Rina, Mita), men's do not (Haripada)
            elif unit == "i" and i == n and prev_cons and k == 0:
                sign = "ী"
            out.append(sign if prev_cons else ind)
            prev_cons = False
    if prev_cons and k == 1:
        out.append(_VIRAMA[1])  # Telugu writes a final consonant with a virama
    return "".join(out)


def to_native(text: str, script: int) -> str:
    """``script`` 0 = Bengali, 1 = Telugu; ``text`` lowercase romanised words."""
    key = (text, script)
    got = _NATIVE_CACHE.get(key)
    if got is None:
        got = " ".join(_native_word(w, script) for w in text.replace("+", " ").split())
        _NATIVE_CACHE[key] = got
    return got


# ---------------------------------------------------------------------------------------------
# Spelling variants (computed once per name; a row picks one)
# ---------------------------------------------------------------------------------------------

_WB_RULES = [
    ("v", "b"),
    ("sh", "s"),
    ("s", "sh"),
    ("ee", "i"),
    ("i", "ee"),
    ("oo", "u"),
    ("ou", "au"),
    ("ou", "o"),
    ("z", "j"),
    ("j", "z"),
    ("een", "in"),
    ("in", "een"),
    ("y", "i"),
    ("ch", "chh"),
    ("chh", "ch"),
    ("ll", "l"),
    ("tt", "t"),
    ("w", "o"),
    ("ph", "f"),
    ("ks", "x"),
]
_TE_RULES = [
    ("th", "t"),
    ("t", "th"),
    ("ee", "i"),
    ("i", "ee"),
    ("oo", "u"),
    ("sh", "s"),
    ("s", "sh"),
    ("v", "w"),
    ("w", "v"),
    ("dh", "d"),
    ("d", "dh"),
    ("amma", "ama"),
    ("aiah", "ayya"),
    ("aiah", "aih"),
    ("ulu", "lu"),
    ("eswar", "eshwar"),
    ("ksh", "x"),
    ("y", "i"),
    ("ll", "l"),
    ("tt", "t"),
]
_VARIANT_CACHE: dict[tuple[str, int], tuple[str, ...]] = {}


_VOWEL_UNITS = {"a", "i", "u", "e", "o", "ee", "oo", "ou"}


def _rule_variants(word: str, rules) -> list[str]:
    out = []
    for old, new in rules:
        pos = word.find(old, 1)  # keep the first letter: clerks rarely change it
        if pos > 0 and old in _VOWEL_UNITS and word[pos - 1] in "aeiou":
            continue  # a vowel next to a vowel (Ilaiah) is not respelt
        if pos > 0:
            out.append(word[:pos] + new + word[pos + len(old) :])
    return out


def variants(word: str, region: int) -> tuple[str, ...]:
    """Other spellings of one lowercase word (``region`` 0 WB, 1 Telugu); cached."""
    key = (word, region)
    got = _VARIANT_CACHE.get(key)
    if got is None:
        vs = list(
            (TE_HAND_VARIANTS if region == 1 else {}).get(word) or HAND_VARIANTS.get(word, ())
        )
        if not vs:  # hand-listed words keep their listed spellings only
            vs = _rule_variants(word, _WB_RULES if region == 0 else _TE_RULES)
            if region == 1 and len(word) > 5:
                p = word.find("a", 1)
                if 0 < p < 4 and word[p + 1 : p + 2] not in "aeiou":
                    vs.append(word[:p] + "aa" + word[p + 1 :])  # Saarada, Raani
        if region == 0 and len(word) > 3:
            # Bengali a -> o in the first syllable (Sabita/Sobita, Kabita/Kobita)
            p = word.find("a", 1)
            if 0 < p < min(4, len(word) - 1):  # not a final a: Sima stays Sima
                vs.append(word[:p] + "o" + word[p + 1 :])
        if word.endswith("i") and len(word) > 3:
            vs.append(word[:-1] + "y")
        seen = {word}
        got = tuple(v for v in vs if v and not (v in seen or seen.add(v)))
        _VARIANT_CACHE[key] = got
    return got


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _zipf_cum(n: int, s: float = 1.05) -> list[float]:
    return list(accumulate(1.0 / (r + 2) ** s for r in range(n)))


class _Pool:
    __slots__ = ("items", "cum", "total")

    def __init__(self, items, s: float = 1.05):
        self.items = list(items)
        self.cum = _zipf_cum(len(self.items), s)
        self.total = self.cum[-1]

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.total)]


def _pick_cum(rng: random.Random, cum: list) -> int:
    return bisect(cum, rng.random() * cum[-1])


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


def _typo(s: str, rng: random.Random) -> str:
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s))
    op = rng.random()
    c = s[i]
    if op < 0.3:
        return s[:i] + s[i + 1 :]
    if op < 0.5:
        return s[:i] + c + s[i:]
    if op < 0.75 and i < len(s) - 1:
        return s[:i] + s[i + 1] + c + s[i + 2 :]
    nb = KEY_NEIGHBOURS.get(c.lower())
    if nb:
        return s[:i] + nb[rng.randrange(len(nb))] + s[i + 1 :]
    return s[:i] + s[i + 1 :]


def _ocr(s: str, rng: random.Random) -> str:
    low = s.lower()
    start = rng.randrange(len(OCR_PAIRS))
    for k in range(len(OCR_PAIRS)):
        old, new = OCR_PAIRS[(start + k) % len(OCR_PAIRS)]
        p = low.find(old, 1)
        if p > 0:
            if s.isupper():
                new = new.upper()
            elif s[p].isupper():
                new = new[0].upper() + new[1:]
            return s[:p] + new + s[p + len(old) :]
    return s


def _mobile(rng: random.Random) -> str:
    return MOBILE_PREFIXES[rng.randrange(len(MOBILE_PREFIXES))] + "%08d" % rng.randrange(
        100_000_000
    )


def _digit_slip(
    d: str, rng: random.Random, drop: float, double: float, swap: float, hand: float
) -> str:
    r = rng.random()
    n = len(d)
    if r < drop:
        i = rng.randrange(n)
        return d[:i] + d[i + 1 :]
    r -= drop
    if r < double:
        i = rng.randrange(n)
        return d[:i] + d[i] + d[i:]
    r -= double
    if r < swap and n > 2:
        i = rng.randrange(n - 1)
        return d[:i] + d[i + 1] + d[i] + d[i + 2 :]
    r -= swap
    if r < hand:
        idx = [i for i, c in enumerate(d) if c in HANDWRITING_DIGITS]
        if idx:
            i = idx[rng.randrange(len(idx))]
            return d[:i] + HANDWRITING_DIGITS[d[i]] + d[i + 1 :]
    return d


# ---------------------------------------------------------------------------------------------
# People and households
# ---------------------------------------------------------------------------------------------


class _Place:
    __slots__ = (
        "region",
        "state",
        "district",
        "district_ways",
        "district_native",
        "old_district",
        "village",
        "urban",
        "ward",
    )

    def __init__(self, region, state, district, ways, native, old, village, urban, ward):
        self.region = region  # 0 WB, 1 Telugu
        self.state = state  # "wb" | "ap" | "ts"
        self.district = district
        self.district_ways = ways
        self.district_native = native
        self.old_district = old
        self.village = village  # lowercase canonical (a ward number as "ward 12")
        self.urban = urban
        self.ward = ward  # int or None


class _Household:
    __slots__ = ("place", "phone", "ration4", "head", "fam", "alt_place")

    def __init__(self, place, phone, ration4, head, fam, alt_place):
        self.place = place
        self.phone = phone
        self.ration4 = ration4
        self.head = head  # (given, family) of the man a ration card is written "C/o"
        self.fam = fam
        self.alt_place = alt_place


class _Person:
    __slots__ = (
        "pid",
        "sex",
        "religion",
        "given",
        "middle",
        "pet",
        "alias",
        "maiden",
        "married",
        "fem_word",
        "father",
        "husband",
        "late",
        "birth",
        "phone",
        "phone2",
        "aadhaar4",
        "hh",
        "other_place",
        "native_given",
    )

    def __init__(self):
        self.middle = self.pet = self.alias = self.married = self.fem_word = None
        self.husband = None
        self.late = False
        self.phone = self.phone2 = None
        self.other_place = None


class _World:
    """The fixed pools and places of one generation (built from the seed's rng)."""

    def __init__(self, rng: random.Random):
        self.wb_hf = _Pool(WB_HINDU_F)
        self.wb_mf = _Pool(WB_MUSLIM_F)
        self.wb_hm = _Pool(WB_HINDU_M)
        self.wb_mm = _Pool(WB_MUSLIM_M)
        self.wb_hfam = _Pool(WB_HINDU_FAM, 0.9)
        self.wb_mfam = _Pool(WB_MUSLIM_FAM, 0.9)
        self.te_hf = _Pool(TE_HINDU_F)
        self.te_mf = _Pool(TE_MUSLIM_F)
        self.te_hm = _Pool(list(TE_HINDU_M))
        self.te_mm = _Pool(list(TE_MUSLIM_M))
        self.te_house = _Pool(TE_HOUSE, 0.8)
        self.te_mhouse = _Pool(TE_MUSLIM_HOUSE, 1.5)
        self.wb_pet = _Pool(WB_PET, 0.8)
        self.te_pet = _Pool(TE_PET, 0.8)
        self.work = _Pool(WORK_NAMES, 0.8)
        self.short_male = {**TE_HINDU_M, **TE_MUSLIM_M}
        self.places = {}  # district -> list of _Place (Zipf-weighted by position)
        self.district_cum = {}
        self.volunteers = {}
        for state, table in (("wb", WB_DISTRICTS), ("ap", AP_DISTRICTS), ("ts", TS_DISTRICTS)):
            names = list(table)
            self.district_cum[state] = (names, list(accumulate(table[d][0] for d in names)))
            for d in names:
                row = table[d]
                weight, ways, urban = row[0], row[1], row[2]
                old = row[3] if len(row) > 3 else None
                region = 0 if state == "wb" else 1
                native = (WB_DISTRICT_BN if region == 0 else TE_DISTRICT_TE)[d]
                villages = []
                seen = set()
                n_vill = 18 + weight * 3
                pre, suf = (WB_VILL_PRE, WB_VILL_SUF) if region == 0 else (TE_VILL_PRE, TE_VILL_SUF)
                for loc in URBAN_LOCALITIES.get(d, []):
                    villages.append(_Place(region, state, d, ways, native, old, loc, True, None))
                if urban:
                    for _ in range(weight * 2):
                        w = rng.randrange(1, 90)
                        if w not in seen:
                            seen.add(w)
                            villages.append(
                                _Place(region, state, d, ways, native, old, f"ward {w}", True, w)
                            )
                target = len(villages) + n_vill
                while len(villages) < target:
                    name = pre[rng.randrange(len(pre))] + suf[rng.randrange(len(suf))]
                    if name not in seen:
                        seen.add(name)
                        villages.append(
                            _Place(region, state, d, ways, native, old, name, False, None)
                        )
                rng.shuffle(villages)
                self.places[d] = (villages, _zipf_cum(len(villages), 0.8))
                self.volunteers[d] = [_mobile(rng) for _ in range(3)]

    def place(self, rng: random.Random, region: int) -> _Place:
        state = "wb" if region == 0 else "ap" if rng.random() < 0.55 else "ts"
        names, cum = self.district_cum[state]
        d = names[_pick_cum(rng, cum)]
        villages, vcum = self.places[d]
        return villages[_pick_cum(rng, vcum)]

    def near_place(self, rng: random.Random, p: _Place) -> _Place:
        villages, vcum = self.places[p.district]
        return villages[_pick_cum(rng, vcum)]


def _split(name: str) -> tuple[str, ...]:
    return tuple(name.split("+"))


class _Maker:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.world = _World(self.rng)
        self.n_persons = 0
        self.recent: list = []  # ring buffer of (place, given, family) for namesakes
        self.recent_pos = 0

    # --- names -------------------------------------------------------------------------------
    def female_given(self, region: int, religion: str, avoid=()) -> tuple[str, ...]:
        w, rng = self.world, self.rng
        pool = (
            (w.wb_mf if religion == "m" else w.wb_hf)
            if region == 0
            else (w.te_mf if religion == "m" else w.te_hf)
        )
        for _ in range(6):
            g = _split(pool.pick(rng))
            if g not in avoid:
                return g
        return g

    def male(
        self, region: int, religion: str, fam: str | None = None
    ) -> tuple[tuple[str, ...], str]:
        w, rng = self.world, self.rng
        if region == 0:
            if religion == "m":
                given = _split(w.wb_mm.pick(rng))
                fam = fam or w.wb_mfam.pick(rng)
            else:
                given = _split(w.wb_hm.pick(rng))
                fam = fam or w.wb_hfam.pick(rng)
        else:
            if religion == "m":
                given = _split(w.te_mm.pick(rng))
                fam = fam or w.te_mhouse.pick(rng)
            else:
                given = _split(w.te_hm.pick(rng))
                if rng.random() < 0.2:
                    given = given + (TE_CASTE_TITLE[rng.randrange(len(TE_CASTE_TITLE))],)
                fam = fam or w.te_house.pick(rng)
        return given, fam

    def family(self, region: int, religion: str) -> str:
        w, rng = self.world, self.rng
        if region == 0:
            return (w.wb_mfam if religion == "m" else w.wb_hfam).pick(rng)
        return (w.te_mhouse if religion == "m" else w.te_house).pick(rng)

    def woman(
        self,
        hh: _Household,
        religion: str,
        age: int,
        father,
        husband,
        maiden: str,
        married: str | None,
        avoid=(),
    ) -> _Person:
        rng, region = self.rng, hh.place.region
        p = _Person()
        self.n_persons += 1
        p.pid = "b%07d" % self.n_persons
        p.sex = "F"
        p.religion = religion
        p.given = self.female_given(region, religion, avoid)
        if region == 0 and religion == "h" and rng.random() < 0.22:
            p.middle = WB_MIDDLE[rng.randrange(len(WB_MIDDLE))]
        if rng.random() < 0.55:
            p.pet = (self.world.wb_pet if region == 0 else self.world.te_pet).pick(rng)
        p.father = father
        p.husband = husband
        if husband is not None and age > 40 and rng.random() < 0.25:
            p.late = True
        p.maiden = maiden
        p.married = married
        if religion == "m" and region == 0:
            r = rng.random()
            p.fem_word = (
                "bibi" if r < 0.30 else "khatun" if r < 0.65 else "begum" if r < 0.75 else None
            )
        elif religion == "m":
            r = rng.random()
            p.fem_word = "bee" if r < 0.35 else "begum" if r < 0.55 else "bi" if r < 0.65 else None
        p.birth = 2025 - age
        p.aadhaar4 = "%04d" % rng.randrange(10000)
        p.hh = hh
        if rng.random() < 0.04:
            p.other_place = self.world.near_place(rng, hh.place)
        return p

    def man(self, hh: _Household, religion: str, age: int, father, fam: str) -> _Person:
        rng = self.rng
        p = _Person()
        self.n_persons += 1
        p.pid = "b%07d" % self.n_persons
        p.sex = "M"
        p.religion = religion
        p.given, _ = self.male(hh.place.region, religion, fam)
        p.father = father
        p.maiden = fam
        p.birth = 2025 - age
        p.aadhaar4 = "%04d" % rng.randrange(10000)
        p.hh = hh
        return p

    # --- households ----------------------------------------------------------------------------
    def household(self) -> list[_Person]:
        rng, w = self.rng, self.world
        region = 0 if rng.random() < 0.55 else 1
        r = rng.random()
        if region == 0:
            religion = "h" if r < 0.68 else "m"
        else:
            religion = "h" if r < 0.80 else "m" if r < 0.90 else "c"
        namesake = None
        if self.recent and rng.random() < 0.05:
            namesake = self.recent[rng.randrange(len(self.recent))]
            place = namesake[0]
            region = place.region
            religion = namesake[3]
        else:
            place = w.place(rng, region)
        size = _pick_cum(rng, HOUSEHOLD_SIZE_CUM) + 1
        if size == 1:
            kind = "alone"
        else:
            r = rng.random()
            kind = (
                "mothers"
                if r < 0.33
                else "sisters"
                if r < 0.53
                else "inlaws"
                if r < 0.73
                else "cowives"
                if r < 0.80
                else "room"
            )
            if kind == "cowives" and size > 4:
                size = 4
        fam = self.family(region, religion)
        head = self.male(region, religion, fam)
        phone = _mobile(rng) if rng.random() < 0.75 else None
        if rng.random() < 0.04:
            phone = (
                LANDLINE_CODES[place.state][rng.randrange(len(LANDLINE_CODES[place.state]))]
                + "-"
                + ("%07d" % rng.randrange(10_000_000))
            )
        ration4 = "%04d" % rng.randrange(10000) if kind != "room" and rng.random() < 0.70 else None
        hh = _Household(place, phone, ration4, head, fam, None)
        people: list[_Person] = []
        given_used: set = set()

        def add(p):
            given_used.add(p.given)
            people.append(p)

        def other_man(fam_=None):
            return self.male(region, religion, fam_)

        if kind in ("alone", "room"):
            for _ in range(size):
                hh_r = hh if kind == "alone" else _Household(place, phone, None, None, None, None)
                rel = (
                    religion
                    if kind == "alone"
                    else (
                        ("h" if rng.random() < 0.68 else "m")
                        if region == 0
                        else ("h" if rng.random() < 0.8 else "m" if rng.random() < 0.5 else "c")
                    )
                )
                age = rng.randint(18, 55)
                father = self.male(region, rel)
                married_to = self.male(region, rel) if rng.random() < 0.6 else None
                if kind == "alone":
                    if married_to is not None:
                        married_to = head
                    else:
                        hh.head = father
                p = self.woman(
                    hh_r,
                    rel,
                    age,
                    father,
                    married_to,
                    father[1],
                    married_to[1] if married_to else None,
                    given_used,
                )
                if rng.random() < 0.12:
                    p.alias = w.work.pick(rng)
                add(p)
        elif kind == "mothers":
            m_age = rng.randint(36, 68)
            mother_father = other_man()
            add(
                self.woman(
                    hh, religion, m_age, mother_father, head, mother_father[1], fam, given_used
                )
            )
            for _ in range(size - 1):
                age = max(12, m_age - rng.randint(17, 32))
                married_to = other_man() if age > 19 and rng.random() < 0.5 else None
                add(
                    self.woman(
                        hh,
                        religion,
                        age,
                        head,
                        married_to,
                        fam,
                        married_to[1] if married_to else None,
                        given_used,
                    )
                )
        elif kind == "sisters":
            father = other_man(fam)
            base = rng.randint(18, 45)
            for _ in range(size):
                age = max(14, base + rng.randint(-8, 8))
                married_to = other_man() if age > 19 and rng.random() < 0.6 else None
                add(
                    self.woman(
                        hh,
                        religion,
                        age,
                        father,
                        married_to,
                        fam,
                        married_to[1] if married_to else None,
                        given_used,
                    )
                )
            hh.head = father
        elif kind == "inlaws":
            m_age = rng.randint(45, 72)
            mf = other_man()
            add(self.woman(hh, religion, m_age, mf, head, mf[1], fam, given_used))
            sons: set = set()
            for _ in range(size - 1):
                son = other_man(fam)
                for _ in range(4):
                    if son[0] not in sons:
                        break
                    son = other_man(fam)
                sons.add(son[0])
                df = other_man()
                age = max(18, m_age - rng.randint(18, 35))
                add(self.woman(hh, religion, age, df, son, df[1], fam, given_used))
        else:  # co-wives, then daughters of the first wife
            wives = rng.randint(2, size) if size > 2 else 2
            base = rng.randint(22, 50)
            for i in range(wives):
                wf = other_man()
                add(
                    self.woman(
                        hh,
                        religion,
                        max(18, base - 6 * i + rng.randint(-3, 3)),
                        wf,
                        head,
                        wf[1],
                        fam,
                        given_used,
                    )
                )
            for _ in range(size - wives):
                age = max(12, base - rng.randint(17, 28))
                add(self.woman(hh, religion, age, head, None, fam, None, given_used))
        # phones
        for p in people:
            own = 0.6 if kind == "room" else 0.45
            if rng.random() < own:
                p.phone = _mobile(rng)
                if rng.random() < 0.25:
                    p.phone2 = _mobile(rng)
        # a son on some kin lists
        if kind not in ("alone", "room") and size >= 2 and rng.random() < 0.12:
            son_father = hh.head if kind != "inlaws" else head
            m = self.man(hh, religion, rng.randint(15, 35), son_father, fam)
            if rng.random() < 0.5:
                m.phone = _mobile(rng)
            people.append(m)
        # namesake: one woman takes the name of a woman in the chosen village's recent household
        if namesake is not None:
            target = people[0]
            target.given = namesake[1]
            if target.married:
                target.married = namesake[2]
            else:
                target.maiden = namesake[2]
            target.middle = None
        # remember one woman of this household for future namesakes
        first = people[0]
        entry = (place, first.given, first.married or first.maiden, first.religion)
        if len(self.recent) < 500:
            self.recent.append(entry)
        else:
            self.recent[self.recent_pos] = entry
            self.recent_pos = (self.recent_pos + 1) % 500
        return people

    # --- rows ---------------------------------------------------------------------------------
    def lists_for(self, p: _Person) -> list[str]:
        rng = self.rng
        k = _pick_cum(rng, LISTS_PER_PERSON_CUM) + 1
        chosen: list[str] = []
        while len(chosen) < k:
            s = SOURCE_NAMES[_pick_cum(rng, SOURCE_CUM)]
            if p.sex == "M" and s in ("collective", "shg") and rng.random() < 0.9:
                s = "ration" if rng.random() < 0.5 else "health"
            if s not in chosen:
                chosen.append(s)
        out = []
        for s in chosen:
            out.append(s)
            if rng.random() < TWICE_ON_LIST:
                out.append(s)
        return out

    def row(self, p: _Person, src: str) -> dict:
        rng = self.rng
        cfg = SOURCES[src]
        hh = p.hh
        place = p.other_place if (p.other_place is not None and rng.random() < 0.5) else hh.place
        region = place.region
        native = rng.random() < (cfg["native_wb"] if region == 0 else cfg["native_te"])
        script = region
        r_case = rng.random()
        case = (
            "upper"
            if r_case < cfg["upper"]
            else "lower"
            if r_case < cfg["upper"] + cfg["lower"]
            else "title"
        )

        # ---- given name words
        given = p.given
        if p.alias is not None and rng.random() < cfg["alias"]:
            given = (p.alias,)
        elif p.pet is not None and rng.random() < cfg["pet"]:
            given = (p.pet,)
        elif p.middle is not None and rng.random() < 0.5:
            given = given + (p.middle,)
        # ---- family word (married, maiden, Devi/Dasi, Bibi/Khatun...)
        fam = p.married or p.maiden
        if p.married and rng.random() < 0.06:
            fam = p.maiden
        if p.sex == "F":
            if p.fem_word is not None:
                fw = p.fem_word
                if rng.random() < 0.15:
                    fw = (
                        ("bibi", "khatun", "begum")[rng.randrange(3)]
                        if region == 0
                        else ("bee", "begum")[rng.randrange(2)]
                    )
                if region == 0:
                    fam = fw
                else:
                    given = given + (fw,)
                    if rng.random() < 0.5:
                        fam = None
            elif region == 0 and p.religion == "h" and rng.random() < 0.05:
                fam = "devi" if rng.random() < 0.6 else "dasi"
        if rng.random() < cfg["fam_missing"]:
            fam = None

        # ---- spell
        def spell(words):
            out = []
            for wd in words:
                if not native and rng.random() < 0.30:
                    vs = variants(wd, region)
                    if vs:
                        wd = vs[rng.randrange(len(vs))]
                out.append(wd)
            return out

        gwords = spell(given)
        fword = spell((fam,))[0] if fam else None

        # ---- layout
        initials = region == 1 and rng.random() < cfg["initials"]
        one_field = rng.random() < cfg["one_field"]
        if native:
            g_text = to_native(" ".join(gwords), script)
            f_text = to_native(fword, script) if fword else None
            if one_field and f_text:
                g_text = (f_text + " " + g_text) if region == 1 else (g_text + " " + f_text)
                f_text = None
        else:
            if len(gwords) > 1 and region == 1 and given[-1] not in ("bee", "bi", "begum"):
                # Telugu compounds: Venkatalakshmi / Venkata Lakshmi / V. Lakshmi
                r_c = rng.random()
                if r_c < 0.35:
                    gwords = ["".join(gwords)]
                elif r_c < 0.35 + (0.3 if initials else 0.08):
                    gwords = [gwords[0][0] + "."] + gwords[1:]
            g_text = " ".join(gwords)
            f_text = fword
            if case == "upper":
                g_text = g_text.upper()
                f_text = f_text.upper() if f_text else None
            elif case == "title":
                g_text = " ".join(_title(x) for x in g_text.split())
                f_text = " ".join(_title(x) for x in f_text.split()) if f_text else None
            if f_text:
                f_text = f_text.replace("+", " ")
            if region == 1 and f_text:
                if initials:
                    ini = f_text[0].upper() + ("." if rng.random() < 0.7 else "")
                    if one_field or rng.random() < 0.6:
                        g_text = (
                            (ini + " " + g_text) if rng.random() < 0.75 else (g_text + " " + ini)
                        )
                        f_text = None
                    else:
                        f_text = ini
                elif one_field:
                    g_text = (
                        (f_text + " " + g_text) if rng.random() < 0.7 else (g_text + " " + f_text)
                    )
                    f_text = None
                elif rng.random() < 0.06:
                    g_text, f_text = f_text, g_text
            elif one_field and f_text:
                g_text = (f_text + " " + g_text) if rng.random() < 0.04 else (g_text + " " + f_text)
                f_text = None
            if rng.random() < cfg["typo"]:
                g_text = _typo(g_text, rng)
            if f_text and rng.random() < cfg["typo"]:
                f_text = _typo(f_text, rng)
            if rng.random() < cfg["ocr"]:
                g_text = _ocr(g_text, rng)
            if f_text and rng.random() < cfg["ocr"]:
                f_text = _ocr(f_text, rng)
            if rng.random() < cfg["honorific"]:
                if p.sex == "M":
                    hon = "Sri"
                elif p.religion == "m" and region == 0:
                    hon = ("Mst.", "Mosammat", "Most.")[rng.randrange(3)]
                elif p.husband is None and p.birth > 2000:
                    hon = "Kumari"
                else:
                    hon = ("Smt.", "Smt", "Srimati", "SMT.")[rng.randrange(4)]
                g_text = (hon.upper() if case == "upper" else hon) + " " + g_text

        # ---- relative
        relative = None
        if rng.random() < cfg["rel_given"]:
            relative = self.relative(p, cfg, region, native, case, rng)

        # ---- other fields
        native_digits = native and rng.random() < 0.4
        sex = self.sex(p, cfg, region, native, rng)
        age = self.age(p, cfg, native_digits, region, rng)
        phone = self.phone(p, cfg, place, rng)
        id4 = self.id4(p, cfg, native_digits, region, rng)
        village, district, state = self.where(place, cfg, native, region, rng)
        return {
            "record_id": None,
            "source": src,
            "given_name": g_text or None,
            "family_name": f_text or None,
            "relative_name": relative,
            "sex": sex,
            "age": age,
            "phone": phone,
            "id_last4": id4,
            "village": village,
            "district": district,
            "state": state,
        }

    def relative(self, p, cfg, region, native, case, rng) -> str | None:
        kind = "father"
        who = p.father
        if p.sex == "F" and p.husband is not None and rng.random() < cfg["rel_husband"]:
            kind, who = "husband", p.husband
        if p.hh.head is not None and rng.random() < cfg["rel_co"]:
            kind, who = "co", p.hh.head
        gw, fam = who
        gw = list(gw)
        short = self.world.short_male.get("+".join(gw))
        if short and rng.random() < cfg["short_male"]:
            gw = list(_split(short[rng.randrange(len(short))]))
        if not native:
            spelt = []
            for x in gw:
                if rng.random() < 0.25:
                    vs = variants(x, region)
                    if vs:
                        x = vs[rng.randrange(len(vs))]
                spelt.append(x)
            gw = spelt
        if region == 0 and p.religion == "m" and rng.random() < 0.5:
            gw = ["md" if rng.random() < 0.6 else "mohammad"] + gw
        if native:
            name = to_native(" ".join(gw), region)
            if rng.random() < 0.7:
                name = (
                    name + " " + to_native(fam, region)
                    if region == 0
                    else to_native(fam, region) + " " + name
                )
        else:
            words = gw
            if region == 1:
                r = rng.random()
                if r < 0.40:
                    words = [fam[0] + "."] + words
                elif r < 0.65:
                    words = fam.split("+") + words
            elif rng.random() < 0.75:
                words = words + [fam]
            if len(gw) > 1 and gw[-1] in TE_CASTE_TITLE and rng.random() < 0.3:
                words = words[:-1]  # "Venkateswarlu Reddy" written without the title
            name = " ".join(words).replace("+", " ")
            if case == "upper":
                name = name.upper()
            elif case == "title":
                name = " ".join(_title(x) for x in name.split())
            if rng.random() < cfg["typo"]:
                name = _typo(name, rng)
        if kind == "husband" and p.late and rng.random() < 0.6:
            name = (
                ("Late " if rng.random() < 0.5 else "Lt. ") + name
                if not native
                else to_native("late", region) + " " + name
            )
        if rng.random() < cfg["rel_prefix"]:
            if native:
                pref = {
                    ("father", 0): "পিতা",
                    ("husband", 0): "স্বামী",
                    ("co", 0): "প্রযত্নে",
                    ("father", 1): "తండ్రి",
                    ("husband", 1): "భర్త",
                    ("co", 1): "C/o",
                }[(kind, region)]
                name = pref + (": " if rng.random() < 0.5 else " ") + name
            else:
                if kind == "husband":
                    pref = ("W/o", "W/O", "w/o", "W/o.", "Wife of", "H/o", "W/o-")[
                        _pick_cum(rng, _HUS_CUM)
                    ]
                elif kind == "father":
                    pref = (
                        ("D/o", "D/O", "d/o", "D/o.", "S/o")
                        if p.sex == "F"
                        else ("S/o", "S/O", "s/o")
                    )
                    pref = pref[
                        rng.randrange(len(pref)) if p.sex == "M" else _pick_cum(rng, _DAU_CUM)
                    ]
                else:
                    pref = ("C/o", "C/O", "c/o", "Care of")[_pick_cum(rng, _CO_CUM)]
                name = pref + (" " if rng.random() < 0.9 else "") + name
        return name

    def sex(self, p, cfg, region, native, rng) -> str | None:
        if rng.random() < cfg["sex_missing"]:
            return None if rng.random() < 0.7 else ""
        female = p.sex == "F"
        if rng.random() < 0.004:
            female = not female
        if native and rng.random() < 0.6:
            if female:
                return (
                    ("মহিলা", "স্ত্রী")[rng.randrange(2)]
                    if region == 0
                    else ("స్త్రీ", "మహిళ")[rng.randrange(2)]
                )
            return "পুরুষ" if region == 0 else "పురుషుడు"
        if female:
            s = cfg["sex_ways"][rng.randrange(len(cfg["sex_ways"]))]
            if s == "Mahila" and region == 1:
                s = "Mahila" if rng.random() < 0.3 else "F"
            return s
        return ("M", "Male", "M", "male", "MALE")[rng.randrange(5)]

    def age(self, p, cfg, native_digits, region, rng) -> str | None:
        if rng.random() < cfg["age_missing"]:
            return None if rng.random() < 0.6 else ("", "-", "NA")[rng.randrange(3)]
        if rng.random() < 0.02:
            return ("adult", "?", "0", "3O", "major", "00")[rng.randrange(6)]
        year = cfg["year"]
        if rng.random() < cfg["stale"]:
            year -= rng.randint(3, 6)
        if rng.random() < cfg["yob"]:
            y = p.birth + (rng.randint(-1, 1) if rng.random() < 0.3 else 0)
            r = rng.random()
            txt = (
                str(y)
                if r < 0.4
                else f"01/01/{y}"
                if r < 0.65
                else f"DOB {y}"
                if r < 0.75
                else f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{y}"
                if r < 0.9
                else f"b. {y}"
            )
        else:
            a = year - p.birth
            if cfg["guess_sd"] > 1.5 or rng.random() < 0.3:
                a = int(round(a + rng.gauss(0, cfg["guess_sd"])))
            if rng.random() < cfg["heap"]:
                a = 5 * int(round(a / 5.0))
            a = max(a, 1)
            if cfg["hand"] and rng.random() < 0.01:
                a = int(str(a)[::-1])  # digits swapped while copying
            r = rng.random()
            txt = (
                str(a)
                if r < 0.6
                else f"{a} yrs"
                if r < 0.72
                else f"{a} Y"
                if r < 0.8
                else f"{a}yrs"
                if r < 0.88
                else f"approx {a}"
                if r < 0.94
                else f"{a} years"
            )
            if cfg["guess_sd"] >= 4 and rng.random() < 0.2:
                txt = f"~{a}"
        if native_digits:
            txt = txt.translate(BN_DIGITS if region == 0 else TE_DIGITS)
        return txt

    def phone(self, p, cfg, place, rng) -> str | None:
        if rng.random() < cfg["volunteer"]:
            vols = self.world.volunteers[place.district]
            number = vols[rng.randrange(len(vols))]
        else:
            number = None
            if rng.random() >= cfg["phone_missing"]:
                if p.phone is not None:
                    r = rng.random()
                    if r < 0.80:
                        number = (
                            p.phone2
                            if (p.phone2 is not None and cfg["year"] >= 2022 and rng.random() < 0.6)
                            else p.phone
                        )
                    elif r < 0.92:
                        number = p.hh.phone
                else:
                    number = p.hh.phone if rng.random() < 0.75 else None
        if number is None:
            r = rng.random()
            return None if r < 0.5 else MISSING_PHONE[rng.randrange(len(MISSING_PHONE))]
        if "-" in number:  # landline as written
            return number if rng.random() < 0.7 else number.replace("-", " ")
        hand = cfg["hand"]
        number = _digit_slip(
            number,
            rng,
            0.04 if hand else 0.01,
            0.03 if hand else 0.01,
            0.02 if hand else 0.005,
            0.03 if hand else 0.0,
        )
        r = rng.random()
        fmt = r * 0.8 if cfg["year"] >= 2025 else r  # a digital form: fewer odd layouts
        if fmt < 0.50:
            txt = number
        elif fmt < 0.65:
            txt = number[:5] + " " + number[5:]
        elif fmt < 0.75:
            txt = "+91 " + number[:5] + " " + number[5:]
        elif fmt < 0.82:
            txt = "+91" + number
        elif fmt < 0.90:
            txt = "0" + number
        elif fmt < 0.95:
            txt = number[:5] + "-" + number[5:]
        else:
            txt = "91-" + number
        if rng.random() < 0.02:
            txt = txt + " / " + _mobile(rng)
        elif rng.random() < 0.02:
            txt = txt + (" (husband)" if rng.random() < 0.6 else " (son)")
        return txt

    def id4(self, p, cfg, native_digits, region, rng) -> str | None:
        if rng.random() >= cfg["id_given"]:
            return None if rng.random() < 0.85 else ("", "NA", "-")[rng.randrange(3)]
        d = p.aadhaar4
        if p.hh.ration4 is not None and rng.random() < cfg["ration_id"]:
            d = p.hh.ration4
        r = rng.random()
        if r < 0.03:
            d = _digit_slip(d, rng, 0.5, 0.5, 0.0, 0.0)
        elif r < 0.06:
            d = _digit_slip(d, rng, 0.0, 0.0, 0.0, 1.0)
        r = rng.random()
        txt = (
            d
            if r < 0.6
            else "XXXX" + d
            if r < 0.78
            else "xxxx-" + d
            if r < 0.9
            else "XXXX XXXX " + d
        )
        if native_digits:
            txt = txt.translate(BN_DIGITS if region == 0 else TE_DIGITS)
        return txt

    def where(self, place: _Place, cfg, native, region, rng):
        # village
        village = None
        if rng.random() >= cfg["vill_missing"]:
            v = place.village
            if place.ward is not None:
                w = place.ward
                if native and region == 0:
                    village = (
                        f"{w} নং ওয়ার্ড".translate(BN_DIGITS) if rng.random() < 0.5 else f"ওয়ার্ড {w}"
                    )
                elif native:
                    village = f"{w}వ వార్డు" if rng.random() < 0.5 else f"వార్డు నం. {w}"
                else:
                    r = rng.random()
                    village = (
                        f"Ward No. {w}"
                        if r < 0.35
                        else f"Ward {w}"
                        if r < 0.6
                        else f"W-{w}"
                        if r < 0.72
                        else f"{w} No. Ward"
                        if r < 0.82
                        else f"Ward no {w}"
                        if r < 0.92
                        else f"WARD-{w}"
                    )
                if rng.random() < 0.2:
                    village = village + ", " + _title(place.district_ways[0])
            else:
                if not native and rng.random() < 0.30:
                    for suf, alts in VILLAGE_SUFFIX_VARIANTS.items():
                        if v.endswith(suf):
                            v = v[: -len(suf)] + alts[rng.randrange(len(alts))]
                            break
                    else:
                        vs = variants(v, region)
                        if vs:
                            v = vs[rng.randrange(len(vs))]
                if native:
                    village = to_native(v, region)
                else:
                    village = _title(v) if rng.random() < 0.85 else v.upper()
                    if rng.random() < 0.1:
                        para = WB_PARA if region == 0 else TE_PARA
                        village = (
                            village
                            + (", " if rng.random() < 0.5 else " ")
                            + _title(para[rng.randrange(len(para))])
                        )
                    if rng.random() < cfg["vill_decor"]:
                        r = rng.random()
                        if region == 1:
                            village = (
                                village + " (V)"
                                if r < 0.5
                                else "Vill: " + village
                                if r < 0.7
                                else village + " Vill"
                            )
                        else:
                            village = (
                                "Vill- " + village
                                if r < 0.4
                                else "Vill: " + village
                                if r < 0.6
                                else "Vill & PO " + village
                                if r < 0.8
                                else "Vill. " + village
                            )
                    if rng.random() < cfg["typo"]:
                        village = _typo(village, rng)
        # district
        district = None
        if rng.random() >= cfg["dist_missing"]:
            if native and rng.random() < 0.7:
                district = place.district_native
            elif place.old_district is not None and rng.random() < cfg["old_district"]:
                district = place.old_district
            else:
                ways = place.district_ways
                district = ways[0] if rng.random() < 0.55 else ways[rng.randrange(len(ways))]
                if rng.random() < 0.1:
                    district = district.upper()
        # state
        state = None
        if rng.random() >= cfg["state_missing"]:
            st = place.state
            if st == "ts" and rng.random() < cfg["old_state"]:
                st = "ap"
            ways, nat = STATE_WAYS[st]
            if native and rng.random() < 0.6:
                state = nat
            else:
                state = ways[0] if rng.random() < 0.6 else ways[rng.randrange(len(ways))]
        return village, district, state


_HUS_CUM = list(accumulate([40, 20, 12, 8, 8, 4, 3]))
_DAU_CUM = list(accumulate([45, 20, 15, 10, 3]))
_CO_CUM = list(accumulate([55, 25, 15, 5]))


def generate(n_records: int, seed: int = 1) -> tuple[list[dict], dict[str, str]]:
    """About n_records records (exactly n_records), and truth: record_id -> person id."""
    if n_records <= 0:
        return [], {}
    maker = _Maker(seed)
    by_source: dict[str, list] = {s: [] for s in SOURCE_NAMES}
    total = 0
    while total < n_records:
        for person in maker.household():
            for src in maker.lists_for(person):
                by_source[src].append((maker.row(person, src), person.pid))
                total += 1
                if total >= n_records:
                    break
            if total >= n_records:
                break
    rng = maker.rng
    records: list[dict] = []
    truth: dict[str, str] = {}
    k = 0
    for src in SOURCE_NAMES:
        rows = by_source[src]
        rng.shuffle(rows)  # a list is in its own order, not grouped by person
        for rec, pid in rows:
            k += 1
            rid = "B%07d" % k
            rec["record_id"] = rid
            truth[rid] = pid
            records.append(rec)
        by_source[src] = []
    return records, truth


def _write_csv(fh, records: list[dict], truth: dict[str, str]) -> None:
    w = csv.writer(fh)
    w.writerow((*FIELDS, "person"))
    for rec in records:
        w.writerow(
            [rec[f] if rec[f] is not None else "" for f in FIELDS] + [truth[rec["record_id"]]]
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="-", help="CSV path ('-' for stdout)")
    args = ap.parse_args(argv)
    records, truth = generate(args.records, args.seed)
    if args.out == "-":
        _write_csv(sys.stdout, records, truth)
    else:
        with open(args.out, "w", newline="", encoding="utf-8") as fh:
            _write_csv(fh, records, truth)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
