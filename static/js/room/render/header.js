/* The room's header: title, motion, status, role, presence and the connection indicator. */
import { $, setAttr, setText, show } from "../dom.js";
import { format, gettext, ngettext } from "../format.js";
import { label, model, role, root, status } from "../model.js";

export function renderHeader() {
  var debate = model.state.debate;
  root.dataset.status = status();
  root.dataset.role = role();
  if (debate.title) { setText($("room-title"), debate.title); }
  if ("motion" in debate) {
    setText($("room-motion-text"), debate.motion || "");
    show($("room-motion"), Boolean(debate.motion));
  }
  var badge = $("room-status");
  if (badge) {
    badge.dataset.status = status();
    setText(badge, label("status", status()));
  }
  show($("room-minutes-link"), status() === "closed");
  var roleText = {
    chair: gettext("You chair this debate"),
    delegate: gettext("You take part as a delegate"),
    observer: gettext("You are watching"),
  }[role()];
  if (roleText) { setText($("room-role"), roleText); }
}

export function renderPresence() {
  var presence = model.presence;
  var count = $("room-presence-count");
  if (!count || !presence) { return; }
  setText(count, String(presence.count));
  setText($("room-presence-label"), ngettext("present", "present", presence.count));
  var roles = presence.by_role || {};
  var details = [
    format(ngettext("%(n)s chair", "%(n)s chairs", roles.chair || 0), { n: roles.chair || 0 }),
    format(ngettext("%(n)s delegate", "%(n)s delegates", roles.delegate || 0), { n: roles.delegate || 0 }),
    format(ngettext("%(n)s observer", "%(n)s observers", roles.observer || 0), { n: roles.observer || 0 }),
  ].join(", ");
  setAttr($("room-presence"), "title", details);
}

export function setConnection(state) {
  model.connection = state;
  root.dataset.connection = state;
  var indicator = $("room-connection");
  if (indicator) { indicator.dataset.state = state; }
  var text = {
    connecting: gettext("Connecting…"),
    live: gettext("Connected"),
    syncing: gettext("Catching up…"),
    reconnecting: gettext("Reconnecting…"),
    offline: gettext("Offline"),
    refused: gettext("Disconnected"),
  }[state];
  setText($("room-connection-label"), text);
}
