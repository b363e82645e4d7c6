/*
 * Translation and formatting. Translated strings come from Django's JavaScript catalogue
 * (/jsi18n/), whose script tag comes before the room's modules: modules run in document
 * order with deferred scripts, so window.gettext is there when this module is evaluated.
 */

export const gettext = window.gettext || function (text) { return text; };
export const ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
export const pgettext = window.pgettext || function (_context, text) { return text; };
export const lang = document.documentElement.lang || "en";

export function format(template, values) {
  return template.replace(/%\((\w+)\)s/g, function (_match, key) {
    return values[key] === undefined || values[key] === null ? "" : String(values[key]);
  });
}

export function twoDigits(n) { return n < 10 ? "0" + n : String(n); }

export function clock(totalSeconds) {
  var s = Math.max(0, Math.floor(totalSeconds));
  var hours = Math.floor(s / 3600);
  var minutes = Math.floor((s % 3600) / 60);
  var seconds = s % 60;
  return hours ? hours + ":" + twoDigits(minutes) + ":" + twoDigits(seconds)
    : minutes + ":" + twoDigits(seconds);
}

var timeFormat = null;
export function timeOfDay(iso) {
  var date = new Date(iso);
  if (isNaN(date.getTime())) { return ""; }
  try {
    timeFormat = timeFormat || new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit" });
    return timeFormat.format(date);
  } catch (error) {
    return twoDigits(date.getHours()) + ":" + twoDigits(date.getMinutes());
  }
}

export function percent(part, whole) {
  return whole > 0 ? Math.round((100 * part) / whole) : 0;
}
