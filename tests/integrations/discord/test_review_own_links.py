"""The bot's own links are clickable on Discord, a post's text is not.

Discord renders masked links ``[text](url)`` in an embed's description and field values, and
not in its title (discord-api-docs, reference "Message Formatting" / embeds: "masked links
... in embed descriptions and field values"); bare ``https://`` autolinks work in content,
descriptions and field values. Escaping every ``:``, ``/`` and ``.`` of a URL the bot wrote
itself (the published post's address, the card's Published field) left the reader a URL to
copy by hand. A post's text stays escaped: it can forge no masked link and ping no one.

Through discord.py against the local Discord, into a running socialops (tests/e2e/world.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.cards import Reply
from bot.core.config import DiscordWorkspaceConfig
from handlers.cards import approval_card
from integrations.discord.inbound import reply_payload
from integrations.discord.workspace import DiscordWorkspace
from tests.e2e import world as world_module
from tests.e2e.test_queue import ask as slack_ask
from tests.e2e.world import ALICE as SLACK_ALICE
from tests.e2e.world import SUPPORT, UNPACED, World, running_world
from tests.integrations.discord.asking import discord_into, with_discord_on_kolkatas_clock
from tests.integrations.discord.reader import discord_view
from tests.integrations.discord.test_bot import ALICE, card_message
from tests.support.clock import FakeClock
from tests.support.fake_discord import FakeDiscord

HOSTILE = "[Open on Mastodon](https://evil.example/login) @everyone <@&1> https://evil.example/x"


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock, fake: FakeDiscord) -> AsyncIterator[World]:
    config = with_discord_on_kolkatas_clock(world_module.CONFIG, fake)
    config = config.replace("identities: {{slack: {erin}}}",
                            f'identities: {{{{slack: {{erin}}, discord: "{ALICE}"}}}}')
    assert f'discord: "{ALICE}"' in config
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", config)
        async with running_world(tmp_path, clock, extra=UNPACED) as w:
            yield w


async def test_the_published_address_is_a_link_on_discord_and_the_draft_is_not(
        world: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    app = world.a
    async with discord_into(world, ws_config) as bot:
        ws = DiscordWorkspace(ws_config, client=bot)
        await world.mention("@acme my order is broken again, this is terrible", n=1)
        assert "A-1" in await slack_ask(world, SLACK_ALICE, SUPPORT,
                                        f"reply T-1 Sorry! {HOSTILE}")
        pending = await app.store.get_approval("A-1")
        assert pending is not None
        shown = await ws.post(fake.channel_id, approval_card(pending))
        card = discord_view(card_message(fake, shown.message_id), allowed_mentions=None)
        assert not any("evil" in link for link in card.links), card.links
        assert "Open on Mastodon" in card.text  # shown as typed, not as a link
        [button] = [c for row in card_message(fake, shown.message_id)["components"]
                    for c in row["components"] if c["custom_id"].startswith(
                        "socialops:approve:")]
        await fake.dispatch("INTERACTION_CREATE", fake.interaction(
            3, {"custom_id": button["custom_id"], "component_type": 2}, user_id=ALICE,
            message=card_message(fake, shown.message_id)))
        body = (await fake.wait_for("POST", "/webhooks/")).body
        said = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
        published = await app.store.get_approval("A-1")
        assert published is not None and published.published_url
        assert said.text.startswith(f"A-1 approved and published: {published.published_url}")
        assert said.links == {published.published_url}, said.links
        # the card as it is now: its Published field opens the post
        again = await ws.post(fake.channel_id, approval_card(published))
        card = discord_view(card_message(fake, again.message_id), allowed_mentions=None)
        field = next(f for f in card_message(fake, again.message_id)["embeds"][0]["fields"]
                     if f["name"] == "Published")
        assert discord_view({"embeds": [{"fields": [field]}]},
                            allowed_mentions=None).links == {published.published_url}
        assert not any("evil" in link for link in card.links), card.links
        assert card.pings == frozenset() and card.problems == ()


def test_a_post_quoting_the_bots_own_address_links_nothing_of_its_own() -> None:
    """Only the address the bot wrote is made a link, as a whole word: a post that wraps it
    in a masked link of its own, or glues more to it, still forges nothing."""
    url = "https://mastodon.example/@acme/1"
    text = (f"A-1 approved and published: {url}\nquoted: [{url}](https://evil.example) "
            f"{url}evil.example/ x{url} @everyone")
    body = reply_payload(Reply(text=text, links=(url,)))
    seen = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert seen.links == {url}, seen.links
    assert seen.text == text
    assert seen.pings == frozenset()


def test_a_link_the_bot_did_not_write_is_not_made_clickable() -> None:
    body = reply_payload(Reply(text="see https://evil.example/x", links=("javascript:x",)))
    assert discord_view(body, allowed_mentions=None).links == frozenset()


@pytest.mark.parametrize("tail", ["é" * 600, "😀" * 400, "[]" * 700])
def test_an_address_a_server_answers_made_a_link_still_fits_a_message(tail: str) -> None:
    """A published address is any http(s) URL the network's server answers, up to 2,048
    characters (PublishResult). Made a link, each character outside the URL's own ASCII is
    percent-encoded (``link_target``): an 'é' becomes 6 characters, an emoji 12, where the
    escaped text held it as 1. The answer grew past Discord's 2,000 characters and Discord
    refuses such a message whole (50035: "Must be 2000 or fewer in length"): the approver
    saw no answer at all. Past the limit, the address stays text (escaped), as it was."""
    from bot.core.ports import PublishResult

    url = PublishResult(id="1", url=f"https://mastodon.example/@acme/{tail}").url
    assert url is not None
    text = f"A-1 approved and published: {url}"
    body = reply_payload(Reply(text=text, links=(url,)))
    seen = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert seen.problems == (), seen.problems
    assert seen.pings == frozenset()
    assert not any("evil" in link for link in seen.links)


async def test_an_approve_answered_with_a_long_non_ascii_address_reaches_the_approver(
        world: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    """The same through discord.py against the local Discord: the Mastodon server answers
    the publish with an address of 600 'é' (any string its server sends: Mastodon's
    ``url``, statuses.md). Discord refused the approve's answer (400, content over 2,000)
    and the approver saw nothing; now the answer is sent, the address as text."""
    from aiohttp import web

    tail = "é" * 600

    async def create_status(request: web.Request) -> web.Response:
        await request.read()
        world.statuses.append({"form": {}, "key": request.headers.get("Idempotency-Key")})
        return web.json_response({"id": "9001", "uri": f"{world.masto.base}/s/1",
                                  "url": f"{world.masto.base}/@acme/{tail}", "content": ""})

    world.masto.handler("POST", "/api/v1/statuses", create_status)
    app = world.a
    async with discord_into(world, ws_config) as bot:
        ws = DiscordWorkspace(ws_config, client=bot)
        await world.mention("@acme my order is broken again, this is terrible", n=1)
        assert "A-1" in await slack_ask(world, SLACK_ALICE, SUPPORT, "reply T-1 Sorry!")
        pending = await app.store.get_approval("A-1")
        assert pending is not None
        shown = await ws.post(fake.channel_id, approval_card(pending))
        [button] = [c for row in card_message(fake, shown.message_id)["components"]
                    for c in row["components"] if c["custom_id"].startswith(
                        "socialops:approve:")]
        await fake.dispatch("INTERACTION_CREATE", fake.interaction(
            3, {"custom_id": button["custom_id"], "component_type": 2}, user_id=ALICE,
            message=card_message(fake, shown.message_id)))
        said = await fake.wait_for("POST", "/webhooks/")
        assert said.status == 200, (said.status, len(said.body.get("content", "")))
        published = await app.store.get_approval("A-1")
        assert published is not None and published.published_url
        assert published.published_url.endswith(tail)
        seen = discord_view(said.body, allowed_mentions=said.body.get("allowed_mentions"))
        assert seen.text.startswith("A-1 approved and published: "), seen.text[:80]
        assert seen.problems == () and seen.pings == frozenset()
