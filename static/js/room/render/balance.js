/* Balance of the floor: speaking time and speeches by region and by organization. */
import { $, make, reconcile, setText, show } from "../dom.js";
import { clock, format, ngettext, percent } from "../format.js";
import { labels, label, model } from "../model.js";

export function renderBalance() {
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
