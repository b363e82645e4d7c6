/*
 * The chair's console for deciding: the elections (Open for those prepared, Close for the
 * open one, Resolve by lot or by a further round for a tied one: the moves of the
 * election table the room config carries) and the roll a vote counts on, before and
 * while it is open: members present, represented and in good standing, and the quorum.
 */
import { $, button, enable, make, reconcile, setText, show } from "../dom.js";
import { format, gettext } from "../format.js";
import { boxOpen, isChair, model, status } from "../model.js";
import { allowed } from "../transitions.js";
import { electionStatus, electionTitle, motionNumber } from "./common.js";
import { quorumNeeded, quorumReached, rollLine, rollText } from "./roll.js";

const ACTIVE = ["prepared", "open", "tied"];

function createElection(election) {
  var item = make("li", "console-election");
  var id = "console-election-" + election.id;
  item.setAttribute("role", "group");
  item.setAttribute("aria-labelledby", id);
  var head = make("p", "console-election-head");
  var title = make("span", "console-election-title");
  title.id = id;
  head.append(title, make("span", "badge console-election-status"));
  var row = make("div", "button-row");
  row.append(
    button(gettext("Open the election"), "button button-small", { command: "election.open", election: election.id, move: "open" }),
    button(gettext("Close the election"), "button button-small button-danger", { command: "election.close", election: election.id, move: "close" }),
    button(gettext("Resolve by lot"), "button button-small", { command: "election.resolve", election: election.id, rule: "lot", move: "resolve" }),
    button(gettext("Hold a further round"), "button button-small button-secondary", { command: "election.resolve", election: election.id, rule: "round", move: "resolve" })
  );
  item.append(head, row, make("p", "console-note console-election-note"));
  return item;
}

function updateElection(item, election) {
  setText(item.querySelector(".console-election-title"), electionTitle(election));
  var badge = item.querySelector(".console-election-status");
  badge.dataset.status = election.status;
  setText(badge, electionStatus(election.status));
  var live = status() === "live";
  var note = "";
  Array.prototype.forEach.call(item.querySelectorAll("button"), function (control) {
    var move = control.dataset.move;
    var visible = false;
    var on = false;
    if (move === "open") {
      visible = allowed("election", election.status, "open");
      on = visible && live && !boxOpen();
      if (visible && !live) { note = gettext("An election opens while the debate is live."); }
      else if (visible && !on) { note = gettext("Close the open vote or election first."); }
    } else if (move === "close") {
      // Closing is the system's move (to closed, tied or no quorum) that the chair's command makes.
      visible = election.status === "open";
      on = visible;
    } else if (move === "resolve") {
      visible = allowed("election", election.status, "closed");
      on = visible;
    }
    show(control, visible);
    enable(control, on);
  });
  var noteNode = item.querySelector(".console-election-note");
  setText(noteNode, note);
  show(noteNode, Boolean(note));
}

function renderConsoleElections() {
  var list = $("console-election-list");
  if (!list) { return; }
  var elections = (model.state.elections || []).filter(function (e) { return ACTIVE.indexOf(e.status) !== -1; });
  reconcile(list, elections, function (e) { return e.id; }, createElection, updateElection);
  show($("console-elections-empty"), elections.length === 0);
}

// The roll in the console: the open vote's or election's, frozen when it opened; or what a
// vote of one ballot per member would count on if it opened now.
function rollNowText() {
  var openVote = model.state.votes.filter(function (vote) { return vote.status !== "closed"; })[0];
  var openElection = (model.state.elections || []).filter(function (e) { return e.status === "open"; })[0];
  var kind = openVote ? "vote" : "election";
  var box = openVote || openElection;
  if (box) {
    var what = openVote
      ? format(gettext("Vote on motion %(number)s"), { number: motionNumber(openVote.motion) || "" })
      : electionTitle(openElection);
    var reached = quorumReached(kind, box);
    var verdict = reached === null ? "" : " · " + (reached ? gettext("quorum reached") : gettext("quorum not reached"));
    return what + ": " + rollLine(kind, box) + verdict;
  }
  var now = model.rollNow;
  if (!now) { return ""; }
  var debate = model.state.debate;
  var box2 = {
    rule: "per_organization", present: now.present, represented: now.represented, members: now.members,
    eligible: now.present + now.represented, quorum_percent: debate.quorum_percent || 0,
  };
  var quorum = quorumNeeded(now.members, box2.quorum_percent);
  return format(gettext("A vote of one ballot per member opened now: %(roll)s; quorum %(quorum)s (%(verdict)s)."), {
    roll: rollText(box2), quorum: quorum,
    verdict: box2.eligible >= quorum ? gettext("reached") : gettext("not reached"),
  });
}

export function renderConsoleBallots() {
  if (!isChair()) { return; }
  renderConsoleElections();
  var roll = $("console-roll");
  if (roll) {
    var text = status() === "closed" ? "" : rollNowText();
    setText(roll, text);
    show(roll, Boolean(text));
  }
}
