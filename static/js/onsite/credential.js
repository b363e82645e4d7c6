// A badge's signed code, read and verified in the browser (onsite/credentials.py is the
// reference): "PL:" + base32 of 15 bytes (format, event, accreditation, version, expiry)
// and their Ed25519 signature.
(function () {
  "use strict";
  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const PAYLOAD = 15;
  const SIGNATURE = 64;

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
  async function read(code, { event, publicKey, now }) {
    const text = String(code || "").trim().toUpperCase();
    if (!text.startsWith("PL:") || text.length > 200) return { reason: "malformed" };
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
