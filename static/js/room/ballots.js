/*
 * The ballots this person may cast (docs/protocol.md, "Statutory votes"): one per line of
 * an open vote's or election's roll that names them. The welcome lists them (`you.ballots`,
 * `you.cast`); a vote or an election that opens later brings its roll, and the lines are
 * read from it the way the server reads them:
 *
 * - one ballot per delegate (key "d<id>"): the line naming their delegate id;
 * - one ballot per member: the line of their member, cast by its mandate holder when it
 *   names one (`delegate`), else by any of its delegates present (`delegate: null`);
 * - a proxy: the line of a member represented by theirs (`proxy_holder`), cast by their
 *   member's voter, or by any of their member's delegates present when it names none.
 */
import { model, myOrganization } from "./model.js";

function same(a, b) { return a !== null && a !== undefined && a === b; }

// The ballot `line` of the roll of `kind` ("vote" or "election") `id` gives this person, or null.
export function lineBallot(kind, id, line) {
  var me = model.you.delegate;
  if (!me) { return null; }
  var voter = line.delegate;
  var organization = line.organization || {};
  var as;
  var mine;
  if (String(line.key).charAt(0) === "d") {
    as = "delegate";
    mine = Boolean(voter) && voter.id === me;
  } else if (line.proxy_holder !== null && line.proxy_holder !== undefined) {
    as = "proxy";
    mine = voter ? voter.id === me : same(line.proxy_holder, myOrganization());
  } else {
    as = line.mandate_rank !== null && line.mandate_rank !== undefined ? "mandate" : "member";
    mine = voter ? voter.id === me : same(organization.id, myOrganization());
  }
  if (!mine) { return null; }
  return {
    vote: kind === "vote" ? id : null,
    election: kind === "election" ? id : null,
    for: organization.id,
    name: organization.short_name,
    as: as,
  };
}

function ofBox(kind, id) {
  return function (entry) { return entry[kind] === id; };
}

// Own ballot first, then the proxies held, by name.
function ordered(ballots) {
  return ballots.slice().sort(function (a, b) {
    var ap = a.as === "proxy" ? 1 : 0;
    var bp = b.as === "proxy" ? 1 : 0;
    return ap - bp || String(a.name).localeCompare(String(b.name));
  });
}

/** The ballots of the roll that a vote or an election opened with (`vote.opened`, `election.opened`). */
export function adoptRoll(kind, id, roll) {
  var others = model.you.ballots.filter(function (entry) { return !ofBox(kind, id)(entry); });
  var mine = (roll || []).map(function (line) { return lineBallot(kind, id, line); })
    .filter(function (ballot) { return ballot !== null; });
  model.you.ballots = others.concat(mine);
}

/** The person's ballots in vote (or election) `id`, own first. */
export function ballotsIn(kind, id) {
  return ordered(model.you.ballots.filter(ofBox(kind, id)));
}

export function isCast(kind, id, forId) {
  return model.you.cast.some(function (entry) { return entry[kind] === id && entry.for === forId; });
}

export function markCast(kind, id, forId) {
  if (!isCast(kind, id, forId)) {
    var entry = { for: forId };
    entry[kind] = id;
    model.you.cast.push(entry);
  }
  if (kind === "vote" && model.you.voted.indexOf(id) === -1) { model.you.voted.push(id); }
}

/** What a `vote.cast` or `election.cast` says for whom: `for` for every ballot but one per delegate. */
export function castFor(ballot, data) {
  if (ballot.as !== "delegate") { data.for = ballot.for; }
  return data;
}
