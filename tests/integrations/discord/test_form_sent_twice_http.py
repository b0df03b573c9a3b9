# ruff: noqa: F811
"""A form submitted twice over HTTP interactions: the deferred answer to the first reached
Discord late (past its 3 s), so Discord said "Something went wrong" in the modal, which stays
open, and the person pressed Submit again; the first's work had started all the same (it is
started before the answer is sent). Both ran. See test_form_sent_twice.py."""

from __future__ import annotations

import json
from typing import Any

from tests.integrations.discord.test_form_sent_twice import DRAFT
from tests.integrations.discord.test_http_interactions import (  # noqa: F401  (fixtures)
    Recorder,
    endpoint,
    post,
    recorder,
)
from tests.support.fake_discord import FakeDiscord, real_fixture


async def test_a_form_answered_late_and_submitted_again_runs_once_over_http(
        endpoint: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    client, http = endpoint
    for n, interaction_id in enumerate(("786008729715212339", "786008729715212340"), 1):
        submit = real_fixture("interaction_slash_command.json")
        submit.update(type=5, id=interaction_id, token=f"TOKEN{n}", data={
            "custom_id": "socialops-form:draft", "components": [
                {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
                for k, v in DRAFT.items()]})
        status, answer = await post(client, submit)
        assert (status, answer) == (200, {"type": 5, "data": {"flags": 64}})
        await http.drain()
    assert [i.action for i in recorder.seen] == ["draft"]
    second = await fake.wait_for("POST", "/webhooks/", count=2)
    assert "TOKEN2" in second.path and "sent already" in json.dumps(second.body)
