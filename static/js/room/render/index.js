/* Drawing the room from the model: every part at once, or once per microtask. */
import { renderAgenda } from "./agenda.js";
import { renderBalance } from "./balance.js";
import { renderChat } from "./chat.js";
import { renderConsoleBallots } from "./console-ballots.js";
import { renderControls } from "./controls.js";
import { renderElections } from "./elections.js";
import { renderHeader, renderPresence } from "./header.js";
import { renderMotions } from "./motions.js";
import { renderMyFloor, renderQueue } from "./queue.js";
import { renderQuestions } from "./questions.js";
import { renderRollcall } from "./rollcall.js";
import { renderSpeaker, tick } from "./speaker.js";
import { renderVotes } from "./votes.js";

var renderQueued = false;
export function scheduleRender() {
  if (renderQueued) { return; }
  renderQueued = true;
  Promise.resolve().then(function () {
    renderQueued = false;
    renderAll();
  });
}

const RENDERERS = [
  renderHeader, renderPresence, renderSpeaker, tick, renderQueue, renderMyFloor, renderRollcall,
  renderVotes, renderElections, renderMotions, renderBalance, renderQuestions, renderChat, renderControls,
  renderConsoleBallots, renderAgenda,
];

export function renderAll() {
  // One part that fails to draw must not stop the others, nor the connection.
  RENDERERS.forEach(function (render) {
    try {
      render();
    } catch (error) {
      if (window.console) { window.console.error(error); }
    }
  });
}
