# ruff: noqa: F811
"""The HTTP interactions endpoint's follow-up through the interaction webhook, sent again after a
429 or an outage (from a review of the Discord paths, 2026-12-05)."""

from __future__ import annotations

from typing import Any

from tests.integrations.discord.test_http_interactions import (  # noqa: F401  (fixtures)
    ALICE,
    Recorder,
    claim_command,
    endpoint,
    post,
    recorder,
)
from tests.support.fake_discord import FakeDiscord


async def test_a_rate_limited_follow_up_is_sent_again_after_retry_after(
        endpoint: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    """A person clicks /socialops tickets claim over HTTP interactions; the endpoint defers
    (type 5, "thinking…") and the claim runs, but Discord answers the follow-up on the
    interaction webhook with a 429 (the real body: retry_after 0.3 s here). PLATFORMS.md: "on
    429 the body holds retry_after (seconds, float)", and the token allows follow-ups for 15
    minutes. The endpoint logs a WARNING and drops the answer: the person's "thinking…" never
    turns into the answer, though the claim was made (over the gateway discord.py waits the
    retry_after out and sends it)."""
    client, http = endpoint
    payload = claim_command("T-7")
    fake.script_429("POST", "/webhooks/", retry_after=0.3)
    status, answer = await post(client, payload)
    assert (status, answer) == (200, {"type": 5, "data": {"flags": 64}})
    await http.drain()
    assert [(i.action, i.target) for i in recorder.seen] == [("claim", "T-7")]
    follow = [c.status for c in fake.calls if c.path.startswith("/webhooks/")]
    assert follow == [429, 200], follow


async def test_a_follow_up_refused_for_good_is_not_sent_again(
        endpoint: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    """404 Unknown Webhook (10015: the token is no longer valid) is Discord's final word: one
    try, one warning line."""
    client, http = endpoint
    payload = claim_command("T-7")
    fake.script_error("POST", "/webhooks/", status=404,
                      body={"message": "Unknown Webhook", "code": 10015})
    assert (await post(client, payload))[0] == 200
    await http.drain()
    follow = [c.status for c in fake.calls if c.path.startswith("/webhooks/")]
    assert follow == [404], follow
