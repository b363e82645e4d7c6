"""A walk through the demo as one person: a bounded crawl of the site's own links from
the home page, checking on every page what a reader would notice (sideways scroll,
errors, English left on a French or Spanish page, codes shown instead of words)."""

import functools
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import polib
from django.conf import settings
from playwright.sync_api import Error as PlaywrightError

from demo.data import DEMO_PASSWORD
from tests.support import ROOT

# Links the walk does not follow: leaving, files, feeds, the API, the back office's
# forms (change, delete, add, history) and its filtered or sorted lists.
SKIPPED_PATH = re.compile(
    r"/(logout|i18n|jsi18n|api|static|media|calendar|ws)/"
    r"|\.(pdf|ics|csv|md|json|xlsx|zip|png|svg|jpe?g|txt)$"
    r"|^/admin/.*/(\d+|[0-9a-f-]{36})/"
    r"|^/admin/.*/(add|delete|history|change)/"
    r"|^/admin/(logout|password_change|jsi18n|r)/"
)
# Numbers, UUIDs and tokens in a path: pages that differ only there are one kind of page.
VARIABLE_SEGMENT = re.compile(r"^(\d+|[0-9a-f]{8}-[0-9a-f-]{27}|[A-Za-z0-9_-]{20,})$")
PER_KIND = 2  # pages of one kind (the same path but for its variable parts)
PER_SIBLINGS = 3  # pages under one parent path

# What a person should never read: identifiers, Python or JavaScript values, template
# syntax left in the page.
RAW_CODE = re.compile(
    r"(?<![\w@./-])[a-z]+(?:_[a-z]+)+(?![\w@/-]|\.\w)"
    r"|^(None|True|False|undefined|NaN|null)$"
    r"|[:=(]\s*(None|True|False|undefined|NaN|null)(?:$|[\s,.;)])"
    r"|\{'|'\}|\[object Object\]|%\(|\)s\b|\{\{|\}\}|\{%|%\}"
)

VISIBLE_TEXT = """() => {
  // Code shown as code, and names (translate="no": the brand, people, cities) are no UI text.
  const hidden = "script, style, noscript, template, code, pre, kbd, samp, textarea, "
    + "[translate=no]";
  const seen = (el) => el.checkVisibility({ visibilityProperty: true });
  // Text in another language than the page's is meant so (a version of a resolution).
  const page = document.documentElement.lang.slice(0, 2);
  const foreign = (el) => (el.closest("[lang]")?.lang || page).slice(0, 2) !== page;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    const el = node.parentElement;
    if (!text || !el || el.closest(hidden) || foreign(el) || !seen(el)) continue;
    out.push(text);
  }
  const labelled = "[placeholder], [aria-label], [title], input[type=submit], input[type=button]";
  for (const el of document.querySelectorAll(labelled)) {
    if (!seen(el) || el.closest("[translate=no]")) continue;
    for (const name of ["placeholder", "aria-label", "title"]) {
      const value = (el.getAttribute(name) || "").trim();
      if (value) out.push(value);
    }
    if (el.matches("input[type=submit], input[type=button]") && el.value) out.push(el.value.trim());
  }
  // The language menu names each language in itself.
  for (const select of document.querySelectorAll("select:not([name=language])")) {
    if (!seen(select)) continue;
    for (const option of select.options) {
      const text = option.textContent.replace(/\\s+/g, " ").trim();
      if (text) out.push(text);
    }
  }
  return out;
}"""

OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [];
  // What sticks out of the page, not of a box that scrolls (or clips) on its own.
  const boxed = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > root.clientWidth + 1 && box.width > 0 && !boxed(el)) {
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.classList.length ? "." + [...el.classList].join(".") : "");
      wide.push(name + " right=" + Math.round(box.right));
      if (wide.length >= 4) break;
    }
  }
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
}"""

LINKS = """() => [...document.querySelectorAll("a[href]")]
  .filter((a) => !a.hasAttribute("download") && (!a.target || a.target === "_self"))
  .map((a) => a.href)"""


@dataclass(frozen=True)
class Finding:
    path: str
    kind: str  # overflow, console, request, status, untranslated, raw
    detail: str

    def __str__(self) -> str:
        return f"{self.path} [{self.kind}] {self.detail}"


def _has_words(text: str) -> bool:
    return re.search(r"[A-Za-z]{2}", text) is not None


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


@dataclass
class Catalogue:
    """The English msgids of one language's catalogues whose translation differs from
    them (or is missing): seen as they are on a page of that language, they are English
    left untranslated."""

    exact: set[str]
    patterns: re.Pattern | None
    own: set[str]  # every msgid and translation of the language, verbatim

    def untranslated(self, text: str) -> bool:
        if text in self.own - self.exact:
            return False
        if text in self.exact:
            return True
        return bool(self.patterns and self.patterns.fullmatch(text))


@functools.cache
def catalogue(language: str) -> Catalogue:
    translations: dict[str, set[str]] = {}
    own: set[str] = set()
    for domain in ("django", "djangojs"):
        path = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                pairs = [(entry.msgid, entry.msgstr_plural.get(0, ""))]
                pairs += [(entry.msgid_plural, s) for s in list(entry.msgstr_plural.values())[1:]]
            else:
                pairs = [(entry.msgid, entry.msgstr)]
            for msgid, msgstr in pairs:
                text = " ".join(msgid.split())
                done = "" if entry.fuzzy else " ".join(msgstr.split())
                translations.setdefault(text, set()).add(done)
                own.update({text, done})
    english = {text for text, done in translations.items() if text not in done and _has_words(text)}
    exact = {text for text in english if not PLACEHOLDER.search(text)}
    templates = []
    for text in english - exact:
        parts = PLACEHOLDER.split(text)
        if sum(len(re.findall(r"[A-Za-z]{3,}", part)) for part in parts) >= 2:
            templates.append(".+?".join(re.escape(part) for part in parts))
    patterns = re.compile("|".join(f"(?:{t})" for t in templates)) if templates else None
    return Catalogue(exact=exact, patterns=patterns, own=own)


def raw_codes(texts: list[str], known: set[str]) -> list[str]:
    """The visible strings that show code (an identifier, a Python or JavaScript value,
    template syntax) where a person should read words."""
    found = []
    for text in texts:
        if text in known:
            continue
        match = RAW_CODE.search(text)
        if match:
            found.append(f"{match.group(0)!r} in {text[:120]!r}")
    return found


def kind_of(path: str) -> str:
    return "/".join("<var>" if VARIABLE_SEGMENT.match(s) else s for s in path.split("/"))


def siblings_of(path: str) -> str:
    segments = [s for s in kind_of(path).split("/") if s]
    return "/".join(segments[:-1]) + "/*" if len(segments) >= 2 else path


@dataclass
class Walk:
    """One person's crawl: where it went and what it found."""

    base_url: str
    language: str
    max_pages: int
    visited: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def run(self, page, start: str = "/", *, walked: set[str] = frozenset()) -> "Walk":
        """Crawl from ``start``; pages in ``walked`` (seen by someone else) come last."""
        problems: list[tuple[str, str]] = []
        page.on(
            "console",
            lambda m: m.type == "error" and problems.append(("console", m.text[:300])),
        )
        page.on("pageerror", lambda error: problems.append(("console", str(error)[:300])))
        page.on(
            "response",
            lambda r: (
                r.status >= 400
                and r.request.resource_type != "document"
                and problems.append(("request", f"{r.status} {r.url}"))
            ),
        )
        queue, later, queued = deque([start]), deque(), {start}
        kinds, siblings = Counter(), Counter()
        while (queue or later) and len(self.visited) < self.max_pages:
            path = queue.popleft() if queue else later.popleft()
            if path in walked and path != start and queue:
                later.append(path)
                continue
            if kinds[kind_of(path)] >= PER_KIND or siblings[siblings_of(path)] >= PER_SIBLINGS:
                continue
            kinds[kind_of(path)] += 1
            siblings[siblings_of(path)] += 1
            problems.clear()
            try:
                response = page.goto(path, wait_until="load")
            except PlaywrightError as error:
                if "Download is starting" in error.message:
                    continue  # a file, not a page
                raise
            self.visited.append(path)
            landed = self._path(page.url) or path
            if response is not None and response.status >= 400:
                self.findings.append(Finding(path, "status", str(response.status)))
            self._check(page, landed)
            self.findings += [Finding(landed, kind, detail) for kind, detail in problems]
            for url in page.evaluate(LINKS):
                link = self._path(url)
                if link and link not in queued:
                    queued.add(link)
                    queue.append(link)
        return self

    def _path(self, url: str) -> str | None:
        url, _fragment = urldefrag(url)
        parts = urlsplit(url)
        if not url.startswith(self.base_url) or SKIPPED_PATH.search(parts.path):
            return None
        if parts.query and ("lang=" in parts.query or parts.path.startswith("/admin/")):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def _check(self, page, path: str) -> None:
        overflow = page.evaluate(OVERFLOW)
        if overflow:
            self.findings.append(Finding(path, "overflow", str(overflow)))
        texts = list(dict.fromkeys(page.evaluate(VISIBLE_TEXT)))
        own = catalogue(self.language).own if self.language != "en" else catalogue("fr").own
        self.findings += [Finding(path, "raw", text) for text in raw_codes(texts, own)]
        if self.language != "en":
            words = catalogue(self.language)
            self.findings += [
                Finding(path, "untranslated", repr(text))
                for text in texts
                if words.untranslated(text)
            ]


def report(findings: list[Finding]) -> str:
    """Each distinct finding once, with the first page it was seen on."""
    first: dict[tuple[str, str], Finding] = {}
    for finding in findings:
        first.setdefault((finding.kind, finding.detail), finding)
    return "\n".join(str(f) for f in first.values())


# Who walks: the demo's logins (README), a reviewer, and a visitor who is not signed in.
LOGINS = ["visitor", "secretariat", "chair", "amina", "diego", "ines", "doors", "fatou"]
WIDTHS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}
LANGUAGES = ["en", "fr", "es"]
PAGES_PER_LOGIN = 10


def log_in(page, login: str) -> None:
    """Through the sign-in form, in whatever language it is shown."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def walk_everyone(browser, server, *, language: str, width: str) -> tuple[list, list]:
    """Each login's walk in a browser of its own: what they found, and the pages
    visited (``"<login> <path>"``). Pages someone walked already come last for the next."""
    findings, visited = [], []
    for login in LOGINS:
        context = browser.new_context(
            base_url=server.http_url,
            viewport=WIDTHS[width],
            locale=f"{language}-{language.upper()}",
        )
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server.http_url}]
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            if login != "visitor":
                log_in(page, login)
            walk = Walk(base_url=server.http_url, language=language, max_pages=PAGES_PER_LOGIN)
            walk.run(page, walked={line.split(" ", 1)[1] for line in visited})
        finally:
            context.close()
        assert len(walk.visited) >= 3, (login, walk.visited)
        visited += [f"{login} {path}" for path in walk.visited]
        findings += walk.findings
    return findings, visited
