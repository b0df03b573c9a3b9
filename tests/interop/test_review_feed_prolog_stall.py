"""Two small feeds that froze the whole bot (a feed reader operator's review, 2026-12-07, test
failing before), served by a real nginx.

feedparser reads a document's encoding with ``^<\\?.*encoding=['"](.*?)['"].*\\?>`` over its
first line, and strips its DOCTYPE with ``^\\s*<!DOCTYPE([^>]*?)>`` (and ``<!ENTITY``'s) over
what comes before its first element, each line a start: a first line of ``encoding='a' ``
repeated without ``?>`` takes time cubic in its length (13 KB: 4 s), and a prolog of empty
lines or unclosed ``<!DOCTYPE`` quadratic (20 KB of newlines 1.5 s, 200 KB of ``<!DOCTYPE``
40 s). Python's regular expressions hold the GIL while they match, so the worker thread the
feed is parsed on stopped the event loop that long: every source, Slack and Discord, for each
poll of a 100 KB feed. The guard ran those very regexes first (feedparser's
``convert_to_utf8`` and ``replace_doctype``), before any of its bounds.

Now each document reaches them with its XML declaration alone on its first line (a newline
after its ``?>``, which the prolog allows), in UTF-8 (a byte order mark's or an encoding
marker's UTF-16, UTF-32 or EBCDIC read first), and one whose declaration does not end within
``MAX_DECLARATION`` bytes, or with more than ``MAX_PROLOG`` bytes or ``MAX_PROLOG_LINES``
lines before its first element, is refused unread, in one line. The bound is shown by counting
what feedparser's two functions were given, not by timing them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from integrations.social.rss import guard
from tests.interop.test_feeds_real import FEEDS, Site, site, texts

__all__ = ["site"]

GOOD = (FEEDS / "rss20-content-encoded.rss").read_bytes()
FIRST_LINE = b"<?xml " + b"encoding='a' " * 1_000 + GOOD.split(b"?>", 1)[1]
PROLOG = GOOD.replace(b"<rss", b"\n" * 30_000 + b"<rss", 1)
DOCTYPES = GOOD.replace(b"<rss", b"\n<!DOCTYPE" * 3_000 + b"<rss", 1)


@pytest.fixture
def given(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """What the guard gave feedparser's ``convert_to_utf8`` (the length of the first line its
    encoding regex reads) and ``replace_doctype`` (the lines before the first element)."""
    seen: dict[str, list[int]] = {"first line": [], "prolog lines": []}

    def first_line(headers: Any, data: bytes, *rest: Any) -> Any:
        seen["first line"].append(len(data.split(b"\n", 1)[0]))
        return real_convert(headers, data, *rest)

    def prolog(data: bytes) -> Any:
        seen["prolog lines"].append(data[:data.index(b"<rss")].count(b"\n"))
        return real_replace(data)

    real_convert: Callable[..., Any] = guard.convert_to_utf8
    real_replace: Callable[..., Any] = guard.replace_doctype
    monkeypatch.setattr(guard, "convert_to_utf8", first_line)
    monkeypatch.setattr(guard, "replace_doctype", prolog)
    return seen


async def test_feeds_whose_first_line_or_prolog_would_hold_the_gil_are_refused_unread(
        site: Site, given: dict[str, list[int]]) -> None:
    urls = [site.put(name, body) for name, body in (
        ("first-line.rss", FIRST_LINE), ("prolog.rss", PROLOG), ("doctypes.rss", DOCTYPES))]
    feed = site.put("feed.rss", GOOD)
    source = site.source([*urls, feed])

    assert texts(await source.poll()) == ["Postmortem: the checkout outage of 22 November"]
    first, prolog, doctypes = urls
    assert source.failing_parts() == {
        first: f"rss: {first} is not read: its XML declaration does not end within its first "
               "1,024 bytes",
        prolog: f"rss: {prolog} is not read: it has 30,000 lines before its first element, "
                "more than the 200 a feed is read with",
        doctypes: f"rss: {doctypes} is not read: it has 3,000 lines before its first element, "
                  "more than the 200 a feed is read with",
    }
    # counted, not timed: feedparser's regexes were never given a first line or a prolog past
    # the bounds (the first feed was refused before either, the next two before the second)
    assert max(given["first line"]) <= guard.MAX_DECLARATION
    assert given["prolog lines"] == [0]  # the good feed's: its <rss follows its declaration


def test_a_long_first_line_is_ended_after_its_declaration() -> None:
    long = b"<rss>" + b"x" * guard.MAX_DECLARATION + b"</rss>"
    assert guard.declaration_alone(b'<?xml version="1.0"?>' + long) == (
        b'<?xml version="1.0"?>\n' + long)
    short = b'<?xml version="1.0"?><rss/>'
    assert guard.declaration_alone(short) == short  # a DOCTYPE after it is read as it was
    assert guard.declaration_alone(long) == long


def test_entities_on_a_long_first_line_are_refused() -> None:
    """A one-line feed over ``MAX_DECLARATION`` is ended after its declaration; its DOCTYPE,
    then at a line's start, is read as written, and its entities refused as ever."""
    lol = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    body = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{lol}]><rss version="2.0">'
            f"<channel><item><title>&l9;</title><link>https://x.example/1</link>"
            f"<description>{'x' * 2_000}</description></item></channel></rss>").encode()
    assert guard.refusal(guard.declaration_alone(body), {}) == (
        "its DTD declares the entity 'l0'; a feed may declare only one-character entities such "
        "as nbsp")
