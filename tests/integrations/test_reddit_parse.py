"""Reddit normaliser against praw's recorded listings (tests/fixtures/real/reddit)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.core.errors import MalformedPayload
from integrations.social.reddit.parse import (
    MAX_BODY,
    markdown_to_text,
    normalize_thing,
    parse_envelope,
    parse_listing,
)

REDDIT = Path(__file__).parents[1] / "fixtures" / "real" / "reddit"


def load(name: str) -> Any:
    return json.loads((REDDIT / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["subreddit_new_listing_100_after_cursor.json",
                                  "subreddit_comments_stream_page.json",
                                  "inbox_mentions_listing.json"])
def test_every_thing_in_the_recorded_listings_normalises(name: str) -> None:
    listing = parse_listing(load(name))
    assert listing.things
    for thing in listing.things:
        m = normalize_thing(thing, source="r")
        assert m is not None
        data = thing["data"]
        assert m.id == f"reddit:{data['name']}"
        assert m.native_id.startswith(("t1_", "t3_"))
        assert m.created_at == datetime.fromtimestamp(data["created_utc"], tz=UTC)
        assert m.author.handle == data["author"]
        assert m.url and m.url.startswith("https://www.reddit.com/")
        assert m.thread_id and m.thread_id.startswith("t3_")
        # every recorded item has readable text, except a lone subreddit emote
        assert m.text or data["body"] == "[](#middleparrot)"


def test_listing_cursors_are_fullnames() -> None:
    assert parse_listing(load("subreddit_new_listing_100_after_cursor.json")).after == "t3_48f6io"
    assert parse_listing(load("inbox_mentions_listing.json")).after == "t1_ekfncs9"
    empty = parse_listing(load("subreddit_comments_empty_before_cursor.json"))
    assert empty.things == () and empty.after is None and empty.before is None


def test_submission_fields() -> None:
    thing = parse_listing(load("subreddit_new_listing_100_after_cursor.json")).things[0]
    m = normalize_thing(thing, source="r")
    assert m is not None
    assert m.id == "reddit:t3_48fbm9"
    assert m.thread_id == "t3_48fbm9" and m.reply_to is None
    assert m.text == ("[Serious] Parents of Reddit, what's the biggest lie about yourself "
                      "you've told your kids?")
    assert m.url == ("https://www.reddit.com/r/AskReddit/comments/48fbm9/"
                     "serious_parents_of_reddit_whats_the_biggest_lie/")
    assert m.metrics == {"score": 1, "num_comments": 1}


def test_comment_thread_parent_and_handles() -> None:
    things = parse_listing(load("subreddit_comments_stream_page.json")).things
    by_id = {t["data"]["name"]: t for t in things}
    m = normalize_thing(by_id["t1_dg7dqfd"], source="r")
    assert m is not None
    assert m.thread_id == "t3_654eqk" and m.reply_to == "t3_654eqk"
    assert m.handles == ("butt_woman",)
    # the 2017 listing has no permalink: built from the link's permalink and the comment id
    assert m.url == ("https://www.reddit.com/r/kakapo/comments/654eqk/"
                     "kakapo_calls_i_spent_100_days_last_year_making/dg7dqfd/")


def test_subreddit_emote_link_becomes_empty_text_not_a_link() -> None:
    md = markdown_to_text("[](#middleparrot)")
    assert md.text == "" and md.links == ()


def test_inbox_mention_thread_comes_from_context_and_markdown_is_flattened() -> None:
    thing = parse_listing(load("inbox_mentions_listing.json")).things[0]
    m = normalize_thing(thing, source="r")
    assert m is not None
    assert m.thread_id == "t3_bb24k7"
    assert "Your submission was removed" in m.text  # [submission](url) keeps its label
    assert "^^" not in m.text and "](" not in m.text
    assert m.links[0] == "https://redd.it/bb1sep"


def test_deleted_comment_is_skipped() -> None:
    thing = parse_listing(load("comment_info_deleted.json")).things[0]
    assert normalize_thing(thing, source="r") is None
    # as Reddit shows a removed comment: its author blanked with its words (a named author
    # writing "[removed]" is read: tests/integrations/test_review_reddit_quoted_words.py)
    removed = {"kind": "t1", "data": {**thing["data"], "body": "[removed]"}}
    assert normalize_thing(removed, source="r") is None


def test_a_removed_post_is_gone_though_reddit_keeps_its_title() -> None:
    """It was read as its title: a card and a ticket for a post Reddit lists nowhere
    (tests/integrations/test_review_reddit_removals.py)."""
    listing = parse_listing(load("subreddit_new_listing_100_after_cursor.json"))
    data = dict(listing.things[0]["data"])
    data["selftext"] = "[removed]"
    assert normalize_thing({"kind": "t3", "data": data}, source="r") is None


def test_markdown_to_text() -> None:
    md = markdown_to_text("# Title\n> quoted **bold** and ~~gone~~ >!spoiler!<\n\n"
                          "see [the docs](https://example.com/a) or https://example.org/b.\n"
                          "ping /u/some_user and u/other-user")
    assert md.text == ("Title\nquoted bold and gone spoiler\n\nsee the docs or "
                       "https://example.org/b.\nping /u/some_user and u/other-user")
    assert md.links == ("https://example.com/a", "https://example.org/b")
    assert md.handles == ("some_user", "other-user")


def test_javascript_links_are_not_collected() -> None:
    assert markdown_to_text("[x](javascript:alert(1))").links == ()


@pytest.mark.parametrize("payload", [
    None, [], {"kind": "Listing"}, {"kind": "t3", "data": {}},
    {"kind": "Listing", "data": {"children": "nope"}},
])
def test_malformed_listing_is_rejected(payload: Any) -> None:
    with pytest.raises(MalformedPayload):
        parse_listing(payload)


@pytest.mark.parametrize("thing", [
    {"kind": "t5", "data": {"id": "x"}},
    {"kind": "t1", "data": {"id": "abc", "name": "t1_abc", "created_utc": 1.0}},  # no body
    {"kind": "t1", "data": {"id": "abc", "body": "hi"}},  # no created_utc
    {"kind": "t3", "data": {"id": "abc", "created_utc": 1.0}},  # no title
    {"kind": "t1", "data": {"id": "", "body": "hi", "created_utc": 1.0}},
    {"kind": "t1", "data": {"id": "a", "body": "hi", "created_utc": "yesterday"}},
    {"kind": "t1", "data": "nope"},
])
def test_malformed_things_are_rejected(thing: dict[str, Any]) -> None:
    with pytest.raises(MalformedPayload):
        normalize_thing(thing, source="r")


def test_write_envelope() -> None:
    things = parse_envelope(load("editusertext_response.json"))
    assert things[0]["data"]["name"] == "t1_d1616q2"
    with pytest.raises(ValueError, match="RATELIMIT"):
        parse_envelope({"json": {"errors": [["RATELIMIT", "you are doing that too much",
                                             "ratelimit"]], "data": {}}})
    with pytest.raises(ValueError):
        parse_envelope({"message": "Unauthorized", "error": 401})


def test_markdown_past_what_reddit_keeps_is_not_read() -> None:
    """A 10 MB body (a damaged answer: Reddit keeps 40,000 characters of a post) took 1.8 s
    of regexes on the event loop; only the first ``MAX_BODY`` characters are read now."""
    tail = " https://past.example/link"
    md = markdown_to_text("acme " * 2_000_000 + tail)
    assert md.links == () and len(md.text) <= MAX_BODY
    assert markdown_to_text("acme" + tail).links == ("https://past.example/link",)


def _crosspost(parent: dict[str, Any], **own: Any) -> dict[str, Any]:
    """A crosspost as Reddit lists it: its own title, no text of its own, a relative `url` to
    the original and the original's fields in `crosspost_parent_list`."""
    listing = parse_listing(load("subreddit_new_listing_100_after_cursor.json"))
    data = dict(listing.things[0]["data"])
    data.update({"selftext": "", "is_self": False, "name": "t3_xpost1", "id": "xpost1",
                 "url": f"/r/{parent['subreddit']}/comments/{parent['id']}/x/",
                 "crosspost_parent": parent["name"], "crosspost_parent_list": [parent],
                 **own})
    return {"kind": "t3", "data": data}


