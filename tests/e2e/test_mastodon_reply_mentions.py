"""A reply drafted to a Mastodon post mentions its author, as Mastodon's own composer starts a
reply (``@user@other.server``): Mastodon notifies only the accounts a status mentions, so a
reply without it reaches the customer only if they open the thread. End to end: Slack's
signed requests through bolt, the real app on SQLite, a local Mastodon taking the status."""

from __future__ import annotations

from tests.e2e.test_bluesky_publish import approve_reply
from tests.e2e.world import ALICE, INSTANCE, SUPPORT, World


def sent(world: World) -> list[str]:
    return [str(s["form"]["status"]) for s in world.statuses]


async def test_a_reply_starts_with_its_authors_address(world: World) -> None:
    await world.mention("@acme my parcel never came", n=1, handle="kasia@other.example")
    await approve_reply(world, "T-1", "Sorry! We are on it.")
    assert sent(world) == ["@kasia@other.example Sorry! We are on it."]
    drafted = await world.told(ALICE, "drafted")
    assert ("A-1 drafted as a reply to T-1 (it starts with @kasia@other.example: Mastodon "
            "notifies only the accounts a reply mentions); waiting for approval") in drafted


async def test_a_reply_that_mentions_its_author_is_kept_as_written(world: World) -> None:
    await world.mention("@acme my parcel never came", n=1, handle="kasia@other.example")
    await approve_reply(world, "T-1", "Thanks @Kasia@Other.Example, it is on its way")
    # another account whose name begins with hers is not her
    await world.mention("@acme and mine?", n=2, handle="kasia@other.example")
    await approve_reply(world, "T-2", "@kasia@other.example.org will check")
    assert sent(world) == ["Thanks @Kasia@Other.Example, it is on its way",
                           "@kasia@other.example @kasia@other.example.org will check"]


async def test_a_handle_without_its_server_is_not_guessed_at(world: World) -> None:
    """A handle with no server (the parser found none: no ``acct`` domain, no profile URL)
    could name another account of the same name on this server: the text is as written."""
    await world.mention("@acme hello", n=1, handle="kasia")
    await approve_reply(world, "T-1", "Hi there")
    assert sent(world) == ["Hi there"]


async def test_a_reply_too_long_with_its_mention_says_so(world: World) -> None:
    """495 characters typed on a server that takes 500, 502 with the mention Mastodon counts
    (``@kasia ``): refused saying 2 over, the writer not told the 7 were the mention the bot
    had added (a senior review). The refusal names it, so they know what to shorten."""
    world.masto.json("GET", "/api/v2/instance", {**INSTANCE, "configuration": {"statuses": {
        "max_characters": 500, "characters_reserved_per_url": 23}}})
    await world.mention("@acme my parcel never came", n=1, handle="kasia@other.example")
    before = len(world.said_to(ALICE))
    assert await world.slash(ALICE, SUPPORT, "reply T-1 " + "x" * 495) == 200
    await world.until(lambda: len(world.said_to(ALICE)) > before, "the answer")
    said = world.said_to(ALICE)[-1]
    assert "(2 over)" in said and "nothing was drafted" in said, said
    assert "@kasia@other.example" in said, said


async def test_a_customer_of_our_own_server_named_as_mastodon_names_them_is_not_named_twice(
        world: World) -> None:
    """A customer on the server the reply is posted on: their handle is qualified with its
    host, and a reply naming them ``@kasia``, as Mastodon's composer does for an account of
    its own server, named them twice (``@kasia@<host> @kasia thanks``, a senior review). On
    another server ``@kasia`` is someone else, and the address is still added (above)."""
    host = world.masto.base.split("://", 1)[1].split(":", 1)[0]
    await world.mention("@acme my parcel never came", n=1, handle=f"kasia@{host}")
    await approve_reply(world, "T-1", "@kasia thanks, it is on its way")
    assert sent(world) == ["@kasia thanks, it is on its way"]
