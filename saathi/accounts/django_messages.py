"""Strings of Django's password rules, listed so our catalogues translate them.

Django's own Bengali catalogue lacks them and it has no Telugu one for them: the password
pages showed the rules in English (issue 11, item 17). As with allauth's strings
(ADR 0007), listing the msgids here puts them into our catalogues, and LOCALE_PATHS takes
precedence over Django's. Never imported at run time. After upgrading Django, compare
with django/contrib/auth/password_validation.py.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import ngettext_lazy

MESSAGES = [
    _("Your password can’t be too similar to your other personal information."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    _("Your password can’t be a commonly used password."),
    _("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    _("The password is too similar to the %(verbose_name)s."),
    _("This password is too common."),
    _("This password is entirely numeric."),
]
