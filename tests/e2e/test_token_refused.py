"""The Slack app's token is revoked while the bot runs: a ticket's card waits instead of being
given up, ``/readyz`` says why in one line, and after a restart with a working token the card
is posted once."""

from __future__ import annotations

import httpx
from aiohttp.test_utils import TestServer

from bot.app.http import build_http_app
from bot.engine.outbox import HOLD_FIRST
from tests.e2e.world import SUPPORT, World


async def readyz(world: World) -> httpx.Response:
    server = TestServer(build_http_app(world.a), port=0)
    await server.start_server()
    try:
        async with httpx.AsyncClient(base_url=str(server.make_url("/"))) as client:
            return await client.get("/readyz")
    finally:
        await server.close()


async def test_a_revoked_token_holds_the_card_until_a_restart_with_a_working_one(
        world: World) -> None:
    world.slack.revoked = True
    await world.mention("acme charged me twice, where is my refund?", n=1)
    assert world.posts(SUPPORT) == []
    assert (await world.a.store.outbox_counts())["dead"] == 0
    answer = await readyz(world)
    assert answer.status_code == 503
    [problem] = answer.json()["problems"]
    assert problem.startswith("delivery to slack: the workspace refuses the bot's token since ")
    assert "token_revoked" in problem and problem.endswith(
        "Slack says the app was uninstalled from the workspace or its token revoked: install "
        "the app again (https://api.slack.com/apps, Install App), put its new Bot User OAuth "
        "Token (xoxb-...) where bot_token reads it and restart socialops")

    world.slack.revoked = False  # a new token, and the process restarted with it
    await world.restart()
    assert (await readyz(world)).status_code == 200
    world.clock.advance(seconds=HOLD_FIRST)
    await world.a.outbox.drain()
    [card] = world.posts(SUPPORT)
    assert "charged me twice" in str(card)
    await world.a.outbox.drain()
    world.clock.advance(minutes=10)
    await world.a.outbox.drain()
    assert len(world.posts(SUPPORT)) == 1
    assert (await world.a.store.outbox_counts())["dead"] == 0
