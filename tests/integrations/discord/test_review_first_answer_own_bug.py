# ruff: noqa: F811
"""A first answer our own code built wrong (a modal whose payload is no JSON: a TypeError
raised inside discord.py's send) was said as the one WARNING line of a 429 discord.py could
not read ("a 429 without a readable retry_after"), hiding the bug: no traceback, not counted,
and the person saw "This interaction failed". Now it is an ERROR line with its traceback,
counted (``answers_broke``), and the person told one line; a 429 without a readable
``retry_after`` stays one WARNING line (test_review_first_answer_limited.py). A real
discord.py client on the local Discord."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.core.cards import Button
from bot.core.config import DiscordWorkspaceConfig
from integrations.discord import bot as gateway
from integrations.discord import inbound
from tests.integrations.discord.test_bot import (  # noqa: F401  (fixtures)
    Recorder,
    click,
    post_card,
    recorder,
    start,
    store,
)
from tests.support.fake_discord import FakeDiscord

BUTTONS = (Button(action="approve", label="Approve", target="A-3"),
           Button(action="reject", label="Reject", target="A-3", style="danger"))


async def test_a_modal_built_wrong_is_an_error_with_its_traceback_and_one_line_said(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    built = inbound.modal_payload

    def wrong(target: str) -> dict[str, Any]:  # our bug: a value that is no JSON
        spec = built(target)
        spec["components"][0]["components"][0]["value"] = {"not", "json"}
        return spec

    monkeypatch.setattr(inbound, "modal_payload", wrong)
    client = await start()
    mid = await post_card(fake, ws_config, buttons=BUTTONS)
    with caplog.at_level(logging.INFO):
        await click(fake, mid, "socialops:reject:A-3")
        said = await fake.wait_for("POST", "/callback")
    assert said.body["type"] == 4, said.body  # a message, not the modal
    assert said.body["data"]["content"] == gateway.BROKE
    assert said.body["data"]["flags"] & 64  # the person's alone
    ours = [r for r in caplog.records if r.levelno >= logging.WARNING
            and r.name.startswith("integrations")]
    assert [r.levelno for r in ours] == [logging.ERROR], [r.getMessage() for r in ours]
    assert ours[0].exc_info is not None and ours[0].exc_info[0] is TypeError
    assert "429" not in ours[0].getMessage()
    assert client.answers_broke == 1
    assert recorder.seen == []  # nothing ran
