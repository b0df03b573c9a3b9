# ruff: noqa: F811
"""A Discord form whose run broke (the store dropped the connection under the command: the
first command on a pooled connection after a redis-server restart fails, redis-py retries
nothing, ``bot/store/redis.py`` ``_client``): the person was answered "Something went wrong on
our side; it has been logged.", and pressed Submit again, in the still-open modal or in the
form opened again from the card, with the same values. The form's run-once mark
(``FORM_ONCE_TTL``, in the store every process shares) had been written before the run, so the
second was answered "This form was sent already; its answer is the one above. Nothing was done
twice." The answer above was the failure, and nothing was done at all: the draft, the reply,
the rejection's comment was lost, for the 15 minutes of the mark. A run that broke leaves no
mark: the same form sent again runs (once: a double press of it still runs once)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.core.cards import Interaction, Reply
from bot.core.errors import StoreError
from bot.core.ports import Store
from tests.integrations.discord import test_bot, test_http_interactions
from tests.integrations.discord.reader import unescape
from tests.integrations.discord.test_bot import (  # noqa: F401  (fixtures)
    follow_up,
    modal_submit,
    start,
    store,
)
from tests.integrations.discord.test_form_sent_twice import DRAFT
from tests.integrations.discord.test_http_interactions import endpoint, post  # noqa: F401
from tests.support.fake_discord import FakeDiscord, real_fixture

DROPPED = "Redis at redis://127.0.0.1:6379/0: Connection closed by server."


class BreaksOnce(test_bot.Recorder):
    """The gateway test's handler, whose first command fails as a dispatcher's does when its
    store drops the connection (the last inch: the outage itself is not run here)."""

    broke = False

    async def handle(self, interaction: Interaction) -> Reply:
        if not self.broke:
            self.broke = True
            raise StoreError(DROPPED)
        return await super().handle(interaction)


class HttpBreaksOnce(test_http_interactions.Recorder):
    broke = False

    async def handle(self, interaction: Interaction) -> Reply:
        if not self.broke:
            self.broke = True
            raise StoreError(DROPPED)
        return await super().handle(interaction)


@pytest.fixture
def recorder(fake: FakeDiscord, request: pytest.FixtureRequest) -> Any:
    return HttpBreaksOnce() if "http" in request.node.name else BreaksOnce(fake)


async def test_a_form_whose_run_broke_runs_when_sent_again_over_the_gateway(
        start: Any, fake: FakeDiscord, recorder: BreaksOnce) -> None:
    await start()
    await modal_submit(fake, "draft", DRAFT)
    first = await follow_up(fake, 1)
    assert "Something went wrong" in unescape(first["content"])[0]
    await modal_submit(fake, "draft", DRAFT)  # Submit pressed again, the same values
    second = await follow_up(fake, 2)
    assert "sent already" not in unescape(second["content"])[0], second
    assert [i.action for i in recorder.seen] == ["draft"]
    await modal_submit(fake, "draft", DRAFT)  # and once it ran, a repeat is one
    third = await follow_up(fake, 3)
    assert "sent already" in unescape(third["content"])[0]
    assert [i.action for i in recorder.seen] == ["draft"]


async def test_a_form_whose_run_broke_runs_when_sent_again_over_http(
        endpoint: Any, fake: FakeDiscord, recorder: HttpBreaksOnce) -> None:
    client, http = endpoint
    for n in (1, 2, 3):
        submit = real_fixture("interaction_slash_command.json")
        submit.update(type=5, id=f"78600872971521234{n}", token=f"TOKEN{n}", data={
            "custom_id": "socialops-form:draft", "components": [
                {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
                for k, v in DRAFT.items()]})
        status, _ = await post(client, submit)
        assert status == 200
        await http.drain()
    answers = [json.dumps((await fake.wait_for("POST", "/webhooks/", count=n)).body)
               for n in (1, 2, 3)]
    assert "Something went wrong" in answers[0]
    assert "sent already" not in answers[1], answers
    assert "sent already" in answers[2], answers
    assert [i.action for i in recorder.seen] == ["draft"]


async def test_a_mark_forgotten_is_new_again_in_every_process(
        two_stores: tuple[Store, Store]) -> None:
    """The store's side, on a real SQLite file and a real redis-server: two processes'
    connections to one store; a mark one forgets is new to the other."""
    one, other = two_stores
    key = "replay:discord-form:form:abc"
    assert await one.mark_seen(key, 900)
    assert not await other.mark_seen(key, 900)
    await other.forget_seen(key)
    assert not await one.is_seen(key)
    assert await one.mark_seen(key, 900)
    assert not await other.mark_seen(key, 900)
