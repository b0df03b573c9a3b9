"""Hostile or mistaken ``/socialops subscribe`` options, through bolt's request path (signed
slash commands to the app on a loopback port, answers landing on the local Slack): an option
that would make a subscription other than the one typed, one that could never fire, is refused
in one ephemeral line that says what to write, and the dispatcher never sees it."""

from __future__ import annotations

import pytest

from integrations.slack.escape import unescape
from tests.integrations.slack.served import Served
from tests.integrations.slack.test_app_inbound import slash
from tests.support.fake_slack import FakeSlack


async def refused(served: Served, fake_slack: FakeSlack, text: str) -> str:
    status, _ = await served.command(slash(fake_slack, text))
    assert status == 200
    (resp,) = await fake_slack.wait_for("response")
    assert resp.args["response_type"] == "ephemeral"
    assert served.handler.seen == []
    answer = unescape(resp.args["text"])
    assert "Traceback" not in answer
    return answer


# Routing compares a post's language as two letters without its region ("pt-BR" is "pt"): each
# of these was kept, and the subscription never fired.
@pytest.mark.parametrize(("lang", "fix"), [
    ("pt-BR", "'pt-br' is not an ISO 639-1 language code; use pt"),
    ("eng", "'eng' is not an ISO 639-1 language code (two lowercase letters"),
    ("en,xx", "'xx' is not an ISO 639-1 language code"),
    ("english", "'english' is not an ISO 639-1 language code; use en"),
])
@pytest.mark.parametrize("verb", ["subscribe", "preview"])
async def test_a_language_no_post_is_ever_tagged_with_is_refused(
        served: Served, fake_slack: FakeSlack, verb: str, lang: str, fix: str) -> None:
    answer = await refused(served, fake_slack, f"{verb} acme outage lang={lang}")
    assert f"lang takes language codes like en,pl: {fix}" in answer


# Each made a subscription other than the one typed: an empty option became a keyword every
# post must hold ("acme lang=" fired for no post), a repeated one kept the last alone, and
# bounds that leave no sentiment between them can never be met.
@pytest.mark.parametrize(("options", "fix"), [
    ("lang=", "lang takes language codes like en,pl"),
    ("digest=", "digest must be hourly, daily or weekly"),
    ("sentiment<", "sentiment takes a number from -1 to 1"),
    ("lang=en lang=pl", "lang is given twice; keep one (list every language in one: lang=en,pl)"),
    ("digest=hourly digest=daily", "digest is given twice; keep one"),
    ("sentiment<0.2 sentiment<-0.4", "sentiment< is given twice; keep one"),
    ("sentiment<-0.5 sentiment>0.5", "no post is below -0.5 and above 0.5: sentiment< takes "
                                     "the upper bound, sentiment> the lower"),
])
async def test_an_option_that_would_change_the_subscription_silently_is_refused(
        served: Served, fake_slack: FakeSlack, options: str, fix: str) -> None:
    answer = await refused(served, fake_slack, f"subscribe acme outage {options}")
    assert answer.startswith(fix), answer
