/*
 * Which moves the person may make now, read from the server's own transition tables
 * (the room config's `transitions`: [from, to, roles] per machine) and its lifecycle
 * commands (`lifecycle`: command -> [from statuses, to]). The buttons offered are the
 * moves the services accept; the server checks every command again anyway.
 */
import { config, role } from "./model.js";

export function allowed(machine, from, to, roles) {
  var table = (config.transitions || {})[machine] || [];
  var mine = roles || [role()];
  return table.some(function (move) {
    return move[0] === from && move[1] === to && move[2].some(function (who) { return mine.indexOf(who) !== -1; });
  });
}

// Whether the lifecycle command `name` (debate.open, debate.start...) may be sent from `status`.
export function lifecycleAllowed(name, status) {
  var move = (config.lifecycle || {})[name];
  return Boolean(move) && move[0].indexOf(status) !== -1 && allowed("debate", status, move[1]);
}

// The roles a delegate has for a motion: its proposer, or a possible seconder.
export function motionRoles(mine) {
  var roles = [role()];
  if (role() === "delegate") { roles.push(mine ? "proposer" : "seconder"); }
  return roles;
}

// Whether the person may send `name`, a command that is no move of a machine (the room
// config's `commands`: command -> roles).
export function commandAllowed(name) {
  return ((config.commands || {})[name] || []).indexOf(role()) !== -1;
}
