// A badge's signed code, read and verified in the browser (onsite/credentials.py is the
// reference): "PL:" + base32 of 15 bytes (format, event, accreditation, version, expiry)
// and their Ed25519 signature. The QR code holds it in a link, `${site}/b/PL:...`; the
// bare code is read too, a link to another site is refused (foreign_site).
(function () {
  "use strict";
  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const PAYLOAD = 15;
  const SIGNATURE = 64;
  const MAX_LENGTH = 400;
  const URL_PATH = "/b/";

  // The credential in a badge's link on `site`, or the text itself when it is no link.
  function unwrap(text, site) {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { code: text };
    let link;
    let home;
    try {
      link = new URL(text);
      home = new URL(site);
    } catch (error) {
      return { reason: "foreign_site" };
    }
    if (link.origin !== home.origin) return { reason: "foreign_site" };
    const path = home.pathname.replace(/\/+$/, "") + URL_PATH;
    if (link.search || link.hash || !link.pathname.toLowerCase().startsWith(path.toLowerCase())) {
      return { reason: "malformed" };
    }
    try {
      return { code: decodeURIComponent(link.pathname.slice(path.length)) };
    } catch (error) {
      return { reason: "malformed" };
    }
  }

  function base32(text) {
    const bytes = [];
    let bits = 0;
    let value = 0;
    for (const char of text) {
      const index = ALPHABET.indexOf(char);
      if (index < 0) return null;
      value = (value << 5) | index;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        bytes.push((value >>> bits) & 0xff);
      }
    }
    return new Uint8Array(bytes);
  }

  function fromBase64(text) {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  }

  // {reason} when refused, else {accreditation, version, expiresAt}.
  async function read(code, { event, publicKey, now, site }) {
    const given = String(code || "");
    if (given.length > MAX_LENGTH) return { reason: "malformed" };
    const unwrapped = unwrap(given.trim(), site);
    if (unwrapped.reason) return unwrapped;
    const text = unwrapped.code.trim().toUpperCase();
    if (!text.startsWith("PL:")) return { reason: "malformed" };
    const raw = base32(text.slice(3));
    if (!raw || raw.length !== PAYLOAD + SIGNATURE || raw[0] !== 1) return { reason: "malformed" };
    const view = new DataView(raw.buffer);
    const claimed = {
      event: view.getUint32(1),
      accreditation: view.getUint32(5),
      version: view.getUint16(9),
      expiresAt: new Date(view.getUint32(11) * 1000),
    };
    if (claimed.event !== event) return { reason: "foreign_event" };
    if (!publicKey) return { reason: "unknown" };
    let valid = false;
    try {
      const key = await crypto.subtle.importKey("raw", fromBase64(publicKey), { name: "Ed25519" }, false, ["verify"]);
      valid = await crypto.subtle.verify("Ed25519", key, raw.slice(PAYLOAD), raw.slice(0, PAYLOAD));
    } catch (error) {
      // A browser without Ed25519 cannot check the signature: the server will.
      return { ...claimed, unverified: true };
    }
    if (!valid) return { reason: "bad_signature" };
    if (claimed.expiresAt <= now) return { reason: "expired" };
    return claimed;
  }

  window.PlenaryCredential = { read };
})();
