// Reads an iCalendar feed on standard input the way Thunderbird does (ical.js, with the
// feed's VTIMEZONEs registered) and prints each VEVENT's UID and its start and end as
// UTC seconds (an event without DTEND ends when it starts), one JSON list on standard output.
import ICAL from "ical.js";

let text = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) text += chunk;

const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    start: event.startDate.toUnixTime(),
    start_is_date: event.startDate.isDate,
    end: event.endDate.toUnixTime(),
    has_end: component.hasProperty("dtend"),
    zone: component.getFirstProperty("dtstart").getParameter("tzid") || null,
    sequence: event.sequence,
  };
});
process.stdout.write(JSON.stringify(events));
