/*
 * The live debate room. Keeps the server-rendered page at /debates/<id>/ live over one
 * WebSocket that speaks docs/protocol.md:
 *
 * - applies events strictly by seq (ignores seq <= last; on a gap asks for `sync`);
 * - reconnects with exponential backoff and jitter, then resumes with `sync {since: last}`
 *   so that it applies every event it missed, one by one;
 * - counts the speaker's time down locally from the server's `ends_at`, corrected by the
 *   welcome's `server_time` (the server sends no ticks);
 * - shows live / catching up / reconnecting / offline, and a banner when the server
 *   refuses the room (4401, 4403, 4404).
 *
 * No framework and no build step. Texts are plain text (textContent only); translated
 * strings come from Django's JavaScript catalogue (/jsi18n/). Lists are reconciled by key
 * so that nothing a person is using is rebuilt under them: a ballot is built once per vote
 * and only the counters around it change.
 */
(function () {
  "use strict";

  var root = document.getElementById("room");
  if (!root || !("WebSocket" in window)) {
    return;
  }

  // --- translation and formatting -------------------------------------------------------

  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var lang = document.documentElement.lang || "en";

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, key) {
      return values[key] === undefined || values[key] === null ? "" : String(values[key]);
    });
  }

  function readJSON(id) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (error) { return null; }
  }

  function twoDigits(n) { return n < 10 ? "0" + n : String(n); }

  function clock(totalSeconds) {
    var s = Math.max(0, Math.floor(totalSeconds));
    var hours = Math.floor(s / 3600);
    var minutes = Math.floor((s % 3600) / 60);
    var seconds = s % 60;
    return hours ? hours + ":" + twoDigits(minutes) + ":" + twoDigits(seconds)
      : minutes + ":" + twoDigits(seconds);
  }

  var timeFormat = null;
  function timeOfDay(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) { return ""; }
    try {
      timeFormat = timeFormat || new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit" });
      return timeFormat.format(date);
    } catch (error) {
      return twoDigits(date.getHours()) + ":" + twoDigits(date.getMinutes());
    }
  }

  function percent(part, whole) {
    return whole > 0 ? Math.round((100 * part) / whole) : 0;
  }

  // --- configuration ----------------------------------------------------------------------

  var config = readJSON("room-config") || {};
  var snapshot = readJSON("room-snapshot") || { seq: 0, state: null };
  var labels = config.labels || {};
  var projector = config.view === "projector";
  var storagePrefix = "plenary.room." + config.debate + ".";
  var ACTIVE = ["open", "live", "suspended"];
  var BASE_DELAY = 500;
  var MAX_DELAY = 30000;
  var HEARTBEAT_EVERY = 25000;
  var ANSWER_WITHIN = 10000;
  var COMMAND_TIMEOUT = 15000;
  var OFFLINE_AFTER = 6;      // failed attempts in a row: some 15 to 30 seconds of trying
  var WARNING_SECONDS = 30;
  var MESSAGES_KEPT = 100;

  function label(group, key) {
    return (labels[group] && labels[group][key]) || key;
  }

  function $(id) { return document.getElementById(id); }

  // --- the model --------------------------------------------------------------------------

  function normalize(state) {
    state = state || {};
    return {
      debate: state.debate || {},
      speaker: state.speaker || null,
      queue: state.queue || [],
      balance: state.balance || { by_region: {}, by_organization: {} },
      motions: state.motions || [],
      votes: state.votes || [],
      questions: state.questions || [],
      messages: state.messages || [],
    };
  }

  var model = {
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
  };

  // --- the room state as a fold of the events (mirrors debates/state.py) ------------------

  function byId(items, id) {
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

  function round1(value) { return Math.round(value * 10) / 10; }

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

  var HANDLERS = {
    "debate.created": function (s, d) { s.debate = Object.assign({}, d.debate); },
    "debate.updated": function (s, d) { Object.assign(s.debate, d.changes); },
    "debate.opened": setStatus,
    "debate.started": setStatus,
    "debate.suspended": setStatus,
    "debate.resumed": setStatus,
    "debate.closed": setStatus,
    "floor.requested": function (s, d) {
      s.queue.push(Object.assign({}, d.request));
      s.queue = ordered(s.queue, d.order);
    },
    "floor.withdrawn": queueOrdered,
    "floor.reordered": queueOrdered,
    "floor.granted": function (s, d) {
      s.queue = ordered(s.queue, d.order);
      s.speaker = Object.assign({}, d.speaker);
    },
    "floor.ended": function (s, d) {
      s.speaker = null;
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
    "motion.proposed": function (s, d) { s.motions.push(Object.assign({}, d.motion)); },
    "motion.seconded": motionChanged,
    "motion.withdrawn": motionChanged,
    "vote.opened": function (s, d) {
      s.votes.push(Object.assign({}, d.vote));
      motionChanged(s, { motion: d.vote.motion, status: "voting" });
    },
    "vote.closed": function (s, d) {
      var vote = byId(s.votes, d.vote);
      if (vote) {
        vote.status = "closed";
        vote.result = {};
        ["tally", "turnout", "eligible", "result", "voters"].forEach(function (key) {
          if (key in d) { vote.result[key] = d[key]; }
        });
        motionChanged(s, { motion: vote.motion, status: d.result });
      }
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

  // --- small DOM helpers --------------------------------------------------------------------

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function setText(node, text) {
    if (node && node.textContent !== text) { node.textContent = text; }
  }

  function show(node, visible) {
    if (node && node.hidden === visible) { node.hidden = !visible; }
  }

  function setAttr(node, name, value) {
    if (node && node.getAttribute(name) !== value) { node.setAttribute(name, value); }
  }

  // Command buttons use aria-disabled rather than disabled: they keep the keyboard focus
  // (a chair who grants the floor stays on the button) and stay discoverable.
  function enable(button, on) {
    if (!button) { return; }
    var allowed = on && isLive() && !button.classList.contains("is-busy");
    setAttr(button, "aria-disabled", allowed ? "false" : "true");
  }

  function button(text, className, dataset) {
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
  function reconcile(container, items, keyOf, create, update) {
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

  // --- storage: what the server does not keep for us ------------------------------------------

  function remember(key, value) {
    try { window.sessionStorage.setItem(storagePrefix + key, JSON.stringify(value)); } catch (error) { /* private mode */ }
  }

  function recall(key) {
    try {
      var raw = window.sessionStorage.getItem(storagePrefix + key);
      return raw === null ? null : JSON.parse(raw);
    } catch (error) {
      return null;
    }
  }

  function myChoice(voteId) { return recall("vote." + voteId); }

  function upvoted() { return recall("upvoted") || []; }

  // --- who am I ---------------------------------------------------------------------------------

  function role() { return model.you.role; }
  function isChair() { return role() === "chair"; }
  function isDelegate() { return role() === "delegate"; }
  function status() { return model.state.debate.status || "scheduled"; }
  function isActive() { return ACTIVE.indexOf(status()) !== -1; }
  function isLive() { return model.welcomed && model.connection !== "refused"; }
  function canAsk() {
    return config.signed_in && (role() !== "observer" || model.state.debate.observers_may_ask !== false);
  }
  function isMe(delegate) {
    return Boolean(model.you.delegate) && delegate && delegate.id === model.you.delegate;
  }

  // --- feedback -------------------------------------------------------------------------------

  var toastTimers = {};
  function toast(id, text) {
    var node = $(id);
    if (!node) { return; }
    clearTimeout(toastTimers[id]);
    node.textContent = text;
    node.hidden = false;
    toastTimers[id] = setTimeout(function () { node.hidden = true; node.textContent = ""; }, 6000);
  }
  function notify(text) { toast("room-notice", text); }
  function alertError(text) { toast("room-alert", text); }

  function errorText(error) {
    if (error && error.message) { return error.message; }
    if (error && error.code === "rate_limited") { return gettext("Slow down: try again in a few seconds."); }
    if (error && error.code === "forbidden") { return gettext("You may not do this in this debate."); }
    return gettext("That did not work. Try again.");
  }

  // --- the connection -------------------------------------------------------------------------

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

  function connect() {
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
  function command(type, data) {
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
    model.presence = message.presence || model.presence;
    model.welcomed = true;
    attempt = 0;
    show($("room-banner"), false);
    (message.state && message.state.votes || []).forEach(function (vote) {
      if (typeof vote.cast === "number") {
        model.progress[vote.id] = { cast: vote.cast, eligible: vote.eligible };
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
    apply(message);
    drain();
  }

  function drain() {
    buffer.sort(function (a, b) { return a.seq - b.seq; });
    while (buffer.length && buffer[0].seq <= model.last + 1) {
      var next = buffer.shift();
      if (next.seq === model.last + 1) { apply(next); }
    }
  }

  function apply(message) {
    var handler = HANDLERS[message.type];
    if (handler) { handler(model.state, message.data || {}); }
    model.last = message.seq;
    root.dataset.seq = String(model.last);
    var data = message.data || {};
    if (message.type === "vote.closed") { delete model.progress[data.vote]; }
    if (message.type === "vote.opened") {
      model.progress[data.vote.id] = { cast: 0, eligible: data.vote.eligible };
    }
    if (message.type === "floor.granted" && isMe(data.speaker && data.speaker.delegate)) {
      notify(gettext("You have the floor."));
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

  // --- connection indicator -----------------------------------------------------------------------

  function setConnection(state) {
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

  // --- rendering ----------------------------------------------------------------------------------

  var renderQueued = false;
  function scheduleRender() {
    if (renderQueued) { return; }
    renderQueued = true;
    Promise.resolve().then(function () {
      renderQueued = false;
      renderAll();
    });
  }

  var RENDERERS = [
    renderHeader, renderPresence, renderSpeaker, tick, renderQueue, renderMyFloor, renderVotes,
    renderMotions, renderBalance, renderQuestions, renderChat, renderControls,
  ];

  function renderAll() {
    // One part that fails to draw must not stop the others, nor the connection.
    RENDERERS.forEach(function (render) {
      try {
        render();
      } catch (error) {
        if (window.console) { window.console.error(error); }
      }
    });
  }

  function renderHeader() {
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

  function renderPresence() {
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

  function where(organization) {
    if (!organization) { return ""; }
    var parts = [organization.short_name];
    if (organization.region) { parts.push(label("region", organization.region)); }
    return parts.join(" · ");
  }

  function kindBadge(kind) {
    var badge = make("span", "badge badge-kind kind-" + kind, label("kind", kind));
    return badge;
  }

  var speakerSignature = null;
  function renderSpeaker() {
    var box = $("speaker");
    if (!box) { return; }
    var speaker = model.state.speaker;
    var signature = speaker ? [speaker.request, speaker.kind, isMe(speaker.delegate)].join("|") : "none";
    if (signature !== speakerSignature) {
      speakerSignature = signature;
      var nodes = [];
      if (speaker) {
        var delegate = speaker.delegate || {};
        var tags = make("p", "speaker-tags");
        tags.appendChild(kindBadge(speaker.kind));
        if (speaker.paper_author) { tags.appendChild(make("span", "badge badge-paper", gettext("Paper author"))); }
        if (isMe(delegate)) { tags.appendChild(make("span", "badge badge-you", gettext("You"))); }
        nodes.push(tags);
        nodes.push(make("p", "speaker-name", delegate.name));
        nodes.push(make("p", "speaker-org", where(delegate.organization)));
      } else {
        nodes.push(make("p", "speaker-none", gettext("Nobody has the floor.")));
      }
      box.replaceChildren.apply(box, nodes);
    }
    var next = $("speaker-next");
    if (next) {
      var head = model.state.queue[0];
      show(next, Boolean(head));
      if (head) {
        setText(next, format(gettext("Next: %(name)s (%(organization)s)"), {
          name: head.delegate.name, organization: head.delegate.organization.short_name,
        }));
      }
    }
  }

  function timerReading() {
    var speaker = model.state.speaker;
    if (!speaker) { return null; }
    if (speaker.ends_at) {
      var ends = Date.parse(speaker.ends_at);
      return { seconds: (ends - (Date.now() + model.offset)) / 1000, paused: false, timeUp: speaker.time_up };
    }
    if (typeof speaker.paused_remaining === "number") {
      return { seconds: speaker.paused_remaining, paused: true, timeUp: speaker.time_up };
    }
    return null;
  }

  function tick() {
    var timer = $("timer");
    if (!timer) { return; }
    var reading = timerReading();
    var level = "idle";
    var allowed = model.state.debate.speaking_seconds;
    var digits = allowed ? clock(allowed) : "–:––";
    var text = gettext("Speaking time");
    if (reading) {
      if (reading.seconds > 0 && !reading.timeUp) {
        digits = clock(Math.ceil(reading.seconds));
        level = reading.seconds <= WARNING_SECONDS ? "warning" : "normal";
        text = gettext("Time left");
      } else {
        digits = "+" + clock(Math.max(0, -reading.seconds));
        level = "over";
        text = gettext("Time is up");
      }
      if (reading.paused) {
        level = reading.seconds > 0 ? "paused" : "over";
        text = gettext("Paused");
      }
    }
    if (timer.dataset.level !== level) { timer.dataset.level = level; }
    setText($("timer-digits"), digits);
    setText($("timer-label"), text);
  }

  // The speakers' list.
  function createQueueItem(entry) {
    var item = make("li", "queue-item");
    item.dataset.request = String(entry.request);
    var position = make("span", "queue-position");
    position.setAttribute("aria-hidden", "true");
    var handle = make("span", "queue-handle", "⠿");
    handle.setAttribute("aria-hidden", "true");
    var who = make("div", "queue-who");
    who.appendChild(make("span", "queue-name"));
    who.appendChild(make("span", "queue-org"));
    var tags = make("div", "queue-tags");
    var actions = make("div", "queue-actions");
    item.append(position, handle, who, tags, actions);
    if (!projector) {
      actions.append(
        button(gettext("Give the floor"), "button button-small", { action: "grant", request: entry.request }),
        button("↑", "button button-small button-secondary button-icon", { action: "up", request: entry.request }),
        button("↓", "button button-small button-secondary button-icon", { action: "down", request: entry.request }),
        button(gettext("Remove"), "button button-small button-quiet", { action: "withdraw", request: entry.request }),
        button(gettext("Withdraw"), "button button-small button-secondary", { action: "withdraw", request: entry.request, own: "1" })
      );
    }
    return item;
  }

  function updateQueueItem(item, entry, index) {
    var delegate = entry.delegate || {};
    var total = model.state.queue.length;
    setText(item.querySelector(".queue-position"), String(index + 1));
    setText(item.querySelector(".queue-name"), delegate.name);
    setText(item.querySelector(".queue-org"), where(delegate.organization));
    var tags = item.querySelector(".queue-tags");
    var signature = [entry.kind, entry.paper_author, isMe(delegate)].join("|");
    if (tags.dataset.signature !== signature) {
      tags.dataset.signature = signature;
      var nodes = [kindBadge(entry.kind)];
      if (entry.paper_author) { nodes.push(make("span", "badge badge-paper", gettext("Paper author"))); }
      if (isMe(delegate)) { nodes.push(make("span", "badge badge-you", gettext("You"))); }
      tags.replaceChildren.apply(tags, nodes);
    }
    var chair = isChair();
    item.classList.toggle("is-me", isMe(delegate));
    item.draggable = chair && !projector && isActive() && isLive();
    Array.prototype.forEach.call(item.querySelectorAll(".queue-actions button"), function (control) {
      var action = control.dataset.action;
      var name = delegate.name;
      if (control.dataset.own) {
        show(control, !chair && isMe(delegate));
        enable(control, isActive());
        setAttr(control, "aria-label", gettext("Withdraw your request"));
        return;
      }
      show(control, chair);
      if (action === "grant") {
        enable(control, status() === "live" && !model.state.speaker);
        setAttr(control, "aria-label", format(gettext("Give the floor to %(name)s"), { name: name }));
      } else if (action === "up") {
        enable(control, isActive() && index > 0);
        setAttr(control, "aria-label", format(gettext("Move %(name)s up"), { name: name }));
      } else if (action === "down") {
        enable(control, isActive() && index < total - 1);
        setAttr(control, "aria-label", format(gettext("Move %(name)s down"), { name: name }));
      } else if (action === "withdraw") {
        enable(control, isActive());
        setAttr(control, "aria-label", format(gettext("Remove %(name)s from the list"), { name: name }));
      }
    });
  }

  function renderQueue() {
    var list = $("queue-list");
    if (!list) { return; }
    var queue = model.state.queue;
    reconcile(list, queue, function (entry) { return entry.request; }, createQueueItem, updateQueueItem);
    show($("queue-empty"), queue.length === 0);
    setText($("queue-count"), queue.length ? "(" + queue.length + ")" : "");
    show($("queue-hint"), isChair() && queue.length > 1);
  }

  function renderMyFloor() {
    var panel = $("my-floor");
    if (!panel) { return; }
    var mine = [];
    model.state.queue.forEach(function (entry, index) {
      if (isMe(entry.delegate)) { mine.push({ entry: entry, position: index + 1 }); }
    });
    reconcile($("my-requests"), mine, function (item) { return item.entry.request; }, function (item) {
      var row = make("li", "my-request");
      row.appendChild(make("span", "my-request-text"));
      row.appendChild(button(gettext("Withdraw"), "button button-small button-secondary", {
        action: "withdraw", request: item.entry.request,
      }));
      return row;
    }, function (row, item) {
      setText(row.querySelector(".my-request-text"), format(
        gettext("%(kind)s: you are number %(position)s on the speakers' list."),
        { kind: label("kind", item.entry.kind), position: item.position }
      ));
      enable(row.querySelector("button"), isActive());
      setAttr(row.querySelector("button"), "aria-label", format(gettext("Withdraw your request: %(kind)s"), { kind: label("kind", item.entry.kind) }));
    });
    Array.prototype.forEach.call(panel.querySelectorAll("[data-command='floor.request']"), function (control) {
      var kind = control.dataset.kind;
      var asked = mine.some(function (item) { return item.entry.kind === kind; });
      enable(control, isActive() && !asked);
    });
    var speaking = model.state.speaker && isMe(model.state.speaker.delegate);
    show($("end-my-speech"), Boolean(speaking));
    enable($("end-my-speech"), Boolean(speaking));
  }

  // Votes: the card of an open vote is built once; its ballot is built once, the first time
  // it is needed, and never again: only the counters around it change.
  function motionText(motionId) {
    var motion = byId(model.state.motions, motionId);
    return motion ? motion.text : "";
  }

  function motionNumber(motionId) {
    for (var i = 0; i < model.state.motions.length; i += 1) {
      if (model.state.motions[i].id === motionId) { return i + 1; }
    }
    return null;
  }

  function voteDescription(vote) {
    return [
      vote.secret ? gettext("Secret ballot") : gettext("Roll call"),
      label("majority", vote.majority),
      label("rule", vote.rule),
      format(gettext("quorum %(percent)s"), { percent: vote.quorum_percent + "%" }),
    ].join(" · ");
  }

  function buildBallot(vote) {
    var form = make("form", "ballot");
    form.dataset.vote = String(vote.id);
    var fieldset = make("fieldset");
    fieldset.appendChild(make("legend", null, gettext("Your vote")));
    var choices = make("div", "ballot-choices");
    ["yes", "no", "abstain"].forEach(function (choice) {
      var option = make("label", "ballot-choice ballot-" + choice);
      var input = make("input");
      input.type = "radio";
      input.name = "ballot-" + vote.id;
      input.value = choice;
      option.append(input, make("span", null, label("choice", choice)));
      choices.appendChild(option);
    });
    fieldset.appendChild(choices);
    form.appendChild(fieldset);
    form.appendChild(make("p", "ballot-secrecy", vote.secret
      ? gettext("Secret ballot: nobody, not even the chair, can see how you voted.")
      : gettext("Roll call: your name and your vote are published with the result.")));
    var submit = make("button", "button", gettext("Cast my vote"));
    submit.type = "submit";
    form.appendChild(submit);
    return form;
  }

  function createVoteCard(vote) {
    var card = make("article", "vote-card");
    card.dataset.vote = String(vote.id);
    var title = make("h3", "vote-title");
    card.appendChild(title);
    card.appendChild(make("p", "vote-motion"));
    card.appendChild(make("p", "vote-meta"));
    var turnout = make("div", "turnout");
    var bar = make("progress", "turnout-bar");
    bar.max = 1;
    bar.value = 0;
    turnout.append(bar, make("span", "turnout-text"));
    card.appendChild(turnout);
    var done = make("p", "ballot-done");
    done.hidden = true;
    card.appendChild(done);
    card.appendChild(make("p", "ballot-note note"));
    if (!projector) {
      card.appendChild(button(gettext("Close the vote"), "button button-danger close-vote-button", { action: "close-vote", vote: vote.id }));
    }
    return card;
  }

  function updateVoteCard(card, vote) {
    var number = motionNumber(vote.motion);
    setText(card.querySelector(".vote-title"), number
      ? format(gettext("Vote on motion %(number)s"), { number: number })
      : gettext("Vote"));
    setText(card.querySelector(".vote-motion"), motionText(vote.motion));
    setText(card.querySelector(".vote-meta"), voteDescription(vote));
    var counts = model.progress[vote.id] || { cast: vote.cast || 0, eligible: vote.eligible };
    var bar = card.querySelector(".turnout-bar");
    var eligible = counts.eligible || vote.eligible || 0;
    if (bar.max !== Math.max(1, eligible)) { bar.max = Math.max(1, eligible); }
    if (bar.value !== counts.cast) { bar.value = counts.cast; }
    var turnoutText = format(ngettext("%(cast)s of %(eligible)s has voted", "%(cast)s of %(eligible)s have voted", counts.cast), {
      cast: counts.cast, eligible: eligible,
    });
    setText(card.querySelector(".turnout-text"), turnoutText);
    setAttr(bar, "aria-label", turnoutText);

    var voted = model.you.voted && model.you.voted.indexOf(vote.id) !== -1;
    var mayVote = isDelegate() && model.you.can_vote && !projector;
    var form = card.querySelector("form.ballot");
    if (mayVote && !voted && !form) {
      form = buildBallot(vote);
      card.insertBefore(form, card.querySelector(".ballot-done"));
    }
    if (form) {
      show(form, !voted);
      enable(form.querySelector("button[type=submit]"), !voted);
    }
    var done = card.querySelector(".ballot-done");
    show(done, Boolean(voted));
    if (voted) {
      var choice = myChoice(vote.id);
      setText(done, choice
        ? format(gettext("You voted: %(choice)s."), { choice: label("choice", choice) })
        : gettext("You have voted."));
    }
    var note = card.querySelector(".ballot-note");
    var noteText = "";
    if (!projector && !mayVote && model.hasState) {
      if (isDelegate()) {
        noteText = gettext("Your organization is not a member: you do not vote.");
      } else if (!isChair()) {
        noteText = gettext("Delegates of member organizations vote. You follow the turnout here.");
      }
    }
    setText(note, noteText);
    show(note, Boolean(noteText));
    var close = card.querySelector(".close-vote-button");
    show(close, isChair());
    enable(close, isChair());
  }

  function tallyRow(choice, count, total) {
    var row = make("div", "tally-row tally-" + choice);
    row.appendChild(make("span", "tally-label", label("choice", choice)));
    var track = make("span", "tally-track");
    track.setAttribute("aria-hidden", "true");
    var fill = make("span", "tally-fill");
    fill.style.width = percent(count, total) + "%";
    track.appendChild(fill);
    row.appendChild(track);
    row.appendChild(make("span", "tally-count", String(count)));
    return row;
  }

  function createResultCard(vote) {
    var result = vote.result || {};
    var tally = result.tally || { yes: 0, no: 0, abstain: 0 };
    var card = make("article", "result-card result-" + result.result);
    card.dataset.vote = String(vote.id);
    var head = make("div", "result-head");
    var number = motionNumber(vote.motion);
    head.appendChild(make("h4", "result-title", number
      ? format(gettext("Motion %(number)s"), { number: number })
      : gettext("Motion")));
    head.appendChild(make("span", "result-badge", label("motion", result.result)));
    card.appendChild(head);
    card.appendChild(make("p", "result-motion", motionText(vote.motion)));
    var summary = format(gettext("Yes %(yes)s, no %(no)s, abstain %(abstain)s. Turnout %(turnout)s of %(eligible)s."), {
      yes: tally.yes, no: tally.no, abstain: tally.abstain, turnout: result.turnout, eligible: result.eligible,
    });
    card.appendChild(make("p", "visually-hidden", label("motion", result.result) + ". " + summary));
    var tallies = make("div", "tally");
    tallies.setAttribute("aria-hidden", "true");
    var total = Math.max(1, tally.yes + tally.no + tally.abstain);
    ["yes", "no", "abstain"].forEach(function (choice) { tallies.appendChild(tallyRow(choice, tally[choice] || 0, total)); });
    card.appendChild(tallies);
    card.appendChild(make("p", "result-meta", [
      format(gettext("Turnout %(turnout)s of %(eligible)s (%(percent)s)"), {
        turnout: result.turnout, eligible: result.eligible, percent: percent(result.turnout, result.eligible) + "%",
      }),
      voteDescription(vote),
    ].join(" · ")));
    var mine = make("p", "result-mine");
    mine.hidden = true;
    card.appendChild(mine);
    if (result.voters && result.voters.length && !projector) {
      var details = make("details", "roll-call");
      details.appendChild(make("summary", null, gettext("How each delegate voted")));
      var table = make("table", "compact");
      var body = make("tbody");
      result.voters.forEach(function (voter) {
        var row = make("tr");
        row.append(make("td", null, voter.name), make("td", null, voter.organization), make("td", null, label("choice", voter.choice)));
        body.appendChild(row);
      });
      table.appendChild(body);
      details.appendChild(table);
      card.appendChild(details);
    }
    return card;
  }

  function updateResultCard(card, vote) {
    var voted = model.you.voted && model.you.voted.indexOf(vote.id) !== -1;
    var choice = myChoice(vote.id);
    var mine = card.querySelector(".result-mine");
    show(mine, Boolean(voted || choice));
    if (voted || choice) {
      setText(mine, choice
        ? format(gettext("You voted: %(choice)s."), { choice: label("choice", choice) })
        : gettext("You voted."));
    }
  }

  function renderVotes() {
    var open = model.state.votes.filter(function (vote) { return vote.status !== "closed"; });
    var closed = model.state.votes.filter(function (vote) { return vote.status === "closed"; }).reverse();
    reconcile($("open-votes"), open, function (vote) { return vote.id; }, createVoteCard, updateVoteCard);
    reconcile($("vote-results"), projector ? closed.slice(0, 1) : closed, function (vote) { return vote.id; }, createResultCard, updateResultCard);
    show($("votes-empty"), open.length === 0);
    show($("results-heading"), closed.length > 0);
  }

  // Motions.
  function createMotion(motion) {
    var item = make("li", "motion");
    var head = make("div", "motion-head");
    head.append(make("span", "motion-number"), make("span", "badge motion-status"));
    item.appendChild(head);
    item.appendChild(make("p", "motion-text"));
    item.appendChild(make("p", "motion-meta"));
    var actions = make("div", "button-row motion-actions");
    actions.append(
      button(gettext("Second"), "button button-small", { action: "second", motion: motion.id }),
      button(gettext("Withdraw"), "button button-small button-secondary", { action: "withdraw-motion", motion: motion.id })
    );
    item.appendChild(actions);
    return item;
  }

  function buildOpenVoteForm(motion) {
    var debate = model.state.debate;
    var form = make("form", "open-vote");
    form.dataset.motion = String(motion.id);
    var fieldset = make("fieldset");
    fieldset.appendChild(make("legend", null, gettext("Open a vote on this motion")));
    var kinds = make("div", "choice-row");
    [["secret", gettext("Secret ballot")], ["roll", gettext("Roll call")]].forEach(function (option, index) {
      var wrap = make("label", "inline-choice");
      var input = make("input");
      input.type = "radio";
      input.name = "kind-" + motion.id;
      input.value = option[0];
      input.checked = index === 0;
      wrap.append(input, make("span", null, option[1]));
      kinds.appendChild(wrap);
    });
    fieldset.appendChild(kinds);
    [["majority", ["simple", "two_thirds"], debate.majority || "simple", gettext("Majority")],
      ["rule", ["per_delegate", "per_organization"], debate.voting_rule || "per_delegate", gettext("Who votes")]]
      .forEach(function (spec) {
        var field = make("div", "field");
        var id = "vote-" + spec[0] + "-" + motion.id;
        var fieldLabel = make("label", null, spec[3]);
        fieldLabel.htmlFor = id;
        var select = make("select");
        select.id = id;
        select.name = spec[0];
        spec[1].forEach(function (value) {
          var option = make("option", null, label(spec[0], value));
          option.value = value;
          option.selected = value === spec[2];
          select.appendChild(option);
        });
        field.append(fieldLabel, select);
        fieldset.appendChild(field);
      });
    form.appendChild(fieldset);
    var submit = make("button", "button", gettext("Open the vote"));
    submit.type = "submit";
    form.appendChild(submit);
    return form;
  }

  function updateMotion(item, motion, index) {
    setText(item.querySelector(".motion-number"), format(gettext("Motion %(number)s"), { number: index + 1 }));
    var badge = item.querySelector(".motion-status");
    setText(badge, label("motion", motion.status));
    badge.dataset.status = motion.status;
    setText(item.querySelector(".motion-text"), motion.text);
    var meta = [format(gettext("Proposed by %(name)s (%(organization)s)"), {
      name: motion.proposer && motion.proposer.name, organization: motion.proposer && motion.proposer.organization,
    })];
    if (motion.seconder) { meta.push(format(gettext("seconded by %(name)s"), { name: motion.seconder.name })); }
    if (motion.amends) {
      var amended = motionNumber(motion.amends);
      if (amended) { meta.push(format(gettext("amends motion %(number)s"), { number: amended })); }
    }
    setText(item.querySelector(".motion-meta"), meta.join(" · "));
    var mine = motion.proposer && isMe(motion.proposer);
    var onTable = motion.status === "proposed" || motion.status === "seconded";
    var second = item.querySelector("[data-action='second']");
    show(second, isDelegate() && !mine && motion.status === "proposed");
    enable(second, true);
    var withdraw = item.querySelector("[data-action='withdraw-motion']");
    show(withdraw, onTable && (isChair() || Boolean(mine)));
    enable(withdraw, true);
    var form = item.querySelector("form.open-vote");
    var canOpen = isChair() && motion.status === "seconded" && !projector;
    if (canOpen && !form) {
      form = buildOpenVoteForm(motion);
      item.appendChild(form);
    }
    if (form) {
      show(form, canOpen);
      var anotherOpen = model.state.votes.some(function (vote) { return vote.status !== "closed"; });
      enable(form.querySelector("button[type=submit]"), status() === "live" && !anotherOpen);
    }
  }

  function renderMotions() {
    var list = $("motion-list");
    if (!list) { return; }
    var motions = model.state.motions;
    reconcile(list, motions, function (motion) { return motion.id; }, createMotion, updateMotion);
    show($("motions-empty"), motions.length === 0);
    var select = $("propose-amends");
    if (select) {
      var onTable = motions.map(function (motion, index) { return { motion: motion, number: index + 1 }; })
        .filter(function (item) { return item.motion.status === "proposed" || item.motion.status === "seconded"; });
      var options = [{ key: "", text: gettext("Nothing: a new motion") }].concat(onTable.map(function (item) {
        return { key: String(item.motion.id), text: format(gettext("Motion %(number)s: %(text)s"), { number: item.number, text: item.motion.text.slice(0, 80) }) };
      }));
      reconcile(select, options, function (option) { return option.key; }, function (option) {
        var node = make("option");
        node.value = option.key;
        return node;
      }, function (node, option) { setText(node, option.text); });
    }
  }

  // Balance of the floor by region.
  function renderBalance() {
    var list = $("balance-list");
    if (!list) { return; }
    var byRegion = model.state.balance.by_region || {};
    var regions = Object.keys(labels.region || {});
    Object.keys(byRegion).forEach(function (code) { if (regions.indexOf(code) === -1) { regions.push(code); } });
    var most = 0;
    var total = 0;
    regions.forEach(function (code) {
      var seconds = (byRegion[code] || {}).seconds || 0;
      most = Math.max(most, seconds);
      total += seconds;
    });
    show($("balance-empty"), total === 0);
    reconcile(list, regions, function (code) { return code; }, function (code) {
      var row = make("li", "balance-row");
      row.dataset.region = code;
      var track = make("span", "balance-track");
      track.setAttribute("aria-hidden", "true");
      track.appendChild(make("span", "balance-fill"));
      row.append(make("span", "balance-region", label("region", code)), track, make("span", "balance-value"));
      return row;
    }, function (row, code) {
      var entry = byRegion[code] || { seconds: 0, speeches: 0 };
      row.querySelector(".balance-fill").style.width = (most ? (100 * entry.seconds) / most : 0) + "%";
      setText(row.querySelector(".balance-value"), format(ngettext("%(time)s · %(n)s speech · %(share)s", "%(time)s · %(n)s speeches · %(share)s", entry.speeches), {
        time: clock(entry.seconds), n: entry.speeches, share: percent(entry.seconds, total) + "%",
      }));
    });
    var body = $("balance-orgs");
    if (body) {
      var orgs = model.state.balance.by_organization || {};
      var rows = Object.keys(orgs).map(function (key) { return Object.assign({ key: key }, orgs[key]); })
        .sort(function (a, b) { return b.seconds - a.seconds || a.name.localeCompare(b.name); });
      reconcile(body, rows, function (row) { return row.key; }, function () {
        var tr = make("tr");
        tr.append(make("td"), make("td"), make("td"));
        return tr;
      }, function (tr, row) {
        setText(tr.children[0], row.name);
        setText(tr.children[1], String(row.speeches));
        setText(tr.children[2], clock(row.seconds));
      });
    }
  }

  // Questions, most upvoted first.
  function createQuestion(question) {
    var item = make("li", "question");
    var vote = button("", "upvote", { action: "upvote", question: question.id });
    vote.append(make("span", "upvote-arrow", "▲"), make("span", "upvote-count"));
    item.appendChild(vote);
    var body = make("div", "question-body");
    body.append(make("p", "question-text"), make("p", "question-meta"));
    item.appendChild(body);
    var actions = make("div", "question-actions");
    actions.append(
      button(gettext("Answered"), "button button-small button-secondary", { action: "answer", question: question.id }),
      button(gettext("Hide"), "button button-small button-quiet", { action: "hide", question: question.id })
    );
    item.appendChild(actions);
    return item;
  }

  function authorText(author) {
    if (!author) { return ""; }
    return author.organization ? author.name + " (" + author.organization.short_name + ")" : author.name;
  }

  function updateQuestion(item, question) {
    var answered = question.status === "answered";
    item.classList.toggle("is-answered", answered);
    setText(item.querySelector(".question-text"), question.text);
    setText(item.querySelector(".question-meta"), authorText(question.author) + (answered ? " · " + gettext("answered") : ""));
    var vote = item.querySelector(".upvote");
    var done = upvoted().indexOf(question.id) !== -1;
    setText(vote.querySelector(".upvote-count"), String(question.upvotes));
    setAttr(vote, "aria-pressed", done ? "true" : "false");
    setAttr(vote, "aria-label", format(ngettext("Upvote this question (%(n)s vote)", "Upvote this question (%(n)s votes)", question.upvotes), { n: question.upvotes }));
    enable(vote, config.signed_in && !done);
    var answer = item.querySelector("[data-action='answer']");
    show(answer, isChair() && !answered);
    enable(answer, true);
    var hide = item.querySelector("[data-action='hide']");
    show(hide, isChair());
    enable(hide, true);
  }

  function renderQuestions() {
    var list = $("question-list");
    if (!list) { return; }
    var questions = model.state.questions.slice().sort(function (a, b) {
      var answered = (a.status === "answered") - (b.status === "answered");
      return answered || b.upvotes - a.upvotes || a.id - b.id;
    });
    reconcile(list, questions, function (q) { return q.id; }, createQuestion, updateQuestion);
    show($("questions-empty"), questions.length === 0);
    var open = questions.filter(function (q) { return q.status !== "answered"; }).length;
    setText($("questions-count"), open ? "(" + open + ")" : "");
  }

  // Chat.
  function createMessage(message) {
    var item = make("li", "chat-message");
    var head = make("p", "chat-head");
    head.append(make("span", "chat-author"), make("span", "chat-org"), make("time", "chat-time"));
    item.append(head, make("p", "chat-text"));
    if (!projector) {
      item.appendChild(button(gettext("Remove"), "button button-small button-quiet chat-remove", { action: "remove-message", message: message.id }));
    }
    return item;
  }

  function updateMessage(item, message) {
    var author = message.author || {};
    item.classList.toggle("from-chair", author.role === "chair");
    setText(item.querySelector(".chat-author"), author.name || "");
    setText(item.querySelector(".chat-org"), author.role === "chair" ? gettext("Chair")
      : (author.organization ? author.organization.short_name : ""));
    var time = item.querySelector(".chat-time");
    setAttr(time, "datetime", message.at || "");
    setText(time, message.at ? timeOfDay(message.at) : "");
    setText(item.querySelector(".chat-text"), message.text);
    var remove = item.querySelector(".chat-remove");
    if (remove) {
      show(remove, isChair());
      enable(remove, true);
      setAttr(remove, "aria-label", format(gettext("Remove the message from %(name)s"), { name: author.name || "" }));
    }
  }

  function renderChat() {
    var list = $("chat-list");
    if (!list) { return; }
    var atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
    reconcile(list, model.state.messages, function (m) { return m.id; }, createMessage, updateMessage);
    show($("chat-empty"), model.state.messages.length === 0);
    if (atBottom) { list.scrollTop = list.scrollHeight; }
  }

  // Reactions: brief bubbles, aggregated by the server per second.
  function showReactions(counts) {
    var stream = $("reaction-stream");
    if (!stream) { return; }
    Object.keys(counts).forEach(function (emoji) {
      var bubble = make("span", "reaction-bubble", counts[emoji] > 1 ? emoji + " ×" + counts[emoji] : emoji);
      stream.appendChild(bubble);
      setTimeout(function () { if (bubble.parentNode) { bubble.parentNode.removeChild(bubble); } }, 4000);
    });
    while (stream.children.length > 8) { stream.removeChild(stream.firstChild); }
  }

  // Everything whose visibility depends on role, status and connection.
  function renderControls() {
    var st = status();
    var speaker = model.state.speaker;
    Array.prototype.forEach.call(root.querySelectorAll("[data-for]"), function (node) {
      var who = node.dataset.for;
      var visible = {
        chair: isChair(),
        delegate: isDelegate(),
        participant: Boolean(config.signed_in),
        asker: canAsk(),
      }[who];
      show(node, Boolean(visible));
    });

    // Chair's console.
    Array.prototype.forEach.call(root.querySelectorAll("#console [data-when]"), function (control) {
      var visible = control.dataset.when.split(" ").indexOf(st) !== -1;
      show(control, visible);
      enable(control, visible);
    });
    if (!isActive()) { show($("close-confirm"), false); setAttr($("close-debate"), "aria-expanded", "false"); }
    enable(root.querySelector("#close-confirm [data-command='debate.close']"), isActive());
    enable($("close-cancel"), true);
    setAttr($("close-cancel"), "aria-disabled", "false");
    show($("console-closed"), st === "closed");
    var head = model.state.queue[0];
    enable($("grant-next"), st === "live" && !speaker && Boolean(head));
    var note = "";
    if (st === "closed") {
      note = "";
    } else if (st !== "live") {
      note = gettext("The floor is given while the debate is live.");
    } else if (speaker) {
      note = format(gettext("%(name)s has the floor."), { name: speaker.delegate.name });
    } else if (head) {
      note = format(gettext("Next: %(name)s (%(organization)s)"), { name: head.delegate.name, organization: head.delegate.organization.short_name });
    } else {
      note = gettext("Nobody has asked for the floor.");
    }
    setText($("grant-next-note"), note);
    enable($("end-floor"), Boolean(speaker));
    var running = Boolean(speaker && speaker.ends_at);
    enable($("timer-pause"), running);
    show($("timer-pause"), !speaker || running);
    enable($("timer-resume"), Boolean(speaker && !speaker.ends_at && st === "live"));
    show($("timer-resume"), Boolean(speaker && !speaker.ends_at));
    Array.prototype.forEach.call(root.querySelectorAll("#console [data-command='timer.extend']"), function (control) {
      enable(control, Boolean(speaker));
    });
    var openVote = model.state.votes.filter(function (vote) { return vote.status !== "closed"; })[0];
    show($("close-vote"), Boolean(openVote));
    enable($("close-vote"), Boolean(openVote));
    show($("console-vote-note"), !openVote && st !== "closed");
    if (openVote && $("close-vote")) { $("close-vote").dataset.vote = String(openVote.id); }

    // Forms.
    var proposeOpen = st === "open" || st === "live";
    enable(root.querySelector("#propose-form button[type=submit]"), proposeOpen);
    enable(root.querySelector("#ask-form button[type=submit]"), isActive());
    enable(root.querySelector("#chat-form button[type=submit]"), isActive());
    Array.prototype.forEach.call(root.querySelectorAll(".reaction-button"), function (control) {
      enable(control, st !== "closed");
    });
    var askNote = $("ask-note");
    if (askNote) {
      var askText = "";
      if (!config.signed_in) {
        askText = "";
      } else if (!canAsk()) {
        askText = gettext("Observers do not ask questions in this debate.");
      }
      setText(askNote, askText);
      show(askNote, Boolean(askText));
    }
  }

  // --- actions ------------------------------------------------------------------------------------

  function busy(control, on) {
    if (!control) { return; }
    control.classList.toggle("is-busy", on);
    if (on) { setAttr(control, "aria-disabled", "true"); }
  }

  function run(control, type, data, done) {
    busy(control, true);
    return command(type, data).then(function (answer) {
      busy(control, false);
      if (done) { done(answer); }
      renderAll();
      return answer;
    }, function (error) {
      busy(control, false);
      alertError(errorText(error));
      renderAll();
      throw error;
    }).catch(function () { /* reported */ });
  }

  function queueOrder() {
    return model.state.queue.map(function (entry) { return entry.request; });
  }

  function move(request, by) {
    var order = queueOrder();
    var from = order.indexOf(request);
    var to = from + by;
    if (from === -1 || to < 0 || to >= order.length) { return null; }
    order.splice(from, 1);
    order.splice(to, 0, request);
    return order;
  }

  function nameOf(request) {
    var entry = model.state.queue.filter(function (e) { return e.request === request; })[0];
    return entry ? entry.delegate.name : "";
  }

  function sendOrder(control, order, request) {
    run(control, "floor.reorder", { order: order }, function () {
      notify(format(gettext("%(name)s is now number %(position)s."), {
        name: nameOf(request), position: order.indexOf(request) + 1,
      }));
    });
  }

  var ACTIONS = {
    grant: function (control) { run(control, "floor.grant", { request: Number(control.dataset.request) }); },
    up: function (control) {
      var request = Number(control.dataset.request);
      var order = move(request, -1);
      if (order) { sendOrder(control, order, request); }
    },
    down: function (control) {
      var request = Number(control.dataset.request);
      var order = move(request, 1);
      if (order) { sendOrder(control, order, request); }
    },
    withdraw: function (control) { run(control, "floor.withdraw", { request: Number(control.dataset.request) }); },
    second: function (control) { run(control, "motion.second", { motion: Number(control.dataset.motion) }); },
    "withdraw-motion": function (control) { run(control, "motion.withdraw", { motion: Number(control.dataset.motion) }); },
    "close-vote": function (control) { run(control, "vote.close", { vote: Number(control.dataset.vote) }); },
    upvote: function (control) {
      var question = Number(control.dataset.question);
      var mark = function () {
        var list = upvoted();
        if (list.indexOf(question) === -1) { list.push(question); remember("upvoted", list); }
      };
      busy(control, true);
      command("question.upvote", { question: question }).then(function () {
        busy(control, false);
        mark();
        renderQuestions();
      }, function (error) {
        busy(control, false);
        if (error.code === "conflict") { mark(); } else { alertError(errorText(error)); }
        renderQuestions();
      });
    },
    answer: function (control) { run(control, "question.answer", { question: Number(control.dataset.question) }); },
    hide: function (control) { run(control, "question.hide", { question: Number(control.dataset.question) }); },
    "remove-message": function (control) { run(control, "message.remove", { message: Number(control.dataset.message) }); },
  };

  function commandData(control) {
    var type = control.dataset.command;
    if (type === "floor.request") { return { kind: control.dataset.kind }; }
    if (type === "timer.extend") { return { seconds: Number(control.dataset.seconds) }; }
    if (type === "reaction.send") { return { emoji: control.dataset.emoji }; }
    if (type === "vote.close" && control.dataset.vote) { return { vote: Number(control.dataset.vote) }; }
    return {};
  }

  root.addEventListener("click", function (click) {
    var control = click.target.closest("button");
    if (!control || !root.contains(control) || control.type === "submit") { return; }
    if (control.getAttribute("aria-disabled") === "true") {
      click.preventDefault();
      return;
    }
    if (control.id === "close-debate") {
      var confirm = $("close-confirm");
      var opening = confirm.hidden;
      confirm.hidden = !opening;
      setAttr(control, "aria-expanded", opening ? "true" : "false");
      if (opening) { confirm.querySelector("[data-command]").focus(); }
      return;
    }
    if (control.id === "close-cancel") {
      $("close-confirm").hidden = true;
      setAttr($("close-debate"), "aria-expanded", "false");
      $("close-debate").focus();
      return;
    }
    var type = control.dataset.command;
    if (type) {
      run(control, type, commandData(control), function (answer) {
        if (type === "floor.request") {
          notify(format(gettext("You are number %(position)s on the speakers' list."), { position: answer.position }));
        } else if (type === "debate.close") {
          $("close-confirm").hidden = true;
          notify(gettext("The debate is closed. The minutes are published."));
        }
      });
      return;
    }
    var action = ACTIONS[control.dataset.action];
    if (action) { action(control); }
  });

  root.addEventListener("submit", function (submit) {
    var form = submit.target;
    submit.preventDefault();
    var control = form.querySelector("button[type=submit]");
    if (control && control.getAttribute("aria-disabled") === "true") { return; }
    if (form.classList.contains("ballot")) {
      var vote = Number(form.dataset.vote);
      var chosen = form.querySelector("input[type=radio]:checked");
      if (!chosen) {
        alertError(gettext("Choose yes, no or abstain first."));
        return;
      }
      var choice = chosen.value;
      busy(control, true);
      command("vote.cast", { vote: vote, choice: choice }).then(function () {
        busy(control, false);
        remember("vote." + vote, choice);
        if (model.you.voted.indexOf(vote) === -1) { model.you.voted.push(vote); }
        notify(gettext("Your vote has been cast."));
        renderVotes();
      }, function (error) {
        busy(control, false);
        if (error.code === "conflict" && model.you.voted.indexOf(vote) === -1) {
          model.you.voted.push(vote);
        }
        alertError(errorText(error));
        renderVotes();
      });
      return;
    }
    if (form.classList.contains("open-vote")) {
      var secret = form.querySelector("input[type=radio]:checked").value === "secret";
      run(control, "vote.open", {
        motion: Number(form.dataset.motion),
        secret: secret,
        majority: form.elements.majority.value,
        rule: form.elements.rule.value,
      });
      return;
    }
    var text = form.elements.text;
    if (!text || !text.value.trim()) {
      if (text) { text.focus(); }
      return;
    }
    var type = { "propose-form": "motion.propose", "ask-form": "question.ask", "chat-form": "message.post" }[form.id];
    if (!type) { return; }
    var data = { text: text.value };
    if (type === "motion.propose" && form.elements.amends.value) {
      data.amends = Number(form.elements.amends.value);
    }
    run(control, type, data, function () {
      form.reset();
      if (type === "motion.propose") { notify(gettext("Your motion is proposed: it needs a seconder.")); }
      if (type === "question.ask") { notify(gettext("Your question is in the list.")); }
      text.focus();
    });
  });

  // Drag and drop in the speakers' list (the arrow buttons do the same from the keyboard).
  var queueList = $("queue-list");
  var dragged = null;
  function clearDropMarks() {
    Array.prototype.forEach.call(queueList.querySelectorAll(".drop-before, .drop-after, .dragging"), function (node) {
      node.classList.remove("drop-before", "drop-after", "dragging");
    });
  }
  function dropTarget(dragEvent) {
    var item = dragEvent.target.closest && dragEvent.target.closest(".queue-item");
    if (!item || Number(item.dataset.request) === dragged) { return null; }
    var box = item.getBoundingClientRect();
    return { item: item, after: dragEvent.clientY > box.top + box.height / 2 };
  }
  if (queueList && !projector) {
    queueList.addEventListener("dragstart", function (dragEvent) {
      var item = dragEvent.target.closest(".queue-item");
      if (!item || !item.draggable) { return; }
      dragged = Number(item.dataset.request);
      item.classList.add("dragging");
      dragEvent.dataTransfer.effectAllowed = "move";
      dragEvent.dataTransfer.setData("text/plain", String(dragged));
    });
    queueList.addEventListener("dragover", function (dragEvent) {
      if (dragged === null) { return; }
      dragEvent.preventDefault();
      dragEvent.dataTransfer.dropEffect = "move";
      Array.prototype.forEach.call(queueList.querySelectorAll(".drop-before, .drop-after"), function (node) {
        node.classList.remove("drop-before", "drop-after");
      });
      var target = dropTarget(dragEvent);
      if (target) { target.item.classList.add(target.after ? "drop-after" : "drop-before"); }
    });
    queueList.addEventListener("drop", function (dragEvent) {
      if (dragged === null) { return; }
      dragEvent.preventDefault();
      var target = dropTarget(dragEvent);
      var request = dragged;
      dragged = null;
      clearDropMarks();
      if (!target) { return; }
      var order = queueOrder().filter(function (id) { return id !== request; });
      var at = order.indexOf(Number(target.item.dataset.request)) + (target.after ? 1 : 0);
      order.splice(at, 0, request);
      if (order.join() !== queueOrder().join()) { sendOrder(null, order, request); }
    });
    queueList.addEventListener("dragend", function () {
      dragged = null;
      clearDropMarks();
    });
  }

  // --- start ------------------------------------------------------------------------------------------

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

  // A read-only copy of what this page has applied, for tests and debugging.
  window.PlenaryRoom = Object.freeze({
    snapshot: function () {
      return JSON.parse(JSON.stringify({ seq: model.last, state: model.state, connection: model.connection }));
    },
  });

  renderAll();
  setInterval(tick, 250);
  connect();
})();
