"""Slack's App Home: the Home tab of each person, published with ``views.publish``.

Opening the tab (the ``app_home_opened`` event, ``tab: home``) publishes that person's home
(``bot.core.home.Home`` from the injected ``HomeSource``). When cards change through this app
(a claim, a resolve, a decided approval), the homes of the people who opened theirs within
``RECENT`` are published again, at most ``REFRESH_USERS`` of them, newest first: a home nobody
looks at is not kept fresh, it is rebuilt when opened. ``views.publish`` is a Tier 4 method
(100+ per minute per workspace, docs.slack.dev/reference/methods/views.publish), so publishing
is paced to ``PER_MINUTE``; past that, or after a 429 until its Retry-After, a refresh skips
people (their home is rebuilt the next time they open it or the next change). Refreshes
coalesce: changes while one runs make one more run, not one each.

Layout: a header, then per section a header, its note in bold if it has one (on call: "You
are on call in primary until …"), one section block per item (``*T-3* · …``,
social text escaped and neutralised with the card's mrkdwn escaper, a link to the card) and a
context line for the rest or for an empty list. Slack takes at most 100 blocks in a view; a
home that would be longer ends with a line naming each section left out, with its count.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict, deque
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import DeliveryError, RateLimited
from bot.core.home import Home, HomeItem, HomeSection
from bot.core.ports import Clock, HomeSource
from bot.core.text import utf16_len
from integrations.slack.api import call
from integrations.slack.escape import cut, inline, link, plain

log = logging.getLogger(__name__)

MAX_VIEW_BLOCKS = 100
SECTION_TEXT = 3_000
HEADER_TEXT = 150
ITEM_TEXT = 2_500  # an item's own text; its id and the link to its card take the rest
ITEM_TEXT_FLOOR = 300  # what a link to the card may leave of it, at least (else it is text)
RECENT = timedelta(hours=1)
REFRESH_USERS = 50
PER_MINUTE = 90  # under Tier 4's 100 per minute, leaving room for opens
REMEMBERED = 5_000  # viewers remembered at most (oldest forgotten first)


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": plain(text, HEADER_TEXT),
                                       "emoji": False}}


def _context(mrkdwn: str) -> dict[str, Any]:
    """A context line of mrkdwn already escaped and cut to fit (``cut``): cutting it here
    could land inside an entity (``&am``) or a link (``<https://…``)."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn}]}


def _item(item: HomeItem) -> dict[str, Any]:
    # Each piece is cut on its raw text to the room the others leave, never the escaped
    # whole: a cut there could land inside an entity or the card's ``<url|card>`` link.
    flag = "⚠️ " if item.overdue else ""
    head = f"{flag}*{inline(item.id, 40)}* · "
    where = ""
    if item.link:
        room = SECTION_TEXT - utf16_len(head) - ITEM_TEXT_FLOOR - len(" · ")
        shown = link(item.link, "card", room=room)
        where = f" · {shown}" if shown != "card" else f" · {inline(item.link, 200)}"
    room = min(ITEM_TEXT, SECTION_TEXT - utf16_len(head) - utf16_len(where))
    text = f"{head}{inline(item.text, room)}{where}"
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}}


def render_home(home: Home) -> dict[str, Any]:
    """The ``home`` view for ``views.publish``."""
    blocks: list[dict[str, Any]] = [_header(
        f"socialops · {home.person}" if home.person else "socialops")]
    if home.note:
        note = cut(home.note, SECTION_TEXT)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": note}})
    for n, section in enumerate(home.sections):
        part: list[dict[str, Any]] = [{"type": "divider"}, _header(section.title)]
        if section.note:  # inline neutralises the note's own * so the bold holds
            part.append({"type": "section", "text": {
                "type": "mrkdwn", "text": f"*{inline(section.note, SECTION_TEXT - 2)}*",
                "verbatim": True}})
        part += [_item(i) for i in section.items]
        if section.more:
            part.append(_context(f"… and {section.more} more"))
        elif not section.items:
            part.append(_context(cut(section.empty, SECTION_TEXT)))
        if len(blocks) + len(part) > MAX_VIEW_BLOCKS - 1:
            blocks.append(_context(_left_out(home.sections[n:])))
            break
        blocks += part
    return {"type": "home", "callback_id": "socialops:home", "blocks": blocks}


def _left_out(sections: tuple[HomeSection, ...]) -> str:
    """The line ending a home cut at Slack's 100 blocks: each section left out by its title
    and how many rows it held, and the verbs that list them. "More sections did not fit"
    alone left a person in several teams unable to tell that their approvals were among them
    (``tickets`` lists no approvals)."""
    named = "; ".join(f"{s.title} ({len(s.items) + s.more or 'none'})" for s in sections)
    return cut("Left out, past Slack's 100 blocks a view (`/socialops tickets <team>`, "
               f"`drafts pending` and `list` show them): {named}", SECTION_TEXT)


class HomeTabs:
    """The Home tabs of one Slack workspace."""

    def __init__(self, workspace: str, *, client: AsyncWebClient, source: HomeSource,
                 clock: Clock) -> None:
        self.workspace = workspace
        self.client = client
        self.source = source
        self.clock = clock
        self.viewers: OrderedDict[str, datetime] = OrderedDict()  # user -> last opened
        self.sent: deque[datetime] = deque()
        self.blocked_until: datetime | None = None
        self.skipped = 0  # publishes left out by the pace or a 429
        self._task: asyncio.Task[None] | None = None
        self._again = False

    async def opened(self, user: str) -> bool:
        self.viewers[user] = self.clock()
        self.viewers.move_to_end(user)
        while len(self.viewers) > REMEMBERED:
            self.viewers.popitem(last=False)
        return await self.publish(user)

    def _may_send(self) -> bool:
        now = self.clock()
        if self.blocked_until is not None and now < self.blocked_until:
            return False
        while self.sent and now - self.sent[0] >= timedelta(minutes=1):
            self.sent.popleft()
        return len(self.sent) < PER_MINUTE

    async def publish(self, user: str) -> bool:
        """Publish ``user``'s home now; False when the pace or Slack said no."""
        if not self._may_send():
            self.skipped += 1
            return False
        self.sent.append(self.clock())
        try:
            view = render_home(await self.source.home(self.workspace, user))
            await call(self.client, "views.publish", user_id=user, view=view)
        except RateLimited as exc:
            self.blocked_until = self.clock() + timedelta(seconds=exc.retry_after)
            self.skipped += 1
            log.warning("slack %s: views.publish rate limited for %.0f s", self.workspace,
                        exc.retry_after)
            return False
        except DeliveryError as exc:
            log.warning("slack %s: home of %s not published: %s", self.workspace, user, exc)
            return False
        return True

    def recent(self) -> list[str]:
        """Who opened their home within ``RECENT``, newest first, at most ``REFRESH_USERS``."""
        since = self.clock() - RECENT
        users = [u for u, at in reversed(self.viewers.items()) if at >= since]
        return users[:REFRESH_USERS]

    def changed(self) -> None:
        """Cards changed: publish the recent viewers' homes again, in the background."""
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.get_running_loop().create_task(self._refresh())

    async def _refresh(self) -> None:
        while True:
            self._again = False
            for user in self.recent():
                try:
                    await self.publish(user)
                except Exception:  # one broken home must not stop the others
                    log.exception("slack %s: home of %s failed", self.workspace, user)
            if not self._again:
                return

    async def drain(self) -> None:
        """Wait for a refresh in flight (tests, shutdown)."""
        while self._task is not None and not self._task.done():
            await asyncio.gather(self._task, return_exceptions=True)
