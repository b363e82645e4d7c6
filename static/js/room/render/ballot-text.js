/*
 * What a ballot says in words: for whom it is ("You vote for: Dakar (mandate)"), what was
 * cast, its receipt, and why someone has none. No DOM here: the votes' and the elections'
 * ballots and results share it.
 */
import { format, gettext } from "../format.js";
import { isDelegate, model, projector } from "../model.js";

/** Who a ballot is for, as its heading says: "You vote for: Dakar (mandate)", "For Guangzhou (proxy)". */
export function ballotHeading(ballot) {
  if (ballot.as === "mandate") { return format(gettext("You vote for: %(name)s (mandate)"), { name: ballot.name }); }
  if (ballot.as === "member") { return format(gettext("You vote for: %(name)s"), { name: ballot.name }); }
  if (ballot.as === "proxy") { return format(gettext("For %(name)s (proxy)"), { name: ballot.name }); }
  return gettext("Your vote");
}

/** What was cast for a ballot's line: "You voted: Yes.", "You voted for Guangzhou (proxy): No."... */
export function castText(ballot, what) {
  var names = { name: ballot.name, choice: what };
  if (ballot.as === "proxy") {
    return what ? format(gettext("You voted for %(name)s (proxy): %(choice)s."), names)
      : format(gettext("You have voted for %(name)s (proxy)."), names);
  }
  if (ballot.as === "mandate" || ballot.as === "member") {
    return what ? format(gettext("You voted for %(name)s: %(choice)s."), names)
      : format(gettext("You have voted for %(name)s."), names);
  }
  return what ? format(gettext("You voted: %(choice)s."), names) : gettext("You have voted.");
}

export function receiptText(note) {
  if (!note || !note.receipt) { return ""; }
  if (note.counted === true) {
    return format(gettext("Your receipt %(code)s is among the receipts counted."), { code: note.receipt });
  }
  if (note.counted === false) {
    return format(gettext("Your receipt %(code)s is not among the receipts counted: tell the secretariat."), { code: note.receipt });
  }
  return format(gettext("Your receipt: %(code)s"), { code: note.receipt });
}

export function slotKey(ballot) { return String(ballot.for); }

/** Why someone sees no ballot in an open vote (or election), or "". */
export function noBallotText(kind, box) {
  if (projector || !model.hasState) { return ""; }
  if (isDelegate()) {
    if (!model.you.can_vote) {
      return gettext("Your member is not in good standing at this event: you do not vote.");
    }
    if (box.rule === "per_organization") {
      return kind === "vote"
        ? gettext("You have no ballot in this vote: your member's vote is cast by its mandate holder, or your member is not on the roll.")
        : gettext("You have no ballot in this election: your member's vote is cast by its mandate holder, or your member is not on the roll.");
    }
    return kind === "vote"
      ? gettext("You are not on the roll of this vote: the last roll call did not find you present.")
      : gettext("You are not on the roll of this election: the last roll call did not find you present.");
  }
  if (model.you.role === "chair") { return ""; }
  return gettext("Delegates of member organizations vote. You follow the turnout here.");
}
