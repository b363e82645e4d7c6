"""The algebra of amending a text: pure functions, no database, shared by the services
(which decide), the state fold (which rebuilds the consolidated text) and the tests.

A text is a list of paragraphs ``{"key", "text": {"en", "fr", "es"}}``. Keys are stable:
``p1``, ``p2``... for the draft, ``a<amendment>-<n>`` for the paragraphs an amendment
inserts; numbers are only positions, given when the text is shown. An amendment is a list
of operations on whole paragraphs:

- ``{"op": "replace", "paragraph": key, "text": {...}}``
- ``{"op": "insert", "after": key or None (at the start), "key": new key, "text": {...}}``
- ``{"op": "delete", "paragraph": key}``

So the consolidated text is a pure fold: the draft, then the operations of each amendment
that carried (or was accepted as a change), in the order they did. There is no diff to
compute back from words, and nothing to guess.

An amendment becomes impossible once another has carried when it replaces or deletes a
paragraph the other replaced or deleted, or inserts after a paragraph the other deleted.
"""

import difflib
import textwrap

LANGUAGES = ("en", "fr", "es")
OPERATIONS = ("replace", "insert", "delete")


def draft_keys(count: int) -> list[str]:
    return [f"p{number}" for number in range(1, count + 1)]


def inserted_key(amendment_id: int, index: int) -> str:
    return f"a{amendment_id}-{index}"


def is_inserted(key: str) -> bool:
    return key.startswith("a")


def apply_operations(paragraphs: list[dict], operations: list[dict]) -> list[dict]:
    """The text after ``operations`` (a new list; the input is left as it was).

    An operation on a paragraph that is not there changes nothing: the services refuse
    such amendments, and an amendment that became impossible falls before it can carry.
    """
    text = [{"key": p["key"], "text": dict(p["text"])} for p in paragraphs]
    for operation in operations:
        kind = operation["op"]
        if kind == "insert":
            anchor = operation["after"]
            keys = [p["key"] for p in text]
            if anchor is not None and anchor not in keys:
                continue
            at = 0 if anchor is None else keys.index(anchor) + 1
            # Paragraphs inserted earlier at the same place stay before this one.
            while at < len(text) and is_inserted(text[at]["key"]):
                at += 1
            text.insert(at, {"key": operation["key"], "text": dict(operation["text"])})
            continue
        index = next((i for i, p in enumerate(text) if p["key"] == operation["paragraph"]), None)
        if index is None:
            continue
        if kind == "replace":
            text[index] = {"key": text[index]["key"], "text": dict(operation["text"])}
        else:
            del text[index]
    return text


def consolidate(draft: list[dict], carried: list[list[dict]]) -> list[dict]:
    """The draft with the operations of each carried amendment applied, in order."""
    text = draft
    for operations in carried:
        text = apply_operations(text, operations)
    return text


def touched(operations: list[dict]) -> set[str]:
    """The existing paragraphs an amendment replaces or deletes."""
    return {op["paragraph"] for op in operations if op["op"] in ("replace", "delete")}


def anchors(operations: list[dict]) -> set[str]:
    return {op["after"] for op in operations if op["op"] == "insert" and op["after"]}


def deleted(operations: list[dict]) -> set[str]:
    return {op["paragraph"] for op in operations if op["op"] == "delete"}


def impossible_reason(operations: list[dict], carried: list[dict]) -> dict | None:
    """Why an amendment cannot be put once ``carried`` has: the first paragraph of the
    text it would change that the carried amendment already replaced or deleted
    (``{"code", "paragraph"}``), or None when it is still possible."""
    changed = touched(carried)
    for key in sorted(touched(operations) & changed):
        code = "deleted" if key in deleted(carried) else "replaced"
        return {"code": code, "paragraph": key}
    for key in sorted(anchors(operations) & deleted(carried)):
        return {"code": "anchor_deleted", "paragraph": key}
    return None


def conflicts(amendments: list[dict]) -> list[list[int]]:
    """Pairs of pending amendments that change the same paragraph: whichever carries
    first makes the other fall."""
    pairs = []
    for i, first in enumerate(amendments):
        for second in amendments[i + 1 :]:
            if second.get("amends") == first["id"] or first.get("amends") == second["id"]:
                continue
            if touched(first["operations"]) & touched(second["operations"]):
                pairs.append([first["id"], second["id"]])
    return pairs


def _plain(text: dict, language: str) -> str:
    return text.get(language) or ""


