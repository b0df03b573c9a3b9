# ruff: noqa: F811
"""A Discord form (modal) submitted twice with the same values: a double press, or Submit
pressed again after Discord showed "Something went wrong" in the still-open modal (the first
was acknowledged late, or its answer was lost on the way). Each submit is a new interaction,
with an id and token of its own, so nothing in Discord's payload says it is the same intent.
Slack's forms run once in the whole deployment (docs/workflows.md, "Forms (Slack modals)"):
the second is answered "This form was sent already; ...". Discord's ran twice: two drafts
waiting for approval, two replies to the same ticket."""

from __future__ import annotations

from typing import Any

from tests.integrations.discord.reader import unescape
from tests.integrations.discord.test_bot import (  # noqa: F401  (fixtures)
    ALICE,
    Recorder,
    follow_up,
    modal_submit,
    recorder,
    start,
    store,
)
from tests.support.fake_discord import FakeDiscord

DRAFT = {"network": "mastodon", "account": "masto", "text": "We are back up. Sorry!"}


async def test_a_form_submitted_twice_runs_once_over_the_gateway(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    await start()
    await modal_submit(fake, "draft", DRAFT)
    first = await follow_up(fake, 1)
    await modal_submit(fake, "draft", DRAFT)  # Submit pressed again: a new interaction
    second = await follow_up(fake, 2)
    assert [(i.action, i.args) for i in recorder.seen] == [
        ("draft", ("mastodon", "masto", "We are back up. Sorry!"))]
    assert unescape(first["content"])[0].startswith("draft")
    assert "sent already" in unescape(second["content"])[0]
    assert second["flags"] & 64
    # another text is another intent: it runs
    await modal_submit(fake, "draft", {**DRAFT, "text": "Fixed for real now."})
    await follow_up(fake, 3)
    assert len(recorder.seen) == 2

