"""HTML to plain text for hostile feed and comment markup (RSS/Atom entries, Hacker News items).

Uses the standard library's tolerant ``html.parser``: it never executes anything, never fetches
anything, and survives unclosed or broken tags. The contents of elements that are never readable
prose (script, style, templates, embedded objects) are dropped outright; block elements become
line breaks; ``<a href>`` and ``<img src>`` targets are collected as links and media, but only
when they are absolute http(s) URLs (``javascript:``, ``data:`` and relative links are ignored).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from bot.core.text import clean

# Elements whose text is never shown to a reader; a hostile feed hides payloads in them.
_DROP = frozenset({"script", "style", "template", "noscript", "iframe", "object", "embed",
                   "applet", "svg", "math", "head", "title", "select", "textarea"})
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4",
                    "h5", "h6", "blockquote", "pre", "hr", "section", "article", "header",
                    "footer", "dd", "dt", "dl", "figure", "figcaption"})
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


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.media: list[str] = []
        self.dropping: list[str] = []  # open elements whose content is being dropped

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP and tag not in _VOID:
            self.dropping.append(tag)
            return
        if self.dropping:
            return
        if tag in _BLOCK:
            self.parts.append("\n")
        values = dict(attrs)
        if tag == "a":
            url = _http_url(values.get("href"))
            if url and url not in self.links:
                self.links.append(url)
        elif tag == "img":
            url = _http_url(values.get("src"))
            if url and url not in self.media:
                self.media.append(url)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            elif tag in self.dropping:
                # an unbalanced close: unwind to it rather than dropping the rest of the document
                del self.dropping[self.dropping.index(tag):]
            return
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)


def html_to_text(markup: str, *, limit: int | None = None) -> HtmlText:
    """Plain text, links and images of an HTML fragment. Never raises on bad markup."""
    collector = _Collector()
    try:
        collector.feed(markup)
        collector.close()
    except Exception:  # html.parser is tolerant, but a pathological input must not crash a poll
        pass
    raw = "".join(collector.parts)
    # collapse runs of spaces within lines, keep paragraph breaks
    lines = [" ".join(line.split()) for line in raw.split("\n")]
    joined = "\n".join(lines)
    text = clean(joined) if limit is None else clean(joined, limit=limit)
    return HtmlText(text=text, links=tuple(collector.links), media=tuple(collector.media))
