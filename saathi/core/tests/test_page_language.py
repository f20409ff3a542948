"""Every page in Bengali and Telugu has no English words outside names and data.

The URL sweep's world and route list (test_url_sweep.py): every route a role may GET is
rendered with the user's language set to bn, then te, and the text a reader sees (text
nodes, aria-label, placeholder, title, alt) is split into words. A word is "English" when
it is in the English vocabulary of the software - every msgid of Saathi's catalogues, of
Django's and of allauth's, the strings that can leak untranslated - and it is not data:
the words of every text stored in the database (names, villages, lists, schemes, forms),
except the English fallbacks of generated text stored as a code (core.texts), plus a few
names of things (ALLOWED). Content in another language on purpose (the language buttons,
``lang="en"``) and code (``<code>``, ``<script>``, ``<style>``) are not read.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import reverse

from saathi.core.policy import Role

from .test_url_sweep import EXPECTED, ROLES, _objects, _url

ROOT = Path(settings.BASE_DIR)
WORD = re.compile(r"[A-Za-z][A-Za-z’']+")
# a token as written: identifiers (handed_over_by, label::Bengali, select_one) and a single
# quoted word (the “survey” sheet) are names of things, not words of the text
TOKEN = re.compile(r"“[^”\s]+”|\S+")
# names of things, written the same in every language of the platform
ALLOWED = {
    "saathi",
    "phq",  # wellbeing: names of the screening instruments (PHQ-9, GAD-7, PSS-10)
    "gad",  # wellbeing
    "pss",  # wellbeing
    "aadhaar",
    "csv",
    "xlsx",
    "zip",
    "pdf",
    "sms",
    "otp",
    "upi",
    "hxl",
    "api",
    "mfa",
    "totp",
    "xlsform",
    "kobo",
    "odk",
    # names of the field tools a form designer knows (ODK Collect, KoboCollect...)
    "collect",
    "kobocollect",
    "kobotoolbox",
    "pyxform",
    "xls",
    "gps",
    "ngo",
    "english",
    "www",
    "http",
    "https",
    "json",
    "openapi",
    "qr",
    "id",
    "ids",
    "naco",
    "sacs",
    "dlsa",
    "nfsa",
    "aay",
    "phh",
    "pds",
    "excel",
    "jpeg",
    "png",
    "yyyy",
    "imei",  # livelihoods: a phone's number, named so on the phone itself
    # Kobo/ODK's own term for a submission's id column, kept by the translators
    "instance",
}
# Pages that still show code names to the reader, and whose owner is changing them now:
# the audit fields of "who accessed this record" (issue 11, item 10).
KNOWN = {"people:member_access_log": {"applications", "attachment"}}
SKIP_TAGS = {"script", "style", "code", "textarea", "template"}
READ_ATTRS = ("aria-label", "placeholder", "title", "alt")
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base"}


def _msgids(po: Path) -> list[str]:
    out, cur, inside = [], [], False
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgid_plural ")):
            if cur:
                out.append("".join(cur))
            cur, inside = [line.split(" ", 1)[1].strip().strip('"')], True
        elif line.startswith('"') and inside:
            cur.append(line.strip().strip('"'))
        else:
            inside = False if line.startswith("msgstr") else inside
    if cur:
        out.append("".join(cur))
    return out


def _vocabulary() -> set[str]:
    pos = [
        p for d in [ROOT / "locale", *ROOT.glob("saathi/**/locale")] for p in d.glob("bn/**/*.po")
    ]
    site = Path(django.__file__).parent
    pos += [site / "contrib/auth/locale/bn/LC_MESSAGES/django.po"]
    pos += [site / "conf/locale/bn/LC_MESSAGES/django.po"]
    allauth = Path(__import__("allauth").__file__).parent / "locale/en/LC_MESSAGES/django.po"
    pos += [allauth] if allauth.exists() else []
    words = set()
    for po in pos:
        for msgid in _msgids(po):
            # the placeholders (%(name)s, {{ x }}) are not words of the text
            text = re.sub(r"%\(\w+\)[sd]|\{\{.*?\}\}|\{\w*\}|<[^>]+>", " ", msgid)
            words |= {w.lower() for w in WORD.findall(text) if len(w) >= 3}
    return words - ALLOWED


def _data_words() -> set[str]:
    """Every word stored as data, but not the English fallbacks of coded text."""
    skip = {("core", "job", "title"), ("relief", "expenditure", "description")}
    coded = {
        ("core", "job", "title"): "title_code",
        ("relief", "expenditure", "description"): "description_code",
    }
    words: set[str] = set()

    def walk(value):
        if isinstance(value, str):
            words.update(w.lower() for w in WORD.findall(value))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)

    for model in apps.get_models():
        meta = model._meta
        for f in meta.concrete_fields:
            if not isinstance(f, models.CharField | models.TextField | models.JSONField):
                continue
            if getattr(f, "choices", None) or f.__class__.__name__ == "EncryptedTextField":
                continue  # choices are rendered through their translated labels
            key = (meta.app_label, meta.model_name, f.name)
            if meta.app_label in ("core", "accounts") and isinstance(f, models.JSONField):
                continue  # job summaries, audit details: written by the system
            qs = model._base_manager.all()
            if key in skip:
                qs = qs.filter(**{coded[key]: ""})
            for value in qs.values_list(f.name, flat=True).iterator():
                walk(value)
    return words


class _Text(HTMLParser):
    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        other_lang = bool(a.get("lang")) and a["lang"] != self.lang
        skip = tag in SKIP_TAGS or other_lang or a.get("translate") == "no"
        if not self._skipping() and not skip:
            self.parts += [a[k] for k in READ_ATTRS if a.get(k)]
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                self.parts.append(a["value"])
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)


def english_words(html: str, lang: str, vocabulary: set[str], data: set[str]) -> list[str]:
    parser = _Text(lang)
    parser.feed(html)
    found = []
    for part in parser.parts:
        for token in TOKEN.findall(part):
            if token.startswith("“") or "_" in token or "::" in token or "@" in token:
                continue
            for w in WORD.findall(token):
                low = w.lower().strip("’'")
                if len(low) >= 3 and low in vocabulary and low not in data:
                    found.append(w)
    return found


PAGE_ROLES = (Role.ORG_ADMIN, Role.COLLECTIVE_LEADER, Role.VIEWER)


@pytest.mark.one_pass
@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["bn", "te"])
def test_every_page_in_bengali_and_telugu_has_no_english_words(world, lang):
    vocabulary = _vocabulary()
    objs_by_role = {role: _objects(world, "a", role) for role in PAGE_ROLES}
    pages: list[tuple[str, str, str]] = []
    for name, spec in sorted(EXPECTED.items()):
        if "get" not in spec:
            continue
        for role, want in zip(ROLES, spec["get"].split(), strict=True):
            if role in PAGE_ROLES and want == "200":
                pages.append((name, role, _url(name, spec["obj"], objs_by_role[role])))
    data = _data_words()
    problems = []
    for name, role, url in pages:
        user = world.user("a", role)
        user.language = lang
        user.save(update_fields=["language"])
        client = Client()
        client.force_login(user)
        r = client.get(url)
        if not r.get("Content-Type", "").startswith("text/html"):
            continue
        words = set(english_words(r.content.decode(), lang, vocabulary, data))
        words -= KNOWN.get(name, set())
        if words:
            problems.append(f"{name} ({role}): {' '.join(sorted(words))}")
    # allauth's pages: the login page (before any user), the password change page
    anon = Client()
    anon.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    for label, client_, url in [
        ("login", anon, reverse("account_login")),
        ("password change", client, reverse("account_change_password")),
    ]:
        r = client_.get(url)
        assert r.status_code == 200, (label, r.status_code)
        words = english_words(r.content.decode(), lang, vocabulary, data)
        if words:
            problems.append(f"{label}: {' '.join(sorted(set(words)))}")
    assert not problems, "English words on pages in " + lang + ":\n" + "\n".join(problems)
