"""``identity_url``: a link as it names a feed entry, without the session a server wrote into
it (``tests/interop/test_review_feed_session_links.py`` polls such feeds from a real nginx).
Every other address comes back as it was, byte for byte: the ids of entries read before must
not change, or every feed would be read as new once."""

from __future__ import annotations

import pytest

from integrations.social.rss.parse import identity_url


@pytest.mark.parametrize(("link", "named"), [
    ("https://a.example/n/1;jsessionid=ABC", "https://a.example/n/1"),
    ("http://a.example/n;JSESSIONID=ABC.node1/1?x=1#c", "http://a.example/n/1?x=1#c"),
    ("https://a.example/n/1;v=2;jsessionid=ABC", "https://a.example/n/1;v=2"),
    ("https://a.example/p.php?PHPSESSID=abc&id=7", "https://a.example/p.php?id=7"),
    ("https://a.example/p.php?id=7&phpsessid=abc", "https://a.example/p.php?id=7"),
    ("https://a.example/p.php?sessionid=abc", "https://a.example/p.php"),
    ("https://a.example/i.cfm?id=3&CFID=1&CFTOKEN=2", "https://a.example/i.cfm?id=3"),
    ("https://a.example/(S(lit3py55t21z5v55vlm25s55))/i.aspx?id=4",
     "https://a.example/i.aspx?id=4"),
    ("https://a.example/app/(A(x)S(y)F(z))/i.aspx", "https://a.example/app/i.aspx"),
    ("https://[::1]:8080/p;jsessionid", "https://[::1]:8080/p"),
])
def test_a_session_is_left_out(link: str, named: str) -> None:
    assert identity_url(link) == named


@pytest.mark.parametrize("link", [
    "https://a.example/n/1", "https://a.example/n/1;v=2?id=7&sid=9#top",
    "https://a.example/search?q=a%20b&&x=;", "https://a.example/wiki/Foo_(bar)",
    "https://a.example/?", "urn:uuid:1;jsessionid=x", "tag:a.example,2026:1?PHPSESSID=1",
    "https://a.example/" + ";" * 10_000, "https://a.example/api/sessionid/jsessionid=1",
    # longer than a server takes: no page's (and each such link cost the parsing thread)
    "https://a.example/" + "(S(x))/" * 300_000 + "n;jsessionid=1",
])
def test_any_other_address_is_returned_as_it_came(link: str) -> None:
    assert identity_url(link) == link
