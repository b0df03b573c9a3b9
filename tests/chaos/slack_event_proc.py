"""A real ``socialops run`` process that takes one Slack event and dies at a named write of its
event path, for ``test_review_slack_event_kills.py``.

``python -m tests.chaos.slack_event_proc CONFIG ISO BODY AT`` opens the app of ``CONFIG`` (its
Slack workspace the local Slack it names) with its chats, as ``run`` builds them, on a clock at
``ISO``; serves them on a loopback port; sends itself the Events API body (or a form's
``payload=`` submission) in the file ``BODY`` signed as Slack signs it (bolt's request path);
and waits until the event's work is done. It
calls ``os._exit`` (no ``finally``, no close, as SIGKILL would leave it) right after the store
write ``AT`` returned:

- ``mark``: the first ``mark_seen`` of the event's key (``event:slack:...``, a form's
  ``replay:slack:form:...``);
- ``act``: the first ``apply`` (the act's own write: a claim, a subscription);
- ``settle``: the first ``forget_seen`` of the event's key;
- ``done``: right BEFORE the event's own done mark is written on its own (``mark_seen`` of its
  key, not of its lease: the mark of an act that wrote nothing, such as a private answer,
  which no write of the act carried);
- ``none``: never.

A write ``AT`` names that the event path never makes is not died at: the process ends with
status 0, its event done."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer
from slack_sdk.signature import SignatureVerifier

from bot.app.compose import open_app
from bot.app.http import build_http_app
from bot.core.config import load_config
from bot.store import open_store
from integrations.slack.inbound import LEASE_SUFFIX
from tests.conftest import FakeClock
from tests.e2e.world import SECRET

DIED = 137
# the marks of the event path: a reaction's event, a form's run (as it was marked before too)
EVENT_KEYS = ("event:slack:", "replay:slack:form:")


class DyingStore:
    """The real store; the process dies right after the write ``at`` names."""

    def __init__(self, inner: Any, at: str) -> None:
        self._inner = inner
        self._at = at

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name not in ("mark_seen", "apply", "forget_seen"):
            return attr

        async def call(*args: Any, **kwargs: Any) -> Any:
            key = str(args[0])
            if (self._at == "done" and name == "mark_seen" and key.startswith(EVENT_KEYS)
                    and not key.endswith(LEASE_SUFFIX)):
                _die(f"before {self._at} ({name} {key[:60]})")
            result = await attr(*args, **kwargs)
            about_the_event = name == "apply" or key.startswith(EVENT_KEYS)
            if about_the_event and {"mark_seen": "mark", "apply": "act",
                                    "forget_seen": "settle"}[name] == self._at:
                _die(f"after {self._at} ({name} {key[:60]})")
            return result

        return call


def _die(where: str) -> None:
    """Gone at once, as SIGKILL leaves a process (no ``finally``, no close)."""
    sys.stderr.write(f"dying {where}\n")
    sys.stderr.flush()
    os._exit(DIED)


async def main(config: Path, now: datetime, body: str, at: str) -> None:
    loaded = load_config(config)
    clock = FakeClock(now)
    store = DyingStore(await open_store(loaded.config.store, redis_url=None, clock=clock), at)
    async with open_app(loaded, clock=clock, env={}, out=io.StringIO(), chat=True,
                        store=store) as app:  # type: ignore[arg-type]
        routes = {p: h for c in app.chats for p, h in {**c.routes, **c.fallback}.items()}
        server = TestServer(build_http_app(app, routes=routes), port=0)
        await server.start_server()
        # as ``socialops run`` asks auth.test as it starts: sent at once, the request waited
        # for it itself, for at most 2 s of wall-clock time, and on a loaded machine a first
        # call of a process just started took longer: answered 503, the test failed before
        # any write it kills at (the flaky runs of test_review_slack_event_kills.py)
        await asyncio.gather(*(chat.warm() for chat in app.chats if chat.warm is not None))
        try:
            stamp = str(int(clock().timestamp()))  # the app's clock checks the window
            kind = ("application/x-www-form-urlencoded" if body.startswith("payload=")
                    else "application/json")
            headers = {"X-Slack-Request-Timestamp": stamp, "Content-Type": kind,
                       "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(
                           timestamp=stamp, body=body) or ""}
            async with aiohttp.ClientSession() as http, http.post(
                    str(server.make_url("/slack/events")), data=body.encode(),
                    headers=headers) as resp:
                assert resp.status == 200, resp.status
            for chat in app.chats:
                await chat.close()  # waits for the event's work, acknowledged already
        finally:
            await server.close()
    print("done", flush=True)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), datetime.fromisoformat(sys.argv[2]),
                     Path(sys.argv[3]).read_text(), sys.argv[4]))
