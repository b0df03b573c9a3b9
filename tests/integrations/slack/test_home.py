"""The Home tab's publisher against the local Slack: Block Kit's 100-block view limit, the
errors Slack answers (invalid_blocks, not_enabled, not_authed, a 429), who gets a refresh
(only people who opened their home within the hour, at most 50) and the pace under Tier 4."""

from __future__ import annotations

import re

import pytest

from bot.core.config import SlackWorkspaceConfig
from bot.core.home import Home, HomeItem, HomeSection
from bot.core.text import utf16_len
from integrations.slack.api import make_client
from integrations.slack.home import (
    PER_MINUTE,
    REFRESH_USERS,
    SECTION_TEXT,
    HomeTabs,
    render_home,
)
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack, view_errors


class Homes:
    """A home source: one big home per person (the real one is tested end to end)."""

    def __init__(self, sections: int = 3, items: int = 5) -> None:
        self.sections, self.items = sections, items
        self.asked: list[str] = []

    async def home(self, workspace: str, user: str) -> Home:
        self.asked.append(user)
        return Home(person=user.lower(), sections=tuple(
            HomeSection(title=f"Section {s} " + "x" * 200, items=tuple(
                HomeItem(id=f"T-{s * 100 + i}", text="<!here> " + "y" * 4_000,
                         link="https://acme.slack.com/archives/C1/p1")
                for i in range(self.items)), more=3)
            for s in range(self.sections)))


def tabs(slack_config: SlackWorkspaceConfig, clock: FakeClock, source: Homes) -> HomeTabs:
    return HomeTabs("acme", client=make_client(slack_config), source=source, clock=clock)


def test_a_huge_home_fits_slacks_view_limits() -> None:
    import asyncio

    view = render_home(asyncio.run(Homes(sections=30, items=10).home("acme", "U1")))
    assert len(view["blocks"]) <= 100 and view_errors(view) == []
    last = view["blocks"][-1]["elements"][0]["text"]
    # the sections left out are named (a review, 2026-12-06), the line cut to Slack's 3,000
    assert last.startswith("Left out, past Slack's 100 blocks") and utf16_len(last) <= 3_000
    shown = sum(1 for b in view["blocks"] if b["type"] == "header") - 1
    assert f"Section {shown} " in last and f"Section {shown - 1} " not in last
    assert all("<!here>" not in str(b) for b in view["blocks"])
    # the same home without the cut is what Slack would refuse
    assert view_errors({"type": "home", "blocks": view["blocks"] * 2})


async def test_slack_errors_are_logged_and_not_raised(
        fake_slack: FakeSlack, slack_config: SlackWorkspaceConfig, clock: FakeClock) -> None:
    homes = tabs(slack_config, clock, Homes())
    assert await homes.opened("U1")
    assert len(fake_slack.homes["U1"]["blocks"]) == 1 + 3 * (2 + 5 + 1)
    fake_slack.home_enabled = False  # the app's Home tab is switched off
    assert not await homes.publish("U1")
    fake_slack.home_enabled = True
    bad = tabs(slack_config.model_copy(update={"bot_token": "xoxb-wrong"}), clock, Homes())
    assert not await bad.publish("U1")
    errors = [c for c in fake_slack.calls_to("views.publish")]
    assert len(errors) == 3


async def test_a_429_stops_publishing_until_retry_after(
        fake_slack: FakeSlack, slack_config: SlackWorkspaceConfig, clock: FakeClock) -> None:
    homes = tabs(slack_config, clock, Homes())
    fake_slack.fail(method="views.publish", status=429, error="ratelimited", retry_after=30)
    assert not await homes.opened("U1")
    assert not await homes.publish("U1")  # not even asked: Slack said wait 30 s
    assert len(fake_slack.calls_to("views.publish")) == 1
    clock.advance(seconds=30)
    assert await homes.publish("U1")


