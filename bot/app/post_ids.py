"""The mention id a post's address names, where the address alone says it: ``why`` finds a
fetched post by another address of it (twitter.com for x.com, old.reddit.com or redd.it, a
DID for a handle, a comment anchor) without asking the network.

Only networks whose ids are the network's own, one for the whole network, are read: an X
status id, a Hacker News item id, a Reddit fullname, a Bluesky at-uri (from an address that
names the author's DID; a handle names no one until resolved). A Mastodon status id is its
server's (another server's copy has another id, and one number names different posts on
two servers), and a feed item's address is any web page: neither is read, so no address
ever names a post it is not.
"""

from __future__ import annotations

from integrations.social.bluesky.parse import POST, post_ref
from integrations.social.hackernews.parse import item_id_of
from integrations.social.reddit.parse import fullname_of
from integrations.social.x.parse import tweet_id_of


def mention_id_of(address: str) -> str | None:
    """``x:<id>``, ``hackernews:<id>``, ``reddit:<fullname>`` or ``bluesky:<at-uri>`` of a
    post address; None for any other address (or one that names no post)."""
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
