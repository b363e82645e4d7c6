/*
 * A person's ballots in an open election, one per line of its roll they may cast, each
 * built once. "choose": tick up to `seats` candidates, with a live count ("2 of 4
 * chosen"); "approve": yes, no or abstain for each candidate (unmarked ones count as
 * abstaining). Elections are secret: once cast, the form gives way to what this tab
 * cast and the receipt.
 */
import { isCast } from "../ballots.js";
import { enable, make, reconcile, setText, show } from "../dom.js";
import { format, gettext, ngettext } from "../format.js";
import { label, myBallots, projector } from "../model.js";
import { createSlot } from "./ballot.js";
import { ballotHeading, receiptText, slotKey } from "./ballot-text.js";

function candidateWhere(candidate) {
  return candidate.region ? label("region", candidate.region) : "";
}

/** "Choose up to 4 of 6 candidates." / "Mark yes, no or abstain for each of the 6 candidates." */
export function methodText(election) {
  var n = (election.candidates || []).length;
  if (election.method === "approve") {
    return format(ngettext("Mark yes, no or abstain for the candidate.", "Mark yes, no or abstain for each of the %(n)s candidates.", n), { n: n });
  }
  return format(ngettext("Choose up to %(seats)s of %(n)s candidates.", "Choose up to %(seats)s of %(n)s candidates.", election.seats), {
    seats: election.seats, n: n,
  });
}

/** "At least one seat per region: Africa 1 · Europe 1", or "". */
export function minimumText(election) {
  var minimum = election.regional_minimum || {};
  var regions = Object.keys(minimum).filter(function (region) { return minimum[region] > 0; });
  if (!regions.length) { return ""; }
  return format(gettext("Seats reserved per region (at least): %(regions)s"), {
    regions: regions.map(function (region) { return label("region", region) + " " + minimum[region]; }).join(" · "),
  });
}

/** How many are chosen or marked, said as the voter fills the ballot in. */
export function countText(form, election) {
  if (election.method === "approve") {
    var marked = form.querySelectorAll("input[type=radio]:checked").length;
    return format(ngettext("%(n)s of %(total)s marked; unmarked candidates count as abstaining.",
      "%(n)s of %(total)s marked; unmarked candidates count as abstaining.", election.candidates.length), {
      n: marked, total: election.candidates.length,
    });
  }
  var chosen = form.querySelectorAll("input[type=checkbox]:checked").length;
  var text = format(ngettext("%(n)s of %(seats)s chosen", "%(n)s of %(seats)s chosen", election.seats), {
    n: chosen, seats: election.seats,
  });
  return chosen >= election.seats ? text + ". " + gettext("Untick one to choose another.") : text;
}

/** Keeps the count and, for "choose", stops a tick past the seats. */
export function updateCount(form, election) {
  if (election.method !== "approve") {
    var full = form.querySelectorAll("input[type=checkbox]:checked").length >= election.seats;
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      box.disabled = full && !box.checked;
    });
  }
  setText(form.querySelector(".choice-count"), countText(form, election));
}

function chooseRow(election, ballot, candidate) {
  var item = make("li", "candidate-choice");
  var wrap = make("label");
  var input = make("input");
  input.type = "checkbox";
  input.name = "candidates-" + election.id + "-" + ballot.for;
  input.value = String(candidate.id);
  wrap.append(input, make("span", "candidate-name", candidate.name), " ", make("span", "candidate-region", candidateWhere(candidate)));
  item.appendChild(wrap);
  return item;
}

function approveRow(election, ballot, candidate) {
  var item = make("li", "candidate-marks");
  var group = make("fieldset");
  var legend = make("legend");
  legend.append(make("span", "candidate-name", candidate.name), " ", make("span", "candidate-region", candidateWhere(candidate)));
  group.appendChild(legend);
  var choices = make("div", "mark-choices");
  ["yes", "no", "abstain"].forEach(function (mark) {
    var option = make("label", "inline-choice");
    var input = make("input");
    input.type = "radio";
    input.name = "marks-" + election.id + "-" + ballot.for + "-" + candidate.id;
    input.value = mark;
    input.dataset.candidate = String(candidate.id);
    option.append(input, make("span", null, label("choice", mark)));
    choices.appendChild(option);
  });
  group.appendChild(choices);
  item.appendChild(group);
  return item;
}

