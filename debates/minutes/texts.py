"""The agenda and the texts in the minutes: items with the times they were opened and
closed; for each text, its draft, every amendment with its fate (carried, failed, fallen
and why, merged, accepted as a change, withdrawn), the chair's overrides of the voting
order and of translations, and the text adopted in three languages."""

from django.utils.translation import gettext as _

from debates import events
from debates.resolutions import fell_label, operation_label, status_label


def _agenda_item_opened(minutes, data, at):
    item = data["item"]
    minutes.agenda[item["id"]] = {
        "id": item["id"],
        "position": item["position"],
        "title": item["title"],
        "opened_at": at,
        "closed_at": None,
    }
    minutes.current_item = item["id"]
    text = data["text"]
    if text is not None:
        minutes.texts[text["id"]] = {
            "id": text["id"],
            "item": text["item"],
            "title": text["title"],
            "authentic": text["authentic"],
            "draft": text["draft"],
            "amendments": {a["id"]: _amendment(a) for a in text["amendments"]},
            "overrides": [],
            "status": text["status"],
            "provisional": text["provisional"],
            "adopted": None,
            "vote": None,
        }


def _amendment(entry: dict) -> dict:
    proposer = entry["proposer"]
    return {
        "id": entry["id"],
        "amends": entry["amends"],
        "language": entry["language"],
        "proposer": f"{proposer['name']} ({proposer['organization']})" if proposer else "",
        "reason": entry["reason"],
        "operations": entry["operations"],
        "status": entry["status"],
        "fell": None,
        "motion": None,
    }


def _agenda_item_closed(minutes, data, at):
    if data["item"] in minutes.agenda:
        minutes.agenda[data["item"]]["closed_at"] = at
    if minutes.current_item == data["item"]:
        minutes.current_item = None


def _text(minutes, data):
    return minutes.texts.get(data["text"])


def _amendment_of(minutes, data):
    text = _text(minutes, data)
    return text["amendments"].get(data["amendment"]) if text else None


def _translation_signed(minutes, data, at):
    text = _text(minutes, data)
    if text is None:
        return
    language = data["language"]
    if data["amendment"] is None:
        for paragraph in text["draft"]:
            paragraph["text"][language] = data["texts"].get(paragraph["key"], "")
        return
    amendment = text["amendments"].get(data["amendment"])
    for operation, words in zip(amendment["operations"], data["texts"], strict=False):
        if words is not None and "text" in operation:
            operation["text"][language] = words


def _amendment_submitted(minutes, data, at):
    entry = data["amendment"]
    text = minutes.texts.get(entry["text"])
    if text is not None:
        text["amendments"][entry["id"]] = _amendment(entry)


def _status(status):
    def record(minutes, data, at):
        amendment = _amendment_of(minutes, data)
        if amendment is not None:
            amendment["status"] = status

    return record


def _amendment_merged(minutes, data, at):
    into = data["into"]
    text = minutes.texts.get(into["text"])
    if text is None:
        return
    for amendment_id in data["amendments"]:
        text["amendments"][amendment_id]["status"] = "merged"
        text["amendments"][amendment_id]["merged_into"] = into["id"]
    text["amendments"][into["id"]] = _amendment(into)


def _amendment_put_to_vote(minutes, data, at):
    amendment = _amendment_of(minutes, data)
    if amendment is not None:
        amendment["status"] = "voting"
        amendment["motion"] = data["motion"]
        if data["translation_override"]:
            _text(minutes, data)["provisional"] = True
            _text(minutes, data)["overrides"].append(
                {"kind": "translation", "amendment": data["amendment"], "at": at}
            )


def _amendment_decided(minutes, data, at):
    amendment = _amendment_of(minutes, data)
    if amendment is not None:
        amendment["status"] = data["result"]
        if data["revised"] is not None:
            revised = _text(minutes, data)["amendments"][data["revised"]["amendment"]]
            revised["operations"] = data["revised"]["operations"]


def _amendment_fell(minutes, data, at):
    amendment = _amendment_of(minutes, data)
    if amendment is not None:
        amendment["status"] = "fell"
        amendment["fell"] = data["reason"]


def _voting_order_overridden(minutes, data, at):
    text = _text(minutes, data)
    if text is not None:
        text["overrides"].append(
            {"kind": "order", "order": data["order"], "computed": data["computed"], "at": at}
        )


