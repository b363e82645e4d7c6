"""The minutes in words, in the active language: kinds of speech, statuses, results,
choices, regions, durations and local times (``minutes_present``, for the HTML page), and
the Markdown document (``minutes_markdown``)."""

import zoneinfo

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from debates.minutes.texts import texts_markdown
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


def minutes_present(minutes: dict) -> dict:
    """The minutes with words for their codes, in the active language: kinds of speech,
    statuses, results, choices, regions, durations and local times."""
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
        }
        for speaker in minutes["speakers"]
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
    return {
        **minutes,
        "opened": _local_time(debate.get("opened"), zone_name),
        "closed": _local_time(debate.get("closed"), zone_name),
        "speakers": speakers,
        "regions": regions,
        "motions": motions,
        "votes": votes,
        "roll_calls": [_roll_call_words(r, zone_name) for r in minutes.get("roll_calls", [])],
        "elections": [_election_words(e) for e in minutes.get("elections", [])],
        "log_label": _log_words(minutes.get("log")),
    }


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


def minutes_markdown(minutes: dict) -> str:
    """The minutes as a Markdown document, in the active language."""
    shown = minutes_present(minutes)
    debate = minutes["debate"]
    lines = [
        "# " + _("Minutes: %(title)s") % {"title": debate["title"]},
        "",
        _("%(event)s, forum %(forum)s.") % {"event": debate["event"], "forum": debate["forum"]},
    ]
    if debate.get("motion"):
        lines += ["", _("Motion under debate: %(motion)s") % {"motion": debate["motion"]}]
    lines += [
        "",
        _("Opened %(opened)s, closed %(closed)s.")
        % {"opened": shown["opened"], "closed": shown["closed"]},
    ]
    columns = [
        pgettext("minutes column", "speaker"),
        pgettext("minutes column", "organization"),
        pgettext("minutes column", "kind"),
        pgettext("minutes column", "language"),
        pgettext("minutes column", "time"),
    ]
    lines += ["", "## " + _("Speakers"), ""]
    if shown["speakers"]:
        lines += ["| # | " + " | ".join(columns) + " |", "|---|---|---|---|---|---|"]
    else:
        lines.append(_("Nobody took the floor."))
    for number, speaker in enumerate(shown["speakers"], start=1):
        lines.append(
            f"| {number} | {speaker['name']} | {speaker['organization']} | "
            f"{speaker['kind_label']} | {speaker['language_label']} | {speaker['duration']} |"
        )
    lines += ["", "## " + _("Floor time by region"), ""]
    if not shown["regions"]:
        lines.append(_("Nobody took the floor."))
    for region in shown["regions"]:
        speeches = ngettext("%(count)d speech", "%(count)d speeches", region["speeches"]) % {
            "count": region["speeches"]
        }
        lines.append(
            "- "
            + _("%(region)s: %(speeches)s, %(time)s")
            % {"region": region["name"], "speeches": speeches, "time": region["duration"]}
        )
    lines += ["", "## " + _("Motions"), ""]
    if not shown["motions"]:
        lines.append(_("No motion was proposed."))
    for motion in shown["motions"]:
        if motion["seconder"]:
            by = _("proposed by %(proposer)s, seconded by %(seconder)s") % {
                "proposer": motion["proposer"],
                "seconder": motion["seconder"],
            }
        else:
            by = _("proposed by %(proposer)s") % {"proposer": motion["proposer"]}
        lines.append(
            "- "
            + _("%(motion)s (%(by)s): **%(status)s**")
            % {"motion": motion["text"], "by": by, "status": motion["status_label"]}
        )
    lines += ["", "## " + _("Votes"), ""]
    if not shown["votes"]:
        lines.append(_("No vote was held."))
    for vote in shown["votes"]:
        tally = vote["tally"]
        how = _("%(kind)s, %(majority)s") % {
            "kind": vote["kind_label"],
            "majority": vote["majority_label"],
        }
        result = _(
            "yes %(yes)d, no %(no)d, abstain %(abstain)d; turnout %(turnout)d of "
            "%(eligible)d: **%(result)s**"
        ) % {
            "yes": tally["yes"],
            "no": tally["no"],
            "abstain": tally["abstain"],
            "turnout": vote["turnout"],
            "eligible": vote["eligible"],
            "result": vote["result_label"],
        }
        lines.append(
            "- "
            + _("%(motion)s (%(how)s): %(result)s")
            % {"motion": vote["motion_text"], "how": how, "result": result}
        )
        for voter in vote["voters"]:
            lines.append(
                "  - "
                + _("%(name)s (%(organization)s): %(choice)s")
                % {
                    "name": voter["name"],
                    "organization": voter["organization"],
                    "choice": voter["choice_label"],
                }
            )
        for line in (
            vote["roll_label"],
            vote["majority_needed_label"],
            vote["casting_label"],
            vote["mandates_label"],
            vote["proxies_label"],
        ):
            if line:
                lines.append(f"  {line}")
        if vote.get("receipts"):
            lines.append(
                "  " + _("Receipts counted: %(codes)s") % {"codes": " ".join(vote["receipts"])}
            )
    lines += _roll_calls_markdown(shown["roll_calls"])
    lines += _elections_markdown(shown["elections"])
    lines += texts_markdown(minutes, (get_language() or "en")[:2])
    lines += ["", "## " + _("Questions answered"), ""]
    if not minutes["questions_answered"]:
        lines.append(_("No question was answered."))
    for question in minutes["questions_answered"]:
        upvotes = ngettext("%(count)d upvote", "%(count)d upvotes", question["upvotes"]) % {
            "count": question["upvotes"]
        }
        lines.append(f"- {question['text']} ({question['author']}, {upvotes})")
    if shown["log_label"]:
        lines += ["", "---", "", shown["log_label"]]
    return "\n".join(lines) + "\n"


