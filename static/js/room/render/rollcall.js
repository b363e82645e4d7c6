/*
 * The roll call: for everyone, whether one is open and how many are present (on the
 * projector too); for a delegate, "I am present"; for the chair, the console's group that
 * opens and closes it and marks the delegates with a seat (the page's `seated` list)
 * present or absent from the floor.
 */
import { $, button, enable, make, reconcile, setAttr, setText, show } from "../dom.js";
import { format, gettext, ngettext } from "../format.js";
import { config, isChair, isDelegate, model, projector, status } from "../model.js";
import { presenceHow, rollcallStatus, where } from "./common.js";

function presentEntry(delegateId) {
  var rollcall = model.state.rollcall;
  if (!rollcall || !delegateId) { return null; }
  return rollcall.present.filter(function (entry) { return entry.delegate.id === delegateId; })[0] || null;
}

/** "5 delegates present; 4 members present, 1 represented by proxy, of 6 in good standing." */
export function summaryText(summary) {
  var room = summary.in_room === undefined ? "" : " " + format(
    gettext("In the room: %(in_room)s; remotely: %(remote)s."), { in_room: summary.in_room, remote: summary.remote });
  return format(ngettext(
    "%(delegates)s delegate present; %(present)s members present, %(represented)s represented by proxy, of %(members)s in good standing.",
    "%(delegates)s delegates present; %(present)s members present, %(represented)s represented by proxy, of %(members)s in good standing.",
    summary.delegates_present
  ), {
    delegates: summary.delegates_present, present: summary.members_present,
    represented: summary.members_represented, members: summary.members_in_standing,
  }) + room;
}

function countText(rollcall) {
  var n = rollcall.present.length;
  var seated = config.seated;
  if (isChair() && seated) {
    return format(ngettext("%(n)s of %(total)s delegates with a seat present", "%(n)s of %(total)s delegates with a seat present", seated.length), {
      n: n, total: seated.length,
    });
  }
  return format(ngettext("%(n)s delegate present so far", "%(n)s delegates present so far", n), { n: n });
}

function mineText(rollcall) {
  if (!isDelegate()) { return ""; }
  var entry = presentEntry(model.you.delegate);
  if (entry && entry.how === "marked") { return gettext("The chair has marked you present."); }
  if (entry) { return gettext("You are marked present."); }
  return rollcall.status === "closed" ? gettext("You were not present at this roll call.") : "";
}

function renderCard() {
  var section = $("rollcall");
  if (!section) { return; }
  var rollcall = model.state.rollcall;
  show(section, Boolean(rollcall));
  if (!rollcall) { return; }
  var open = rollcall.status === "open";
  var badge = $("rollcall-status");
  badge.dataset.status = rollcall.status;
  setText(badge, rollcallStatus(rollcall.status));
  setText($("rollcall-text"), open
    ? gettext("The chair has opened a roll call: delegates answer whether they are in the hall or follow by videoconference.")
    : gettext("The roll call is closed: the votes and elections that follow count on it."));
  setText($("rollcall-count"), open ? countText(rollcall) : summaryText(rollcall.summary || {}));
  var answer = $("rollcall-answer");
  var mine = presentEntry(model.you.delegate);
  show(answer, open && isDelegate() && !mine && !projector);
  enable(answer, open && !mine);
  var note = $("rollcall-mine");
  var text = mineText(rollcall);
  setText(note, text);
  show(note, Boolean(text) && !projector);
}

// --- the chair's console ---------------------------------------------------------------------

function createRow(delegate) {
  var item = make("li", "rollcall-row");
  var who = make("span", "rollcall-who");
  who.append(make("span", "rollcall-name", delegate.name), make("span", "rollcall-org", where(delegate.organization)),
    make("span", "rollcall-how"));
  item.append(who, button("", "button button-small button-secondary", {
    command: "rollcall.mark", delegate: delegate.id,
  }));
  return item;
}

function updateRow(item, delegate) {
  var entry = presentEntry(delegate.id);
  item.classList.toggle("is-present", Boolean(entry));
  setText(item.querySelector(".rollcall-how"), entry ? presenceHow(entry.how) : gettext("Absent"));
  var control = item.querySelector("button");
  control.dataset.present = entry ? "false" : "true";
  setText(control, entry ? gettext("Mark absent") : gettext("Mark present"));
  setAttr(control, "aria-label", format(entry ? gettext("Mark %(name)s absent") : gettext("Mark %(name)s present"), { name: delegate.name }));
  enable(control, true);
}

/** "By the doors: 41 delegates with a seat are in the room" and, while a roll call is
 * open, how those present split between the room and remote. */
function renderDoors(rollcall, open) {
  var line = $("rollcall-doors");
  if (!line) { return; }
  var doors = model.doors;
  show(line, Boolean(doors));
  if (!doors) { return; }
  var text = format(ngettext(
    "By the doors: %(n)s delegate with a seat is in the room.",
    "By the doors: %(n)s delegates with a seat are in the room.", doors.inRoom), { n: doors.inRoom });
  if (open) {
    var inRoom = 0;
    rollcall.present.forEach(function (entry) { if (doors.delegates.has(entry.delegate.id)) { inRoom += 1; } });
    text += " " + format(gettext("Of those present: %(in_room)s in the room, %(remote)s remotely."), {
      in_room: inRoom, remote: rollcall.present.length - inRoom,
    });
  }
  setText(line, text);
}

function matches(delegate, filter) {
  if (!filter) { return true; }
  var text = (delegate.name + " " + where(delegate.organization)).toLowerCase();
  return text.indexOf(filter) !== -1;
}

function renderConsole() {
  if (!$("rollcall-open") || !isChair()) { return; }
  var rollcall = model.state.rollcall;
  var open = Boolean(rollcall) && rollcall.status === "open";
  var notClosed = status() !== "closed";
  show($("rollcall-open"), !open && notClosed);
  enable($("rollcall-open"), !open && notClosed);
  show($("rollcall-close"), open);
  enable($("rollcall-close"), open);
  var count = $("rollcall-console-count");
  var text = "";
  if (open) {
    text = countText(rollcall);
  } else if (rollcall && rollcall.summary) {
    text = format(gettext("Last roll call: %(summary)s"), { summary: summaryText(rollcall.summary) });
  } else if (notClosed) {
    text = gettext("No roll call yet: every delegate with a seat counts as present.");
  }
  setText(count, text);
  renderDoors(rollcall, open);
  show($("rollcall-marking"), open);
  var filterInput = $("rollcall-filter");
  var filter = filterInput ? filterInput.value.trim().toLowerCase() : "";
  var seated = (config.seated || []).filter(function (delegate) { return matches(delegate, filter); });
  reconcile($("rollcall-list"), open ? seated : [], function (delegate) { return delegate.id; }, createRow, updateRow);
}

export function renderRollcall() {
  renderCard();
  renderConsole();
}
