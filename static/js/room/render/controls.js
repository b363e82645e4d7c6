/* Everything whose visibility depends on role, status and connection. */
import { $, enable, setAttr, setText, show } from "../dom.js";
import { format, gettext } from "../format.js";
import { canAsk, config, isActive, isChair, isDelegate, mayGrant, model, root, status } from "../model.js";
import { lifecycleAllowed } from "../transitions.js";

export function renderControls() {
  var st = status();
  var speaker = model.state.speaker;
  Array.prototype.forEach.call(root.querySelectorAll("[data-for]"), function (node) {
    var who = node.dataset.for;
    var visible = {
      chair: isChair(),
      delegate: isDelegate(),
      participant: Boolean(config.signed_in),
      asker: canAsk(),
    }[who];
    show(node, Boolean(visible));
  });

  // Chair's console: the lifecycle moves the transition table allows from here.
  Array.prototype.forEach.call(root.querySelectorAll("#console [data-move]"), function (control) {
    var visible = lifecycleAllowed(control.dataset.move, st);
    show(control, visible);
    enable(control, visible);
  });
  if (!isActive()) { show($("close-confirm"), false); setAttr($("close-debate"), "aria-expanded", "false"); }
  enable(root.querySelector("#close-confirm [data-command='debate.close']"), isActive());
  enable($("close-cancel"), true);
  setAttr($("close-cancel"), "aria-disabled", "false");
  show($("console-closed"), st === "closed");
  var head = model.state.queue[0];
  enable($("grant-next"), mayGrant(head));
  var note = "";
  if (st === "closed") {
    note = "";
  } else if (st !== "live") {
    note = gettext("The floor is given while the debate is live.");
  } else if (speaker && mayGrant(head)) {
    note = format(gettext("A point of order from %(name)s: giving the floor interrupts the speech, which resumes after it."), { name: head.delegate.name });
  } else if (speaker) {
    note = format(gettext("%(name)s has the floor."), { name: speaker.delegate.name });
  } else if (head) {
    note = format(gettext("Next: %(name)s (%(organization)s)"), { name: head.delegate.name, organization: head.delegate.organization.short_name });
  } else {
    note = gettext("Nobody has asked for the floor.");
  }
  setText($("grant-next-note"), note);
  enable($("end-floor"), Boolean(speaker));
  var running = Boolean(speaker && speaker.ends_at);
  enable($("timer-pause"), running);
  show($("timer-pause"), !speaker || running);
  enable($("timer-resume"), Boolean(speaker && !speaker.ends_at && st === "live"));
  show($("timer-resume"), Boolean(speaker && !speaker.ends_at));
  Array.prototype.forEach.call(root.querySelectorAll("#console [data-command='timer.extend']"), function (control) {
    enable(control, Boolean(speaker));
  });
  var openVote = model.state.votes.filter(function (vote) { return vote.status !== "closed"; })[0];
  show($("close-vote"), Boolean(openVote));
  enable($("close-vote"), Boolean(openVote));
  show($("console-vote-note"), !openVote && st !== "closed");
  if (openVote && $("close-vote")) { $("close-vote").dataset.vote = String(openVote.id); }

  // Forms.
  var proposeOpen = st === "open" || st === "live";
  enable(root.querySelector("#propose-form button[type=submit]"), proposeOpen);
  enable(root.querySelector("#ask-form button[type=submit]"), isActive());
  enable(root.querySelector("#chat-form button[type=submit]"), isActive());
  Array.prototype.forEach.call(root.querySelectorAll(".reaction-button"), function (control) {
    enable(control, st !== "closed");
  });
  var askNote = $("ask-note");
  if (askNote) {
    var askText = "";
    if (!config.signed_in) {
      askText = "";
    } else if (!canAsk()) {
      askText = gettext("Observers do not ask questions in this debate.");
    }
    setText(askNote, askText);
    show(askNote, Boolean(askText));
  }
}