def distance(operations: list[dict], paragraphs: list[dict], language: str) -> float:
    """How far an amendment takes the text from what it is, in changed characters of the
    language of drafting: a deletion removes a whole paragraph, an insertion adds one, a
    replacement counts the characters that differ."""
    current = {p["key"]: _plain(p["text"], language) for p in paragraphs}
    total = 0.0
    for operation in operations:
        if operation["op"] == "delete":
            total += len(current.get(operation["paragraph"], "")) + 1
        elif operation["op"] == "insert":
            total += len(_plain(operation["text"], language))
        else:
            before = current.get(operation["paragraph"], "")
            after = _plain(operation["text"], language)
            matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
            same = sum(block.size for block in matcher.get_matching_blocks())
            total += max(len(before), len(after)) - same
    return total


def voting_order(amendments: list[dict], paragraphs: list[dict], language: str) -> list[int]:
    """The order in which the pending ``amendments`` are put: by the place in the text
    of the first paragraph they change; among those that change the same paragraphs,
    furthest from the text first; an amendment to an amendment just before the
    amendment it amends. Ties go to the earlier submission."""
    position = {p["key"]: index for index, p in enumerate(paragraphs)}
    pending = {a["id"]: a for a in amendments}

    def place(amendment: dict) -> float:
        keys = touched(amendment["operations"]) | anchors(amendment["operations"])
        places = [
            position[key] + (0.5 if key in anchors(amendment["operations"]) else 0)
            for key in keys
            if key in position
        ]
        if any(op["op"] == "insert" and op["after"] is None for op in amendment["operations"]):
            places.append(-0.5)
        return min(places, default=len(paragraphs))

    def group(amendment: dict) -> float:
        # A conflicting group is placed where its first member touches the text.
        related = [amendment] + [
            other
            for other in pending.values()
            if touched(other["operations"]) & touched(amendment["operations"])
        ]
        return min(place(other) for other in related)

    top = [a for a in amendments if a.get("amends") not in pending]
    top.sort(key=lambda a: (group(a), -distance(a["operations"], paragraphs, language), a["id"]))
    order = []
    for amendment in top:
        children = [a for a in amendments if a.get("amends") == amendment["id"]]
        children.sort(key=lambda a: (-distance(a["operations"], paragraphs, language), a["id"]))
        order.extend(child["id"] for child in children)
        order.append(amendment["id"])
    return order


def revise(parent: list[dict], sub: list[dict]) -> list[dict]:
    """The operations of an amendment once an amendment to it has carried: each of the
    sub-amendment's operations takes the place of the parent's operation on the same
    paragraph (replacing or deleting an inserted paragraph changes or drops the
    insertion); the others are added."""
    revised = [dict(op) for op in parent]
    for change in sub:
        key = change.get("paragraph")
        index = next(
            (
                i
                for i, op in enumerate(revised)
                if key is not None and (op.get("paragraph") == key or op.get("key") == key)
            ),
            None,
        )
        if index is None:
            revised.append(dict(change))
        elif revised[index]["op"] == "insert":
            if change["op"] == "delete":
                del revised[index]
            else:
                revised[index] = {**revised[index], "text": dict(change["text"])}
        else:
            revised[index] = dict(change)
    return revised


def numbered(paragraphs: list[dict], language: str, width: int = 72) -> list[dict]:
    """The text as read in the room: paragraphs numbered 1, 2... and their lines,
    numbered through the whole text (``width`` characters at most a line)."""
    line = 0
    shown = []
    for number, paragraph in enumerate(paragraphs, start=1):
        lines = textwrap.wrap(_plain(paragraph["text"], language), width=width) or [""]
        shown.append(
            {
                "number": number,
                "key": paragraph["key"],
                "lines": [{"number": line + i + 1, "text": text} for i, text in enumerate(lines)],
            }
        )
        line += len(lines)
    return shown


def diff(draft: list[dict], adopted: list[dict], language: str) -> list[dict]:
    """What changed from the draft to the adopted text, paragraph by paragraph:
    ``{"kind": "same" | "replaced" | "inserted" | "deleted", "before", "after"}``."""
    after = {p["key"]: p for p in adopted}
    before = {p["key"]: p for p in draft}
    rows = []
    cursor = 0
    adopted_keys = [p["key"] for p in adopted]
    for paragraph in draft:
        key = paragraph["key"]
        if key in after:
            index = adopted_keys.index(key)
            for new in adopted[cursor:index]:
                if new["key"] not in before:
                    rows.append(
                        {"kind": "inserted", "before": "", "after": _plain(new["text"], language)}
                    )
            cursor = index + 1
            old, new = _plain(paragraph["text"], language), _plain(after[key]["text"], language)
            rows.append({"kind": "same" if old == new else "replaced", "before": old, "after": new})
        else:
            rows.append(
                {"kind": "deleted", "before": _plain(paragraph["text"], language), "after": ""}
            )
    for new in adopted[cursor:]:
        if new["key"] not in before:
            rows.append({"kind": "inserted", "before": "", "after": _plain(new["text"], language)})
    return rows
