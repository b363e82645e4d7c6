/*
 * The connection to the room (docs/protocol.md):
 *
 * - applies events strictly by seq (ignores seq <= last; on a gap asks for `sync`);
 * - reconnects with exponential backoff and jitter, then resumes with `sync {since: last}`
 *   so that it applies every event it missed, one by one;
 * - sends `sync` as a heartbeat, and gives up on a socket that does not answer it;
 * - sends commands and settles each with its `ack` or `error`;
 * - shows a banner and stops when the server refuses the room (4401, 4403, 4404).
 */
import { adoptRoll } from "./ballots.js";
import { $, setText, show } from "./dom.js";
import { alertError, errorText, notify } from "./feedback.js";
import { gettext, lang } from "./format.js";
import { config, isLive, isMe, model, myBallots, noteBallot, root } from "./model.js";
import { renderElections } from "./render/elections.js";
import { renderAll, scheduleRender } from "./render/index.js";
import { renderPresence, setConnection } from "./render/header.js";
import { showReactions } from "./render/reactions.js";
import { renderVotes } from "./render/votes.js";
import { apply, handles, normalize } from "./state.js";

const BASE_DELAY = 500;
const MAX_DELAY = 30000;
const HEARTBEAT_EVERY = 25000;
const ANSWER_WITHIN = 10000;
const COMMAND_TIMEOUT = 15000;
const OFFLINE_AFTER = 6;      // failed attempts in a row: some 15 to 30 seconds of trying

var socket = null;
var attempt = 0;
var reconnectTimer = null;
var heartbeatTimer = null;
var syncRef = null;
var syncDeadline = null;
var buffer = [];
var refCount = 0;
var pending = {};

function socketUrl() {
  var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  return scheme + "//" + window.location.host + config.socket + "?lang=" + encodeURIComponent(lang);
}

export function connect() {
  clearTimeout(reconnectTimer);
  reconnectTimer = null;
  if (model.connection === "refused" || socket) { return; }
  var ws;
  try {
    ws = new WebSocket(socketUrl());
  } catch (error) {
    scheduleReconnect();
    return;
  }
  socket = ws;
  ws.onmessage = function (message) { if (ws === socket) { receive(message.data); } };
  ws.onclose = function (event) { if (ws === socket) { closed(event.code); } };
}

// Give up on a socket at once (a dead connection may take minutes to report its close).
function abandon(code) {
  var ws = socket;
  if (!ws) { return; }
  ws.onmessage = null;
  ws.onclose = null;
  try { ws.close(); } catch (error) { /* already closing */ }
  closed(code);
}

var REFUSALS = {
  4401: function () { return gettext("Your session has ended. Log in again to follow the debate."); },
  4403: function () { return gettext("You may no longer watch this debate."); },
  4404: function () { return gettext("This debate no longer exists."); },
};

function closed(code) {
  socket = null;
  model.welcomed = false;
  clearSync();
  buffer = [];
  clearInterval(heartbeatTimer);
  Object.keys(pending).forEach(function (ref) {
    var entry = pending[ref];
    delete pending[ref];
    clearTimeout(entry.timer);
    entry.reject({ code: "offline", message: gettext("The connection was lost before the server answered. Check whether your action was carried out.") });
  });
  if (REFUSALS[code]) {
    setConnection("refused");
    var banner = $("room-banner");
    setText($("room-banner-text"), REFUSALS[code]());
    show($("room-banner-login"), code === 4401);
    show(banner, true);
    renderAll();
    return;
  }
  scheduleReconnect();
}

function scheduleReconnect() {
  attempt += 1;
  var ceiling = Math.min(MAX_DELAY, BASE_DELAY * Math.pow(2, attempt - 1));
  var delay = ceiling / 2 + Math.random() * (ceiling / 2);
  // Still trying, but after half a minute of failures (or with the network gone) say so.
  setConnection(navigator.onLine === false || attempt > OFFLINE_AFTER ? "offline" : "reconnecting");
  clearTimeout(reconnectTimer);
  reconnectTimer = setTimeout(connect, delay);
  renderAll();
}

