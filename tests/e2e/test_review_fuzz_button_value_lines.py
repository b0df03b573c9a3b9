"""A button's value that is not one word (a forged click, a stale client: ``"\\n0"``,
``"T-1\\nT-2"``) was echoed in its refusal as it came: "no ticket \\n0", an answer over two
lines that names nothing to fix. It is refused in one line, the value shown flattened and cut,
before any verb reads it. Found by tests/e2e/test_review_fuzz_commands.py (forged buttons);
through Slack's signed request path."""

from __future__ import annotations

import pytest

from tests.e2e.world import DAVE, SUPPORT, World


@pytest.mark.parametrize("value", ["\n0", "T-1\nT-2", "T-1\u2028<!channel>", "\t"])
async def test_a_button_value_of_several_lines_is_refused_in_one(world: World,
                                                                 value: str) -> None:
    await world.mention("acme is down again, when is it fixed?", n=1)
    ts = world.posts(SUPPORT)[0]["ts"]
    assert await world.click(DAVE, "claim", "T-1", channel=SUPPORT, message_ts=ts,
                             value=value) == 200
    said = await world.told(DAVE, "not an id")
    assert "\n" not in said.strip() and "\u2028" not in said, said
    assert "type the command" in said, said
    assert (await world.a.store.get_ticket("T-1")).claimer is None  # type: ignore[union-attr]
