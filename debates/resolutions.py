"""A text as readers see it, from the room state (the fold of the log): numbered
paragraphs and lines in one language, its amendments with their fate, the voting order;
once adopted, the resolution in the three languages with the vote that adopted it, the
amendments that changed it and the changes from the draft; and its Markdown form."""

from django.utils.translation import gettext as _

from debates import amending

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}


def status_label(status: str) -> str:
    return {
        "submitted": _("Submitted"),
        "withdrawn": _("Withdrawn"),
        "merged": _("Merged"),
        "accepted": _("Accepted as a change"),
        "voting": _("Being voted"),
        "carried": _("Carried"),
        "failed": _("Failed"),
        "fell": _("Fell"),
    }.get(status, status)


def fell_label(reason: dict | None, numbers: dict) -> str:
    """Why an amendment fell; ``numbers`` gives the draft's paragraphs their numbers."""
    if not reason:
        return ""
    words = {
        "deleted": _("paragraph %(paragraph)s was deleted by amendment %(by)s"),
        "replaced": _("paragraph %(paragraph)s was replaced by amendment %(by)s"),
        "anchor_deleted": _(
            "the paragraph it follows, %(paragraph)s, was deleted by amendment %(by)s"
        ),
        "amended_fell": _("the amendment it amends, %(by)s, fell"),
        "amended_voted": _("the amendment it amends, %(by)s, was voted first"),
        "amended_accepted": _("the amendment it amends, %(by)s, was accepted as a change"),
        "amended_withdrawn": _("the amendment it amends, %(by)s, was withdrawn"),
        "amended_merged": _("the amendment it amends, %(by)s, was merged into another"),
    }[reason["code"]]
    paragraph = reason.get("paragraph") or ""
    return words % {"paragraph": numbers.get(paragraph, paragraph), "by": reason["by"]}


def operation_label(operation: dict, numbers: dict, language: str) -> str:
    if operation["op"] == "insert":
        after = operation["after"]
        where = (
            _("after paragraph %(number)s") % {"number": numbers.get(after, after)}
            if after
            else _("at the start")
        )
        return _("Insert %(where)s: “%(text)s”") % {
            "where": where,
            "text": operation["text"].get(language) or "…",
        }
    number = numbers.get(operation["paragraph"], operation["paragraph"])
    if operation["op"] == "delete":
        return _("Delete paragraph %(number)s") % {"number": number}
    return _("Replace paragraph %(number)s: “%(text)s”") % {
        "number": number,
        "text": operation["text"].get(language) or "…",
    }


def _needs(signed: dict) -> list[str]:
    """The languages still to sign off, in a fixed order (JSON keys may come reordered)."""
    return [language for language in amending.LANGUAGES if not signed.get(language)]


def text_present(text: dict, votes: list[dict], language: str) -> dict:
    """What the text page shows, in ``language``."""
    numbers = {p["key"]: index for index, p in enumerate(text["draft"], start=1)}
    by_motion = {vote["motion"]: vote for vote in votes}
    amendments = []
    for amendment in text["amendments"]:
        vote = by_motion.get(amendment["motion"])
        amendments.append(
            {
                **amendment,
                "status_label": status_label(amendment["status"]),
                "fell_label": fell_label(amendment["fell"], numbers),
                "operations_shown": [
                    operation_label(op, numbers, language) for op in amendment["operations"]
                ],
                "needs": _needs(amendment["signed"]),
                "tally": (vote.get("result") or {}).get("tally") if vote else None,
            }
        )
    final = by_motion.get(text["motion"]) if text["motion"] else None
    return {
        **text,
        "language": language,
        "numbered": amending.numbered(text["paragraphs"], language),
        "amendments_shown": amendments,
        "changed_by": [a for a in amendments if a["status"] in ("carried", "accepted")],
        "needs": _needs(text["signed"]),
        "final": (final.get("result") or {}) if final else None,
        "versions": [
            {
                "language": lang,
                "name": LANGUAGE_NAMES[lang],
                "numbered": amending.numbered(text["paragraphs"], lang),
                "diff": amending.diff(text["draft"], text["paragraphs"], lang),
            }
            for lang in amending.LANGUAGES
        ],
    }


def resolution_markdown(shown: dict, *, debate_title: str) -> str:
    """The adopted text in its three languages, the vote and the amendments, in
    Markdown."""
    lines = [f"# {shown['title']}", ""]
    if debate_title != shown["title"]:
        lines += [debate_title, ""]
    final = shown["final"] or {}
    tally = final.get("tally")
    if tally:
        lines += [
            _("Adopted: %(yes)d for, %(no)d against, %(abstain)d abstaining.") % tally,
            "",
        ]
    if shown["provisional"]:
        lines += [
            _("Provisional: put to the vote before every language version was signed off."),
            "",
        ]
    for version in shown["versions"]:
        lines += [f"## {version['name']}", ""]
        for paragraph in version["numbered"]:
            words = " ".join(line["text"] for line in paragraph["lines"])
            lines += [f"{paragraph['number']}. {words}", ""]
    if shown["changed_by"]:
        lines += [f"## {_('Amendments')}", ""]
        for amendment in shown["changed_by"]:
            who = (amendment["proposer"] or {}).get("organization", "")
            lines.append(f"- {amendment['id']} ({who}): {amendment['status_label']}")
            lines += [f"  - {label}" for label in amendment["operations_shown"]]
        lines.append("")
    return "\n".join(lines)


def agenda_present(state: dict, language: str) -> list[dict]:
    """The agenda items opened so far, in ``language``, each with its text (if any)."""
    texts = {text["item"]: text for text in state.get("texts", [])}
    agenda = state.get("agenda") or {"current": None, "items": []}
    return [
        {
            "id": item["id"],
            "position": item["position"],
            "title": item["title"].get(language) or item["title"]["en"],
            "open": item["id"] == agenda["current"],
            "text": texts.get(item["id"]),
        }
        for item in sorted(agenda["items"], key=lambda item: item["position"])
    ]
