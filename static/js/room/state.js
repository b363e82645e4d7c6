/*
 * The room state as a pure function of the event log, mirroring debates/state.py (the
 * reference; tests/browser/test_room_fold.py runs both over the same logs).
 *
 * fold(events) replays a debate's log from nothing; apply(state, event) adds one event
 * and returns a new state, leaving its input as it was. Events use the wire format of
 * docs/protocol.md. No DOM and no window: this module can be imported on any page.
 */

import { TEXT_HANDLERS } from "./texts.js";

export const MESSAGES_KEPT = 100;

export function emptyState() {
  return {
    debate: {},
    speaker: null,
    interrupted: null,
    queue: [],
    balance: { by_region: {}, by_organization: {} },
    motions: [],
    votes: [],
    questions: [],
    messages: [],
    rollcall: null,
    elections: [],
    agenda: { current: null, items: [] },
    texts: [],
  };
}

/** A state from the server (snapshot or welcome) with every key present. */
export function normalize(state) {
  state = state || {};
  return {
    debate: state.debate || {},
    speaker: state.speaker || null,
    interrupted: state.interrupted || null,
    queue: state.queue || [],
    balance: state.balance || { by_region: {}, by_organization: {} },
    motions: state.motions || [],
    votes: state.votes || [],
    questions: state.questions || [],
    messages: state.messages || [],
    rollcall: state.rollcall || null,
    elections: state.elections || [],
    agenda: state.agenda || { current: null, items: [] },
    texts: state.texts || [],
  };
}

export function fold(events) {
  var state = emptyState();
  events.forEach(function (event) { state = apply(state, event); });
  return state;
}

/** Whether the fold knows events of this type. */
export function handles(type) {
  return Object.prototype.hasOwnProperty.call(HANDLERS, type);
}

/** The state after `event`. Does not modify `state` (the state is plain JSON). */
export function apply(state, event) {
  if (!handles(event.type)) {
    throw new Error("unknown event type " + JSON.stringify(event.type));
  }
  var next = JSON.parse(JSON.stringify(state));
  // Snapshots from before the agenda and its texts were folded lack their keys.
  if (!next.agenda) { next.agenda = { current: null, items: [] }; }
  if (!next.texts) { next.texts = []; }
  if (next.interrupted === undefined) { next.interrupted = null; }
  HANDLERS[event.type](next, event.data || {});
  return next;
}

export function byId(items, id) {
  for (var i = 0; i < items.length; i += 1) {
    if (items[i].id === id) { return items[i]; }
  }
  return null;
}

function ordered(queue, order) {
  var entries = {};
  queue.forEach(function (entry) { entries[entry.request] = entry; });
  return order.filter(function (id) { return entries[id]; }).map(function (id) { return entries[id]; });
}

// Python's round(x, 1). The two differ only on exact ties, which sums of spoken times
// (each already rounded to a tenth by the server) never are.
function round1(value) { return Math.round(value * 10) / 10; }

// The agenda item open now: the queue entries, motions, votes and elections made while
// it is open belong to it (null: made while no item is open), as in debates/state.py.
function withItem(s, entry) { return Object.assign({}, entry, { item: s.agenda.current }); }

function setStatus(s, d) { s.debate.status = d.status; }
function queueOrdered(s, d) { s.queue = ordered(s.queue, d.order); }

function motionChanged(s, d) {
  var motion = byId(s.motions, d.motion);
  if (motion) {
    motion.status = d.status;
    if ("seconder" in d) { motion.seconder = d.seconder; }
  }
}

function timerChanged(s, d) {
  if (s.speaker) {
    s.speaker.ends_at = d.ends_at;
    s.speaker.paused_remaining = d.paused_remaining;
    if (d.time_up === false) { s.speaker.time_up = false; }
  }
}

// What the state keeps of a result (the roll and the receipts stay in the log), as in
// debates/state.py.
export const VOTE_RESULT_KEYS = Object.freeze([
  "tally", "turnout", "in_person", "by_proxy", "eligible", "present", "represented", "members",
  "quorum", "result", "voters",
]);
export const ELECTION_RESULT_KEYS = Object.freeze([
  "counts", "turnout", "in_person", "by_proxy", "eligible", "present", "represented", "members",
  "quorum", "elected", "tied", "tied_seats",
]);
const ELECTION_OPENED_KEYS = ["eligible", "present", "represented", "members", "roll_call"];

function picked(data, keys) {
  var out = {};
  keys.forEach(function (key) { if (key in data) { out[key] = data[key]; } });
  return out;
}

function currentRollcall(s, id) {
  return s.rollcall && s.rollcall.id === id ? s.rollcall : null;
}

