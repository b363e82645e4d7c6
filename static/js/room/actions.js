/* What the room's buttons and forms do: each sends one command and reports its refusal. */
import { castElectionBallot, castVoteBallot, ballotChanged } from "./ballot-actions.js";
import { $, busy, setAttr } from "./dom.js";
import { alertError, errorText, notify } from "./feedback.js";
import { format, gettext } from "./format.js";
import { model, remember, root, upvoted } from "./model.js";
import { renderAll } from "./render/index.js";
import { renderQuestions } from "./render/questions.js";
import { renderRollcall } from "./render/rollcall.js";
import { command } from "./socket.js";

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
};

function commandData(control) {
  var type = control.dataset.command;
  if (type === "floor.request") { return { kind: control.dataset.kind }; }
  if (type === "timer.extend") { return { seconds: Number(control.dataset.seconds) }; }
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
