/*
 * The roll a vote or an election counts on, in words (docs/protocol.md, "Quorum and
 * majority"): members present, represented by proxy and in good standing (one ballot
 * per member), or delegates on the roll and with a seat (one ballot per delegate); the
 * quorum; ballots in person and by proxy.
 */
import { format, gettext, ngettext } from "../format.js";

const PER_ORGANIZATION = "per_organization";

export function quorumNeeded(members, percent) {
  return Math.ceil((members * percent) / 100);
}

// The figures of `box` (a vote or an election of the state): its result's once closed.
function figures(box) {
  var result = box.result && typeof box.result === "object" ? box.result : {};
  var pick = function (key) { return typeof result[key] === "number" ? result[key] : box[key] || 0; };
  return { eligible: pick("eligible"), present: pick("present"), represented: pick("represented"), members: pick("members") };
}

/**
 * The quorum of a vote or an election: for a vote of one ballot per delegate, ballots
 * cast against the delegates on the roll; otherwise the roll against `members`.
 */
export function quorumOf(kind, box) {
  var result = box.result && typeof box.result === "object" ? box.result : {};
  if (typeof result.quorum === "number") { return result.quorum; }
  var counts = figures(box);
  var base = kind === "vote" && box.rule !== PER_ORGANIZATION ? counts.eligible : counts.members;
  return quorumNeeded(base, box.quorum_percent || 0);
}

/** Whether the roll reaches the quorum (null for a vote of one ballot per delegate: that depends on the ballots). */
export function quorumReached(kind, box) {
  if (kind === "vote" && box.rule !== PER_ORGANIZATION) { return null; }
  return figures(box).eligible >= quorumOf(kind, box);
}

export function rollText(box) {
  var counts = figures(box);
  if (box.rule === PER_ORGANIZATION) {
    return format(ngettext(
      "%(present)s member present, %(represented)s represented, of %(members)s in good standing",
      "%(present)s members present, %(represented)s represented, of %(members)s in good standing",
      counts.present
    ), counts);
  }
  return format(ngettext(
    "%(present)s delegate on the roll, of %(members)s with a seat",
    "%(present)s delegates on the roll, of %(members)s with a seat",
    counts.present
  ), counts);
}

export function quorumText(kind, box) {
  var n = quorumOf(kind, box);
  if (box.rule === PER_ORGANIZATION) {
    return format(ngettext("quorum %(n)s member", "quorum %(n)s members", n), { n: n });
  }
  if (kind === "vote") {
    return format(ngettext("quorum %(n)s ballot", "quorum %(n)s ballots", n), { n: n });
  }
  return format(ngettext("quorum %(n)s delegate", "quorum %(n)s delegates", n), { n: n });
}

/** "Roll: 4 members present, 1 represented, of 7 in good standing · quorum 4 members". */
export function rollLine(kind, box) {
  return format(gettext("Roll: %(roll)s"), { roll: rollText(box) }) + " · " + quorumText(kind, box);
}

/** "3 in person, 1 by proxy". */
export function splitText(result) {
  return format(gettext("%(in_person)s in person, %(by_proxy)s by proxy"), {
    in_person: result.in_person || 0, by_proxy: result.by_proxy || 0,
  });
}
