/*
 * Votes: the card of an open vote is built once; its ballot is built once, the first time
 * it is needed, and never again: only the counters around it change. Closed votes show
 * their result, newest first.
 */
import { ballotsIn } from "../ballots.js";
import { $, button, enable, make, reconcile, setAttr, setText, show } from "../dom.js";
import { format, gettext, ngettext, percent } from "../format.js";
import { isChair, label, model, myBallots, projector } from "../model.js";
import { renderBallots } from "./ballot.js";
import { castText, noBallotText, receiptText } from "./ballot-text.js";
import { motionNumber, motionText, voteDescription } from "./common.js";
import { rollLine, rollText, splitText } from "./roll.js";

function createVoteCard(vote) {
  var card = make("article", "vote-card");
  card.dataset.vote = String(vote.id);
  var title = make("h3", "vote-title");
  card.appendChild(title);
  card.appendChild(make("p", "vote-motion"));
  card.appendChild(make("p", "vote-meta"));
  card.appendChild(make("p", "vote-roll"));
  var turnout = make("div", "turnout");
  var bar = make("progress", "turnout-bar");
  bar.max = 1;
  bar.value = 0;
  turnout.append(bar, make("span", "turnout-text"));
  card.appendChild(turnout);
  card.appendChild(make("div", "ballots"));
  card.appendChild(make("p", "ballot-note note"));
  if (!projector) {
    card.appendChild(button(gettext("Close the vote"), "button button-danger close-vote-button", { action: "close-vote", vote: vote.id }));
  }
  return card;
}

function updateVoteCard(card, vote) {
  var number = motionNumber(vote.motion);
  setText(card.querySelector(".vote-title"), number
    ? format(gettext("Vote on motion %(number)s"), { number: number })
    : gettext("Vote"));
  setText(card.querySelector(".vote-motion"), motionText(vote.motion));
  setText(card.querySelector(".vote-meta"), voteDescription(vote));
  var counts = model.progress[vote.id] || { cast: vote.cast || 0, eligible: vote.eligible };
  var bar = card.querySelector(".turnout-bar");
  var eligible = counts.eligible || vote.eligible || 0;
  if (bar.max !== Math.max(1, eligible)) { bar.max = Math.max(1, eligible); }
  if (bar.value !== counts.cast) { bar.value = counts.cast; }
  var turnoutText = format(ngettext("%(cast)s of %(eligible)s has voted", "%(cast)s of %(eligible)s have voted", counts.cast), {
    cast: counts.cast, eligible: eligible,
  });
  setText(card.querySelector(".turnout-text"), turnoutText);
  setAttr(bar, "aria-label", turnoutText);

  setText(card.querySelector(".vote-roll"), rollLine("vote", vote));
  var ballots = ballotsIn("vote", vote.id);
  renderBallots(card.querySelector(".ballots"), vote, ballots);
  var note = card.querySelector(".ballot-note");
  var noteText = ballots.length ? "" : noBallotText("vote", vote);
  setText(note, noteText);
  show(note, Boolean(noteText));
  var close = card.querySelector(".close-vote-button");
  show(close, isChair());
  enable(close, isChair());
}

function tallyRow(choice, count, total) {
  var row = make("div", "tally-row tally-" + choice);
  row.appendChild(make("span", "tally-label", label("choice", choice)));
  var track = make("span", "tally-track");
  track.setAttribute("aria-hidden", "true");
  var fill = make("span", "tally-fill");
  fill.style.width = percent(count, total) + "%";
  track.appendChild(fill);
  row.appendChild(track);
  row.appendChild(make("span", "tally-count", String(count)));
  return row;
}

