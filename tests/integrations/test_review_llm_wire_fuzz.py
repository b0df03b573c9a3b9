"""A security review's fuzzing of the model endpoint's answers (2026-12-06): ``content`` as a
list of parts of the wrong types. A part ``{"type": "text", "text": null}`` (or a number, an
object) was read with ``str()``: the card showed "None" (the word the null-content fix had
taken off the cards) or Python's repr of an object."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from integrations.llm.endpoint import ChatClient, ModelEndpoint
from tests.integrations.test_review_llm_wire import Answer, said, server  # noqa: F401


@pytest.mark.parametrize("parts", [
    [{"type": "text", "text": None}, {"type": "text", "text": "The app is down."}],
    [{"type": "text", "text": {"value": "x"}}, {"type": "text", "text": "The app is down."}],
    [{"type": "text", "text": 7}, {"type": "text"}, {"type": "text", "text": "The app is down."}],
])
async def test_parts_of_the_wrong_type_are_not_shown(
        server: tuple[str, list[Answer]], parts: list[Any]) -> None:  # noqa: F811
    url, queue = server
    queue.append(said(parts))
    async with httpx.AsyncClient() as client:
        assert await ModelEndpoint(ChatClient(url, "m"), client).translate("x") == \
            "The app is down."