function sendFrame(frame) {
  if (!socket || socket.readyState !== 1) { return false; }
  socket.send(JSON.stringify(frame));
  return true;
}

function requestSync() {
  syncRef = "sync" + (refCount += 1);
  if (!sendFrame({ type: "sync", ref: syncRef, data: { since: model.last } })) {
    syncRef = null;
    return;
  }
  clearTimeout(syncDeadline);
  syncDeadline = setTimeout(function () { abandon(1006); }, ANSWER_WITHIN);
}

function clearSync() {
  syncRef = null;
  clearTimeout(syncDeadline);
  syncDeadline = null;
}

function startHeartbeat() {
  clearInterval(heartbeatTimer);
  // A `sync` with nothing to catch up on is answered by `synced` alone: it proves the
  // connection is alive, and repairs anything missed.
  heartbeatTimer = setInterval(function () {
    if (model.welcomed && !syncRef) { requestSync(); }
  }, HEARTBEAT_EVERY);
}

/** Send a command; resolves with the ack's data, rejects with {code, message}. */
export function command(type, data) {
  return new Promise(function (resolve, reject) {
    if (!isLive()) {
      reject({ code: "offline", message: gettext("You are not connected. Wait until the room is live again.") });
      return;
    }
    var ref = "c" + (refCount += 1);
    var entry = { resolve: resolve, reject: reject };
    entry.timer = setTimeout(function () {
      delete pending[ref];
      reject({ code: "timeout", message: gettext("The server did not answer in time.") });
    }, COMMAND_TIMEOUT);
    pending[ref] = entry;
    if (!sendFrame({ type: type, ref: ref, data: data || {} })) {
      clearTimeout(entry.timer);
      delete pending[ref];
      reject({ code: "offline", message: gettext("You are not connected. Wait until the room is live again.") });
    }
  });
}

function settle(message, ok) {
  var entry = pending[message.ref];
  if (!entry) {
    if (!ok) { alertError(errorText(message)); }
    return;
  }
  delete pending[message.ref];
  clearTimeout(entry.timer);
  if (ok) { entry.resolve(message.data || {}); } else { entry.reject(message); }
}

function receive(text) {
  var message;
  try { message = JSON.parse(text); } catch (error) { return; }
  switch (message.type) {
    case "welcome": welcome(message); break;
    case "ack": settle(message, true); break;
    case "error": settle(message, false); break;
    case "synced": synced(); break;
    case "presence": model.presence = message; renderPresence(); break;
    case "reaction": showReactions(message.counts || {}); break;
    case "vote.progress": progress(message); break;
    case "election.progress": electionProgress(message); break;
    default:
      if (typeof message.seq === "number") { event(message); }
  }
}

function welcome(message) {
  var answeredSync = syncRef !== null;  // too far behind: a fresh welcome instead of events
  clearSync();
  var serverNow = Date.parse(message.server_time);
  if (!isNaN(serverNow)) { model.offset = serverNow - Date.now(); }
  model.you = message.you || model.you;
  model.you.voted = model.you.voted || [];
  model.you.ballots = model.you.ballots || [];
  model.you.cast = model.you.cast || [];
  model.presence = message.presence || model.presence;
  model.welcomed = true;
  attempt = 0;
  show($("room-banner"), false);
  (message.state && message.state.votes || []).forEach(function (vote) {
    if (typeof vote.cast === "number") {
      model.progress[vote.id] = { cast: vote.cast, eligible: vote.eligible };
    }
  });
  (message.state && message.state.elections || []).forEach(function (election) {
    if (typeof election.cast === "number") {
      model.electionProgress[election.id] = { cast: election.cast, eligible: election.eligible };
    }
  });
  if (model.hasState && !answeredSync && message.seq >= model.last && model.last > 0) {
    // Back after a break: catch up event by event from where we were.
    if (message.seq > model.last) {
      setConnection("syncing");
      requestSync();
    } else {
      setConnection("live");
    }
  } else {
    model.state = normalize(message.state);
    model.last = message.seq;
    buffer = [];
    setConnection("live");
  }
  model.hasState = true;
  startHeartbeat();
  renderAll();
}

