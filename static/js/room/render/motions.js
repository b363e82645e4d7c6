/* Motions and amendments, with the chair's form to open a vote on a seconded motion. */
import { $, button, enable, make, reconcile, setText, show } from "../dom.js";
import { format, gettext } from "../format.js";
import { boxOpen, isMe, label, model, projector, status } from "../model.js";
import { allowed, motionRoles } from "../transitions.js";
import { itemNote, motionNumber } from "./common.js";

function createMotion(motion) {
  var item = make("li", "motion");
  var head = make("div", "motion-head");
  head.append(make("span", "motion-number"), make("span", "badge motion-status"));
  item.appendChild(head);
  item.appendChild(make("p", "motion-text"));
  item.appendChild(make("p", "motion-meta"));
  var actions = make("div", "button-row motion-actions");
  actions.append(
    button(gettext("Second"), "button button-small", { action: "second", motion: motion.id }),
    button(gettext("Withdraw"), "button button-small button-secondary", { action: "withdraw-motion", motion: motion.id })
  );
  item.appendChild(actions);
  return item;
}

function buildOpenVoteForm(motion) {
  var debate = model.state.debate;
  var form = make("form", "open-vote");
  form.dataset.motion = String(motion.id);
  var fieldset = make("fieldset");
  fieldset.appendChild(make("legend", null, gettext("Open a vote on this motion")));
  var kinds = make("div", "choice-row");
  [["secret", gettext("Secret ballot")], ["roll", gettext("Roll call")]].forEach(function (option, index) {
    var wrap = make("label", "inline-choice");
    var input = make("input");
    input.type = "radio";
    input.name = "kind-" + motion.id;
    input.value = option[0];
    input.checked = index === 0;
    wrap.append(input, make("span", null, option[1]));
    kinds.appendChild(wrap);
  });
  fieldset.appendChild(kinds);
  [["majority", ["simple", "two_thirds"], debate.majority || "simple", gettext("Majority")],
    ["rule", ["per_delegate", "per_organization"], debate.voting_rule || "per_delegate", gettext("Who votes")]]
    .forEach(function (spec) {
      var field = make("div", "field");
      var id = "vote-" + spec[0] + "-" + motion.id;
      var fieldLabel = make("label", null, spec[3]);
      fieldLabel.htmlFor = id;
      var select = make("select");
      select.id = id;
      select.name = spec[0];
      spec[1].forEach(function (value) {
        var option = make("option", null, label(spec[0], value));
        option.value = value;
        option.selected = value === spec[2];
        select.appendChild(option);
      });
      field.append(fieldLabel, select);
      fieldset.appendChild(field);
    });
  form.appendChild(fieldset);
  var submit = make("button", "button", gettext("Open the vote"));
  submit.type = "submit";
  form.appendChild(submit);
  return form;
}

function updateMotion(item, motion, index) {
  setText(item.querySelector(".motion-number"), format(gettext("Motion %(number)s"), { number: index + 1 }));
  var badge = item.querySelector(".motion-status");
  setText(badge, label("motion", motion.status));
  badge.dataset.status = motion.status;
  setText(item.querySelector(".motion-text"), motion.text);
  var meta = [format(gettext("Proposed by %(name)s (%(organization)s)"), {
    name: motion.proposer && motion.proposer.name, organization: motion.proposer && motion.proposer.organization,
  })];
  if (motion.seconder) { meta.push(format(gettext("seconded by %(name)s"), { name: motion.seconder.name })); }
  if (motion.amends) {
    var amended = motionNumber(motion.amends);
    if (amended) { meta.push(format(gettext("amends motion %(number)s"), { number: amended })); }
  }
  if (itemNote(motion.item)) { meta.push(itemNote(motion.item)); }
  item.classList.toggle("is-past-item", motion.item != null && motion.item !== model.state.agenda.current);
  setText(item.querySelector(".motion-meta"), meta.join(" · "));
  var mine = Boolean(motion.proposer && isMe(motion.proposer));
  var roles = motionRoles(mine);
  var second = item.querySelector("[data-action='second']");
  show(second, allowed("motion", motion.status, "seconded", roles));
  enable(second, true);
  var withdraw = item.querySelector("[data-action='withdraw-motion']");
  show(withdraw, allowed("motion", motion.status, "withdrawn", roles));
  enable(withdraw, true);
  var form = item.querySelector("form.open-vote");
  var canOpen = allowed("motion", motion.status, "voting", roles) && !projector;
  if (canOpen && !form) {
    form = buildOpenVoteForm(motion);
    item.appendChild(form);
  }
  if (form) {
    show(form, canOpen);
    enable(form.querySelector("button[type=submit]"), status() === "live" && !boxOpen());
  }
}

export function renderMotions() {
  var list = $("motion-list");
  if (!list) { return; }
  var motions = model.state.motions;
  reconcile(list, motions, function (motion) { return motion.id; }, createMotion, updateMotion);
  show($("motions-empty"), motions.length === 0);
  var select = $("propose-amends");
  if (select) {
    var onTable = motions.map(function (motion, index) { return { motion: motion, number: index + 1 }; })
      .filter(function (item) { return item.motion.status === "proposed" || item.motion.status === "seconded"; });
    var options = [{ key: "", text: gettext("Nothing: a new motion") }].concat(onTable.map(function (item) {
      return { key: String(item.motion.id), text: format(gettext("Motion %(number)s: %(text)s"), { number: item.number, text: item.motion.text.slice(0, 80) }) };
    }));
    reconcile(select, options, function (option) { return option.key; }, function (option) {
      var node = make("option");
      node.value = option.key;
      return node;
    }, function (node, option) { setText(node, option.text); });
  }
}
