// Reads badge codes the way the scanning page does offline (static/js/onsite/credential.js)
// from a JSON object on standard input ({codes, event, publicKey, site, now}) and prints
// what each reads to (a reason, or the accreditation and version), one JSON list.
import { readFileSync } from "node:fs";
import { runInThisContext } from "node:vm";

let text = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) text += chunk;
const given = JSON.parse(text);

globalThis.window = globalThis;
const script = new URL("../../static/js/onsite/credential.js", import.meta.url);
runInThisContext(readFileSync(script, "utf8"), { filename: script.pathname });

const results = [];
for (const code of given.codes) {
  const read = await window.PlenaryCredential.read(code, {
    event: given.event, publicKey: given.publicKey, now: new Date(given.now), site: given.site,
  });
  results.push(read.reason ? { reason: read.reason } : { accreditation: read.accreditation, version: read.version });
}
process.stdout.write(JSON.stringify(results));
