# ruff: noqa: F811
"""An interaction over HTTP is acknowledged ("thinking...", type 5) and its answer built after;
an error there that is neither the handler's (answered ``BROKE``, inbound.run) nor the store's
(answered ``UNCHECKED``) ended the background work with nothing followed up and nothing logged:
the person watched "thinking..." until Discord gave up, and nobody could tell why. Here the
account-link lookup breaks (the last inch: an ``identity`` that raises), through the signed
request path the tests use, its follow-up landing on the local Discord. Now one ERROR line
names the interaction and the error, and the person is followed up with one line saying it
failed and what to do (a review, 2026-12-07: nothing followed up, nothing logged, before)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.integrations.discord.reader import unescape
from tests.integrations.discord.test_http_interactions import (  # noqa: F401  (fixtures)
    claim_command,
    endpoint,
    post,
    recorder,
)
from tests.support.fake_discord import FakeDiscord


def broken_links(workspace: str, user: str) -> str | None:
    raise RuntimeError("links table: row 7 has no user")  # a bug under the lookup


async def test_an_error_building_the_answer_is_logged_and_followed_up(
        endpoint: Any, fake: FakeDiscord, caplog: pytest.LogCaptureFixture) -> None:
    client, http = endpoint
    http.identity = broken_links
    payload = claim_command("t-7")
    with caplog.at_level(logging.INFO, logger="integrations.discord"):
        status, answer = await post(client, payload)
        assert (status, answer) == (200, {"type": 5, "data": {"flags": 64}})
        await http.drain()
        follow = await fake.wait_for("POST", f"/webhooks/{fake.application_id}/A_UNIQUE_TOKEN",
                                     timeout=2.0)
    shown = unescape(follow.body["content"])[0]
    assert "\n" not in shown.strip(), shown  # one line
    assert "failed" in shown and "send it again" in shown, shown
    assert follow.body["flags"] == 64 and follow.body["allowed_mentions"] == {"parse": []}
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    said = errors[0].getMessage()
    assert payload["id"] in said and "RuntimeError" in said and "\n" not in said, said
    assert errors[0].exc_info is None  # one line, no traceback
