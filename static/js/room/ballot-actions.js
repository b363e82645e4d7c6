/*
 * Casting: each ballot form sends one `vote.cast` or `election.cast` for its line of the
 * roll (`for`: the member it counts for; none for one ballot per delegate). What it said
 * and its receipt are kept in this tab (sessionStorage), since for a secret ballot the
 * server does not know and only the voter holds the receipt.
 */
import { ballotsIn, castFor, markCast } from "./ballots.js";
import { busy } from "./dom.js";
import { alertError, errorText, notify } from "./feedback.js";
import { gettext } from "./format.js";
import { model, noteBallot } from "./model.js";
import { updateCount } from "./render/election-ballot.js";
import { renderElections } from "./render/elections.js";
import { renderVotes } from "./render/votes.js";
import { command } from "./socket.js";
import { byId } from "./state.js";

// A form that was just cast is hidden: keyboard users go on from what it became.
function keepFocus(slot) {
  var active = document.activeElement;
  if (slot && slot.isConnected && (!active || active === document.body || active.closest("[hidden]"))) {
    var done = slot.querySelector(".ballot-done");
    if (done && !done.hidden) {
      done.setAttribute("tabindex", "-1");
      done.focus();
    }
  }
}

function ballotOf(kind, form) {
  var id = Number(form.dataset[kind]);
  var forId = Number(form.dataset.member);
  var ballot = ballotsIn(kind, id).filter(function (entry) { return entry.for === forId; })[0];
  return { id: id, ballot: ballot || { for: forId, as: form.dataset.as, name: "" } };
}

// Sends the cast; on success notes `note` (plus the receipt), on a conflict notes that the
// line had already been cast (by this person elsewhere or, for a member's ballot, by a
// colleague).
function cast(kind, form, control, data, note, render) {
  var target = ballotOf(kind, form);
  var ballot = target.ballot;
  var who = { name: ballot.name, as: ballot.as };
  var slot = form.closest(".ballot-slot");
  busy(control, true);
  command(kind + ".cast", castFor(ballot, data)).then(function (answer) {
    busy(control, false);
    noteBallot(kind, target.id, ballot.for, Object.assign(who, note, { receipt: answer.receipt || null }));
    markCast(kind, target.id, ballot.for);
    notify(kind === "vote" ? gettext("Your vote has been cast.") : gettext("Your ballot has been cast."));
    render();
    keepFocus(slot);
  }, function (error) {
    busy(control, false);
    if (error.code === "conflict") {
      noteBallot(kind, target.id, ballot.for, Object.assign(who, { elsewhere: true }));
      markCast(kind, target.id, ballot.for);
    }
    alertError(errorText(error));
    render();
    keepFocus(slot);
  });
}

export function castVoteBallot(form, control) {
  var chosen = form.querySelector("input[type=radio]:checked");
  if (!chosen) {
    alertError(gettext("Choose yes, no or abstain first."));
    return;
  }
  cast("vote", form, control, { vote: Number(form.dataset.vote), choice: chosen.value }, { choice: chosen.value }, renderVotes);
}

function candidateName(election, id) {
  var candidate = byId(election.candidates || [], id);
  return candidate ? candidate.name : String(id);
}

export function castElectionBallot(form, control) {
  var election = byId(model.state.elections, Number(form.dataset.election));
  if (!election) { return; }
  var data = { election: election.id };
  var note = {};
  if (form.dataset.method === "approve") {
    data.marks = {};
    note.marks = [];
    Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]:checked"), function (input) {
      data.marks[input.dataset.candidate] = input.value;
      note.marks.push([candidateName(election, Number(input.dataset.candidate)), input.value]);
    });
  } else {
    data.choices = Array.prototype.map.call(form.querySelectorAll("input[type=checkbox]:checked"), function (input) {
      return Number(input.value);
    });
    note.chosen = data.choices.map(function (id) { return candidateName(election, id); });
  }
  cast("election", form, control, data, note, renderElections);
}

export function ballotChanged(form) {
  var election = byId(model.state.elections, Number(form.dataset.election));
  if (election) { updateCount(form, election); }
}
