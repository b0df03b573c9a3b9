"""A short post's links are part of what it says. The fingerprint left every link out and
gave no post of fewer than 24 characters besides them a fingerprint, so the same person's
"Post-mortem is up <link>" on X and on Bluesky (the link tagged utm_source=bluesky there), or
"Acme release notes http://…" and "https://…", were two cards for one post, and one article
in two feeds of its site (its address with /amp, utm_* or www. in one) two cards too. A post
whose words alone are short is told by its words and its links, each compared as an address:
its scheme, www./m./mobile., utm_* and click ids, AMP, a trailing slash and a fragment aside,
and X's mirrors (twitter.com, mobile.twitter.com, Nitter, fxtwitter) as x.com. Two links to
two pages (incident 41 and 42, ?plan=team and ?plan=business) stay two posts; a long post is
told by its words, as before (the review's pairs p042, p044, p068-p070)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.models import Author, Mention
from bot.engine.crosspost import canonical_url, fingerprint


def post(text: str, handle: str = "kasia", *, network: str = "x", url: str | None = None,
         links: tuple[str, ...] = ()) -> Mention:
    return Mention(id=f"{network}:1", network=network, source="test", text=text,  # type: ignore[arg-type]
                   author=Author(id=handle, handle=handle), url=url, links=links,
                   created_at=datetime(2026, 11, 20, 10, tzinfo=UTC))


@pytest.mark.parametrize(("one", "other"), [
    ("https://blog.acme.example/post-mortem",
     "https://blog.acme.example/post-mortem?utm_source=bluesky&utm_medium=social"),
    ("http://acme.example/releases/4.2", "https://acme.example/releases/4.2"),
    ("https://status.acme.example/incidents/42", "https://status.acme.example/incidents/42/"),
    ("https://news.example.com/acme-layoffs", "https://news.example.com/acme-layoffs/amp"),
    ("https://news.example.com/acme-breach", "https://news.example.com/amp/acme-breach"),
    ("https://www.example.net/acme-ipo", "https://example.net/acme-ipo?utm_medium=social"),
    ("https://example.net/a?id=7&fbclid=IwAR0x", "https://m.example.net/a?id=7#comments"),
    ("https://x.com/acme/status/185", "https://mobile.twitter.com/acme/status/185?s=20"),
    ("https://x.com/acme/status/185", "https://nitter.net/acme/status/185#m"),
    ("https://x.com/acme/status/185", "https://xcancel.com/acme/status/185"),
    ("https://x.com/acme/status/185", "https://nitter.privacydev.net/acme/status/185"),
    ("https://twitter.com/acme/status/185", "https://fxtwitter.com/acme/status/185"),
])
def test_one_address_however_it_is_written(one: str, other: str) -> None:
    assert canonical_url(one) == canonical_url(other)
    mine = fingerprint(post(f"Post-mortem is up {one}"))
    theirs = fingerprint(post(f"Post-mortem is up {other}", "kasia.bsky.social",
                              network="bluesky"))
    assert mine is not None and mine.one_post_with(theirs)


@pytest.mark.parametrize(("one", "other"), [
    ("https://status.acme.example/incidents/41", "https://status.acme.example/incidents/42"),
    ("https://acme.example/pricing?plan=team", "https://acme.example/pricing?plan=business"),
    ("https://news.ycombinator.com/item?id=42175600", "https://news.ycombinator.com/item?id=1"),
    ("https://x.com/acme/status/185", "https://x.com/acme/status/186"),
])
def test_two_pages_are_two_posts(one: str, other: str) -> None:
    assert canonical_url(one) != canonical_url(other)
    assert fingerprint(post(f"Acme status: {one}")) != fingerprint(post(f"Acme status: {other}"))


def test_one_article_in_two_feeds_of_its_site() -> None:
    """A feed entry's text is its title; its address is the article's."""
    one = post("Acme cuts 10% of staff", "Jane Doe", network="rss",
               url="https://news.example.com/acme-layoffs")
    other = post("Acme cuts 10% of staff", "Jane Doe", network="rss",
                 url="https://news.example.com/acme-layoffs/amp")
    elsewhere = post("Acme cuts 10% of staff", "Jane Doe", network="rss",
                     url="https://news.example.com/acme-layoffs-2")
    assert fingerprint(one) is not None
    assert fingerprint(one) == fingerprint(other) != fingerprint(elsewhere)


def test_a_short_post_without_a_link_still_has_none_and_a_bare_link_its_address() -> None:
    assert fingerprint(post("app down again")) is None
    # a bare link is told by its address: the same person sharing it twice within the hour
    assert fingerprint(post("https://news.example.com/acme-outage")) == \
        fingerprint(post("https://news.example.com/acme-outage/?utm_source=x"))
