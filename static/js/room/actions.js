/*
 * What the room's buttons and forms do: each sends one command and reports its refusal.
 * Ballot forms send one `vote.cast` or `election.cast` for their line of the roll (`for`:
 * the member it counts for; none for one ballot per delegate); what a ballot said and its
 * receipt are kept in this tab (sessionStorage), since for a secret ballot the server
 * does not know and only the voter holds the receipt.
 */
import { ballotsIn, castFor, markCast } from "./ballots.js";
import { $, busy, setAttr } from "./dom.js";
import { alertError, errorText, notify } from "./feedback.js";
import { format, gettext } from "./format.js";
import { model, noteBallot, remember, root, upvoted } from "./model.js";
import { updateCount } from "./render/election-ballot.js";
import { editedOrder, mergeCommand, moveInOrder, resetOrder } from "./render/agenda.js";
import { renderAll } from "./render/index.js";
import { renderQuestions } from "./render/questions.js";
import { renderRollcall } from "./render/rollcall.js";
import { command } from "./socket.js";
import { byId } from "./state.js";

function run(control, type, data, done) {
  busy(control, true);
  return command(type, data).then(function (answer) {
    busy(control, false);
    if (done) { done(answer); }
    renderAll();
    return answer;
  }, function (error) {
    busy(control, false);
    alertError(errorText(error));
    renderAll();
    throw error;
  }).catch(function () { /* reported */ });
}

export function queueOrder() {
  return model.state.queue.map(function (entry) { return entry.request; });
}

function move(request, by) {
  var order = queueOrder();
  var from = order.indexOf(request);
  var to = from + by;
  if (from === -1 || to < 0 || to >= order.length) { return null; }
  order.splice(from, 1);
  order.splice(to, 0, request);
  return order;
}

function nameOf(request) {
  var entry = model.state.queue.filter(function (e) { return e.request === request; })[0];
  return entry ? entry.delegate.name : "";
}

export function sendOrder(control, order, request) {
  run(control, "floor.reorder", { order: order }, function () {
    notify(format(gettext("%(name)s is now number %(position)s."), {
      name: nameOf(request), position: order.indexOf(request) + 1,
    }));
  });
}

// What the room says once a command of the roll call or of an election is carried out.
var DONE = {
  "rollcall.open": function () { return gettext("The roll call is open."); },
  "rollcall.answer": function () { return gettext("You are marked present."); },
  "rollcall.close": function () { return gettext("The roll call is closed."); },
  "election.open": function () { return gettext("The election is open."); },
  "election.close": function (answer) {
    return answer.status === "tied" ? gettext("The election is tied: resolve the tie in the console.")
      : gettext("The election is closed and its result published.");
  },
  "election.resolve": function (answer) {
    return answer.status === "prepared" ? gettext("A further round is prepared: open it when you are ready.")
      : gettext("The tie is resolved.");
  },
};

// --- ballots ------------------------------------------------------------------------------

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
function cast(kind, form, control, data, note) {
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
    renderAll();
    keepFocus(slot);
  }, function (error) {
    busy(control, false);
    if (error.code === "conflict") {
      noteBallot(kind, target.id, ballot.for, Object.assign(who, { elsewhere: true }));
      markCast(kind, target.id, ballot.for);
    }
    alertError(errorText(error));
    renderAll();
    keepFocus(slot);
  });
}

function castVoteBallot(form, control) {
  var chosen = form.querySelector("input[type=radio]:checked");
  if (!chosen) {
    alertError(gettext("Choose yes, no or abstain first."));
    return;
  }
  cast("vote", form, control, { vote: Number(form.dataset.vote), choice: chosen.value }, { choice: chosen.value });
}

function candidateName(election, id) {
  var candidate = byId(election.candidates || [], id);
  return candidate ? candidate.name : String(id);
}

function castElectionBallot(form, control) {
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
  cast("election", form, control, data, note);
}

function ballotChanged(form) {
  var election = byId(model.state.elections, Number(form.dataset.election));
  if (election) { updateCount(form, election); }
}

// --- buttons -------------------------------------------------------------------------------

var ACTIONS = {
  grant: function (control) { run(control, "floor.grant", { request: Number(control.dataset.request) }); },
  up: function (control) {
    var request = Number(control.dataset.request);
    var order = move(request, -1);
    if (order) { sendOrder(control, order, request); }
  },
  down: function (control) {
    var request = Number(control.dataset.request);
    var order = move(request, 1);
    if (order) { sendOrder(control, order, request); }
  },
  withdraw: function (control) { run(control, "floor.withdraw", { request: Number(control.dataset.request) }); },
  second: function (control) { run(control, "motion.second", { motion: Number(control.dataset.motion) }); },
  "withdraw-motion": function (control) { run(control, "motion.withdraw", { motion: Number(control.dataset.motion) }); },
  "close-vote": function (control) { run(control, "vote.close", { vote: Number(control.dataset.vote) }); },
  upvote: function (control) {
    var question = Number(control.dataset.question);
    var mark = function () {
      var list = upvoted();
      if (list.indexOf(question) === -1) { list.push(question); remember("upvoted", list); }
    };
    busy(control, true);
    command("question.upvote", { question: question }).then(function () {
      busy(control, false);
      mark();
      renderQuestions();
    }, function (error) {
      busy(control, false);
      if (error.code === "conflict") { mark(); } else { alertError(errorText(error)); }
      renderQuestions();
    });
  },
  answer: function (control) { run(control, "question.answer", { question: Number(control.dataset.question) }); },
  hide: function (control) { run(control, "question.hide", { question: Number(control.dataset.question) }); },
  "remove-message": function (control) { run(control, "message.remove", { message: Number(control.dataset.message) }); },
  "order-up": function (control) { moveInOrder(Number(control.dataset.amendment), -1); renderAll(); },
  "order-down": function (control) { moveInOrder(Number(control.dataset.amendment), 1); renderAll(); },
  "order-reset": function () { resetOrder(); renderAll(); },
  "order-confirm": function (control) {
    var edited = editedOrder();
    if (!edited) { return; }
    run(control, "voting_order.override", edited, function () {
      notify(format(gettext("The voting order is now: %(order)s."), { order: edited.order.join(", ") }));
    });
  },
};

