"""Entries without a guid whose links carry the server's session (a Java servlet's URL
rewriting, ``/news/42;jsessionid=0A1B...``, which the Servlet specification names
``jsessionid``; PHP's ``PHPSESSID`` and ColdFusion's ``CFID``/``CFTOKEN`` in the query;
ASP.NET's cookieless ``/(S(...))/`` segment), a new session at each fetch: the link is such an
entry's id, and every entry of the feed read as new at every poll, each one alerted again.
The session is left out of an entry's identity (its id and the digest of its link and words),
never out of the link shown. Served by a real nginx, the file rewritten with new sessions
between polls as such a server renders it (a feed reader operator's review, 2026-12-07; each
poll read every entry again before)."""

from __future__ import annotations

import itertools

import pytest

from tests.interop.test_feeds_real import Site, site, texts

__all__ = ["site"]

_SESSIONS = itertools.count(1)

STYLES = {
    "jsessionid": "https://news.example/item/{n};jsessionid={s}",
    "JSESSIONID-and-query": "https://news.example/item;JSESSIONID={s}?id={n}",
    "phpsessid": "https://news.example/item.php?id={n}&PHPSESSID={s}",
    "cfid-cftoken": "https://news.example/item.cfm?CFID={s}&CFTOKEN=9{s}&id={n}",
    "aspnet-cookieless": "https://news.example/(S({s}))/item.aspx?id={n}",
}


def feed(style: str, items: range) -> bytes:
    session = f"{next(_SESSIONS):08X}A1B2C3D4E5F6"
    entries = "".join(
        f"<item><title>Notice {n}</title><link>"
        + STYLES[style].format(n=n, s=session).replace("&", "&amp;")
        + f"</link><pubDate>Mon, 23 Nov 2026 08:{10 + n:02d}:00 GMT</pubDate>"
        f"<description>Maintenance window number {n}.</description></item>"
        for n in reversed(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>News</title><link>https://news.example/</link><description>d"
            f"</description>{entries}</channel></rss>").encode()


@pytest.mark.parametrize("style", sorted(STYLES))
async def test_entries_whose_links_carry_a_new_session_each_fetch_are_read_once(
        site: Site, style: str) -> None:
    url = site.put("news.rss", feed(style, range(1, 4)))
    source = site.source([url])
    first = await source.poll()
    assert texts(first) == ["Notice 1", "Notice 2", "Notice 3"]
    assert "A1B2C3D4E5F6" in str(first[0].url)  # the link as served, its session kept
    site.put("news.rss", feed(style, range(1, 4)), mtime_step=60)
    assert await source.poll() == []
    site.put("news.rss", feed(style, range(1, 5)), mtime_step=60)
    assert texts(await source.poll()) == ["Notice 4"]
    assert [e.status for e in site.exchanges] == [200, 200, 200]


async def test_entries_with_other_parameters_stay_apart(site: Site) -> None:
    """Only a session's parameters are left out: ``?id=`` and ``;v=2`` name the entry."""
    body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>N'
            "</title><link>https://news.example/</link><description>d</description>"
            + "".join(f"<item><title>Same title</title><link>https://news.example/item;v={v}"
                      f"?id={n}</link><pubDate>Mon, 23 Nov 2026 08:3{n}:00 GMT</pubDate>"
                      "</item>" for n in (1, 2) for v in (1, 2))
            + "</channel></rss>").encode()
    source = site.source([site.put("news.rss", body)])
    assert len(await source.poll()) == 4
