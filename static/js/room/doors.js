/*
 * Who is in the room by its doors, for the chair: the forum's check-in lists say who
 * scanned in (GET /api/v1/presence/?forum=<id>, chairs only), asked again every few
 * seconds while the console is open, so that the chair sees the hall fill before opening
 * a roll call or a vote. Only when the forum's room has check-in lists (config.doors).
 */
import { config, isChair, model } from "./model.js";
import { scheduleRender } from "./render/index.js";

const EVERY_MS = 5000;

async function look() {
  try {
    const answer = await fetch(config.doors, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!answer.ok) { return; }
    const body = await answer.json();
    model.doors = { inRoom: body.in_room, delegates: new Set(body.delegates) };
    scheduleRender();
  } catch (error) {
    // Offline or the server busy: the last figure stays until the next look.
  }
}

export function watchDoors() {
  if (!config.doors || !isChair()) { return; }
  look();
  setInterval(function () {
    if (document.visibilityState !== "hidden") { look(); }
  }, EVERY_MS);
}