function commandData(control) {
  var type = control.dataset.command;
  if (type === "floor.request") {
    var language = document.getElementById("speech-language");
    return language ? { kind: control.dataset.kind, language: language.value } : { kind: control.dataset.kind };
  }
  if (type === "timer.extend") { return { seconds: Number(control.dataset.seconds) }; }
  if (type === "agenda.open" || type === "agenda.close") { return { item: Number(control.dataset.item) }; }
  if (type === "amendment.accept") {
    return { text: Number(control.dataset.text), amendment: Number(control.dataset.amendment) };
  }
  // From the room, texts and amendments are put to the vote by roll call.
  if (type === "amendment.put_to_vote") {
    return { text: Number(control.dataset.text), amendment: Number(control.dataset.amendment), secret: false };
  }
  if (type === "text.put_to_vote") { return { text: Number(control.dataset.text), secret: false }; }
  if (type === "reaction.send") { return { emoji: control.dataset.emoji }; }
  if (type === "vote.close" && control.dataset.vote) { return { vote: Number(control.dataset.vote) }; }
  if (type === "rollcall.mark") {
    return { delegate: Number(control.dataset.delegate), present: control.dataset.present === "true" };
  }
  if (type.indexOf("election.") === 0) {
    var data = { election: Number(control.dataset.election) };
    if (control.dataset.rule) { data.rule = control.dataset.rule; }
    return data;
  }
  return {};
}

export function wireActions() {
  root.addEventListener("click", function (click) {
    var control = click.target.closest("button");
    if (!control || !root.contains(control) || control.type === "submit") { return; }
    if (control.getAttribute("aria-disabled") === "true") {
      click.preventDefault();
      return;
    }
    if (control.id === "close-debate") {
      var confirm = $("close-confirm");
      var opening = confirm.hidden;
      confirm.hidden = !opening;
      setAttr(control, "aria-expanded", opening ? "true" : "false");
      if (opening) { confirm.querySelector("[data-command]").focus(); }
      return;
    }
    if (control.id === "close-cancel") {
      $("close-confirm").hidden = true;
      setAttr($("close-debate"), "aria-expanded", "false");
      $("close-debate").focus();
      return;
    }
    var type = control.dataset.command;
    if (type) {
      run(control, type, commandData(control), function (answer) {
        if (type === "floor.request") {
          notify(format(gettext("You are number %(position)s on the speakers' list."), { position: answer.position }));
        } else if (type === "debate.close") {
          $("close-confirm").hidden = true;
          notify(gettext("The debate is closed. The minutes are published."));
        } else if (DONE[type]) {
          notify(DONE[type](answer));
        }
      });
      return;
    }
    var action = ACTIONS[control.dataset.action];
    if (action) { action(control); }
  });

  root.addEventListener("change", function (change) {
    var form = change.target.closest && change.target.closest("form.election-ballot");
    if (form) { ballotChanged(form); }
  });
  root.addEventListener("input", function (input) {
    if (input.target.id === "rollcall-filter") { renderRollcall(); }
  });

  root.addEventListener("submit", function (submit) {
    var form = submit.target;
    submit.preventDefault();
    var control = form.querySelector("button[type=submit]");
    if (control && control.getAttribute("aria-disabled") === "true") { return; }
    if (form.classList.contains("ballot")) {
      castVoteBallot(form, control);
      return;
    }
    if (form.classList.contains("election-ballot")) {
      castElectionBallot(form, control);
      return;
    }
    if (form.classList.contains("amendment-merge")) {
      var merge = mergeCommand(form);
      if (!merge) { return; }
      run(control, "amendment.merge", merge, function (answer) {
        notify(format(gettext("Amendments %(first)s and %(second)s are merged into amendment %(id)s."), {
          first: merge.amendments[0], second: merge.amendments[1], id: answer.amendment,
        }));
      });
      return;
    }
    if (form.classList.contains("open-vote")) {
      var secret = form.querySelector("input[type=radio]:checked").value === "secret";
      run(control, "vote.open", {
        motion: Number(form.dataset.motion),
        secret: secret,
        majority: form.elements.majority.value,
        rule: form.elements.rule.value,
      });
      return;
    }
    var text = form.elements.text;
    if (!text || !text.value.trim()) {
      if (text) { text.focus(); }
      return;
    }
    var type = { "propose-form": "motion.propose", "ask-form": "question.ask", "chat-form": "message.post" }[form.id];
    if (!type) { return; }
    var data = { text: text.value };
    if (type === "motion.propose" && form.elements.amends.value) {
      data.amends = Number(form.elements.amends.value);
    }
    run(control, type, data, function () {
      form.reset();
      if (type === "motion.propose") { notify(gettext("Your motion is proposed: it needs a seconder.")); }
      if (type === "question.ask") { notify(gettext("Your question is in the list.")); }
      text.focus();
    });
  });
}