def _parent(**fields: Any) -> dict[str, Any]:
    return {"name": "t3_orig1", "id": "orig1", "subreddit": "acmeusers", "is_self": True,
            "title": "Billing", "selftext": "", **fields}


def test_a_crosspost_reads_the_text_of_the_post_it_shares() -> None:
    # a crosspost has no text of its own: what the customer wrote is the original's, carried
    # in crosspost_parent_list; read with the title only, a complaint in it was never seen
    m = normalize_thing(_crosspost(_parent(selftext="AcmeCloud **charged me twice**")),
                        source="r")
    assert m is not None
    assert "AcmeCloud charged me twice" in m.text
    # the original's link, for a shared link post
    link = normalize_thing(_crosspost(_parent(is_self=False, url="https://news.example/acme")),
                           source="r")
    assert link is not None and "https://news.example/acme" in link.links


def test_a_crosspost_of_a_deleted_or_removed_post_keeps_only_its_own_title() -> None:
    for gone_text in ("[deleted]", "[removed]"):
        m = normalize_thing(_crosspost(_parent(selftext=gone_text), title="look at this"),
                            source="r")
        assert m is not None and m.text == "look at this"
    # a crosspost with text of its own (not how Reddit lists them, but a reader of its own
    # may) keeps it; malformed parents are ignored
    own = normalize_thing(_crosspost(_parent(selftext="theirs"), selftext="mine"), source="r")
    assert own is not None and "mine" in own.text and "theirs" not in own.text
    for bad in ([], ["x"], [{"selftext": 5}], "t3_orig1", None):
        thing = _crosspost(_parent())
        thing["data"]["crosspost_parent_list"] = bad
        assert normalize_thing(thing, source="r") is not None


def test_a_crosspost_of_ones_own_post_is_the_same_words_as_the_post() -> None:
    """Crossposted by its author with its title, the crosspost is the post's cross-post (one
    alert, the pipeline's fingerprint); by someone else, it is theirs."""
    from bot.engine.pipeline import fingerprint

    parent = _parent(title="AcmeCloud billing", selftext="AcmeCloud charged me twice this month",
                     author="kasia", author_fullname="t2_kasia")
    original = normalize_thing({"kind": "t3", "data": {
        **_crosspost(parent)["data"], **parent, "crosspost_parent_list": None}}, source="r")
    mine = normalize_thing(_crosspost(parent, title="AcmeCloud billing", author="kasia",
                                      author_fullname="t2_kasia"), source="r")
    theirs = normalize_thing(_crosspost(parent, title="AcmeCloud billing", author="bob",
                                        author_fullname="t2_bob"), source="r")
    assert original is not None and mine is not None and theirs is not None
    assert original.id != mine.id
    assert fingerprint(original) == fingerprint(mine) != fingerprint(theirs)
