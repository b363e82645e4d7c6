/*
 * Elections: those prepared (listed), the open one (candidates, seats per region, the
 * turnout against its roll and the person's ballots, built once), and the results: counts
 * per candidate, who is elected, who is tied and how a tie was settled.
 */
import { ballotsIn } from "../ballots.js";
import { $, make, reconcile, setAttr, setText, show } from "../dom.js";
import { format, gettext, ngettext, percent, pgettext } from "../format.js";
import { label, model, myBallots, projector } from "../model.js";
import { noBallotText, receiptText } from "./ballot-text.js";
import { electionStatus, electionTitle } from "./common.js";
import { electionCastText, methodText, minimumText, renderElectionBallots } from "./election-ballot.js";
import { rollLine, rollText, splitText } from "./roll.js";

const RESULTS = ["closed", "tied", "no_quorum"];

function seatsText(election) {
  return format(ngettext("%(n)s seat", "%(n)s seats", election.seats), { n: election.seats });
}

export function describe(election) {
  return [seatsText(election), methodText(election), minimumText(election)].filter(Boolean).join(" · ");
}

function names(election, ids) {
  var byId = {};
  (election.candidates || []).forEach(function (candidate) { byId[candidate.id] = candidate.name; });
  return (ids || []).map(function (id) { return byId[id] || String(id); }).join(", ");
}

// --- the open election ---------------------------------------------------------------------

function createCard(election) {
  var card = make("article", "vote-card election-card");
  card.dataset.election = String(election.id);
  card.append(make("h3", "vote-title"), make("p", "vote-meta"), make("p", "vote-roll"));
  var turnout = make("div", "turnout");
  var bar = make("progress", "turnout-bar");
  bar.max = 1;
  bar.value = 0;
  turnout.append(bar, make("span", "turnout-text"));
  card.appendChild(turnout);
  var roster = make("ul", "candidate-roster");
  (election.candidates || []).forEach(function (candidate) {
    var item = make("li");
    item.append(make("span", "candidate-name", candidate.name), " ", make("span", "candidate-region", label("region", candidate.region)));
    roster.appendChild(item);
  });
  card.appendChild(roster);
  card.appendChild(make("div", "ballots"));
  card.appendChild(make("p", "ballot-note note"));
  return card;
}

function updateCard(card, election) {
  setText(card.querySelector(".vote-title"), electionTitle(election));
  setText(card.querySelector(".vote-meta"), describe(election));
  setText(card.querySelector(".vote-roll"), rollLine("election", election));
  var counts = model.electionProgress[election.id];
  var eligible = (counts && counts.eligible) || election.eligible || 0;
  var bar = card.querySelector(".turnout-bar");
  if (bar.max !== Math.max(1, eligible)) { bar.max = Math.max(1, eligible); }
  var text;
  if (counts) {
    if (bar.value !== counts.cast) { bar.value = counts.cast; }
    text = format(ngettext("%(cast)s of %(eligible)s has voted", "%(cast)s of %(eligible)s have voted", counts.cast), {
      cast: counts.cast, eligible: eligible,
    });
  } else {
    text = format(ngettext("%(eligible)s ballot on the roll", "%(eligible)s ballots on the roll", eligible), { eligible: eligible });
  }
  show(bar, Boolean(counts));
  setText(card.querySelector(".turnout-text"), text);
  setAttr(bar, "aria-label", text);
  var ballots = ballotsIn("election", election.id);
  renderElectionBallots(card.querySelector(".ballots"), election, ballots);
  // The ballot lists the candidates; those without one see them listed.
  show(card.querySelector(".candidate-roster"), projector || ballots.length === 0);
  var note = card.querySelector(".ballot-note");
  var noteText = ballots.length ? "" : noBallotText("election", election);
  setText(note, noteText);
  show(note, Boolean(noteText));
}

// --- results -------------------------------------------------------------------------------

function ranked(election) {
  var counts = (election.result && election.result.counts) || {};
  return (election.candidates || []).map(function (candidate, position) {
    var count = counts[String(candidate.id)] || { yes: 0, no: 0, abstain: 0 };
    return { candidate: candidate, count: count, position: position };
  }).sort(function (a, b) { return b.count.yes - a.count.yes || a.position - b.position; });
}

function countsTable(election) {
  var result = election.result || {};
  var approve = election.method === "approve";
  var table = make("table", "compact election-counts");
  var head = make("tr");
  var columns = [[gettext("Candidate"), ""], [gettext("Region"), "col-region"]].concat(approve
    ? [[label("choice", "yes"), "count"], [label("choice", "no"), "count"], [label("choice", "abstain"), "count"]]
    : [[gettext("Votes"), "count"]]);
  columns.push([gettext("Outcome"), "col-outcome"]);
  columns.forEach(function (column) {
    var th = make("th", column[1] || null, column[0]);
    th.scope = "col";
    head.appendChild(th);
  });
  var thead = make("thead");
  thead.appendChild(head);
  var body = make("tbody");
  ranked(election).forEach(function (row) {
    var tr = make("tr");
    var id = row.candidate.id;
    var elected = (result.elected || []).indexOf(id) !== -1;
    var tied = (result.tied || []).indexOf(id) !== -1;
    var outcome = elected ? gettext("Elected") : tied ? pgettext("candidate", "Tied") : "";
    tr.classList.toggle("is-elected", elected);
    tr.classList.toggle("is-tied", tied);
    // On a phone the region goes under the name, in place of its column.
    var name = make("th", "candidate-cell");
    name.scope = "row";
    name.append(make("span", "candidate-name", row.candidate.name), " ",
      make("span", "candidate-region region-inline", label("region", row.candidate.region)));
    if (outcome) { name.append(" ", make("span", "outcome-inline", outcome)); }
    tr.append(name, make("td", "col-region", label("region", row.candidate.region)));
    (approve ? ["yes", "no", "abstain"] : ["yes"]).forEach(function (key) {
      tr.appendChild(make("td", "count", String(row.count[key] || 0)));
    });
    tr.appendChild(make("td", "outcome col-outcome", outcome));
    body.appendChild(tr);
  });
  table.append(thead, body);
  return table;
}

