from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    WEST_BENGAL = "WB", _("West Bengal")
    ANDHRA_PRADESH = "AP", _("Andhra Pradesh")
    TELANGANA = "TG", _("Telangana")
    BIHAR = "BR", _("Bihar")
    JHARKHAND = "JH", _("Jharkhand")
    ODISHA = "OD", _("Odisha")
    ASSAM = "AS", _("Assam")
    MAHARASHTRA = "MH", _("Maharashtra")
    KARNATAKA = "KA", _("Karnataka")
    TAMIL_NADU = "TN", _("Tamil Nadu")
    DELHI = "DL", _("Delhi")
    UTTAR_PRADESH = "UP", _("Uttar Pradesh")
    OTHER = "XX", _("Other state")


class Language(models.TextChoices):
    BENGALI = "bn", _("Bengali")
    TELUGU = "te", _("Telugu")
    HINDI = "hi", _("Hindi")
    ENGLISH = "en", _("English")
    URDU = "ur", _("Urdu")
    ODIA = "or", _("Odia")
    NEPALI = "ne", _("Nepali")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    INTERSEX = "intersex", _("Intersex")
    NOT_STATED = "not_stated", _("Not stated")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    TRANSGENDER_WOMAN = "trans_woman", _("Transgender woman")
    TRANSGENDER_MAN = "trans_man", _("Transgender man")
    HIJRA = "hijra", _("Hijra / Kinnar")
    NON_BINARY = "non_binary", _("Non-binary")
    NOT_STATED = "not_stated", _("Not stated")


class Script(models.TextChoices):
    LATIN = "latin", _("Latin")
    BENGALI = "bengali", _("Bengali script")
    TELUGU = "telugu", _("Telugu script")
    DEVANAGARI = "devanagari", _("Devanagari")
    OTHER = "other", _("Other script")


class NameKind(models.TextChoices):
    DOCUMENT = "document", _("As in a document")
    PREFERRED = "preferred", _("Preferred name")
    NATIVE = "native", _("In native script")
    ALIAS = "alias", _("Alias")
    MAIDEN = "maiden", _("Name before marriage")
    MARRIED = "married", _("Name after marriage")


class MembershipRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    MEMBER = "member", _("Member")


class Relationship(models.TextChoices):
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent (elderly)")
    SPOUSE = "spouse", _("Spouse or partner")
    SIBLING = "sibling", _("Sibling")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other relative")


class DocumentKind(models.TextChoices):
    AADHAAR = "aadhaar", _("Aadhaar")
    RATION_CARD = "ration_card", _("Ration card")
    VOTER_ID = "voter_id", _("Voter ID")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    PAN = "pan", _("PAN card")
    CASTE_CERTIFICATE = "caste_certificate", _("Caste certificate")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    DISABILITY_CERTIFICATE = "disability_certificate", _("Disability certificate")
    OTHER = "other", _("Other document")


class DocumentStatus(models.TextChoices):
    HELD = "held", _("Held")
    APPLIED = "applied", _("Applied for")
    MISSING = "missing", _("Missing")
    LOST = "lost", _("Lost")


class RationCategory(models.TextChoices):
    AAY = "aay", _("Antyodaya Anna Yojana (AAY)")
    PHH = "phh", _("Priority household (PHH)")
    STATE = "state", _("State category")
    NONE = "", _("Not applicable")


class BankAccountType(models.TextChoices):
    JAN_DHAN = "jan_dhan", _("Jan Dhan (PMJDY)")
    OTHER = "other", _("Other savings account")
    NONE = "", _("Not applicable")


class IdentificationRoute(models.TextChoices):
    DOCUMENTARY = "documentary", _("Documentary proof")
    NACO_SACS = "naco_sacs", _("Certificate from NACO or a State AIDS Control Society")
    DLSA_LIST = "dlsa_list", _("Community list verified by the legal services authority")
    OTHER = "other", _("Other route")
