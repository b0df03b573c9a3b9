"""X wraps every link it finds in t.co, a domain typed without ``https://`` too (twitter-text's
extractor, which socialops' own X counter follows: docs/networks.md, "a bare `example.com` ...
counts 23"), and gives the link back in ``entities.urls[].expanded_url`` with the scheme X added
(``http://status.example.com``). The look before a retry compares the tweet's text, t.co
unwrapped to ``expanded_url``, with the text sent: a reply naming a bare domain is never
recognised, and a retry after a lost answer tweets it a second time. From a review of publishing
once (2026-12-06); it failed before the fix."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import httpx
import pytest

import tests.support.fake_x as fake_x
from bot.core.errors import PublishUncertain
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XPublisher
from tests.conftest import FakeClock
from tests.support.fake_x import USER_ID, FakeX
from tests.support.netserver import NetServer

TEXT = "Thanks for waiting! We're back up, details at status.example.com"
# a link as X's extractor finds one: with a scheme, or a bare domain of a known TLD
_LINK = re.compile(r"https?://\S+|\b(?:[a-z0-9-]+\.)+(?:com|org|net|io)\b(?:/\S*)?")


def wrap_like_x(text: str) -> tuple[str, list[dict[str, Any]]]:
    out, urls, last = "", [], 0
    for m in _LINK.finditer(text):
        link = m.group(0)
        expanded = link if "://" in link else "http://" + link  # X adds the scheme
        short = "https://t.co/" + hashlib.sha256(link.encode()).hexdigest()[:10]
        out += text[last:m.start()]
        urls.append({"start": len(out), "end": len(out) + len(short), "url": short,
                     "expanded_url": expanded, "display_url": link})
        out += short
        last = m.end()
    return out + text[last:], urls


async def test_a_lost_answer_to_a_reply_with_a_bare_domain_is_not_tweeted_twice(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fake_x, "wrap_links", wrap_like_x)
    fake = FakeX(net, clock=clock)
    cfg = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                        user_token="user", user_id=USER_ID, timeout=2.0)
    pub = XPublisher(cfg, client=client, clock=clock)
    fake.lose_answers = 1  # the tweet lands, its answer is lost (a 503 from a proxy)
    try:
        await pub.publish(TEXT, reply_to="x:42", idempotency_key="socialops-A-1-abc")
    except PublishUncertain:
        pass  # unconfirmed: the approval tries again, looking first
    clock.advance(minutes=1)  # the next try, a minute later, looks first
    try:
        await pub.publish(TEXT, reply_to="x:42", idempotency_key="socialops-A-1-abc")
    except PublishUncertain:
        pass
    assert len(fake.tweets) == 1, [t["text"] for t in fake.tweets]