def _text_put_to_vote(minutes, data, at):
    text = _text(minutes, data)
    if text is not None:
        text["status"] = "voting"
        if data["translation_override"]:
            text["provisional"] = True
            text["overrides"].append({"kind": "translation", "amendment": None, "at": at})


def _text_adopted(minutes, data, at):
    text = _text(minutes, data)
    if text is not None:
        text.update(status="adopted", adopted=data["paragraphs"], vote=data["vote"], at=at)


def _text_rejected(minutes, data, at):
    text = _text(minutes, data)
    if text is not None:
        text.update(status="rejected", vote=data["vote"], at=at)


HANDLERS = {
    events.AGENDA_ITEM_OPENED: _agenda_item_opened,
    events.AGENDA_ITEM_CLOSED: _agenda_item_closed,
    events.TRANSLATION_SIGNED: _translation_signed,
    events.AMENDMENT_SUBMITTED: _amendment_submitted,
    events.AMENDMENT_WITHDRAWN: _status("withdrawn"),
    events.AMENDMENT_MERGED: _amendment_merged,
    events.AMENDMENT_ACCEPTED_AS_CHANGE: _status("accepted"),
    events.AMENDMENT_PUT_TO_VOTE: _amendment_put_to_vote,
    events.AMENDMENT_DECIDED: _amendment_decided,
    events.AMENDMENT_FELL: _amendment_fell,
    events.VOTING_ORDER_OVERRIDDEN: _voting_order_overridden,
    events.TEXT_PUT_TO_VOTE: _text_put_to_vote,
    events.TEXT_ADOPTED: _text_adopted,
    events.TEXT_REJECTED: _text_rejected,
}


def texts_record(minutes) -> dict:
    """The agenda and texts part of the minutes (JSON form)."""
    return {
        "agenda": sorted(minutes.agenda.values(), key=lambda item: item["position"]),
        "texts": [
            {**text, "amendments": list(text["amendments"].values())}
            for text in minutes.texts.values()
        ],
    }


def texts_present(minutes: dict, language: str) -> list[dict]:
    """Each text of the minutes in words, in ``language``: the agenda item, the fate of
    each amendment (with why it fell), the chair's overrides and the text adopted."""
    items = {item["id"]: item for item in minutes.get("agenda", [])}
    shown = []
    for text in minutes.get("texts", []):
        numbers = {p["key"]: index for index, p in enumerate(text["draft"], start=1)}
        item = items.get(text["item"], {})
        shown.append(
            {
                "title": text["title"],
                "item_id": text["item"],
                "item": (item.get("title") or {}).get(language) or text["title"],
                "status_label": {"adopted": _("Adopted"), "rejected": _("Rejected")}.get(
                    text["status"], _("Under debate")
                ),
                "provisional": text["provisional"],
                "overrides": len(text["overrides"]),
                "amendments": [
                    {
                        "id": amendment["id"],
                        "proposer": amendment["proposer"],
                        "status_label": status_label(amendment["status"]),
                        "fell_label": fell_label(amendment["fell"], numbers),
                        "operations": [
                            operation_label(op, numbers, language) for op in amendment["operations"]
                        ],
                    }
                    for amendment in text["amendments"]
                ],
                "adopted": [
                    p["text"].get(language) or p["text"]["en"] for p in text["adopted"] or []
                ],
            }
        )
    return shown


def texts_markdown(texts: list[dict], level: str = "##") -> list[str]:
    """The texts as shown by ``texts_present``, in Markdown under headings of ``level``."""
    lines = []
    for text in texts:
        # Under its agenda item's own heading a text needs no item name.
        item = f"{text['item']}: " if level == "##" else ""
        lines += ["", f"{level} {item}{text['title']} ({text['status_label']})", ""]
        for amendment in text["amendments"]:
            fate = amendment["status_label"]
            if amendment["fell_label"]:
                fate += f": {amendment['fell_label']}"
            lines.append(
                "- "
                + _("Amendment %(number)s") % {"number": amendment["id"]}
                + f" ({amendment['proposer']}): {fate}"
            )
            lines += [f"  - {label}" for label in amendment["operations"]]
        if text["provisional"]:
            lines += [
                "",
                _("Provisional: put to the vote before every language version was signed off."),
            ]
        if text["adopted"]:
            lines += [""] + [f"{n}. {words}" for n, words in enumerate(text["adopted"], start=1)]
    return lines
