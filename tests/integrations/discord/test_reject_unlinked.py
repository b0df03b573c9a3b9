# ruff: noqa: F811
"""The Reject button pressed by someone socialops does not know (from a review of the Discord
paths, 2026-12-05)."""

from __future__ import annotations

from typing import Any

from bot.core.cards import Button
from bot.core.config import DiscordWorkspaceConfig
from tests.integrations.discord.test_bot import (  # noqa: F401  (fixtures)
    STRANGER,
    Recorder,
    click,
    post_card,
    recorder,
    start,
    store,
)
from tests.support.fake_discord import FakeDiscord


async def test_an_unlinked_person_pressing_reject_is_told_at_once_not_after_a_form(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    """docs/discord.md, Identity: someone whose Discord id is under no person's identities
    gets an ephemeral "your Discord account is not linked…" message and their action is not
    run. Claim, Reply… and the forms answer that at once (``inbound.gate`` runs before a form
    opens); Reject opens its comment form for them anyway: they write why the draft is
    wrong (up to 1,000 characters), submit, and only then learn they were never able to."""
    await start()
    mid = await post_card(fake, ws_config, buttons=(
        Button(action="reject", label="Reject", target="A-3", style="danger"),))
    await click(fake, mid, "socialops:reject:A-3", user=STRANGER)
    answer = await fake.wait_for("POST", "/callback")
    assert answer.body["type"] != 9, "a form opened for someone who cannot reject"
    said = await fake.wait_for("POST", "/webhooks/")
    assert "not linked" in str(said.body), said.body
    assert recorder.seen == []
