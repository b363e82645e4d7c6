/* The current speaker and the countdown, which runs locally from the server's `ends_at`. */
import { $, make, setText, show } from "../dom.js";
import { clock, format, gettext } from "../format.js";
import { isMe, model } from "../model.js";
import { kindBadge, languageBadge, where } from "./common.js";

const WARNING_SECONDS = 30;

var speakerSignature = null;
export function renderSpeaker() {
  var box = $("speaker");
  if (!box) { return; }
  var speaker = model.state.speaker;
  var interrupted = model.state.interrupted;
  var signature = speaker ? [speaker.request, speaker.kind, speaker.language, isMe(speaker.delegate)].join("|") : "none";
  if (interrupted) { signature += "|" + [interrupted.request, interrupted.paused_remaining].join("|"); }
  if (signature !== speakerSignature) {
    speakerSignature = signature;
    var nodes = [];
    if (speaker) {
      var delegate = speaker.delegate || {};
      var tags = make("p", "speaker-tags");
      tags.appendChild(kindBadge(speaker.kind));
      var speaks = languageBadge(speaker.language);
      if (speaks) { tags.appendChild(speaks); }
      if (speaker.paper_author) { tags.appendChild(make("span", "badge badge-paper", gettext("Paper author"))); }
      if (isMe(delegate)) { tags.appendChild(make("span", "badge badge-you", gettext("You"))); }
      nodes.push(tags);
      nodes.push(make("p", "speaker-name", delegate.name));
      nodes.push(make("p", "speaker-org", where(delegate.organization)));
    } else {
      nodes.push(make("p", "speaker-none", gettext("Nobody has the floor.")));
    }
    if (interrupted) {
      nodes.push(make("p", "speaker-interrupted", format(
        gettext("%(name)s (%(organization)s) was interrupted with %(time)s left and resumes after the point of order."),
        { name: interrupted.delegate.name, organization: interrupted.delegate.organization.short_name,
          time: clock(Math.ceil(interrupted.paused_remaining || 0)) })));
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

export function tick() {
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
