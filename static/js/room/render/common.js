/* Pieces that several parts of the room draw: where a delegate is from, kind badges, motions. */
import { make } from "../dom.js";
import { format, gettext, pgettext } from "../format.js";
import { config, label, model } from "../model.js";
import { byId } from "../state.js";

export function where(organization) {
  if (!organization) { return ""; }
  var parts = [organization.short_name];
  if (organization.region) { parts.push(label("region", organization.region)); }
  return parts.join(" · ");
}

export function kindBadge(kind) {
  var badge = make("span", "badge badge-kind kind-" + kind, label("kind", kind));
  return badge;
}

/** The language a speech is given in ("Speaks French"), for interpreters and listeners;
 * nothing for requests logged before speeches had one. */
export function languageBadge(language) {
  if (!language) { return null; }
  return make("span", "badge badge-language", format(gettext("Speaks %(language)s"), { language: label("language", language) }));
}

export function motionText(motionId) {
  var motion = byId(model.state.motions, motionId);
  return motion ? motion.text : "";
}

export function motionNumber(motionId) {
  for (var i = 0; i < model.state.motions.length; i += 1) {
    if (model.state.motions[i].id === motionId) { return i + 1; }
  }
  return null;
}

/** Which agenda item a motion or a vote belongs to ("Item 2. Accounts", or "Item 1.
 * Report (closed)" for one the sitting has moved on from); "" for those of no item. */
export function itemNote(itemId) {
  if (itemId === null || itemId === undefined) { return ""; }
  var item = (config.agenda || []).filter(function (entry) { return entry.id === itemId; })[0];
  var title = item ? item.position + ". " + (item.title[config.reading_language] || item.title.en || "") : String(itemId);
  return itemId === model.state.agenda.current
    ? format(gettext("Item %(item)s"), { item: title })
    : format(gettext("Item %(item)s (closed)"), { item: title });
}

export function voteDescription(vote) {
  return [
    vote.secret ? gettext("Secret ballot") : gettext("Roll call"),
    label("majority", vote.majority),
    label("rule", vote.rule),
    format(gettext("quorum %(percent)s"), { percent: vote.quorum_percent + "%" }),
    itemNote(vote.item),
  ].filter(Boolean).join(" · ");
}

export function electionTitle(election) {
  return election.round > 1
    ? format(gettext("%(title)s, round %(round)s"), { title: election.title, round: election.round })
    : election.title;
}

// The names of the statutes' states, from this catalogue (words that differ by what they
// describe: a roll call is "ouvert", an election "ouverte").
export function electionStatus(status) {
  return {
    prepared: pgettext("election status", "Prepared"),
    open: pgettext("election status", "Open"),
    closed: pgettext("election status", "Closed"),
    tied: pgettext("election status", "Tied"),
    no_quorum: pgettext("election status", "No quorum"),
  }[status] || status;
}

export function rollcallStatus(status) {
  return { open: pgettext("roll call status", "Open"), closed: pgettext("roll call status", "Closed") }[status] || status;
}

export function presenceHow(how) {
  return { answered: pgettext("roll call", "Answered"), marked: pgettext("roll call", "Marked by the chair") }[how] || how;
}
