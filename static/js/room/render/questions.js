/* Questions, most upvoted first (answered ones last). */
import { $, button, enable, make, reconcile, setAttr, setText, show } from "../dom.js";
import { format, gettext, ngettext } from "../format.js";
import { config, model, upvoted } from "../model.js";
import { allowed } from "../transitions.js";

function createQuestion(question) {
  var item = make("li", "question");
  var vote = button("", "upvote", { action: "upvote", question: question.id });
  vote.append(make("span", "upvote-arrow", "▲"), make("span", "upvote-count"));
  item.appendChild(vote);
  var body = make("div", "question-body");
  body.append(make("p", "question-text"), make("p", "question-meta"));
  item.appendChild(body);
  var actions = make("div", "question-actions");
  actions.append(
    button(gettext("Answered"), "button button-small button-secondary", { action: "answer", question: question.id }),
    button(gettext("Hide"), "button button-small button-quiet", { action: "hide", question: question.id })
  );
  item.appendChild(actions);
  return item;
}

function authorText(author) {
  if (!author) { return ""; }
  return author.organization ? author.name + " (" + author.organization.short_name + ")" : author.name;
}

function updateQuestion(item, question) {
  var answered = question.status === "answered";
  item.classList.toggle("is-answered", answered);
  setText(item.querySelector(".question-text"), question.text);
  setText(item.querySelector(".question-meta"), authorText(question.author) + (answered ? " · " + gettext("answered") : ""));
  var vote = item.querySelector(".upvote");
  var done = upvoted().indexOf(question.id) !== -1;
  setText(vote.querySelector(".upvote-count"), String(question.upvotes));
  setAttr(vote, "aria-pressed", done ? "true" : "false");
  setAttr(vote, "aria-label", format(ngettext("Upvote this question (%(n)s vote)", "Upvote this question (%(n)s votes)", question.upvotes), { n: question.upvotes }));
  enable(vote, config.signed_in && !done);
  var answer = item.querySelector("[data-action='answer']");
  show(answer, allowed("question", question.status, "answered"));
  enable(answer, true);
  var hide = item.querySelector("[data-action='hide']");
  show(hide, allowed("question", question.status, "hidden"));
  enable(hide, true);
}

export function renderQuestions() {
  var list = $("question-list");
  if (!list) { return; }
  var questions = model.state.questions.slice().sort(function (a, b) {
    var answered = (a.status === "answered") - (b.status === "answered");
    return answered || b.upvotes - a.upvotes || a.id - b.id;
  });
  reconcile(list, questions, function (q) { return q.id; }, createQuestion, updateQuestion);
  show($("questions-empty"), questions.length === 0);
  var open = questions.filter(function (q) { return q.status !== "answered"; }).length;
  setText($("questions-count"), open ? "(" + open + ")" : "");
}
