"""The French and Spanish catalogues are complete and compiled."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from tests.support import ROOT

FIELD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$')
CONTINUATION = re.compile(r'^(".*")$')


def po_entries(path: Path) -> list[dict]:
    """Entries of a .po file: ``context`` (or None), ``msgid``, ``msgstr`` (list, one per
    plural form), ``fuzzy``."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        fuzzy = False
        current = None
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif match := FIELD.match(line):
                current = match.group(1)
                fields[current] = match.group(2)[1:-1]
            elif current and (match := CONTINUATION.match(line)):
                fields[current] += match.group(1)[1:-1]
        if fields.get("msgid"):
            strings = [value for key, value in sorted(fields.items()) if key.startswith("msgstr")]
            entries.append(
                {
                    "context": fields.get("msgctxt"),
                    "msgid": fields["msgid"],
                    "msgstr": strings,
                    "fuzzy": fuzzy,
                }
            )
    return entries


@pytest.mark.parametrize("domain", ["django", "djangojs"])
@pytest.mark.parametrize("language", ["fr", "es"])
def test_catalogue_is_complete(language, domain):
    path = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"

    entries = po_entries(path)

    assert path.with_suffix(".mo").exists()
    assert len(entries) > 50
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if e["fuzzy"]]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["fr", "es"])
def test_compiled_catalogue_matches_the_source(language):
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    with translation.override(language):
        mismatched = [
            e["msgid"]
            for e in po_entries(path)
            if len(e["msgstr"]) == 1
            and "%" not in e["msgid"]
            and "\\" not in e["msgid"]
            and (
                translation.pgettext(e["context"], e["msgid"])
                if e["context"]
                else translation.gettext(e["msgid"])
            )
            != e["msgstr"][0]
        ]

    assert mismatched == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            ["Annulé", "Annulée", "Annulée", "Annulée", "Refusée", "Refusé", "Retirée", "Retiré"],
        ),
        (
            "es",
            [
                "Cancelado",
                "Cancelada",
                "Cancelada",
                "Cancelada",
                "Rechazada",
                "Rechazado",
                "Retirada",
                "Retirado",
            ],
        ),
    ],
)
def test_status_labels_agree_with_what_they_describe(language, expected):
    """One English word, several French and Spanish ones: an event is "annulé", a
    session "annulée", a paper "retiré", a motion "retirée"."""
    from debates.models import MotionStatus
    from events.models import AccreditationStatus, EventStatus
    from forums.models import SeatStatus, SessionStatus
    from papers.models import PaperStatus

    labels = [
        EventStatus.CANCELLED.label,
        SessionStatus.CANCELLED.label,
        SeatStatus.CANCELLED.label,
        AccreditationStatus.CANCELLED.label,
        AccreditationStatus.REJECTED.label,
        PaperStatus.REJECTED.label,
        MotionStatus.WITHDRAWN.label,
        PaperStatus.WITHDRAWN.label,
    ]
    with translation.override(language):
        assert [str(label) for label in labels] == expected