// Each handler changes the copy `s` that apply() made.
const HANDLERS = {
  "debate.created": function (s, d) { s.debate = Object.assign({}, d.debate); },
  "debate.updated": function (s, d) { Object.assign(s.debate, d.changes); },
  "debate.opened": setStatus,
  "debate.started": setStatus,
  "debate.suspended": setStatus,
  "debate.resumed": setStatus,
  "debate.closed": setStatus,
  "floor.requested": function (s, d) {
    s.queue.push(withItem(s, d.request));
    s.queue = ordered(s.queue, d.order);
  },
  "floor.withdrawn": queueOrdered,
  "floor.reordered": queueOrdered,
  "floor.granted": function (s, d) {
    s.queue = ordered(s.queue, d.order);
    s.speaker = Object.assign({}, d.speaker);
  },
  "floor.interrupted": function (s, d) {
    if (s.speaker && s.speaker.request === d.request) {
      s.interrupted = Object.assign({}, s.speaker, { ends_at: null, paused_remaining: d.paused_remaining });
    }
    s.speaker = null;
  },
  "floor.resumed": function (s, d) {
    s.interrupted = null;
    s.speaker = Object.assign({}, d.speaker);
  },
  "floor.ended": function (s, d) {
    if (s.interrupted && s.interrupted.request === d.request) {
      s.interrupted = null; // the debate closed while it waited
    } else {
      s.speaker = null;
    }
    var region = s.balance.by_region[d.region] || (s.balance.by_region[d.region] = { seconds: 0, speeches: 0 });
    region.seconds = round1(region.seconds + d.spoken_seconds);
    region.speeches += 1;
    var key = String(d.organization.id);
    var org = s.balance.by_organization[key] ||
      (s.balance.by_organization[key] = { name: d.organization.short_name, seconds: 0, speeches: 0 });
    org.seconds = round1(org.seconds + d.spoken_seconds);
    org.speeches += 1;
  },
  "floor.time_up": function (s, d) {
    if (s.speaker && s.speaker.request === d.request) { s.speaker.time_up = true; }
  },
  "timer.paused": timerChanged,
  "timer.resumed": timerChanged,
  "timer.extended": timerChanged,
  "motion.proposed": function (s, d) { s.motions.push(withItem(s, d.motion)); },
  "motion.seconded": motionChanged,
  "motion.withdrawn": motionChanged,
  "vote.opened": function (s, d) {
    s.votes.push(withItem(s, d.vote));
    motionChanged(s, { motion: d.vote.motion, status: "voting" });
  },
  "vote.closed": function (s, d) {
    var vote = byId(s.votes, d.vote);
    if (vote) {
      vote.status = "closed";
      vote.result = picked(d, VOTE_RESULT_KEYS);
      motionChanged(s, { motion: vote.motion, status: d.result });
    }
  },
  "rollcall.opened": function (s, d) { s.rollcall = Object.assign({}, d.rollcall, { present: [] }); },
  "rollcall.answered": function (s, d) {
    var rollcall = currentRollcall(s, d.rollcall);
    if (rollcall) { rollcall.present.push(Object.assign({}, d.present)); }
  },
  "rollcall.marked": function (s, d) {
    var rollcall = currentRollcall(s, d.rollcall);
    if (rollcall) {
      rollcall.present = rollcall.present.filter(function (entry) { return entry.delegate.id !== d.delegate; });
      if (d.present !== null && d.present !== undefined) { rollcall.present.push(Object.assign({}, d.present)); }
    }
  },
  "rollcall.closed": function (s, d) {
    var rollcall = currentRollcall(s, d.rollcall);
    if (rollcall) {
      rollcall.status = "closed";
      rollcall.summary = {};
      Object.keys(d).forEach(function (key) { if (key !== "rollcall") { rollcall.summary[key] = d[key]; } });
    }
  },
  "election.prepared": function (s, d) { s.elections.push(withItem(s, d.election)); },
  "election.opened": function (s, d) {
    var election = byId(s.elections, d.election);
    if (election) {
      election.status = "open";
      ELECTION_OPENED_KEYS.forEach(function (key) { election[key] = d[key]; });
    }
  },
  "election.closed": function (s, d) {
    var election = byId(s.elections, d.election);
    if (election) {
      election.status = d.status;
      election.result = picked(d, ELECTION_RESULT_KEYS);
    }
  },
  "election.resolved": function (s, d) {
    var election = byId(s.elections, d.election);
    if (election) {
      election.status = d.status;
      var result = Object.assign({}, election.result || {});
      result.elected = d.elected;
      result.tied = d.tied;
      result.tied_seats = d.tied_seats;
      result.resolution = { rule: d.rule, drawn: d.drawn };
      election.result = result;
    }
    if (d.next_round !== null && d.next_round !== undefined) { s.elections.push(withItem(s, d.next_round)); }
  },
  "question.asked": function (s, d) { s.questions.push(Object.assign({}, d.question)); },
  "question.upvoted": function (s, d) {
    var question = byId(s.questions, d.question);
    if (question) { question.upvotes = d.upvotes; }
  },
  "question.answered": function (s, d) {
    var question = byId(s.questions, d.question);
    if (question) { question.status = "answered"; }
  },
  "question.hidden": function (s, d) {
    s.questions = s.questions.filter(function (q) { return q.id !== d.question; });
  },
  "message.posted": function (s, d) {
    s.messages.push(Object.assign({}, d.message));
    if (s.messages.length > MESSAGES_KEPT) { s.messages = s.messages.slice(-MESSAGES_KEPT); }
  },
  "message.removed": function (s, d) {
    s.messages = s.messages.filter(function (m) { return m.id !== d.message; });
  },
};
Object.assign(HANDLERS, TEXT_HANDLERS);

export const EVENT_TYPES = Object.freeze(Object.keys(HANDLERS));