function buildBallot(election, ballot) {
  var form = make("form", "election-ballot");
  form.dataset.election = String(election.id);
  form.dataset.member = String(ballot.for);
  form.dataset.as = ballot.as;
  form.dataset.method = election.method;
  var fieldset = make("fieldset");
  fieldset.appendChild(make("legend", null, ballotHeading(ballot)));
  fieldset.appendChild(make("p", "ballot-rules", methodText(election)));
  var minimum = minimumText(election);
  if (minimum) { fieldset.appendChild(make("p", "ballot-rules", minimum)); }
  var list = make("ul", "candidate-list");
  election.candidates.forEach(function (candidate) {
    list.appendChild(election.method === "approve" ? approveRow(election, ballot, candidate) : chooseRow(election, ballot, candidate));
  });
  fieldset.appendChild(list);
  var count = make("p", "choice-count");
  count.setAttribute("aria-live", "polite");
  fieldset.appendChild(count);
  form.appendChild(fieldset);
  form.appendChild(make("p", "ballot-secrecy", gettext("Secret ballot: nobody, not even the chair, can see how you voted.")));
  var submit = make("button", "button", ballot.as === "proxy"
    ? format(gettext("Cast the ballot of %(name)s"), { name: ballot.name })
    : gettext("Cast my ballot"));
  submit.type = "submit";
  form.appendChild(submit);
  updateCount(form, election);
  return form;
}

// What a ballot said, as this tab noted it: the names chosen, or each mark.
function castWhat(note) {
  if (note && note.marks) {
    return note.marks.map(function (mark) {
      return format(gettext("%(name)s: %(mark)s"), { name: mark[0], mark: label("choice", mark[1]) });
    }).join(" · ");
  }
  if (note && note.chosen) {
    return note.chosen.length ? note.chosen.join(", ") : gettext("nobody (a blank ballot)");
  }
  return "";
}

/** What this tab cast for a line: "For Dakar you chose: Seoul, Berlin." */
export function electionCastText(ballot, note) {
  var what = castWhat(note);
  var names = { name: ballot.name, chosen: what };
  if (!what) {
    return ballot.as === "delegate" ? gettext("Your ballot is cast.")
      : format(gettext("The ballot for %(name)s is cast."), names);
  }
  if (note.marks) {
    if (ballot.as === "proxy") { return format(gettext("For %(name)s (proxy) you marked: %(chosen)s."), names); }
    if (ballot.as === "delegate") { return format(gettext("You marked: %(chosen)s."), names); }
    return format(gettext("For %(name)s you marked: %(chosen)s."), names);
  }
  if (ballot.as === "proxy") { return format(gettext("For %(name)s (proxy) you chose: %(chosen)s."), names); }
  if (ballot.as === "delegate") { return format(gettext("You chose: %(chosen)s."), names); }
  return format(gettext("For %(name)s you chose: %(chosen)s."), names);
}

export function renderElectionBallots(container, election, ballots) {
  var notes = myBallots("election", election.id);
  reconcile(container, projector ? [] : ballots, slotKey, createSlot, function (slot, ballot) {
    var note = notes[slotKey(ballot)] || null;
    var cast = isCast("election", election.id, ballot.for) || Boolean(note && (note.chosen || note.marks || note.elsewhere));
    var form = slot.querySelector("form.election-ballot");
    if (!cast && !form) {
      form = buildBallot(election, ballot);
      slot.insertBefore(form, slot.firstChild);
    }
    if (form) {
      show(form, !cast);
      enable(form.querySelector("button[type=submit]"), !cast);
    }
    var done = slot.querySelector(".ballot-done");
    show(done, cast);
    if (cast) {
      setText(done, note && note.elsewhere
        ? format(gettext("The ballot of %(name)s has already been cast."), { name: ballot.name })
        : electionCastText(ballot, note));
    }
    var receipt = slot.querySelector(".ballot-receipt");
    setText(receipt, receiptText(note));
    show(receipt, Boolean(note && note.receipt));
  });
}
