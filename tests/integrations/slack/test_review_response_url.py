"""A slash command's public answer when its ``response_url`` no longer takes one: Slack's
takes 5 answers within 30 minutes (the local Slack refuses past either, HTTP 404), and
slack_sdk returns that refusal as a status instead of raising. The public answer of a command
(``claim T-3``: the team reads who took it) used to be dropped there without a line."""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl

import pytest

from bot.core.cards import Reply
from tests.integrations.slack.served import REAL, Served
from tests.support.fake_slack import RESPONSE_TTL, RESPONSE_USES, FakeSlack


def slash(fake: FakeSlack, text: str, rid: str) -> dict[str, str]:
    form = dict(parse_qsl((REAL / "slash_command.form.txt").read_text().strip()))
    form.update(command="/socialops", text=text, response_url=fake.response_url(rid))
    return form


async def use_up(served: Served, fake: FakeSlack, rid: str) -> None:
    """Spend the response_url ``rid`` as Slack counts it."""
    url = fake.response_url(rid)
    for _ in range(RESPONSE_USES):
        async with served.session.post(url, json={"text": "earlier"}) as resp:
            assert resp.status == 200


@pytest.mark.parametrize("why", ["used_url", "expired_url"])
async def test_a_public_answer_refused_by_its_response_url_is_posted_in_the_channel(
    served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture, why: str
) -> None:
    served.handler.reply = Reply(text="T-3 claimed by ana", ephemeral=False)
    form = slash(fake_slack, "claim T-3", rid="spent")
    if why == "used_url":
        await use_up(served, fake_slack, "spent")
    else:  # the command answered after 30 minutes (a slow store, a long queue)
        now = fake_slack.clock()
        fake_slack.clock = lambda: now + RESPONSE_TTL + 1
    with caplog.at_level(logging.WARNING, logger="integrations.slack"):
        status, _ = await served.command(form)
        assert status == 200
        (post,) = await fake_slack.wait_for("chat.postMessage")
        await served.bot.stop()  # the command's work done, its line written
    refused = [c for c in fake_slack.calls_to("response") if c.args.get("text") != "earlier"]
    assert [c.args["response_type"] for c in refused] == ["in_channel"]  # tried, refused
    assert post.args["channel"] == "C111"
    assert "T-3 claimed by ana" in post.args["text"]
    assert fake_slack.ephemerals == []  # a public answer, said once, in public
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and "HTTP 404" in lines[0] and "posted" in lines[0], lines


async def test_a_public_answer_the_channel_refuses_too_reaches_the_person(
    served: Served, fake_slack: FakeSlack
) -> None:
    """The bot is not in the channel (a slash command works in any channel): the answer
    goes to the person who typed it, as a private answer does."""
    served.handler.reply = Reply(text="T-3 claimed by ana", ephemeral=False)
    form = slash(fake_slack, "claim T-3", rid="spent")
    await use_up(served, fake_slack, "spent")
    fake_slack.outside_channels.add("C111")
    await served.command(form)
    await fake_slack.wait_for("chat.postMessage", count=2)  # the channel, then a DM
    (dm,) = [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "W111"]
    assert "T-3 claimed by ana" in dm.args["text"]


async def test_a_public_answer_slack_took_without_saying_so_is_not_posted_again(
    served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    """The response_url took the answer and showed it, but its reply never came (a timeout, a
    proxy resetting the connection): the answer is in the channel, so posting it there too
    showed it twice. Only Slack's own refusal (an HTTP status: used up, expired) says the
    answer was not shown."""
    served.handler.reply = Reply(text="T-3 claimed by ana", ephemeral=False)
    form = slash(fake_slack, "claim T-3", rid="lost")
    fake_slack.lose_responses = 1
    with caplog.at_level(logging.WARNING, logger="integrations.slack"):
        status, _ = await served.command(form)
        assert status == 200
        await fake_slack.wait_for("response")
        await served.bot.stop()  # the command's work done, its line written
    assert [r["text"] for r in fake_slack.responses] == ["T-3 claimed by ana"]  # shown once
    assert fake_slack.calls_to("chat.postMessage") == []
    assert fake_slack.ephemerals == []
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and "not posted again" in lines[0], lines
