"""Realistic demo data: names in Latin and native scripts, households, documents in every status."""

from __future__ import annotations

import random
from dataclasses import dataclass

# (Latin, native script)
BENGALI_GIVEN = [
    ("Lakshmi", "লক্ষ্মী"),
    ("Rina", "রিনা"),
    ("Mina", "মিনা"),
    ("Sabita", "সবিতা"),
    ("Rekha", "রেখা"),
    ("Anjali", "অঞ্জলি"),
    ("Purnima", "পূর্ণিমা"),
    ("Shefali", "শেফালি"),
    ("Rahima", "রহিমা"),
    ("Salma", "সালমা"),
    ("Fatema", "ফাতেমা"),
    ("Bijoya", "বিজয়া"),
    ("Kakoli", "কাকলি"),
    ("Mousumi", "মৌসুমী"),
    ("Tumpa", "টুম্পা"),
    ("Putul", "পুতুল"),
    ("Jharna", "ঝর্ণা"),
    ("Sima", "সীমা"),
    ("Shyamali", "শ্যামলী"),
    ("Arati", "আরতি"),
    ("Sonali", "সোনালি"),
    ("Nasima", "নাসিমা"),
    ("Chaina", "চায়না"),
    ("Bulbuli", "বুলবুলি"),
]
BENGALI_FAMILY = [
    ("Das", "দাস"),
    ("Mondal", "মণ্ডল"),
    ("Biswas", "বিশ্বাস"),
    ("Sarkar", "সরকার"),
    ("Khatun", "খাতুন"),
    ("Bibi", "বিবি"),
    ("Roy", "রায়"),
    ("Ghosh", "ঘোষ"),
    ("Halder", "হালদার"),
    ("Sheikh", "শেখ"),
    ("Naskar", "নস্কর"),
    ("Bag", "বাগ"),
    ("Pramanik", "প্রামাণিক"),
    ("Sardar", "সর্দার"),
    ("Begum", "বেগম"),
    ("Paul", "পাল"),
]
TELUGU_GIVEN = [
    ("Padma", "పద్మ"),
    ("Lakshmi", "లక్ష్మి"),
    ("Sujatha", "సుజాత"),
    ("Kavitha", "కవిత"),
    ("Swapna", "స్వప్న"),
    ("Ramadevi", "రమాదేవి"),
    ("Nagamani", "నాగమణి"),
    ("Vijaya", "విజయ"),
    ("Anitha", "అనిత"),
    ("Saritha", "సరిత"),
    ("Durga", "దుర్గ"),
    ("Mahalakshmi", "మహాలక్ష్మి"),
    ("Bhavani", "భవాని"),
    ("Yasoda", "యశోద"),
    ("Rani", "రాణి"),
    ("Jyothi", "జ్యోతి"),
]
TELUGU_FAMILY = [
    ("Gollapudi", "గొల్లపూడి"),
    ("Kotha", "కొత్త"),
    ("Boddu", "బొడ్డు"),
    ("Chinta", "చింత"),
    ("Pasupuleti", "పసుపులేటి"),
    ("Mandala", "మండల"),
    ("Kandula", "కందుల"),
    ("Yerra", "ఎర్ర"),
    ("Bandi", "బండి"),
    ("Gudla", "గుడ్ల"),
    ("Shaik", "షేక్"),
    ("Dasari", "దాసరి"),
]
HINDI_GIVEN = [("Sunita", "सुनीता"), ("Pooja", "पूजा"), ("Geeta", "गीता"), ("Kiran", "किरण")]
HINDI_FAMILY = [("Kumari", "कुमारी"), ("Devi", "देवी"), ("Yadav", "यादव"), ("Paswan", "पासवान")]

CHILD_NAMES = ["Rohit", "Puja", "Sanju", "Mithu", "Raju", "Tania", "Arif", "Sohel", "Ravi", "Sai"]
VILLAGES = {
    "South 24 Parganas": ["Canning", "Basanti", "Gosaba", "Diamond Harbour", "Kakdwip"],
    "North 24 Parganas": ["Basirhat", "Hasnabad", "Bongaon", "Barasat", "Sandeshkhali"],
    "Murshidabad": ["Lalgola", "Domkal", "Jangipur"],
    "Guntur": ["Tenali", "Mangalagiri", "Ponnur", "Bapatla"],
    "East Godavari": ["Kakinada", "Rajahmundry", "Amalapuram", "Peddapuram"],
}


@dataclass
class DemoPerson:
    primary: str
    native: str
    alias: str
    language: str
    sex: str
    gender: str


def person(rng: random.Random, state: str) -> DemoPerson:
    sex, gender = "female", "woman"
    roll = rng.random()
    if roll < 0.04:
        sex, gender = "male", "trans_woman"
    elif roll < 0.06:
        sex, gender = "male", "hijra"
    if state == "WB":
        if rng.random() < 0.08:
            g, f = rng.choice(HINDI_GIVEN), rng.choice(HINDI_FAMILY)
            return DemoPerson(f"{g[0]} {f[0]}", f"{g[1]} {f[1]}", "", "hi", sex, gender)
        g, f = rng.choice(BENGALI_GIVEN), rng.choice(BENGALI_FAMILY)
        alias = rng.choice(BENGALI_GIVEN)[0] if rng.random() < 0.15 else ""
        return DemoPerson(f"{g[0]} {f[0]}", f"{g[1]} {f[1]}", alias, "bn", sex, gender)
    g, f = rng.choice(TELUGU_GIVEN), rng.choice(TELUGU_FAMILY)
    # Telugu order: family (house) name first
    alias = f"{f[0][0]}. {g[0]}" if rng.random() < 0.3 else ""
    return DemoPerson(f"{f[0]} {g[0]}", f"{f[1]} {g[1]}", alias, "te", sex, gender)
