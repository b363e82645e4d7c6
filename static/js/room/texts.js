/*
 * The agenda and its texts in the room state, mirroring debates/state.py and
 * debates/amending.py: the consolidated text is the draft with the operations of each
 * carried amendment applied, in the order they carried. No DOM: importable anywhere.
 */

function find(items, id) {
  for (var i = 0; i < items.length; i += 1) {
    if (items[i].id === id) { return items[i]; }
  }
  return null;
}

function copy(value) { return JSON.parse(JSON.stringify(value)); }

function isInserted(key) { return key.charAt(0) === "a"; }

/** The text after `operations` (a new list), as debates.amending.apply_operations. */
export function applyOperations(paragraphs, operations) {
  var text = paragraphs.map(function (p) { return { key: p.key, text: copy(p.text) }; });
  operations.forEach(function (operation) {
    var keys = text.map(function (p) { return p.key; });
    if (operation.op === "insert") {
      var anchor = operation.after;
      if (anchor !== null && keys.indexOf(anchor) < 0) { return; }
      var at = anchor === null ? 0 : keys.indexOf(anchor) + 1;
      while (at < text.length && isInserted(text[at].key)) { at += 1; }
      text.splice(at, 0, { key: operation.key, text: copy(operation.text) });
      return;
    }
    var index = keys.indexOf(operation.paragraph);
    if (index < 0) { return; }
    if (operation.op === "replace") {
      text[index] = { key: text[index].key, text: copy(operation.text) };
    } else {
      text.splice(index, 1);
    }
  });
  return text;
}

export function consolidate(text) {
  var operations = {};
  text.amendments.forEach(function (a) { operations[a.id] = a.operations; });
  var paragraphs = text.draft;
  text.carried.forEach(function (id) { paragraphs = applyOperations(paragraphs, operations[id]); });
  text.paragraphs = paragraphs;
}

function textOf(s, d) { return find(s.texts, d.text); }

function pending(text, d) {
  text.order = d.order.slice();
  text.conflicts = d.conflicts.map(function (pair) { return pair.slice(); });
}

function amendmentStatus(status) {
  return function (s, d) {
    var text = textOf(s, d);
    if (!text) { return; }
    find(text.amendments, d.amendment).status = status;
    if (status === "accepted") {
      text.carried.push(d.amendment);
      text.version = d.version;
      consolidate(text);
    }
    pending(text, d);
  };
}

export const TEXT_HANDLERS = {
  "agenda.item_opened": function (s, d) {
    var item = Object.assign({}, d.item, { status: "open" });
    s.agenda.items = s.agenda.items.filter(function (i) { return i.id !== item.id; }).concat([item]);
    s.agenda.current = item.id;
    if (d.text !== null) {
      var text = copy(d.text);
      s.texts = s.texts.filter(function (t) { return t.id !== text.id; }).concat([text]);
      consolidate(text);
    }
  },
  "agenda.item_closed": function (s, d) {
    var item = find(s.agenda.items, d.item);
    if (item) { item.status = "closed"; }
    // The speakers' list ends with its item (logs from before this lack `withdrawn`).
    var withdrawn = d.withdrawn || [];
    s.queue = s.queue.filter(function (entry) { return withdrawn.indexOf(entry.request) === -1; });
    if (s.agenda.current === d.item) { s.agenda.current = null; }
  },
  "translation.signed": function (s, d) {
    var text = textOf(s, d);
    if (!text) { return; }
    if (d.amendment === null) {
      text.draft.forEach(function (p) {
        if (Object.prototype.hasOwnProperty.call(d.texts, p.key)) { p.text[d.language] = d.texts[p.key]; }
      });
      text.signed[d.language] = true;
    } else {
      var amendment = find(text.amendments, d.amendment);
      amendment.operations.forEach(function (operation, i) {
        if (i < d.texts.length && d.texts[i] !== null && "text" in operation) {
          operation.text[d.language] = d.texts[i];
        }
      });
      amendment.signed[d.language] = true;
    }
    consolidate(text);
  },
  "amendment.submitted": function (s, d) {
    var text = find(s.texts, d.amendment.text);
    if (text) { text.amendments.push(copy(d.amendment)); pending(text, d); }
  },
  "amendment.withdrawn": amendmentStatus("withdrawn"),
  "amendment.accepted_as_change": amendmentStatus("accepted"),
  "amendment.merged": function (s, d) {
    var text = find(s.texts, d.into.text);
    if (!text) { return; }
    text.amendments.forEach(function (a) {
      if (d.amendments.indexOf(a.id) >= 0) { a.status = "merged"; }
    });
    text.amendments.push(copy(d.into));
    pending(text, d);
  },
  "amendment.put_to_vote": function (s, d) {
    var text = textOf(s, d);
    if (!text) { return; }
    var amendment = find(text.amendments, d.amendment);
    amendment.status = "voting";
    amendment.motion = d.motion;
    if (d.translation_override) { text.provisional = true; }
  },
  "amendment.decided": function (s, d) {
    var text = textOf(s, d);
    if (!text) { return; }
    var amendment = find(text.amendments, d.amendment);
    amendment.status = d.result;
    if (d.revised !== null) {
      find(text.amendments, d.revised.amendment).operations = copy(d.revised.operations);
    }
    if (d.result === "carried" && amendment.amends === null) { text.carried.push(amendment.id); }
    text.version = d.version;
    consolidate(text);
    pending(text, d);
  },
  "amendment.fell": function (s, d) {
    var text = textOf(s, d);
    if (!text) { return; }
    var amendment = find(text.amendments, d.amendment);
    amendment.status = "fell";
    amendment.fell = Object.assign({}, d.reason);
    pending(text, d);
  },
  "voting_order.overridden": function (s, d) {
    var text = textOf(s, d);
    if (text) { text.order = d.order.slice(); text.overridden = true; }
  },
  "text.put_to_vote": function (s, d) {
    var text = textOf(s, d);
    if (!text) { return; }
    text.status = "voting";
    text.motion = d.motion;
    if (d.translation_override) { text.provisional = true; }
  },
  "text.adopted": function (s, d) {
    var text = textOf(s, d);
    if (!text) { return; }
    text.status = "adopted";
    text.result = { vote: d.vote, version: d.version };
    text.paragraphs = copy(d.paragraphs);
  },
  "text.rejected": function (s, d) {
    var text = textOf(s, d);
    if (text) { text.status = "rejected"; text.result = { vote: d.vote }; }
  },
};
