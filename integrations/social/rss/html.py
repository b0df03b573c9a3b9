"""HTML to plain text for hostile feed and comment markup (RSS/Atom entries, Hacker News items).

Uses the standard library's tolerant ``html.parser``: it never executes anything, never fetches
anything, and survives unclosed or broken tags. The contents of elements that are never readable
prose (script, style, templates, embedded objects) are dropped outright; block elements become
line breaks and table cells are parted by a space, so no two words run together ("Price $10",
not "Price$10"); runs of spaces are collapsed but in ``<pre>``, whose lines keep their
indentation (less what they all share: a code block in a Hacker News comment);
``<a href>`` and ``<img src>`` targets are collected as links and media, but only as http(s)
URLs: a relative one is resolved against ``base`` (the ``xml:base`` in scope, or
the feed's URL) when that is an http(s) URL, and ``javascript:``, ``data:`` and the rest are
ignored.

Hostile markup costs linear time: ``defuse`` escapes what ``html.parser`` would re-read from
every unclosable ``<`` (quadratic on "<a " * n), at most ``MAX_MARKUP`` characters are parsed,
and the collector's bookkeeping is constant-time per tag.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from bot.core.text import MAX_TEXT, clean
from integrations.social.rss.defuse import defuse

# Elements whose text is never shown to a reader; a hostile feed hides payloads in them.
_DROP = frozenset({"script", "style", "template", "noscript", "iframe", "object", "embed",
                   "applet", "svg", "math", "head", "title", "select", "textarea"})
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4",
                    "h5", "h6", "blockquote", "pre", "hr", "section", "article", "header",
                    "footer", "dd", "dt", "dl", "figure", "figcaption", "main", "nav", "aside",
                    "address", "details", "summary", "fieldset", "legend", "caption", "thead",
                    "tbody", "tfoot", "center", "form", "menu", "dir", "hgroup", "search"})
_CELL = frozenset({"td", "th"})
# Markup parsed per fragment: the text kept is at most MAX_TEXT characters, and real markup
# is rarely more than a few times its text.
MAX_MARKUP = 5 * MAX_TEXT
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "wbr",
                   "source", "track", "param", "embed"})


def _http_url(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme in ("http", "https") and parts.netloc:
        return value
    return None


@dataclass
class HtmlText:
    text: str
    links: tuple[str, ...] = ()
    media: tuple[str, ...] = ()


def _absolute(value: str | None, base: str | None) -> str | None:
    """``value`` as an absolute http(s) URL (resolved against an http(s) ``base``), or None."""
    if not value:
        return None
    if base and _http_url(base):
        try:
            value = urljoin(base, value.strip())
        except ValueError:
            return None
    return _http_url(value)


class _Collector(HTMLParser):
    def __init__(self, base: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.parts: list[str] = []
        self.verbatim: set[int] = set()  # indices in ``parts`` of text inside <pre>
        self.pre = 0  # open <pre> elements
        self.links: dict[str, None] = {}  # ordered sets: a membership test per tag is O(1)
        self.media: dict[str, None] = {}
        self.dropping: list[str] = []  # open elements whose content is being dropped
        # where each tag in ``dropping`` first occurs, so an end tag need not scan the stack
        self.first_drop: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP and tag not in _VOID:
            self.first_drop.setdefault(tag, len(self.dropping))
            self.dropping.append(tag)
            return
        if self.dropping:
            return
        if tag in _BLOCK:
            self.parts.append("\n")
            self.pre += tag == "pre"
        elif tag in _CELL:
            self.parts.append(" ")
        values = dict(attrs)
        if tag == "a":
            url = _absolute(values.get("href"), self.base)
            if url:
                self.links.setdefault(url)
        elif tag == "img":
            url = _absolute(values.get("src"), self.base)
            if url:
                self.media.setdefault(url)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self._unwind(len(self.dropping) - 1)
            elif tag in self.first_drop:
                # an unbalanced close: unwind to it rather than dropping the rest of the document
                self._unwind(self.first_drop[tag])
            return
        if tag in _BLOCK:
            self.parts.append("\n")
            if tag == "pre" and self.pre:
                self.pre -= 1
        elif tag in _CELL:
            self.parts.append(" ")

    def _unwind(self, depth: int) -> None:
        """Close the dropped elements from ``depth`` up (each is closed once: linear)."""
        for tag in self.dropping[depth:]:
            if self.first_drop.get(tag, -1) >= depth:
                del self.first_drop[tag]
        del self.dropping[depth:]

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            if self.pre:
                self.verbatim.add(len(self.parts))
            self.parts.append(data)

    def text(self) -> str:
        """The text collected: runs of spaces collapsed within each line, but in a ``<pre>``
        block (HN's code and verbatim text, a feed's preformatted lines), whose lines keep
        their indentation less the part they all share."""
        out: list[str] = []
        run: list[str] = []
        verbatim = False
        for i, part in enumerate([*self.parts, ""]):
            if (i in self.verbatim) != verbatim or i == len(self.parts):
                joined = "".join(run)
                if verbatim:
                    lines = [line.rstrip() for line in joined.expandtabs(8).split("\n")]
                    out.append(textwrap.dedent("\n".join(lines)).strip("\n"))
                else:
                    out.append("\n".join(" ".join(line.split()) for line in joined.split("\n")))
                run, verbatim = [], not verbatim
            run.append(part)
        return "".join(out)


def html_to_text(markup: str, *, limit: int = MAX_TEXT, base: str | None = None) -> HtmlText:
    """Plain text, links and images of an HTML fragment; relative links resolve against
    ``base``. Never raises on bad markup, and takes time linear in its length."""
    if len(markup) > MAX_MARKUP:
        markup = markup[:MAX_MARKUP]
        cut = markup.rfind("<")
        if cut > markup.rfind(">"):  # not half a tag at the end
            markup = markup[:cut]
    collector = _Collector(base)
    try:
        collector.feed(defuse(markup))
        collector.close()
    except Exception:  # html.parser is tolerant, but a pathological input must not crash a poll
        pass
    # runs of spaces collapsed within lines (but in <pre>), paragraph breaks kept
    joined = collector.text()
    return HtmlText(text=clean(joined, limit=limit, shown=False), links=tuple(collector.links),
                    media=tuple(collector.media))
