/*
 * The room as this page knows it: the page's configuration, the model that the socket
 * keeps up to date and every renderer reads, who the user is, and what the tab keeps for
 * itself in sessionStorage. main.js fills it in with init() before anything else runs.
 */
import { normalize } from "./state.js";

export const ACTIVE = ["open", "live", "suspended"];

export let root = null;       // the #room element
export let config = {};       // #room-config: debate, socket, role, view, labels, signed_in...
export let labels = {};
export let projector = false;
let storagePrefix = "";

export const model = {};

export function init(node, roomConfig, snapshot) {
  root = node;
  config = roomConfig;
  labels = config.labels || {};
  projector = config.view === "projector";
  storagePrefix = "plenary.room." + config.debate + ".";
  Object.assign(model, {
    state: normalize(snapshot.state),
    last: 0,            // seq of the last event applied (0 until the first welcome)
    hasState: false,    // a welcome has given us the room at least once
    welcomed: false,    // the current socket has had its welcome
    you: {
      role: config.role,
      user: null,
      can_vote: false,
      voted: [],
      is_chair: config.role === "chair",
      delegate: null,
      ballots: [],      // the lines of open rolls this person may cast (see ballots.js)
      cast: [],         // those cast: {vote | election, for}
    },
    presence: null,
    offset: 0,          // server clock minus ours, in milliseconds
    progress: {},       // open vote id -> {cast, eligible} from vote.progress
    electionProgress: {}, // open election id -> {cast, eligible} from election.progress
    // What a vote of one ballot per member would count on now (the chair's console): the
    // page's figures, then those of each roll call that closes.
    rollNow: config.roll || null,
    connection: "connecting",
  });
}

export function label(group, key) {
  return (labels[group] && labels[group][key]) || key;
}

// --- who am I -----------------------------------------------------------------------------

export function role() { return model.you.role; }
export function isChair() { return role() === "chair"; }
export function isDelegate() { return role() === "delegate"; }
export function status() { return model.state.debate.status || "scheduled"; }
export function isActive() { return ACTIVE.indexOf(status()) !== -1; }
/** Whether the chair may give `entry` the floor now: nobody holds it, or `entry` is a point
 * of order and interrupts a speech or a reply (debates/services/floor.py `interrupts`). */
export function mayGrant(entry) {
  var speaker = model.state.speaker;
  if (status() !== "live" || !entry) { return false; }
  return !speaker || (entry.kind === "point_of_order" && speaker.kind !== "point_of_order");
}
export function isLive() { return model.welcomed && model.connection !== "refused"; }
export function canAsk() {
  return config.signed_in && (role() !== "observer" || model.state.debate.observers_may_ask !== false);
}
// Whether a vote or an election is open (one at a time).
export function boxOpen() {
  return model.state.votes.some(function (vote) { return vote.status !== "closed"; }) ||
    model.state.elections.some(function (election) { return election.status === "open"; });
}
export function isMe(delegate) {
  return Boolean(model.you.delegate) && delegate && delegate.id === model.you.delegate;
}

// --- storage: what the server does not keep for us ------------------------------------------

export function remember(key, value) {
  try { window.sessionStorage.setItem(storagePrefix + key, JSON.stringify(value)); } catch (error) { /* private mode */ }
}

export function recall(key) {
  try {
    var raw = window.sessionStorage.getItem(storagePrefix + key);
    return raw === null ? null : JSON.parse(raw);
  } catch (error) {
    return null;
  }
}

// What this tab cast in a vote or an election, per line of its roll: `for` (member id) ->
// {choice | chosen | marks, receipt, counted}. The server keeps no link between a secret
// ballot and its voter: only this tab knows what it said and which receipt it got.
export function myBallots(kind, id) {
  var notes = recall(kind + "." + id);
  return notes && typeof notes === "object" ? notes : {};
}

export function noteBallot(kind, id, forId, note) {
  var notes = myBallots(kind, id);
  notes[String(forId)] = Object.assign(notes[String(forId)] || {}, note);
  remember(kind + "." + id, notes);
}

export function myOrganization() {
  var user = model.you.user;
  return user && user.organization ? user.organization.id : null;
}

export function upvoted() { return recall("upvoted") || []; }