function createResultCard(vote) {
  var result = vote.result || {};
  var tally = result.tally || { yes: 0, no: 0, abstain: 0 };
  var card = make("article", "result-card result-" + result.result);
  card.dataset.vote = String(vote.id);
  var head = make("div", "result-head");
  var number = motionNumber(vote.motion);
  head.appendChild(make("h4", "result-title", number
    ? format(gettext("Motion %(number)s"), { number: number })
    : gettext("Motion")));
  head.appendChild(make("span", "result-badge", label("motion", result.result)));
  card.appendChild(head);
  card.appendChild(make("p", "result-motion", motionText(vote.motion)));
  var summary = format(gettext("Yes %(yes)s, no %(no)s, abstain %(abstain)s. Turnout %(turnout)s of %(eligible)s."), {
    yes: tally.yes, no: tally.no, abstain: tally.abstain, turnout: result.turnout, eligible: result.eligible,
  }) + " " + splitText(result) + ". " + rollText(vote) + ".";
  card.appendChild(make("p", "visually-hidden", label("motion", result.result) + ". " + summary));
  var tallies = make("div", "tally");
  tallies.setAttribute("aria-hidden", "true");
  var total = Math.max(1, tally.yes + tally.no + tally.abstain);
  ["yes", "no", "abstain"].forEach(function (choice) { tallies.appendChild(tallyRow(choice, tally[choice] || 0, total)); });
  card.appendChild(tallies);
  card.appendChild(make("p", "result-meta", [
    format(gettext("Turnout %(turnout)s of %(eligible)s (%(percent)s)"), {
      turnout: result.turnout, eligible: result.eligible, percent: percent(result.turnout, result.eligible) + "%",
    }),
    splitText(result),
    voteDescription(vote),
  ].join(" · ")));
  card.appendChild(make("p", "result-roll", rollLine("vote", vote)));
  var mine = make("ul", "result-mine");
  mine.hidden = true;
  card.appendChild(mine);
  var receipts = make("ul", "result-receipts");
  receipts.hidden = true;
  card.appendChild(receipts);
  if (result.voters && result.voters.length && !projector) {
    var details = make("details", "roll-call");
    details.appendChild(make("summary", null, gettext("How each delegate voted")));
    var table = make("table", "compact");
    var body = make("tbody");
    result.voters.forEach(function (voter) {
      var row = make("tr");
      row.append(make("td", null, voter.name), make("td", null, voter.organization), make("td", null, label("choice", voter.choice)),
        make("td", null, voter.by_proxy ? gettext("by proxy") : ""));
      body.appendChild(row);
    });
    table.appendChild(body);
    details.appendChild(table);
    card.appendChild(details);
  }
  return card;
}

function renderLines(list, lines) {
  reconcile(list, lines, function (line) { return line.key; }, function () { return make("li"); }, function (item, line) {
    setText(item, line.text);
  });
  show(list, lines.length > 0);
}

// What this tab cast in a closed vote, line by line, and whether each receipt was counted.
function updateResultCard(card, vote) {
  var notes = myBallots("vote", vote.id);
  var cast = [];
  var receipts = [];
  Object.keys(notes).forEach(function (key) {
    var note = notes[key];
    var ballot = { for: key, name: note.name || "", as: note.as || "delegate" };
    if (note.choice) { cast.push({ key: key, text: castText(ballot, label("choice", note.choice)) }); }
    if (note.receipt) { receipts.push({ key: key, text: receiptText(note) }); }
  });
  var voted = model.you.voted && model.you.voted.indexOf(vote.id) !== -1;
  // `voted` also counts a ballot of one's member cast by a colleague (one ballot per member).
  if (!cast.length && voted) {
    cast.push({ key: "voted", text: vote.rule === "per_organization" ? gettext("Your member has voted.") : gettext("You voted.") });
  }
  renderLines(card.querySelector(".result-mine"), cast);
  renderLines(card.querySelector(".result-receipts"), receipts);
}

export function renderVotes() {
  var open = model.state.votes.filter(function (vote) { return vote.status !== "closed"; });
  var closed = model.state.votes.filter(function (vote) { return vote.status === "closed"; }).reverse();
  reconcile($("open-votes"), open, function (vote) { return vote.id; }, createVoteCard, updateVoteCard);
  reconcile($("vote-results"), projector ? closed.slice(0, 1) : closed, function (vote) { return vote.id; }, createResultCard, updateResultCard);
  show($("votes-empty"), open.length === 0);
  // The projector leaves out an empty card, to keep the screen for what is on.
  if (projector) { show($("votes"), open.length + closed.length > 0 || !model.state.elections.length); }
  show($("results-heading"), closed.length > 0);
}
