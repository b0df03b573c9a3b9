"""A 429 on one of the lookups an escalation notice makes holds that method only (a review,
2026-12-06). Slack applies its Web API limits "per API method per workspace per app"
(docs.slack.dev/apis/web-api/rate-limits): ``usergroups.list`` and ``usergroups.users.list``
are Tier 2, ``users.info`` Tier 4, and one method's 429 leaves the others answering. The
workspace kept one hold for both: a Tier 2 ``usergroups.list`` rate limited held every
``users.info`` for its Retry-After, and a notice then pinged a deactivated account without a
word (and a ``users.info`` 429 left every user group unchecked). Against the local Slack."""

from __future__ import annotations

from integrations.slack.workspace import SlackWorkspace
from tests.support.fake_slack import FakeSlack, Fault

GROUP = "S0SUPPORT"
GONE = "W0GONE"


async def test_a_group_lookup_rate_limited_still_asks_who_is_deactivated(
        fake_slack: FakeSlack, slack_ws: SlackWorkspace) -> None:
    fake_slack.usergroups[GROUP] = []
    fake_slack.users[GONE] = "gone@acme.test"
    fake_slack.deactivated.add(GONE)
    fake_slack.faults.append(Fault(method="usergroups.list", status=429, error="ratelimited",
                                   retry_after=30))
    assert await slack_ws.group_gone(GROUP, channel="C1") is None  # Slack did not say
    assert await slack_ws.group_gone(GROUP, channel="C1") is None  # waits out its 429
    assert len(fake_slack.calls_to("usergroups.list")) == 1
    # users.info has a limit of its own: asked, and the account is said to be gone
    assert await slack_ws.left(GONE, channel="C1") is not None
    assert len(fake_slack.calls_to("users.info")) == 1


async def test_a_person_lookup_rate_limited_still_checks_the_groups(
        fake_slack: FakeSlack, slack_ws: SlackWorkspace) -> None:
    fake_slack.usergroups[GROUP] = []
    fake_slack.users[GONE] = "gone@acme.test"
    fake_slack.faults.append(Fault(method="users.info", status=429, error="ratelimited",
                                   retry_after=30))
    assert await slack_ws.left(GONE, channel="C1") is None
    assert await slack_ws.group_gone(GROUP, channel="C1") == (
        "its Slack user group has no members")
