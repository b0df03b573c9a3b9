"""A chat connection whose token the platform refuses stops the process with one message,
``workspace <name>: <why>; fix the token (socialops check --online)``, logged and then printed
by the command as it is (``error: ...``). The why is the platform's answer, and a proxy or a
server may echo the token it was sent, a URL with a password, a whole error page: it is kept
redacted (the config's secrets and the log rules), on one line and cut at
``REFUSAL_LENGTH``."""

from __future__ import annotations

import asyncio

from bot.app.chat import Chat
from bot.app.logs import config_secrets
from bot.app.serve import REFUSAL_LENGTH, _hold_chat
from bot.core.errors import PermanentDeliveryError
from bot.core.redact import Redaction

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.configuredDiscordBotToken0123"
CONFIG = {"workspaces": [{"name": "discord", "type": "discord", "token": TOKEN}]}
ANSWER = (f"discord: login: HTTP 401 code 0: 401: Unauthorized (you sent Bot {TOKEN});\n"
          "via https://relay:R3layP%40ss@proxy.example/api?access_token=QUERYTOKEN "
          + "<html>" + "x" * 2000)


async def refused_with(answer: str) -> list[str]:
    async def run() -> None:
        raise PermanentDeliveryError(answer)

    async def close() -> None:
        return None

    refused: list[str] = []
    stop = asyncio.Event()
    await _hold_chat(Chat(name="discord", close=close, run=run), stop=stop, refused=refused,
                     redact=Redaction(config_secrets(CONFIG)))
    assert stop.is_set()
    return refused


async def test_a_refused_token_stops_with_a_redacted_one_line_message() -> None:
    [why] = await refused_with(ANSWER)
    for secret in (TOKEN, TOKEN[:12], "R3layP%40ss", "QUERYTOKEN"):
        assert secret not in why, (secret, why)
    assert why.startswith("workspace discord: discord: login: HTTP 401 code 0: 401: "
                          "Unauthorized (you sent Bot [REDACTED]);"), why
    assert "https://relay:[REDACTED]@proxy.example/api?access_token=[REDACTED]" in why, why
    assert why.endswith("; fix the token (socialops check --online)"), why
    assert "\n" not in why
    assert len(why) <= REFUSAL_LENGTH + len("workspace discord: ; fix the token (socialops "
                                            "check --online)"), len(why)


async def test_a_refusal_without_words_says_its_kind() -> None:
    [why] = await refused_with("")
    assert why == ("workspace discord: PermanentDeliveryError; fix the token (socialops "
                   "check --online)"), why