function outcomeLines(election) {
  var result = election.result || {};
  var lines = [];
  if (election.status === "no_quorum") {
    lines.push(gettext("No quorum: nobody is elected."));
  } else if ((result.elected || []).length) {
    lines.push(format(gettext("Elected: %(names)s."), { names: names(election, result.elected) }));
  }
  if ((result.tied || []).length) {
    lines.push(format(ngettext("Tied for %(n)s seat: %(names)s.", "Tied for %(n)s seats: %(names)s.", result.tied_seats || 0), {
      n: result.tied_seats || 0, names: names(election, result.tied),
    }));
  }
  var resolution = result.resolution;
  if (resolution && resolution.rule === "lot") {
    lines.push(format(gettext("Drawn by lot: %(names)s."), { names: names(election, resolution.drawn) }));
  } else if (resolution && resolution.rule === "round") {
    lines.push(gettext("The tie goes to a further round."));
  }
  return lines;
}

function fillResult(card, election) {
  var result = election.result || {};
  card.className = "result-card election-result result-" + election.status;
  var head = make("div", "result-head");
  head.append(make("h4", "result-title", electionTitle(election)), make("span", "result-badge", electionStatus(election.status)));
  var lines = outcomeLines(election);
  var outcome = make("div", "election-outcome");
  lines.forEach(function (line) { outcome.appendChild(make("p", null, line)); });
  var turnout = format(gettext("Turnout %(turnout)s of %(eligible)s (%(percent)s)"), {
    turnout: result.turnout || 0, eligible: result.eligible || 0, percent: percent(result.turnout || 0, result.eligible || 0) + "%",
  });
  var hidden = make("p", "visually-hidden", [electionStatus(election.status) + ".", lines.join(" "), turnout + ".", splitText(result) + ".", rollText(election) + "."].join(" "));
  var counts = countsTable(election);
  counts.setAttribute("aria-label", format(gettext("Ballots per candidate: %(title)s"), { title: electionTitle(election) }));
  var mine = make("ul", "result-mine");
  var receipts = make("ul", "result-receipts");
  mine.hidden = receipts.hidden = true;
  var scroll = make("div", "table-scroll");
  scroll.appendChild(counts);
  card.replaceChildren(head, hidden, outcome, scroll,
    make("p", "result-meta", [turnout, splitText(result), seatsText(election)].join(" · ")),
    make("p", "result-roll", rollLine("election", election)), mine, receipts);
}

function updateResult(card, election) {
  var signature = JSON.stringify([election.status, election.result]);
  if (card.dataset.signature !== signature) {
    card.dataset.signature = signature;
    fillResult(card, election);
  }
  var notes = myBallots("election", election.id);
  var cast = [];
  var receipts = [];
  Object.keys(notes).forEach(function (key) {
    var note = notes[key];
    var ballot = { for: key, name: note.name || "", as: note.as || "delegate" };
    if (note.chosen || note.marks) { cast.push(electionCastText(ballot, note)); }
    if (note.receipt) { receipts.push(receiptText(note)); }
  });
  [[".result-mine", cast], [".result-receipts", receipts]].forEach(function (pair) {
    var list = card.querySelector(pair[0]);
    reconcile(list, pair[1], function (text) { return text; }, function () { return make("li"); }, function (item, text) { setText(item, text); });
    show(list, pair[1].length > 0);
  });
}

function createResult(election) {
  var card = make("article", "result-card election-result");
  card.dataset.election = String(election.id);
  return card;
}

// --- prepared ------------------------------------------------------------------------------

function createPrepared() {
  var item = make("li", "prepared-election");
  item.append(make("span", "prepared-title"), make("span", "prepared-meta"));
  return item;
}

function updatePrepared(item, election) {
  setText(item.querySelector(".prepared-title"), electionTitle(election));
  setText(item.querySelector(".prepared-meta"), format(ngettext("%(seats)s · %(n)s candidate", "%(seats)s · %(n)s candidates", election.candidates.length), {
    seats: seatsText(election), n: election.candidates.length,
  }));
}

export function renderElections() {
  var section = $("elections");
  if (!section) { return; }
  var elections = model.state.elections || [];
  var open = elections.filter(function (e) { return e.status === "open"; });
  var prepared = elections.filter(function (e) { return e.status === "prepared"; });
  var done = elections.filter(function (e) { return RESULTS.indexOf(e.status) !== -1; }).reverse();
  show(section, elections.length > 0);
  reconcile($("open-elections"), open, function (e) { return e.id; }, createCard, updateCard);
  reconcile($("prepared-elections"), projector ? [] : prepared, function (e) { return e.id; }, createPrepared, updatePrepared);
  show($("prepared-heading"), !projector && prepared.length > 0);
  reconcile($("election-results"), projector ? done.slice(0, 1) : done, function (e) { return e.id; }, createResult, updateResult);
  show($("election-results-heading"), done.length > 0);
}
