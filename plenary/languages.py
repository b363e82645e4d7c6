"""Languages by name: the choices of every form that asks for one."""

import unicodedata

from babel import localedata
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

COMMON_LANGUAGES = ["en", "fr", "es", "pt", "ar", "zh", "ru", "de", "it", "ja", "ko", "tr"]
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


def is_known_language(code) -> bool:
    """Whether ``code`` is a language code the world knows (``fr``, ``wo``), not ``xx``."""
    return (
        isinstance(code, str)
        and 2 <= len(code) <= 3
        and code.isascii()
        and code.isalpha()
        and code.islower()
        and localedata.exists(code)
    )


def _sort_key(name: str) -> str:
    """``Árabe`` between ``Alemán`` and ``Chino``: letters without their accents."""
    letters = unicodedata.normalize("NFKD", name.casefold())
    return "".join(letter for letter in letters if not unicodedata.combining(letter))
