/*
 * The live debate room. Keeps the server-rendered page at /debates/<id>/ live over one
 * WebSocket that speaks docs/protocol.md (socket.js):
 *
 * - applies events strictly by seq (ignores seq <= last; on a gap asks for `sync`), each
 *   folded into the state by state.js, which mirrors debates/state.py;
 * - reconnects with exponential backoff and jitter, then resumes with `sync {since: last}`
 *   so that it applies every event it missed, one by one;
 * - counts the speaker's time down locally from the server's `ends_at`, corrected by the
 *   welcome's `server_time` (the server sends no ticks);
 * - shows live / catching up / reconnecting / offline, and a banner when the server
 *   refuses the room (4401, 4403, 4404);
 * - statutory voting: the roll call, one ballot per line of a vote's or an election's roll
 *   that names the person (their own, their member's mandate, each proxy held:
 *   ballots.js), receipts kept in the tab, and the roll and quorum in the chair's console.
 *
 * Native ES modules, no framework and no build step. Texts are plain text (textContent
 * only); translated strings come from Django's JavaScript catalogue (/jsi18n/), loaded
 * before this module. Lists are reconciled by key so that nothing a person is using is
 * rebuilt under them: a ballot is built once per vote and only the counters around it
 * change.
 */
import { wireActions } from "./actions.js";
import { watchDoors } from "./doors.js";
import { readJSON } from "./dom.js";
import { wireDragAndDrop } from "./drag.js";
import { init, model } from "./model.js";
import { renderAll } from "./render/index.js";
import { tick } from "./render/speaker.js";
import { connect, watchNetwork } from "./socket.js";

const root = document.getElementById("room");

if (root && "WebSocket" in window) {
  init(root, readJSON("room-config") || {}, readJSON("room-snapshot") || { seq: 0, state: null });
  wireActions();
  wireDragAndDrop();
  watchNetwork();

  // A read-only copy of what this page has applied, for tests and debugging.
  window.PlenaryRoom = Object.freeze({
    snapshot: function () {
      return JSON.parse(JSON.stringify({ seq: model.last, state: model.state, connection: model.connection }));
    },
  });

  renderAll();
  setInterval(tick, 250);
  connect();
  watchDoors();
}
