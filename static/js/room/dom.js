/* Small DOM helpers, and keyed reconciliation of lists. Texts are set with textContent only. */
import { isLive } from "./model.js";

export function $(id) { return document.getElementById(id); }

export function readJSON(id) {
  var node = document.getElementById(id);
  if (!node) { return null; }
  try { return JSON.parse(node.textContent); } catch (error) { return null; }
}

export function make(tag, className, text) {
  var node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined && text !== null) { node.textContent = text; }
  return node;
}

export function setText(node, text) {
  if (node && node.textContent !== text) { node.textContent = text; }
}

export function show(node, visible) {
  if (node && node.hidden === visible) { node.hidden = !visible; }
}

export function setAttr(node, name, value) {
  if (node && node.getAttribute(name) !== value) { node.setAttribute(name, value); }
}

// Command buttons use aria-disabled rather than disabled: they keep the keyboard focus
// (a chair who grants the floor stays on the button) and stay discoverable.
export function enable(button, on) {
  if (!button) { return; }
  var allowed = on && isLive() && !button.classList.contains("is-busy");
  setAttr(button, "aria-disabled", allowed ? "false" : "true");
}

// A command button while its command is on its way: not to be pressed twice.
export function busy(control, on) {
  if (!control) { return; }
  control.classList.toggle("is-busy", on);
  if (on) { setAttr(control, "aria-disabled", "true"); }
}

export function button(text, className, dataset) {
  var node = make("button", className || "button button-small", text);
  node.type = "button";
  Object.keys(dataset || {}).forEach(function (key) { node.dataset[key] = dataset[key]; });
  return node;
}

/*
 * Keyed reconciliation: the nodes of `container` are kept per key; new items are created
 * once, every item is updated in place, and nodes are moved only when the order changed.
 * Focus is given back to the element that had it if moving took it away.
 */
export function reconcile(container, items, keyOf, create, update) {
  if (!container) { return; }
  var focused = container.contains(document.activeElement) ? document.activeElement : null;
  var focusedAt = -1;
  if (focused) {
    focusedAt = Array.prototype.indexOf.call(container.children, focused.closest("[data-key]"));
  }
  var existing = {};
  Array.prototype.forEach.call(container.children, function (child) {
    if (child.dataset.key !== undefined) { existing[child.dataset.key] = child; }
  });
  var wanted = {};
  items.forEach(function (item) { wanted[String(keyOf(item))] = true; });
  Object.keys(existing).forEach(function (key) {
    if (!wanted[key]) { container.removeChild(existing[key]); }
  });
  Array.prototype.forEach.call(container.querySelectorAll(":scope > :not([data-key])"), function (child) {
    container.removeChild(child);
  });
  items.forEach(function (item, index) {
    var key = String(keyOf(item));
    var node = existing[key];
    if (!node) {
      node = create(item);
      node.dataset.key = key;
    }
    update(node, item, index);
    if (container.children[index] !== node) {
      container.insertBefore(node, container.children[index] || null);
    }
  });
  if (focused && document.activeElement !== focused) {
    if (document.contains(focused)) {
      focused.focus();
    } else {
      keepFocusNear(container, focusedAt);
    }
  }
}

// The item that had the focus is gone (granted, withdrawn, hidden...): keyboard users
// land on the item that took its place, or on the section, never on the page's top.
function keepFocusNear(container, index) {
  var items = container.children;
  var item = items[Math.min(Math.max(index, 0), items.length - 1)];
  var target = item && item.querySelector("button:not([hidden]), a[href], input, summary");
  if (!target) {
    target = container.closest("section") || container;
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
  }
  target.focus();
}
