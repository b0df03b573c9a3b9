"""A Reddit app read without an account (the client-credentials grant: no ``username``) sent
``User-Agent: python:socialops.<client_id>:0.1 (by /u/socialops)``: the contact part named an
account that is not the operator's, someone else's or nobody's. Reddit's API rules (the
reddit-archive/reddit wiki, "API": "Change your client's User-Agent string to something unique
and descriptive, including the target platform, a unique application identifier, a version
string, and your username as contact information ... <platform>:<app ID>:<version string> (by
/u/<reddit username>)"; "NEVER lie about your user-agent ... spoofing other bots") ask for the
real account. Without one known, the part is left out, and one warning line at start says what
to set (``user_agent``, with the format).
Reddit's OAuth API is played by the shared local server (tests/support/netserver.py), every
request's User-Agent recorded, the token request's included (a feed reader operator's review,
2026-12-07; the User-Agent named /u/socialops before)."""

from __future__ import annotations

import logging

import httpx
import pytest

from bot.core.ports import Store
from integrations.social.reddit.api import user_agent
from tests.conftest import FakeClock
from tests.integrations.test_reddit import World, net, source, store, synthetic
from tests.support.netserver import NetServer

__all__ = ["net", "store"]


AGENT = "python:socialops.cid:0.1"
SAID = ('its User-Agent names no Reddit account (no username is set): Reddit\'s API rules ask '
        'for yours as contact; set user_agent: "python:socialops.cid:0.1 (by /u/<your reddit '
        'username>)"')


async def test_an_app_without_an_account_names_none_in_its_user_agent(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    net.handler("GET", "/r/socialops/new", World(synthetic(2, newest=clock.now)))
    with caplog.at_level(logging.WARNING, logger="integrations.social.reddit"):
        src = source(net, store, client, clock, username=None, password=None)
        await src.poll()
        await src.poll()
    assert user_agent(src.config) == AGENT
    assert net.requests and {r.headers["User-Agent"] for r in net.requests} == {AGENT}
    # said by check and by the start of the process that polls, at the source's user_agent
    # (tests/app/test_review_reddit_advice_said_once.py), not by each source built
    assert list(src.config.advice()) == [(("user_agent",), SAID)]
    assert caplog.records == []


async def test_an_account_or_a_user_agent_of_ones_own_is_sent_and_nothing_said(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    net.handler("GET", "/r/socialops/new", World(synthetic(1, newest=clock.now)))
    with caplog.at_level(logging.WARNING, logger="integrations.social.reddit"):
        await source(net, store, client, clock).poll()
        mine = "linux:com.example.watch:2.0 (by /u/ops)"
        await source(net, store, client, clock, username=None, password=None,
                     user_agent=mine).poll()
    assert {r.headers["User-Agent"] for r in net.requests} == {
        "python:socialops.cid:0.1 (by /u/botuser)", mine}
    assert caplog.records == []
