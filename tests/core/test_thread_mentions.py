"""``replies.thread_mentions``: the addresses a Mastodon reply starts with, the author's and
those of the accounts the post mentions (docs/networks.md, "The customer is told")."""

from __future__ import annotations

from bot.core import replies


def test_at_most_ten_besides_the_author_in_the_order_the_post_names_them() -> None:
    others = [f"user{n}@s{n}.example" for n in range(15)]
    said = replies.thread_mentions("mastodon", "kasia@other.example", others, "hi",
                                   own="acme@ours.example")
    assert said == " ".join(["@kasia@other.example", *(f"@{o}" for o in others[:10])])


def test_ten_others_when_the_text_names_the_author_already() -> None:
    others = [f"user{n}@s{n}.example" for n in range(15)]
    said = replies.thread_mentions("mastodon", "kasia@other.example", others,
                                   "@kasia@other.example hi", own="acme@ours.example")
    assert said == " ".join(f"@{o}" for o in others[:10])


def test_ours_the_author_and_a_handle_without_its_server_are_not_added() -> None:
    said = replies.thread_mentions(
        "mastodon", "kasia@other.example",
        ["ACME@ours.example", "Kasia@Other.Example", "bob", "bob@b.example"], "hi",
        own="acme@ours.example")
    assert said == "@kasia@other.example @bob@b.example"
    assert replies.thread_mentions("mastodon", "kasia@other.example", ["bob@b.example"], "hi",
                                   own=None) == "@kasia@other.example"
    assert replies.thread_mentions("bluesky", "kasia.bsky.social", ["bob.bsky.social"], "hi",
                                   own="acme.bsky.social") is None
