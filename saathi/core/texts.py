"""Generated text stored as a code with parameters, rendered in the reader's language.

A job's title ("Import of responses: Food needs"), a ledger line ("Distribution: Cash
support") is written by the system, read later by someone else, maybe in another
language. It is stored as ``code`` + ``params`` (JSON) and rendered when read::

    IMPORT = texts.define("linkage.import_list", _("Import of a beneficiary list"))
    job_start(..., title=texts.Text(IMPORT))           # stores the code and the params
    texts.render(job.title_code, job.title_params)     # in the active language

Parameters are data (a list's name, a count) and are not translated. A code that is no
longer defined renders the English text stored beside it (``fallback``). Codes are
never renamed: rows in the database carry them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import override

_CODES: dict = {}


def define(code: str, text) -> str:
    """Register ``code`` for ``text`` (a gettext_lazy string with %(name)s parameters)."""
    if code in _CODES and str(_CODES[code]) != str(text):
        raise ValueError(f"text code {code} is defined twice")
    _CODES[code] = text
    return code


def render(code: str, params: dict | None = None, fallback: str = "") -> str:
    text = _CODES.get(code or "")
    if text is None:
        return fallback or code or ""
    params = dict(params or {})
    suffix = params.pop("_suffix", "")
    try:
        out = str(text) % params if params else str(text)
    except (KeyError, TypeError, ValueError):  # a translation that lost a parameter
        with override("en"):
            out = str(text) % params if params else str(text)
    return f"{out} ({suffix})" if suffix else out


@dataclass(frozen=True)
class Text:
    """A generated text to store: its code and its parameters (JSON values)."""

    code: str
    params: dict = field(default_factory=dict)

    def with_suffix(self, suffix: str) -> Text:
        return Text(self.code, {**self.params, "_suffix": suffix})

    def english(self) -> str:
        with override("en"):
            return render(self.code, self.params)

    def __str__(self) -> str:
        return render(self.code, self.params)
