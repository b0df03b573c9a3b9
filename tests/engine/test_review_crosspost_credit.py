"""A bridge that copies a post to another network credits the original: "(via @kasia)" or
"(via X)" after the words, or the original's link on a line of its own with a label
("Originally posted on X: <link>", moa's "🐦🔗: <link>"). The fingerprint read the credit as
the author's words, so the tweet and its bridged status were two cards for one post (6 of
the review's 8 labelled X-to-Mastodon bridge pairs, tests/fixtures/dedup_pairs_labelled.jsonl).
The credit is left out; "via" in the author's own sentence is not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.models import Author, Mention
from bot.engine.pipeline import fingerprint

WORDS = "AcmeCloud down again, third time this week"
LINK = "https://x.com/kasia/status/1859300000000000000"


def post(text: str, handle: str = "kasia") -> Mention:
    return Mention(id="x:1", network="x", source="test", text=text,
                   author=Author(id=handle, handle=handle),
                   created_at=datetime(2026, 11, 20, 10, tzinfo=UTC))


@pytest.mark.parametrize("copy", [
    f"{WORDS} (via @kasia)", f"{WORDS} (via @kasia@x)", f"{WORDS}\n\n(via @kasia)",
    f"{WORDS} (via X)", f"{WORDS} (Via Twitter)", f"{WORDS} via @kasia", f"{WORDS} — via @kasia",
    f"{WORDS}\n🐦🔗: {LINK}", f"{WORDS}\n\nOriginally posted on X: {LINK}", f"{WORDS}\n\n{LINK}",
])
def test_a_bridges_credit_is_not_the_authors_words(copy: str) -> None:
    mine = fingerprint(post(WORDS))
    assert mine is not None and mine.one_post_with(fingerprint(post(copy, "kasia@mastodon.social")))


@pytest.mark.parametrize(("one", "other"), [
    ("We pay for AcmeCloud via PayPal every month", "We pay for AcmeCloud via card every month"),
    ("Refund requested for AcmeCloud via PayPal", "Refund requested for AcmeCloud via card"),
    (f"{WORDS}\n\nFull incident report from our SRE team: {LINK}", WORDS),
])
def test_the_authors_own_words_stay(one: str, other: str) -> None:
    assert fingerprint(post(one)) != fingerprint(post(other))


@pytest.mark.parametrize("emoji", ["👍🏽", "👍🏿", "🤦🏼\u200d♀️"])
def test_a_skin_tone_one_client_left_out_is_the_same_words(emoji: str) -> None:
    """The same person's post from a phone set to a skin tone and from a client that sends the
    default yellow: one emoji either way (the review's pair p066); two people's stay two."""
    plain = emoji.replace("🏽", "").replace("🏿", "").replace("🏼", "")
    text = "Great job AcmeCloud team, fixed in minutes "
    mine = fingerprint(post(text + emoji))
    assert mine is not None and mine.one_post_with(fingerprint(post(text + plain,
                                                                    "kasia.bsky.social")))
    assert not mine.one_post_with(fingerprint(post(text + plain, "bob")))
