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
    },
    presence: null,
    offset: 0,          // server clock minus ours, in milliseconds
    progress: {},       // open vote id -> {cast, eligible} from vote.progress
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
export function isLive() { return model.welcomed && model.connection !== "refused"; }
export function canAsk() {
  return config.signed_in && (role() !== "observer" || model.state.debate.observers_may_ask !== false);
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

export function myChoice(voteId) { return recall("vote." + voteId); }

export function upvoted() { return recall("upvoted") || []; }