async def test_refresh_reaches_only_recent_viewers_and_is_paced(
        fake_slack: FakeSlack, slack_config: SlackWorkspaceConfig, clock: FakeClock) -> None:
    source = Homes(sections=1, items=1)
    homes = tabs(slack_config, clock, source)
    await homes.opened("UOLD")
    clock.advance(minutes=61)
    for n in range(REFRESH_USERS + 10):
        await homes.opened(f"U{n:03d}")
    clock.advance(minutes=1)  # the opens' minute has passed
    source.asked.clear()
    homes.changed()
    homes.changed()  # before the refresh read anything: the same refresh covers it
    await homes.drain()
    assert "UOLD" not in source.asked
    newest = [f"U{n:03d}" for n in range(REFRESH_USERS + 9, 9, -1)]
    assert source.asked == newest
    # within one minute at most PER_MINUTE publishes; the rest wait for the next change
    homes.changed()
    await homes.drain()
    assert len(source.asked) == PER_MINUTE
    assert homes.skipped == 2 * REFRESH_USERS - PER_MINUTE
    clock.advance(minutes=1)
    homes.changed()
    await homes.drain()
    assert len(source.asked) == PER_MINUTE + REFRESH_USERS


async def test_a_change_during_a_refresh_makes_one_more_run(
        fake_slack: FakeSlack, slack_config: SlackWorkspaceConfig, clock: FakeClock) -> None:
    class Changing(Homes):
        async def home(self, workspace: str, user: str) -> Home:
            if len(self.asked) in (2, 3):  # twice while the first refresh is under way
                homes.changed()
            return await super().home(workspace, user)

    source = Changing(sections=1, items=1)
    homes = tabs(slack_config, clock, source)
    for user in ("U1", "U2"):
        await homes.opened(user)
    homes.changed()
    await homes.drain()
    assert source.asked == ["U1", "U2", "U2", "U1", "U2", "U1"]


_BROKEN_ENTITY = re.compile(r"&(?!amp;|lt;|gt;)")


def _whole_mrkdwn(text: str) -> None:
    """Every entity whole (no "&am" shown), every link or mention closed, within a section."""
    assert not _BROKEN_ENTITY.search(text), text[-20:]
    assert text.count("<") == text.count(">") and not re.search(r"<[^>]*\Z", text), text[-20:]
    assert utf16_len(text) <= SECTION_TEXT


@pytest.mark.parametrize("into", [0, 1, 2, 3, 4])
def test_a_cut_never_lands_inside_an_entity_or_the_cards_link(into: int) -> None:
    """A note and an item whose 3,000th character falls ``into`` characters into ``&amp;``
    (0: just before it): once escaped they were cut there, showing "&am", and the item's
    ``<url|card>`` link was left open."""
    note = "n" * (SECTION_TEXT - into) + "&" * 10
    # "*T-1* · " + 2,500 of text + " · <": the URL's escaped "&amp;" at the cut
    url = "https://acme.example/p?" + "a" * (SECTION_TEXT - 2_512 - 23 - into) + "&b" * 100
    home = Home(person="ana", note=note, sections=(HomeSection(title="Mine", items=(
        HomeItem(id="T-1", text="y" * 2_500, link=url),
        HomeItem(id="T-2", text="z" * (2_500 - into) + "<&>" * 200, link=url))),
        HomeSection(title="Empty", empty="<&>" * 1_000 + "&")))
    view = render_home(home)
    assert view_errors(view) == []
    texts = [b["text"]["text"] for b in view["blocks"] if b["type"] == "section"]
    texts += [b["elements"][0]["text"] for b in view["blocks"] if b["type"] == "context"]
    assert len(texts) == 4
    for text in texts:
        _whole_mrkdwn(text)
    note_shown, first, second, empty = texts
    assert note_shown.startswith("n" * 2_900) and note_shown.endswith("…")
    escaped_url = url.replace("&", "&amp;")
    for item in (first, second):  # the link whole, the item's own text cut to make room
        assert item.endswith(f" · <{escaped_url}|card>") and "…" in item
    assert empty.startswith("&lt;&amp;&gt;") and empty.endswith("…")
