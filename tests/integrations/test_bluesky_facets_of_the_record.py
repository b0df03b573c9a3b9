"""From a review against the reference servers (2026-12-06): facets of a record are read against
the text the record holds, not the text after ``bot.core.text.scrub`` shortened it. Facets
index the record's text in UTF-8 bytes (app.bsky.richtext.facet: "byteStart/byteEnd ... of the
UTF-8 encoded text"); the parser checks each range against the scrubbed text, which is shorter
when the post holds a U+2028 / U+2029 (3 bytes, made a 1-byte newline) or a run of more than 30
combining marks (cut), so a link, mention or tag that ended near the end of such a post was
dropped.

The same against the reference AppView with the official SDK's facets:
tests/interop/test_bluesky_review_findings.py."""

from __future__ import annotations

from typing import Any

import pytest

from integrations.social.bluesky.parse import normalize_jetstream, normalize_record

DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
URI = f"at://{DID}/app.bsky.feed.post/3k"


def facet(text: str, covered: str, feature: dict[str, Any]) -> dict[str, Any]:
    """A facet over the last occurrence of ``covered`` in ``text``, by UTF-8 bytes as a client
    (the official SDK) writes it."""
    raw = text.encode("utf-8")
    start = raw.rindex(covered.encode("utf-8"))
    return {"index": {"byteStart": start, "byteEnd": start + len(covered.encode("utf-8"))},
            "features": [feature]}


LINK = {"$type": "app.bsky.richtext.facet#link", "uri": "https://status.acme.example/7"}
MENTION = {"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:carol"}
TAG = {"$type": "app.bsky.richtext.facet#tag", "tag": "acmeoutage"}

CASES = {
    # a line separator pasted into a post (3 bytes of UTF-8; scrub makes it "\n", 1 byte)
    "line separator": "Acme is down\u2028status: https://status.acme.example/7 cc @carol.test "
                      "#acmeoutage",
    "paragraph separator": "Acme is down\u2029https://status.acme.example/7 @carol.test "
                           "#acmeoutage",
    # a post over 256 characters with a run of 40 combining marks (scrub keeps 30)
    "combining marks": "x" * 300 + " Z" + "\u0301" * 40 + " https://status.acme.example/7 "
                       "@carol.test #acmeoutage",
}


@pytest.mark.parametrize("text", CASES.values(), ids=list(CASES))
def test_facets_ending_near_the_end_of_a_scrubbed_post_are_kept(text: str) -> None:
    record = {"$type": "app.bsky.feed.post", "text": text, "createdAt": "2026-01-01T00:00:00Z",
              "facets": [facet(text, "https://status.acme.example/7", LINK),
                         facet(text, "@carol.test", MENTION),
                         facet(text, "#acmeoutage", TAG)]}
    m = normalize_record(record, uri=URI, did=DID, source="b")
    assert m.links == ("https://status.acme.example/7",)
    assert m.handles == ("did:plc:carol",)
    assert m.hashtags == ("acmeoutage",)
    # the same post from Jetstream
    event = {"did": DID, "time_us": 1_783_175_888_090_631, "kind": "commit",
             "commit": {"operation": "create", "collection": "app.bsky.feed.post",
                        "rkey": "3k", "record": record}}
    streamed = normalize_jetstream(event, source="b")
    assert streamed is not None
    assert (streamed.links, streamed.handles, streamed.hashtags) == (
        m.links, m.handles, m.hashtags)
