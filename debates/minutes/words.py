"""The minutes in words, in the active language: kinds of speech, statuses, results,
choices, regions, durations and local times, grouped under the agenda items they belong
to (``minutes_present``, for the HTML page and the Markdown document)."""

import zoneinfo

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from debates.minutes.texts import texts_present
from debates.models import Choice, FloorKind, Majority, MotionStatus, TextLanguage
from debates.statutes import votes_for_needed
from events.models import Region


def _kind_label(speaker: dict) -> str:
    kind = _label(FloorKind, speaker["kind"]).lower()
    interruptions = speaker.get("interruptions", 0)
    if not interruptions:
        return kind
    return ngettext(
        "%(kind)s, interrupted by a point of order",
        "%(kind)s, interrupted by %(count)d points of order",
        interruptions,
    ) % {"kind": kind, "count": interruptions}


def duration(seconds) -> str:
    """``m:ss`` (``-`` for a speech that never ended)."""
    if seconds is None:
        return "-"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def _label(choices, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code.replace("_", " ")


def _local_time(moment: str | None, zone_name: str) -> str:
    when = parse_datetime(moment) if moment else None
    if when is None:
        return "-"
    local = timezone.localtime(when, zoneinfo.ZoneInfo(zone_name))
    # The day in the language's own form, the time on 24 hours with its zone: minutes
    # are read in many countries, and "p.m." would end a sentence twice.
    return f"{formats.date_format(local, 'DATE_FORMAT')}, {local:%H:%M} {local.tzname()}"


def minutes_present(minutes: dict, *, language: str | None = None) -> dict:
    """The minutes with words for their codes, in the active language: kinds of speech,
    statuses, results, choices, regions, durations and local times. ``groups`` holds them
    under the agenda item that was open when each began; texts are read in ``language``
    (the active one by default)."""
    language = language or (get_language() or "en")[:2]
    debate = minutes["debate"]
    zone_name = debate.get("time_zone", "UTC")
    speakers = [
        {
            **speaker,
            "kind_label": _kind_label(speaker),
            "language_label": _label(TextLanguage, speaker["language"])
            if speaker.get("language")
            else "",
            "region_label": _label(Region, speaker["region"]),
            "duration": duration(speaker["spoken_seconds"]),
            "number": number,
        }
        for number, speaker in enumerate(minutes["speakers"], start=1)
    ]
    regions = [
        {
            "name": _label(Region, region),
            "speeches": figures["speeches"],
            "duration": duration(figures["seconds"]),
        }
        for region, figures in sorted(minutes["balance"].get("by_region", {}).items())
    ]
    motions = [
        {**motion, "status_label": _label(MotionStatus, motion["status"]).lower()}
        for motion in minutes["motions"]
    ]
    votes = []
    for vote in minutes["votes"]:
        if "result" not in vote:
            continue
        votes.append(
            {
                **vote,
                "kind_label": _("secret ballot") if vote["secret"] else _("roll call"),
                "majority_label": _label(Majority, vote["majority"]).lower(),
                "result_label": _label(MotionStatus, vote["result"]).lower(),
                "roll_label": _roll_words(vote),
                "majority_needed_label": _majority_words(vote),
                "casting_label": _casting_words(vote),
                "mandates_label": _mandates_words(vote),
                "proxies_label": _proxies_words(vote),
                "voters": [
                    {**voter, "choice_label": _label(Choice, voter["choice"]).lower()}
                    for voter in vote.get("voters", [])
                ],
            }
        )
    shown = {
        **minutes,
        "opened": _local_time(debate.get("opened"), zone_name),
        "closed": _local_time(debate.get("closed"), zone_name),
        "speakers": speakers,
        "regions": regions,
        "motions": motions,
        "votes": votes,
        "roll_calls": [_roll_call_words(r, zone_name) for r in minutes.get("roll_calls", [])],
        "elections": [_election_words(e) for e in minutes.get("elections", [])],
        "texts": texts_present(minutes, language),
        "log_label": _log_words(minutes.get("log")),
    }
    shown["groups"] = _agenda_groups(shown, language, zone_name)
    return shown


GROUPED = ("speakers", "motions", "votes", "roll_calls", "elections")


def _agenda_groups(shown: dict, language: str, zone_name: str) -> list[dict]:
    """What happened under each agenda item, items in agenda order. Without an agenda,
    one group without a heading holds everything; with one, what happened while no item
    was open comes first, under its own heading."""

    def under(item_id) -> dict:
        return {kind: [e for e in shown[kind] if e.get("item") == item_id] for kind in GROUPED}

    items = shown.get("agenda") or []
    if not items:
        return [{"heading": "", "times": "", **under(None), "texts": shown["texts"]}]
    groups = []
    outside = under(None)
    if any(outside.values()):
        groups.append(
            {"heading": _("Outside the agenda items"), "times": "", **outside, "texts": []}
        )
    for item in items:
        opened = _local_time(item["opened_at"], zone_name)
        if item["closed_at"]:
            closed = _local_time(item["closed_at"], zone_name)
            times = _("Opened %(opened)s, closed %(closed)s.") % {
                "opened": opened,
                "closed": closed,
            }
        else:
            times = _("Opened %(opened)s.") % {"opened": opened}
        title = item["title"].get(language) or item["title"].get("en", "")
        groups.append(
            {
                "heading": _("Item %(position)d: %(title)s")
                % {"position": item["position"], "title": title},
                "times": times,
                **under(item["id"]),
                "texts": [text for text in shown["texts"] if text["item_id"] == item["id"]],
            }
        )
    return groups


def _members_words(present: int, represented: int, members: int) -> str:
    """The members present and represented, of those in good standing, each count with
    the word forms of its own number."""
    return _("%(present)s and %(represented)s, of %(members)s") % {
        "present": ngettext("%(count)d member present", "%(count)d members present", present)
        % {"count": present},
        "represented": ngettext("%(count)d represented", "%(count)d represented", represented)
        % {"count": represented},
        "members": ngettext("%(count)d in good standing", "%(count)d in good standing", members)
        % {"count": members},
    }


def _roll_words(box: dict) -> str:
    """Who a vote or an election counted on, and its quorum."""
    if box.get("present") is None:
        return ""
    quorum = box.get("quorum") or 0
    if box.get("rule") == "per_organization":
        return _("Roll: %(members)s; quorum: %(quorum)s.") % {
            "members": _members_words(box["present"], box["represented"], box["members"]),
            "quorum": ngettext(
                "%(count)d member present or represented",
                "%(count)d members present or represented",
                quorum,
            )
            % {"count": quorum},
        }
    return _("Roll: %(present)s, of %(seats)s; quorum: %(quorum)s.") % {
        "present": ngettext(
            "%(count)d delegate present", "%(count)d delegates present", box["present"]
        )
        % {"count": box["present"]},
        "seats": ngettext("%(count)d with a seat", "%(count)d with a seat", box["members"])
        % {"count": box["members"]},
        "quorum": ngettext("%(count)d ballot", "%(count)d ballots", quorum) % {"count": quorum},
    }


def _majority_words(vote: dict) -> str:
    """What carried a vote of one ballot per member, in votes for."""
    if vote.get("rule") != "per_organization" or vote.get("present") is None:
        return ""
    needed = votes_for_needed(vote["eligible"], vote["majority"])
    return _("Majority: %(needed)s, of %(members)s.") % {
        "needed": ngettext("%(count)d vote for", "%(count)d votes for", needed) % {"count": needed},
        "members": ngettext(
            "the %(count)d member present or represented",
            "the %(count)d members present or represented",
            vote["eligible"],
        )
        % {"count": vote["eligible"]},
    }


def _casting_words(box: dict) -> str:
    if "turnout" not in box:
        return ""
    in_person = box.get("in_person", box["turnout"])
    by_proxy = box.get("by_proxy", 0)
    return (
        ngettext("%(count)d ballot in person", "%(count)d ballots in person", in_person)
        % {"count": in_person}
        + ", "
        + ngettext("%(count)d by proxy.", "%(count)d by proxy.", by_proxy) % {"count": by_proxy}
    )


def _mandates_words(box: dict) -> str:
    mandates = box.get("mandates") or []
    if not mandates:
        return ""
    parts = [
        _("%(member)s: %(name)s (voting delegate)")
        % {"member": m["organization"], "name": m["delegate"]}
        if m["rank"] == 1
        else _("%(member)s: %(name)s (substitute %(rank)d)")
        % {"member": m["organization"], "name": m["delegate"], "rank": m["rank"]}
        for m in mandates
    ]
    return _("Mandates on the roll: %(list)s.") % {"list": "; ".join(parts)}


def _proxies_words(box: dict) -> str:
    proxies = box.get("proxies") or []
    if not proxies:
        return ""
    parts = [
        _("%(member)s by %(holder)s") % {"member": p["organization"], "holder": p["holder"]}
        for p in proxies
    ]
    return _("Represented by proxy: %(list)s.") % {"list": "; ".join(parts)}


def _roll_call_words(roll_call: dict, zone_name: str) -> dict:
    summary = ""
    if roll_call.get("closed_at"):
        delegates = roll_call.get("delegates_present", 0)
        summary = _("%(delegates)s; %(members)s.") % {
            "delegates": ngettext(
                "%(count)d delegate present", "%(count)d delegates present", delegates
            )
            % {"count": delegates},
            "members": _members_words(
                roll_call.get("members_present", 0),
                roll_call.get("members_represented", 0),
                roll_call.get("members_in_standing", 0),
            ),
        }
        if "in_room" in roll_call:
            summary += " " + _("In the room: %(in_room)d; remotely: %(remote)d.") % {
                "in_room": roll_call["in_room"],
                "remote": roll_call["remote"],
            }
    return {
        **roll_call,
        "opened": _local_time(roll_call.get("opened_at"), zone_name),
        "closed": _local_time(roll_call.get("closed_at"), zone_name),
        "summary": summary,
        "names": sorted(
            f"{entry['delegate']['name']} ({entry['organization']['short_name']})"
            for entry in roll_call.get("present", [])
        ),
    }


ELECTION_STATUS_WORDS = {
    "prepared": lambda: _("not held"),
    "open": lambda: _("still open"),
    "closed": lambda: _("closed"),
    "tied": lambda: _("tied"),
    "no_quorum": lambda: _("no quorum"),
}


def _election_words(election: dict) -> dict:
    names = {c["id"]: c["name"] for c in election["candidates"]}
    counts = election.get("counts") or {}
    rows = sorted(
        (
            {
                "name": c["name"],
                "region": _label(Region, c["region"]),
                "votes": counts.get(str(c["id"]), {}).get("yes", 0),
                "against": counts.get(str(c["id"]), {}).get("no", 0),
                "elected": c["id"] in (election.get("elected") or []),
                "tied": c["id"] in (election.get("tied") or []),
            }
            for c in election["candidates"]
        ),
        key=lambda row: -row["votes"],
    )
    regions = ", ".join(
        _("%(region)s %(seats)d") % {"region": _label(Region, region), "seats": seats}
        for region, seats in sorted(election.get("regional_minimum", {}).items())
    )
    resolution = ""
    if election.get("resolution"):
        if election["resolution"]["rule"] == "lot":
            resolution = _("The tie was drawn by lot: %(names)s.") % {
                "names": ", ".join(names.get(pk, "") for pk in election["resolution"]["drawn"])
            }
        else:
            resolution = _("The tie goes to a further round.")
    return {
        **election,
        "status_label": ELECTION_STATUS_WORDS.get(election.get("status"), lambda: "")(),
        "rows": rows,
        "regions_label": regions,
        "roll_label": _roll_words(election),
        "casting_label": _casting_words(election),
        "mandates_label": _mandates_words(election),
        "proxies_label": _proxies_words(election),
        "elected_label": ", ".join(names.get(pk, "") for pk in election.get("elected") or []),
        "tied_label": ", ".join(names.get(pk, "") for pk in election.get("tied") or []),
        "resolution_label": resolution,
    }


def _log_words(log: dict | None) -> str:
    if not log or not log.get("hash"):
        return ""
    return ngettext(
        "The log has %(count)d event; its fingerprint (SHA-256, chained) is %(hash)s.",
        "The log has %(count)d events; its fingerprint (SHA-256, chained) is %(hash)s.",
        log["events"],
    ) % {"count": log["events"], "hash": log["hash"]}
