"""Minutes of a debate, generated from its log: speakers with times, motions, votes with
results, questions answered. Secret votes appear with their tally only."""

from debates.models import Debate, DebateEvent

REGION_NAMES = {
    "africa": "Africa",
    "americas": "Americas & the Caribbean",
    "asia_pacific": "Asia & the Pacific",
    "europe": "Europe",
}


def minutes_build(debate: Debate) -> dict:
    events = list(DebateEvent.objects.filter(debate=debate).order_by("seq"))
    timeline = {}
    speakers: list[dict] = []
    speaking: dict[int, dict] = {}
    motions: dict[int, dict] = {}
    votes: dict[int, dict] = {}
    questions: dict[int, dict] = {}
    for event in events:
        data = event.data
        at = event.created_at.isoformat().replace("+00:00", "Z")
        kind = event.type
        if kind in {"debate.opened", "debate.started", "debate.closed"}:
            timeline.setdefault(kind.split(".")[1], at)
        elif kind == "floor.granted":
            speaker = data["speaker"]
            entry = {
                "name": speaker["delegate"]["name"],
                "organization": speaker["delegate"]["organization"]["short_name"],
                "region": speaker["delegate"]["organization"]["region"],
                "kind": speaker["kind"],
                "started_at": at,
                "ended_at": None,
                "spoken_seconds": None,
            }
            speaking[data["request"]] = entry
            speakers.append(entry)
        elif kind == "floor.ended" and data["request"] in speaking:
            speaking[data["request"]].update(ended_at=at, spoken_seconds=data["spoken_seconds"])
        elif kind == "motion.proposed":
            motion = data["motion"]
            motions[motion["id"]] = {
                "id": motion["id"],
                "text": motion["text"],
                "amends": motion["amends"],
                "proposer": f"{motion['proposer']['name']} ({motion['proposer']['organization']})",
                "seconder": None,
                "status": motion["status"],
            }
        elif kind in {"motion.seconded", "motion.withdrawn"} and data["motion"] in motions:
            motions[data["motion"]]["status"] = data["status"]
            if data.get("seconder"):
                motions[data["motion"]]["seconder"] = data["seconder"]["name"]
        elif kind == "vote.opened":
            vote = data["vote"]
            votes[vote["id"]] = {
                "id": vote["id"],
                "motion": vote["motion"],
                "secret": vote["secret"],
                "rule": vote["rule"],
                "majority": vote["majority"],
                "opened_at": at,
            }
        elif kind == "vote.closed" and data["vote"] in votes:
            votes[data["vote"]].update(
                closed_at=at,
                tally=data["tally"],
                turnout=data["turnout"],
                eligible=data["eligible"],
                result=data["result"],
            )
            if "voters" in data:
                votes[data["vote"]]["voters"] = data["voters"]
            if data["motion"] in motions:
                motions[data["motion"]]["status"] = data["result"]
        elif kind == "question.asked":
            question = data["question"]
            questions[question["id"]] = {
                "text": question["text"],
                "author": question["author"]["name"],
                "upvotes": 0,
                "answered": False,
            }
        elif kind == "question.upvoted" and data["question"] in questions:
            questions[data["question"]]["upvotes"] = data["upvotes"]
        elif kind == "question.answered" and data["question"] in questions:
            questions[data["question"]]["answered"] = True
        elif kind == "question.hidden":
            questions.pop(data["question"], None)
    for vote in votes.values():
        vote["motion_text"] = motions.get(vote["motion"], {}).get("text", "")
    return {
        "debate": {
            "id": debate.pk,
            "title": debate.title,
            "motion": debate.motion,
            "forum": debate.forum.title,
            "event": debate.forum.event.title,
            **timeline,
        },
        "speakers": speakers,
        "balance": debate.state.get("balance", {}),
        "motions": list(motions.values()),
        "votes": list(votes.values()),
        "questions_answered": [
            {k: v for k, v in q.items() if k != "answered"}
            for q in questions.values()
            if q["answered"]
        ],
    }


def _duration(seconds) -> str:
    if seconds is None:
        return "-"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def minutes_markdown(minutes: dict) -> str:
    debate = minutes["debate"]
    lines = [
        f"# Minutes: {debate['title']}",
        "",
        f"{debate['event']}, forum {debate['forum']}.",
    ]
    if debate.get("motion"):
        lines += ["", f"Motion under debate: {debate['motion']}"]
    lines += ["", f"Opened {debate.get('opened', '-')}, closed {debate.get('closed', '-')}."]
    lines += [
        "",
        "## Speakers",
        "",
        "| # | speaker | organization | kind | time |",
        "|---|---|---|---|---|",
    ]
    for number, speaker in enumerate(minutes["speakers"], start=1):
        lines.append(
            f"| {number} | {speaker['name']} | {speaker['organization']} | "
            f"{speaker['kind'].replace('_', ' ')} | {_duration(speaker['spoken_seconds'])} |"
        )
    lines += ["", "## Floor time by region", ""]
    for region, figures in sorted(minutes["balance"].get("by_region", {}).items()):
        speeches = "speech" if figures["speeches"] == 1 else "speeches"
        lines.append(
            f"- {REGION_NAMES.get(region, region)}: {figures['speeches']} {speeches}, "
            f"{_duration(figures['seconds'])}"
        )
    lines += ["", "## Motions", ""]
    for motion in minutes["motions"]:
        seconder = f", seconded by {motion['seconder']}" if motion["seconder"] else ""
        lines.append(
            f"- {motion['text']} (proposed by {motion['proposer']}{seconder}): "
            f"**{motion['status'].replace('_', ' ')}**"
        )
    lines += ["", "## Votes", ""]
    for vote in minutes["votes"]:
        if "result" not in vote:
            continue
        tally = vote["tally"]
        kind = "secret ballot" if vote["secret"] else "roll call"
        lines.append(
            f"- {vote['motion_text']} ({kind}, {vote['majority'].replace('_', ' ')} majority): "
            f"yes {tally['yes']}, no {tally['no']}, abstain {tally['abstain']}; turnout "
            f"{vote['turnout']} of {vote['eligible']}: **{vote['result'].replace('_', ' ')}**"
        )
        for voter in vote.get("voters", []):
            lines.append(f"  - {voter['name']} ({voter['organization']}): {voter['choice']}")
    lines += ["", "## Questions answered", ""]
    for question in minutes["questions_answered"]:
        lines.append(f"- {question['text']} ({question['author']}, {question['upvotes']} upvotes)")
    return "\n".join(lines) + "\n"
