"""The minutes as a Markdown document, in the active language (``minutes_markdown``): what
happened under each agenda item, then the floor time of the whole sitting and the
questions answered. The PDF is typeset from it."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from debates.minutes.texts import texts_markdown
from debates.minutes.words import minutes_present


def minutes_markdown(minutes: dict, *, language: str | None = None) -> str:
    shown = minutes_present(minutes, language=language)
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
    for group in shown["groups"]:
        if group["heading"]:
            lines += ["", "## " + group["heading"], ""]
            if group["times"]:
                lines.append(group["times"])
            lines += _group_markdown(group, level="###", complete=False)
        else:
            lines += _group_markdown(group, level="##", complete=True)
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


def _group_markdown(group: dict, *, level: str, complete: bool) -> list[str]:
    """The speakers, motions, votes, roll calls, elections and texts of one group, under
    headings of ``level``. A ``complete`` group (the whole sitting, without an agenda) says
    so when nobody spoke, no motion was proposed or no vote held; an agenda item only
    names what it had."""
    lines = _speakers_markdown(group["speakers"], level)
    if group["motions"] or complete:
        lines += _motions_markdown(group["motions"], level)
    if group["votes"] or complete:
        lines += _votes_markdown(group["votes"], level)
    lines += _roll_calls_markdown(group["roll_calls"], level)
    lines += _elections_markdown(group["elections"], level)
    lines += texts_markdown(group["texts"], level)
    return lines


def _speakers_markdown(speakers: list[dict], level: str) -> list[str]:
    columns = [
        pgettext("minutes column", "speaker"),
        pgettext("minutes column", "organization"),
        pgettext("minutes column", "kind"),
        pgettext("minutes column", "language"),
        pgettext("minutes column", "time"),
    ]
    lines = ["", f"{level} " + _("Speakers"), ""]
    if not speakers:
        return [*lines, _("Nobody took the floor.")]
    lines += ["| # | " + " | ".join(columns) + " |", "|---|---|---|---|---|---|"]
    for speaker in speakers:
        lines.append(
            f"| {speaker['number']} | {speaker['name']} | {speaker['organization']} | "
            f"{speaker['kind_label']} | {speaker['language_label']} | {speaker['duration']} |"
        )
    return lines


def _motions_markdown(motions: list[dict], level: str) -> list[str]:
    lines = ["", f"{level} " + _("Motions"), ""]
    if not motions:
        lines.append(_("No motion was proposed."))
    for motion in motions:
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
    return lines


def _votes_markdown(votes: list[dict], level: str) -> list[str]:
    lines = ["", f"{level} " + _("Votes"), ""]
    if not votes:
        lines.append(_("No vote was held."))
    for vote in votes:
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
    return lines


def _roll_calls_markdown(roll_calls: list[dict], level: str) -> list[str]:
    if not roll_calls:
        return []
    lines = ["", f"{level} " + _("Roll calls"), ""]
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


def _elections_markdown(elections: list[dict], level: str) -> list[str]:
    if not elections:
        return []
    lines = ["", f"{level} " + _("Elections"), ""]
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
        # The PDF knows three levels of heading; under an agenda item the election's
        # own heading is a line in bold.
        lines += [f"### {heading}" if level == "##" else f"**{heading}**", ""]
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
