/*
 * A person's ballots in an open vote: one form per line of the roll they may cast (their
 * own, as a delegate, their member's mandate holder or one of its delegates, and one per
 * proxy their member holds), each built once and never redrawn while it is filled in.
 * Once cast, the form gives way to what was cast and, for a secret ballot, its receipt.
 */
import { isCast } from "../ballots.js";
import { enable, make, reconcile, setText, show } from "../dom.js";
import { format, gettext } from "../format.js";
import { label, myBallots, projector } from "../model.js";
import { ballotHeading, castText, receiptText, slotKey } from "./ballot-text.js";

function buildBallot(vote, ballot) {
  var form = make("form", "ballot");
  form.dataset.vote = String(vote.id);
  form.dataset.member = String(ballot.for);
  form.dataset.as = ballot.as;
  var fieldset = make("fieldset");
  fieldset.appendChild(make("legend", null, ballotHeading(ballot)));
  var choices = make("div", "ballot-choices");
  ["yes", "no", "abstain"].forEach(function (choice) {
    var option = make("label", "ballot-choice ballot-" + choice);
    var input = make("input");
    input.type = "radio";
    input.name = "ballot-" + vote.id + "-" + ballot.for;
    input.value = choice;
    option.append(input, make("span", null, label("choice", choice)));
    choices.appendChild(option);
  });
  fieldset.appendChild(choices);
  form.appendChild(fieldset);
  form.appendChild(make("p", "ballot-secrecy", vote.secret
    ? gettext("Secret ballot: nobody, not even the chair, can see how you voted.")
    : gettext("Roll call: your name and your vote are published with the result.")));
  var submit = make("button", "button", ballot.as === "proxy"
    ? format(gettext("Cast the vote of %(name)s"), { name: ballot.name })
    : gettext("Cast my vote"));
  submit.type = "submit";
  form.appendChild(submit);
  return form;
}

/** The place of one ballot: its form, then what was cast and the receipt (elections too). */
export function createSlot() {
  var slot = make("div", "ballot-slot");
  var done = make("p", "ballot-done");
  done.hidden = true;
  var receipt = make("p", "ballot-receipt");
  receipt.hidden = true;
  slot.append(done, receipt);
  return slot;
}

/** The person's ballot forms in `vote`, inside `container` (its card's .ballots). */
export function renderBallots(container, vote, ballots) {
  var notes = myBallots("vote", vote.id);
  reconcile(container, projector ? [] : ballots, slotKey, createSlot, function (slot, ballot) {
    var note = notes[slotKey(ballot)] || null;
    var cast = isCast("vote", vote.id, ballot.for) || Boolean(note && (note.choice || note.elsewhere));
    var form = slot.querySelector("form.ballot");
    if (!cast && !form) {
      form = buildBallot(vote, ballot);
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
        : castText(ballot, note && note.choice ? label("choice", note.choice) : ""));
    }
    var receipt = slot.querySelector(".ballot-receipt");
    setText(receipt, receiptText(note));
    show(receipt, Boolean(note && note.receipt));
  });
}
