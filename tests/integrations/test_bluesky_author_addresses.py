"""A post's author ``handle`` (a post view's, a notification's) is pasted into its web address:
one that is no handle (atproto.com/specs/handle) names the author by DID instead
(``/profile/<did>/post/<rkey>``), when the DID is one Bluesky resolves (did:plc:, did:web:)
and the record key is one (atproto.com/specs/record-key); else the post has no address. On the
recorded thread view and Jetstream capture (tests/fixtures/real/bluesky), mutated."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from integrations.social.bluesky.parse import (
    normalize_jetstream,
    normalize_post_view,
    normalize_record,
)

BSKY = Path(__file__).parents[1] / "fixtures" / "real" / "bluesky"
DID = "did:plc:kvwvcn5iqfooopmyzvb4qzba"
RKEY = "3kaheyt6vpc22"


def view() -> dict[str, Any]:
    thread = json.loads((BSKY / "getPostThread_record_with_media_empty_text.json")
                        .read_text(encoding="utf-8"))
    return dict(thread["thread"]["post"])


def jetstream_post() -> dict[str, Any]:
    for line in (BSKY / "jetstream_v1_events_real_capture.jsonl").read_text().splitlines():
        event = json.loads(line)
        commit = event.get("commit") or {}
        if commit.get("operation") == "create" and commit.get("collection") == \
                "app.bsky.feed.post":
            return dict(event)
    raise AssertionError("the capture holds no post")


@pytest.mark.parametrize("handle", ["bsky.app/post/3l6oveex3ii2l#", "a.b?x=1", "@test.marshal.dev",
                                    "test.marshal.dev/", "nodots"])
def test_a_view_whose_handle_is_none_is_addressed_by_did(
        handle: str, caplog: pytest.LogCaptureFixture) -> None:
    post = view()
    post["author"]["handle"] = handle
    with caplog.at_level(logging.WARNING):
        m = normalize_post_view(post, source="b")
    assert m.url == f"https://bsky.app/profile/{DID}/post/{RKEY}"
    assert m.author.profile_url == f"https://bsky.app/profile/{DID}"
    assert m.author.handle == DID
    assert "names no web address" in caplog.text


def test_a_notification_whose_handle_is_none_is_addressed_by_did() -> None:
    post = view()
    m = normalize_record(post["record"], uri=post["uri"], did=DID, source="b",
                         handle="evil.example/profile/x/post/y#", web_url="https://gov.example/bsky/")
    assert m.url == f"https://gov.example/bsky/profile/{DID}/post/{RKEY}"


def test_a_handle_keeps_its_address() -> None:
    m = normalize_post_view(view(), source="b")
    assert m.url == f"https://bsky.app/profile/test.marshal.dev/post/{RKEY}"
    assert m.author.profile_url == "https://bsky.app/profile/test.marshal.dev"


@pytest.mark.parametrize("uri", [f"at://{DID}/app.bsky.feed.post/{RKEY}#x",
                                 f"at://{DID}/app.bsky.feed.post/..",
                                 f"at://{DID}/app.bsky.feed.post/a?b"])
def test_a_uri_whose_key_is_none_has_no_address(uri: str) -> None:
    post = view()
    post["uri"] = uri
    m = normalize_post_view(post, source="b")
    assert m.url is None
    assert m.author.profile_url == "https://bsky.app/profile/test.marshal.dev"


def test_a_did_of_a_method_bluesky_does_not_resolve_has_no_address(
        caplog: pytest.LogCaptureFixture) -> None:
    event = copy.deepcopy(jetstream_post())
    event["did"] = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    with caplog.at_level(logging.WARNING):
        m = normalize_jetstream(event, source="b")
    assert m is not None
    assert m.url is None and m.author.profile_url is None
    assert "addressed by nothing" in caplog.text


def test_a_jetstream_post_is_addressed_by_its_did() -> None:
    event = jetstream_post()
    m = normalize_jetstream(event, source="b")
    assert m is not None
    assert m.url == (f"https://bsky.app/profile/{event['did']}/post/"
                     f"{event['commit']['rkey']}")
