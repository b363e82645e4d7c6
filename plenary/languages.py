"""Languages by name, in the reader's language, for choice lists."""

import unicodedata

from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

# Codes Django knows by another name (it names only the two written forms of Chinese).
LANGUAGE_NAMES = {"zh": _("Chinese")}


def language_name(code: str) -> str:
    """The name of a language in the active language ("French", "français", "francés")."""
    if code in LANGUAGE_NAMES:
        return capfirst(str(LANGUAGE_NAMES[code]))
    try:
        return capfirst(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def language_choices(codes) -> list[tuple[str, str]]:
    """Languages by name, in the reader's alphabetical order of names."""
    return sorted(((code, language_name(code)) for code in codes), key=lambda c: _sort_key(c[1]))


def _sort_key(name: str) -> str:
    """``Árabe`` between ``Alemán`` and ``Chino``: letters without their accents."""
    letters = unicodedata.normalize("NFKD", name.casefold())
    return "".join(letter for letter in letters if not unicodedata.combining(letter))
