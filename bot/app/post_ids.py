"""The mention id a post's address names, where the address alone says it: ``why`` finds a
fetched post by another address of it (twitter.com for x.com, old.reddit.com or redd.it, a
DID for a handle, a comment anchor) without asking the network.

Only networks whose ids are the network's own, one for the whole network, are read: an X
status id, a Hacker News item id, a Reddit fullname, a Bluesky at-uri (from an address that
names the author's DID; a handle names no one until resolved). A Mastodon status id is its
server's (another server's copy has another id, and one number names different posts on
two servers), and a feed item's address is any web page: neither is read, so no address
ever names a post it is not.

An address is read as a browser reads it: one holding a backslash or a user before its host
(``https://evil.example\\@x.com/...`` opens evil.example, where ``urlsplit`` reads x.com) names
no post. One pasted from a chat line may end with the sentence's punctuation (``...status/1)``,
``...id=1,``): where the whole address names no post, the characters no id of these networks
holds are taken off its end, one at a time, until it does.

A Bluesky address naming its author by a handle names no one until the handle is resolved, and
a handle is its account's to change: the post's trace is found by the address its source
stored it at (``stored_addresses``: the author's handle as it was then, in the source's web
client's form), however the address was written (a last ``/``, a query, the handle in capitals
or after an ``@``, an ``at://<handle>/...`` uri), without asking the network, which knows an
old handle no more.
"""

from __future__ import annotations

from collections.abc import Iterable

from integrations.social.bluesky.parse import POST, WEB_URL, post_ref, profile_url
from integrations.social.common.urls import split
from integrations.social.hackernews.parse import item_id_of
from integrations.social.reddit.parse import fullname_of
from integrations.social.x.parse import tweet_id_of

# a sentence's punctuation after an address; none is in an X or HN id, a Reddit fullname or a
# Bluesky record key (whose '.', ':' are taken off only where the address with them names
# nothing)
_TRAILING = ").,;:!?'\"]}>\u2026"


def mention_id_of(address: str) -> str | None:
    """``x:<id>``, ``hackernews:<id>``, ``reddit:<fullname>`` or ``bluesky:<at-uri>`` of a
    post address; None for any other address (or one that names no post)."""
    address = address.strip()
    parts = split(address)
    if parts is None or "\\" in address or "@" in parts.netloc:
        return None  # a browser reads another host than urlsplit does, or a user's login
    while address:
        if (named := _named(address)) is not None:
            return named
        if address[-1] not in _TRAILING:
            return None
        address = address[:-1]
    return None


def _named(address: str) -> str | None:
    if (tweet := tweet_id_of(address)) is not None:
        return f"x:{tweet}"
    if (item := item_id_of(address)) is not None:
        return f"hackernews:{item}"
    if (fullname := fullname_of(address)) is not None:
        return f"reddit:{fullname}"
    ref = post_ref(address)
    if ref is not None and ref[0].startswith("did:"):
        return f"bluesky:at://{ref[0]}/{POST}/{ref[1]}"
    return None


def stored_addresses(address: str, web_urls: Iterable[str] = (WEB_URL,)) -> list[str]:
    """The addresses a Bluesky source (of one of ``web_urls``, its web clients) stores the post
    at ``address`` under when ``address`` names its author by a handle: ``<web_url>/profile/
    <handle>/post/<rkey>``, the handle in lower case as the network sends it; [] for any other
    address (a DID's is ``mention_id_of``'s)."""
    urls = list(dict.fromkeys(web_urls)) or [WEB_URL]
    ref = next((r for w in urls if (r := post_ref(address.strip(), w)) is not None), None)
    if ref is None or ref[0].startswith("did:"):
        return []
    return [f"{profile_url(ref[0], w)}/post/{ref[1]}" for w in urls]
