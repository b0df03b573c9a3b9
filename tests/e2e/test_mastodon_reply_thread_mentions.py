"""A reply to a Mastodon post in a thread mentions everyone that post mentions, as Mastodon's
own composer starts a reply (app/javascript/mastodon/reducers/compose.js,
statusToTextMentions: the post's author, then each account it mentions, except the account
replying). Before, only the author was named: the others in the conversation, who Mastodon
notifies only when a reply mentions them, never saw the answer. Our own account, which the
customer mentioned to reach us, is not named; when the server does not say who we are
(``verify_credentials`` failing), only the author is, as before. End to end: Slack's signed
requests through bolt, the real app on SQLite, a local Mastodon taking the status."""

from __future__ import annotations

from bot.core.models import Author, Mention
from tests.e2e.test_bluesky_publish import approve_reply
from tests.e2e.world import ALICE, World


def sent(world: World) -> list[str]:
    return [str(s["form"]["status"]) for s in world.statuses]


def host(world: World) -> str:
    return world.masto.base.split("://", 1)[1].split(":", 1)[0]


def we_are_acme(world: World) -> None:
    world.masto.json("GET", "/api/v1/accounts/verify_credentials", {
        "id": "1", "username": "acme", "acct": "acme", "url": f"{world.masto.base}/@acme"})


async def in_thread(world: World, *handles: str) -> None:
    m = Mention(id="mastodon:1", network="mastodon", source="masto",
                text="@acme @bob my parcel never came", created_at=world.clock(),
                author=Author(id="acctkasia", handle="kasia@other.example"),
                url="https://other.example/@kasia/1", handles=handles)
    await world.a.pipeline.process(m)
    await world.a.outbox.drain()


async def test_a_reply_mentions_the_threads_participants_but_not_us(world: World) -> None:
    we_are_acme(world)
    await in_thread(world, f"acme@{host(world)}", "bob@third.example", "kasia@other.example",
                    "Bob@Third.Example")
    await approve_reply(world, "T-1", "Sorry! We are on it.")
    assert sent(world) == ["@kasia@other.example @bob@third.example Sorry! We are on it."]
    drafted = await world.told(ALICE, "drafted")
    assert ("A-1 drafted as a reply to T-1 (it starts with @kasia@other.example "
            "@bob@third.example: Mastodon notifies only the accounts a reply mentions)"
            ) in drafted


async def test_a_participant_the_text_names_is_not_named_twice(world: World) -> None:
    we_are_acme(world)
    await in_thread(world, "bob@third.example", "carol@fourth.example")
    await approve_reply(world, "T-1", "@Bob@third.example it is on its way")
    assert sent(world) == ["@kasia@other.example @carol@fourth.example @Bob@third.example it "
                           "is on its way"]


async def test_without_knowing_who_we_are_only_the_author_is_named(world: World) -> None:
    # no verify_credentials: @acme, ours, might be among them, and is not named to ourselves
    await in_thread(world, f"acme@{host(world)}", "bob@third.example")
    await approve_reply(world, "T-1", "Sorry! We are on it.")
    assert sent(world) == ["@kasia@other.example Sorry! We are on it."]
