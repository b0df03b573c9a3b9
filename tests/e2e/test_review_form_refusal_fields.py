"""A reply, draft or subscribe form (modal) the dispatcher refuses for one field's sake (a
ticket not found, an account that cannot publish, a time that is not one, a query the
rules' parser refuses) shows the refusal under that field, and the form stays open with
what was typed (``response_action: errors``, keyed by the field's block id, within the ack's
bound). It was acked first, the form closing and the refusal coming after it as a private
message, the person typing the whole form again. A refusal about nothing in the form (the
channel it was opened in) keeps that path. Through the whole app (the real dispatcher),
signed requests and the local Slack."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.world import ALICE, SUPPORT, World


async def opened(world: World, text: str) -> dict[str, Any]:
    """The form ``/socialops <text>`` opens (Alice's, in #support)."""
    before = len(world.slack.views)
    assert await world.slash(ALICE, SUPPORT, text) == 200
    await world.until(lambda: len(world.slack.views) > before, f"the form of {text!r}")
    return world.slack.views[-1]


@pytest.mark.parametrize(("verb", "values", "field", "said"), [
    ("reply", {"ticket": "T-99", "text": "thanks"}, "ticket", "no ticket T-99"),
    ("draft", {"network": "mastodon", "account": "nobody", "text": "Hello"}, "account",
     "no account 'nobody' can publish"),
    ("draft", {"network": "mastodon", "account": "masto", "text": "Hello",
               "at": "when pigs fly"}, "at", ""),
    ("subscribe", {"query": "AND"}, "query", "unexpected 'AND'"),
])
async def test_a_refusal_about_one_field_is_shown_under_it_and_the_form_stays_open(
        world: World, verb: str, values: dict[str, str | None], field: str,
        said: str) -> None:
    form = await opened(world, verb)
    status, answer = await world.submit(ALICE, form, values)
    assert status == 200
    assert answer is not None and answer.get("response_action") == "errors", answer
    assert list(answer["errors"]) == [field]
    assert answer["errors"][field].startswith(said)
    assert world.said_to(ALICE) == []  # said once, in the form


async def test_a_refusal_about_nothing_in_the_form_closes_it_and_is_said_privately(
        world: World) -> None:
    form = await opened(world, "subscribe")
    world.slack.missing_channels.add(SUPPORT)  # the channel it was opened in is gone
    status, answer = await world.submit(ALICE, form, {"query": "outage"})
    assert (status, answer) == (200, None)  # closed: no field to show it under
    await world.until(lambda: world.said_to(ALICE), "the refusal, privately")
