// The scanning page: reads a badge (camera, typed code or a name), asks the server, and
// when the server cannot be reached decides alone from the offline bundle (key, people,
// badge versions, who is inside), keeping the scan in a queue that is sent, idempotently
// (each scan has its own id), once the connection is back.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("scanner-config").textContent);
  const storeKey = (name) => `plenary.onsite.${config.list}.${name}`;
  const load = (name, fallback) => {
    try {
      return JSON.parse(localStorage.getItem(storeKey(name))) ?? fallback;
    } catch (error) {
      return fallback;
    }
  };
  const save = (name, value) => localStorage.setItem(storeKey(name), JSON.stringify(value));
  const csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]*)/) || [])[1] || "";
  const $ = (selector) => document.querySelector(selector);
  const words = {};
  for (const word of document.getElementById("verdict-words").content.querySelectorAll("[data-outcome]")) {
    words[word.dataset.outcome] = word.textContent;
  }

  let bundle = load("bundle", null);
  let queue = load("queue", []);
  let syncing = false;

  function setOnline(online) {
    const label = $("[data-connection]");
    label.textContent = online ? label.dataset.online : label.dataset.offline;
    document.body.classList.toggle("is-offline", !online);
  }

  function showPending() {
    $("[data-pending]").textContent = String(queue.length);
  }

  function localInside() {
    const inside = {};
    for (const person of bundle ? bundle.people : []) {
      if (person.inside_since) inside[person.accreditation] = person.inside_since;
    }
    return inside;
  }

  function showInside() {
    if (bundle) $("[data-inside]").textContent = String(Object.keys(localInside()).length);
  }

  function time(iso) {
    return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function show(verdict, { offline = false } = {}) {
    const box = $("[data-verdict]");
    const outcome = verdict.outcome === "accepted" && verdict.direction === "exit" ? "exit" : verdict.outcome;
    box.hidden = false;
    box.dataset.outcome = verdict.outcome;
    $("[data-verdict-word]").textContent = words[outcome] + (offline ? ` (${words.local})` : "");
    const person = verdict.person || {};
    $("[data-verdict-name]").textContent = person.name || "";
    $("[data-verdict-latin]").textContent = person.latin_name || "";
    $("[data-verdict-detail]").textContent = [person.organization, config.roles[person.role]].filter(Boolean).join(" · ");
    $("[data-verdict-message]").textContent = verdict.message || "";
  }

  async function refreshBundle() {
    const answer = await fetch(config.offline, { credentials: "same-origin" });
    if (!answer.ok) throw new Error(String(answer.status));
    // The service worker's copy (the server did not answer) is older than this page's own
    // bundle, which has the scans decided offline since: it only fills an empty page.
    const cached = answer.headers.get("X-Plenary-Offline") === "1";
    if (!cached || !bundle) {
      bundle = await answer.json();
      save("bundle", bundle);
      showInside();
    }
    if (cached) throw new Error("offline");
  }

  async function refreshCounts() {
    const answer = await fetch(config.counts, { credentials: "same-origin" });
    if (answer.ok) $("[data-inside]").textContent = String((await answer.json()).inside);
  }

  async function post(scans) {
    const answer = await fetch(config.scans, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": decodeURIComponent(csrf) },
      body: JSON.stringify({ list: config.list, scans }),
    });
    if (answer.status >= 500 || answer.status === 0) throw new Error(String(answer.status));
    return answer.json();
  }

  // The same decision as the server's, from what the bundle knows.
  async function decideOffline(scan) {
    const refuse = (reason, person) => ({ outcome: "refused", reason, message: config.reasons[reason], person });
    if (!bundle) return refuse("unknown");
    let person;
    if (scan.code !== undefined) {
      const read = await window.PlenaryCredential.read(scan.code, {
        event: bundle.event, publicKey: bundle.public_key, now: new Date(), site: config.site,
      });
      if (read.reason) return refuse(read.reason);
      person = bundle.people.find((row) => row.accreditation === read.accreditation);
      if (!person) return refuse("not_accredited");
      if (person.version !== read.version) return refuse("revoked", person);
    } else {
      person = bundle.people.find((row) => row.accreditation === scan.accreditation);
      if (!person) return refuse("not_accredited");
    }
    if (!person.seat) return refuse("no_seat", person);
    if (scan.direction === "exit") {
      person.inside_since = null;
      return { outcome: "accepted", direction: "exit", person };
    }
    if (person.inside_since) {
      return { outcome: "already_inside", person, message: words.since.replace("%(time)s", time(person.inside_since)) };
    }
    person.inside_since = scan.scanned_at;
    return { outcome: "accepted", direction: "entry", person, message: words.welcome };
  }

  function applyToBundle(result) {
    if (!bundle || !result.person) return;
    const person = bundle.people.find((row) => row.accreditation === result.person.accreditation);
    if (!person) return;
    if (result.outcome === "accepted") {
      person.inside_since = result.direction === "entry" ? new Date().toISOString() : null;
    }
    save("bundle", bundle);
  }

  async function handle(scan) {
    try {
      const answer = await post([scan]);
      const result = answer.results ? answer.results[0] : null;
      if (!result || result.error) {
        show({ outcome: "refused", message: (result && result.error.detail) || answer.detail });
        return;
      }
      setOnline(true);
      show(result);
      applyToBundle(result);
      refreshCounts().catch(() => {});
    } catch (error) {
      setOnline(false);
      const verdict = await decideOffline(scan);
      queue.push(scan);
      save("queue", queue);
      save("bundle", bundle);
      showPending();
      showInside();
      show({ direction: scan.direction, ...verdict }, { offline: true });
    }
  }

  async function sync() {
    if (syncing || !queue.length) return;
    syncing = true;
    try {
      const batch = queue.slice(0, 500);
      const answer = await post(batch);
      const sent = new Set((answer.results || []).map((row) => row.scan_id));
      queue = load("queue", []).filter((scan) => !sent.has(scan.scan_id));
      save("queue", queue);
      setOnline(true);
      await refreshBundle();
      await refreshCounts();
    } catch (error) {
      setOnline(false);
    } finally {
      syncing = false;
      showPending();
    }
  }

  function newScan(fields) {
    const door = $("#door");
    return {
      scan_id: crypto.randomUUID(),
      direction: document.querySelector("input[name=direction]:checked").value,
      scanned_at: new Date().toISOString(),
      ...(door ? { door: Number(door.value) } : {}),
      ...fields,
    };
  }

  $("[data-code-form]").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("#code");
    handle(newScan({ code: input.value.trim() }));
    input.value = "";
    input.focus();
  });

  $("[data-search-form]").addEventListener("submit", async (event) => {
    event.preventDefault();
    const query = $("#search").value.trim();
    let rows;
    try {
      const answer = await fetch(`${config.search}?q=${encodeURIComponent(query)}`, { credentials: "same-origin" });
      if (!answer.ok) throw new Error(String(answer.status));
      rows = (await answer.json()).results;
    } catch (error) {
      const words = query.toLowerCase().split(/\s+/);
      rows = (bundle ? bundle.people : []).filter((person) =>
        words.every((word) => `${person.name} ${person.latin_name}`.toLowerCase().includes(word)));
    }
    const list = $("[data-results]");
    list.replaceChildren();
    for (const person of rows.slice(0, 20)) {
      const row = document.getElementById("search-row").content.cloneNode(true);
      row.querySelector("[data-name]").textContent = person.name;
      row.querySelector("[data-organization]").textContent = person.organization;
      row.querySelector("button").addEventListener("click", () => {
        handle(newScan({ accreditation: person.accreditation }));
        list.replaceChildren();
      });
      list.append(row);
    }
  });

  // A reader of QR codes in the camera's frames: the browser's own BarcodeDetector where it
  // reads QR codes (Android, macOS, ChromeOS), otherwise jsQR (static/js/vendor/jsqr) on a
  // frame drawn to a canvas no wider than 640 pixels.
  async function qrReader(video) {
    if ("BarcodeDetector" in window) {
      const formats = await window.BarcodeDetector.getSupportedFormats().catch(() => []);
      if (formats.includes("qr_code")) {
        const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        return async () => {
          const found = await detector.detect(video).catch(() => []);
          return found.length ? found[0].rawValue : null;
        };
      }
    }
    if (!window.jsQR) return null;
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    return async () => {
      if (!video.videoWidth) return null;
      const scale = Math.min(1, 640 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      return found ? found.data : null;
    };
  }

  async function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      $("[data-no-camera]").hidden = false;
      return;
    }
    try {
      const video = $("[data-video]");
      const read = await qrReader(video);
      if (!read) throw new Error("no QR reader");
      video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      await video.play();
      $("[data-camera]").hidden = false;
      // The same badge held in front of the camera is one scan, not one every 300 ms.
      let last = { code: null, at: 0 };
      setInterval(async () => {
        const code = await read().catch(() => null);
        if (!code || (code === last.code && Date.now() - last.at < 4000)) return;
        last = { code, at: Date.now() };
        handle(newScan({ code }));
      }, 300);
    } catch (error) {
      $("[data-no-camera]").hidden = false;
    }
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.worker).catch(() => {});
  }
  window.addEventListener("online", sync);
  setInterval(sync, 10000);
  showPending();
  showInside();
  refreshBundle().then(() => setOnline(true), () => setOnline(false)).then(sync);
  refreshCounts().catch(() => {});
  startCamera();
  window.PlenaryScanner = { sync, queue: () => queue.slice() };
})();