function synced() {
  clearSync();
  drain();
  if (buffer.length) {
    requestSync();
    return;
  }
  setConnection("live");
  renderAll();
}

function event(message) {
  if (!model.welcomed || message.seq <= model.last) { return; }
  if (message.seq > model.last + 1) {
    buffer.push(message);
    if (!syncRef) { requestSync(); }
    return;
  }
  applyEvent(message);
  drain();
}

function drain() {
  buffer.sort(function (a, b) { return a.seq - b.seq; });
  while (buffer.length && buffer[0].seq <= model.last + 1) {
    var next = buffer.shift();
    if (next.seq === model.last + 1) { applyEvent(next); }
  }
}

// An event of a type this page does not know still counts for seq.
function applyEvent(message) {
  if (handles(message.type)) { model.state = apply(model.state, message); }
  model.last = message.seq;
  root.dataset.seq = String(model.last);
  var data = message.data || {};
  if (message.type === "vote.closed") { delete model.progress[data.vote]; }
  if (message.type === "vote.opened") {
    model.progress[data.vote.id] = { cast: 0, eligible: data.vote.eligible };
    adoptRoll("vote", data.vote.id, data.roll);
  }
  if (message.type === "election.opened") {
    model.electionProgress[data.election] = { cast: 0, eligible: data.eligible };
    adoptRoll("election", data.election, data.roll);
  }
  if (message.type === "election.closed") { delete model.electionProgress[data.election]; }
  if (message.type === "vote.closed") { checkReceipts("vote", data.vote, data.receipts); }
  if (message.type === "election.closed") { checkReceipts("election", data.election, data.receipts); }
  if (message.type === "rollcall.closed") {
    model.rollNow = { present: data.members_present, represented: data.members_represented, members: data.members_in_standing, roll_call: data.rollcall };
  }
  if (message.type === "floor.granted" && isMe(data.speaker && data.speaker.delegate)) {
    notify(gettext("You have the floor."));
  }
  if (message.type === "floor.resumed" && isMe(data.speaker && data.speaker.delegate)) {
    notify(gettext("You have the floor again: your speech resumes."));
  }
  scheduleRender();
}

function progress(message) {
  var current = model.progress[message.vote];
  if (!current || message.cast >= current.cast) {
    model.progress[message.vote] = { cast: message.cast, eligible: message.eligible };
  }
  renderVotes();
}

function electionProgress(message) {
  var current = model.electionProgress[message.election];
  if (!current || message.cast >= current.cast) {
    model.electionProgress[message.election] = { cast: message.cast, eligible: message.eligible };
  }
  renderElections();
}

// The result publishes every receipt counted (never what a ballot said): this tab checks
// the receipts it was given against that list, and remembers the answer.
function checkReceipts(kind, id, receipts) {
  if (!receipts) { return; }
  var notes = myBallots(kind, id);
  Object.keys(notes).forEach(function (forId) {
    if (notes[forId].receipt) {
      noteBallot(kind, id, forId, { counted: receipts.indexOf(notes[forId].receipt) !== -1 });
    }
  });
}

// --- the network and the tab ---------------------------------------------------------------

export function watchNetwork() {
  window.addEventListener("online", function () {
    if (!socket && model.connection !== "refused") {
      attempt = 0;
      connect();
    }
  });
  window.addEventListener("offline", function () {
    if (model.connection !== "refused") { abandon(1006); }
  });
  // Back from sleep or another tab: check at once that the socket still answers.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && model.welcomed && !syncRef) { requestSync(); }
  });
}
