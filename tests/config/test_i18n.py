"""The French and Spanish catalogues are complete and compiled."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from tests.support import ROOT

ENTRY = re.compile(r'^(#, fuzzy\n)?msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)


def po_entries(path: Path) -> list[tuple[str, str, bool]]:
    text = path.read_text(encoding="utf-8")

    def join(block: str) -> str:
        return "".join(re.findall(r'"(.*)"', block))

    return [
        (join(match.group(2)), join(match.group(3)), bool(match.group(1)))
        for match in ENTRY.finditer(text)
        if join(match.group(2))
    ]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_catalogue_is_complete(language):
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"

    entries = po_entries(path)

    assert len(entries) > 50
    untranslated = [msgid for msgid, msgstr, _fuzzy in entries if not msgstr]
    fuzzy = [msgid for msgid, _msgstr, is_fuzzy in entries if is_fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["fr", "es"])
def test_compiled_catalogue_matches_the_source(language):
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    with translation.override(language):
        mismatched = [
            msgid
            for msgid, msgstr, _fuzzy in po_entries(path)
            if "%" not in msgid and translation.gettext(msgid) != msgstr.replace('\\"', '"')
        ]

    assert mismatched == []