def _roll_calls_markdown(roll_calls: list[dict]) -> list[str]:
    if not roll_calls:
        return []
    lines = ["", "## " + _("Roll calls"), ""]
    for number, roll_call in enumerate(roll_calls, start=1):
        lines.append(
            "- "
            + _("Roll call %(number)d (opened %(opened)s, closed %(closed)s):")
            % {"number": number, "opened": roll_call["opened"], "closed": roll_call["closed"]}
            + (f" {roll_call['summary']}" if roll_call["summary"] else "")
        )
        if roll_call["names"]:
            lines.append("  " + _("Present: %(names)s.") % {"names": "; ".join(roll_call["names"])})
    return lines


def _elections_markdown(elections: list[dict]) -> list[str]:
    if not elections:
        return []
    lines = ["", "## " + _("Elections"), ""]
    for election in elections:
        heading = ngettext(
            "%(title)s (round %(round)d, %(seats)d seat): %(status)s",
            "%(title)s (round %(round)d, %(seats)d seats): %(status)s",
            election["seats"],
        ) % {
            "title": election["title"],
            "round": election["round"],
            "seats": election["seats"],
            "status": election["status_label"],
        }
        lines += [f"### {heading}", ""]
        if election["regions_label"]:
            lines.append(
                _("Seats per region, at least: %(list)s.") % {"list": election["regions_label"]}
            )
        for line in (
            election["roll_label"],
            election["casting_label"],
            election["mandates_label"],
            election["proxies_label"],
        ):
            if line:
                lines.append(line)
        columns = [
            pgettext("minutes column", "candidate"),
            pgettext("minutes column", "region"),
            pgettext("minutes column", "ballots"),
        ]
        lines += ["", "| " + " | ".join(columns) + " | |", "|---|---|---|---|"]
        for row in election["rows"]:
            mark = _("elected") if row["elected"] else (_("tied") if row["tied"] else "")
            lines.append(f"| {row['name']} | {row['region']} | {row['votes']} | {mark} |")
        lines.append("")
        if election["elected_label"]:
            lines.append(_("Elected: %(names)s.") % {"names": election["elected_label"]})
        if election["tied_label"]:
            lines.append(
                ngettext(
                    "Tied for %(seats)d seat: %(names)s.",
                    "Tied for %(seats)d seats: %(names)s.",
                    election.get("tied_seats", 0),
                )
                % {"seats": election.get("tied_seats", 0), "names": election["tied_label"]}
            )
        if election["resolution_label"]:
            lines.append(election["resolution_label"])
        if election.get("receipts"):
            lines.append(
                _("Receipts counted: %(codes)s") % {"codes": " ".join(election["receipts"])}
            )
    return lines
