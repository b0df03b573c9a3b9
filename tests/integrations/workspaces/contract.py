"""The Workspace contract suite: one set of tests every workspace (console, Slack, Discord) passes.

How to use it for a new workspace::

    class TestMyContract(WorkspaceContract):
        @pytest.fixture
        async def harness(self, ...) -> AsyncIterator[WorkspaceHarness]:
            yield MyHarness(...)

A harness gives the suite the workspace under test and a way to read back what a person would
see, interpreted by that platform's rules (``Rendered``): the visible text, who would be pinged,
what renders as a clickable link, which interactive buttons exist, and any platform limit that
was broken. The suite never looks at a vendor payload itself, so the same assertions hold for
Block Kit, Discord embeds and the terminal.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

import pytest

from bot.core.cards import Button, Card, CardField, CardKind
from bot.core.models import MessageRef, Ticket
from bot.core.ports import Workspace
from bot.core.text import clean
from handlers.cards import ticket_card
from tests.integrations.workspaces.hostile import CORPUS, Hostile

POST_URL = "https://social.example/@ana/1"
AUTHOR_URL = "https://social.example/@ana"
KINDS: tuple[CardKind, ...] = ("alert", "ticket", "approval", "digest", "spike", "notice")
# Controls, zero-width and bidi characters, line/paragraph separators and lone surrogates: none
# may reach a reader (separators become newlines, surrogates U+FFFD, the rest goes).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
    "\u2028\u2029\ud800-\udfff]"
)


@dataclass(frozen=True)
class Rendered:
    """One message as the platform would show it."""

    text: str  # what a reader sees, as plain text (markup resolved, entities decoded)
    pings: frozenset[str] = frozenset()  # ids notified; "channel", "here", "everyone" broadcasts
    links: frozenset[str] = frozenset()  # URLs that render as clickable links or link buttons
    actions: tuple[tuple[str, str], ...] = ()  # (action, target) of interactive buttons
    problems: tuple[str, ...] = ()  # platform limits broken (too long, too many blocks, ...)
    # Formatting the platform would apply ("bold", "quote", "code", ...), one entry per span,
    # in order: a post may not add to what the bot's own layout draws.
    styles: tuple[str, ...] = ()


class WorkspaceHarness(ABC):
    """What a contract test needs from one workspace implementation."""

    channel: str  # a channel id valid on this platform
    user_ids: tuple[str, ...]  # ids valid in Card.mention_users on this platform
    group_ids: tuple[str, ...]  # ids valid in Card.mention_groups on this platform

    @property
    @abstractmethod
    def workspace(self) -> Workspace: ...

    @abstractmethod
    async def view(self, ref: MessageRef) -> Rendered:
        """The message as it stands now (after any updates)."""

    @abstractmethod
    async def thread(self, ref: MessageRef) -> list[Rendered]:
        """Replies in the message's thread, oldest first."""

    @abstractmethod
    async def count(self, channel: str) -> int:
        """How many top-level messages the channel holds."""

    async def fresh(self) -> Workspace:
        """A new instance of the workspace over the same platform state (a restart)."""
        return self.workspace

    def shown_form(self, text: str) -> str:
        """``text`` as this workspace deliberately shows it (a documented neutralisation, such
        as the console's reserved glyphs); the identity for most."""
        return text


def card(kind: CardKind = "ticket", *, key: str = "T-1", **over: Any) -> Card:
    """A realistic card of each kind, with the buttons its handler would attach."""
    buttons: tuple[Button, ...]
    if kind == "ticket":
        buttons = (
            Button(action="claim", label="Claim", target=key, style="primary"),
            Button(action="resolve", label="Resolve", target=key),
            Button(action="snooze", label="Snooze 1h", target=key),
        )
    elif kind == "approval":
        buttons = (
            Button(action="approve", label="Approve", target=key, style="primary"),
            Button(action="reject", label="Reject", target=key, style="danger"),
        )
    else:
        buttons = ()
    buttons += (Button(action="open", label="Open on Mastodon", target="sig-1", url=POST_URL),)
    base: dict[str, object] = {
        "kind": kind,
        "key": key,
        "title": f"{kind.capitalize()} from @ana: refund",
        "text": "My order #1234 never arrived. Can you help?",
        "url": POST_URL,
        "network": "mastodon",
        "author": "ana",
        "author_url": AUTHOR_URL,
        "badges": ("negative", "complaint", "en"),
        "fields": (CardField(name="Customer", value="3 earlier posts"),),
        "route": "support",
        "status": "open",
        "buttons": buttons,
        "footer": "socialops",
    }
    base.update(over)
    return Card.model_validate(base)


def flat(text: str) -> str:
    return " ".join(text.split())


def allowed_links(c: Card) -> set[str]:
    return {u for u in (c.url, c.author_url, *(b.url for b in c.buttons)) if u}


def _placements(h: Hostile) -> dict[str, dict[str, Any]]:
    return {
        "title": {"title": h.text},
        "text": {"text": h.text},
        "author": {"author": h.text},
        "badges": {"badges": (h.text, "en")},
        "fields": {"fields": (CardField(name=h.text[:200], value=h.text),)},
        "meta": {"route": h.text, "status": h.text, "footer": h.text},
        "button_label": {
            "buttons": (Button(action="claim", label=h.text, target="T-1"),
                        Button(action="open", label=h.text, target="s", url=POST_URL)),
        },
    }


PLACEMENTS = tuple(_placements(CORPUS[0]))


class WorkspaceContract:
    """Subclass with a ``harness`` fixture; pytest collects the subclass (name it ``Test…``).

    ``known_issues`` maps a fragment of a test id to the reason it fails today: those tests run
    as strict xfails, so a fix turns them into an error that asks for the entry to be removed.
    """

    known_issues: ClassVar[dict[str, str]] = {}

    @pytest.fixture(autouse=True)
    def _known_issues(self, request: pytest.FixtureRequest) -> None:
        for fragment, reason in self.known_issues.items():
            if fragment in request.node.name:
                request.applymarker(pytest.mark.xfail(strict=True, reason=reason))

    @pytest.fixture
    def harness(self) -> WorkspaceHarness:
        raise NotImplementedError("a contract subclass provides the harness fixture")

    # -- what the outbox reads of it -----------------------------------------------------------

    async def test_it_says_each_value_the_workspace_protocol_names(
            self, harness: WorkspaceHarness) -> None:
        # the outbox reads them as attributes, no default (paced, lines_share_pace since
        # be4dddf, steady_pace since it was read with getattr): one left out is an
        # AttributeError at the first paced delivery
        said = {"name": str, "paced": bool, "lines_share_pace": bool, "steady_pace": bool}
        assert set(said) == set(Workspace.__annotations__)
        for ws in (harness.workspace, await harness.fresh()):
            for attr, kind in said.items():
                assert isinstance(getattr(ws, attr, None), kind), (type(ws).__name__, attr)

    # -- posting and editing -------------------------------------------------------------------

    async def test_post_returns_a_ref_in_this_workspace(self, harness: WorkspaceHarness) -> None:
        ref = await harness.workspace.post(harness.channel, card())
        assert ref.workspace == harness.workspace.name
        assert ref.channel == harness.channel and ref.message_id
        assert await harness.count(harness.channel) == 1

    async def test_post_then_update_edits_the_same_message(
        self, harness: WorkspaceHarness
    ) -> None:
        ws = harness.workspace
        ref = await ws.post(harness.channel, card(status="open"))
        again = await ws.update(ref, card(status="claimed by bo", title="Ticket T-1 claimed"))
        assert again.message_id == ref.message_id
        assert await harness.count(harness.channel) == 1
        shown = await harness.view(ref)
        assert "claimed by bo" in shown.text and "Ticket T-1 claimed" in shown.text

    async def test_thread_note_goes_to_the_thread(self, harness: WorkspaceHarness) -> None:
        ws = harness.workspace
        ref = await ws.post(harness.channel, card())
        assert await harness.thread(ref) == []
        await ws.update(ref, card(status="resolved", thread_note="bo resolved T-1: refunded"))
        notes = await harness.thread(ref)
        assert [flat(n.text) for n in notes][-1].endswith("bo resolved T-1: refunded")
        assert await harness.count(harness.channel) == 1

    async def test_a_tickets_priority_shows_on_its_card_and_a_change_in_its_thread(
        self, harness: WorkspaceHarness
    ) -> None:
        """The card ``handlers.cards.ticket_card`` makes of a P1 ticket leads with P1 and has
        a Priority field; ``priority T-1 p2`` edits it to P2 with its thread line. A ticket
        without a priority shows none."""
        t = Ticket(id="T-1", signal_id="s", route="support", customer_key="c",
                   conversation_key="v", created_at=datetime(2026, 11, 23, 9, tzinfo=UTC),
                   priority="P1")
        ws = harness.workspace
        ref = await ws.post(harness.channel, ticket_card(t, None))
        shown = flat((await harness.view(ref)).text)
        assert "P1 · T-1: ticket" in shown and "Priority" in shown, shown
        changed = t.model_copy(update={"priority": "P2"})
        await ws.update(ref, ticket_card(changed, None).model_copy(
            update={"thread_note": "alice changed the priority: P1 → P2"}))
        shown = flat((await harness.view(ref)).text)
        assert "P2 · T-1: ticket" in shown and "P1" not in shown, shown
        notes = await harness.thread(ref)
        assert [flat(n.text) for n in notes][-1].endswith("alice changed the priority: P1 → P2")
        plain = await ws.post(harness.channel, ticket_card(
            t.model_copy(update={"id": "T-2", "priority": None}), None))
        shown = flat((await harness.view(plain)).text)
        assert "T-2: ticket" in shown and "Priority" not in shown and "P1" not in shown, shown

    async def test_find_locates_a_posted_card_after_a_restart(
        self, harness: WorkspaceHarness
    ) -> None:
        ref = await harness.workspace.post(harness.channel, card(key="T-9"))
        await harness.workspace.post(harness.channel, card(key="T-10"))
        restarted = await harness.fresh()
        found = await restarted.find(harness.channel, "T-9")
        assert found is not None and found.message_id == ref.message_id
        assert await restarted.find(harness.channel, "T-404") is None

    @pytest.mark.parametrize("key", [
        "rss:https://blog.example/a b|support",  # a space ends a word
        "mastodon:" + "1" * 300 + "|support",  # as long as the model lets a mention id be
        "x%41 é\n|T-1",
    ], ids=["space", "long", "odd"])
    async def test_find_locates_a_card_whatever_its_key(
        self, harness: WorkspaceHarness, key: str
    ) -> None:
        ref = await harness.workspace.post(harness.channel, card(key=key, footer="f" * 3_000))
        await harness.workspace.post(harness.channel, card(key=key[:-1]))
        assert not (await harness.view(ref)).problems
        found = await (await harness.fresh()).find(harness.channel, key)
        assert found is not None and found.message_id == ref.message_id

    # -- rendering -----------------------------------------------------------------------------

    @pytest.mark.parametrize("kind", KINDS)
    async def test_every_card_kind_renders(
        self, harness: WorkspaceHarness, kind: CardKind
    ) -> None:
        c = card(kind, key=f"{kind}-1")
        shown = await harness.view(await harness.workspace.post(harness.channel, c))
        assert c.title in shown.text
        assert c.text in flat(shown.text)
        assert not shown.problems
        assert POST_URL in shown.links or POST_URL in shown.text

    async def test_buttons_survive(self, harness: WorkspaceHarness) -> None:
        for kind, expect in (("ticket", ["claim", "resolve", "snooze"]),
                             ("approval", ["approve", "reject"])):
            c = card(kind, key="X-1")  # type: ignore[arg-type]
            shown = await harness.view(await harness.workspace.post(harness.channel, c))
            assert [a for a, _ in shown.actions] == expect
            assert {t for _, t in shown.actions} == {"X-1"}

    async def test_route_mentions_ping_exactly_who_the_route_names(
        self, harness: WorkspaceHarness
    ) -> None:
        c = card(mention_users=harness.user_ids, mention_groups=harness.group_ids)
        shown = await harness.view(await harness.workspace.post(harness.channel, c))
        assert shown.pings == frozenset(harness.user_ids + harness.group_ids)
        plain = await harness.view(await harness.workspace.post(harness.channel, card()))
        assert plain.pings == frozenset()

    async def test_long_text_is_cut_within_limits_with_a_way_to_the_rest(
        self, harness: WorkspaceHarness
    ) -> None:
        text = "word " * 10_000 + "THE-END"
        shown = await harness.view(await harness.workspace.post(harness.channel, card(text=text)))
        assert not shown.problems
        assert "word word word" in shown.text and "THE-END" not in shown.text
        assert "…" in shown.text
        assert POST_URL in shown.links or POST_URL in shown.text

    @pytest.mark.parametrize("fill", ["&", "|", "<", "a"])
    async def test_long_urls_stay_within_limits(
        self, harness: WorkspaceHarness, fill: str
    ) -> None:
        # Under 3,000 characters as sent, but an escaped "&" is five (Slack's mrkdwn) and the
        # link shares its text object with a label.
        url = "https://social.example/?" + fill * 2_970
        c = card(text="word " * 10_000, url=url, author_url=url,
                 buttons=(Button(action="open", label="Open on Mastodon", target="s", url=url),))
        shown = await harness.view(await harness.workspace.post(harness.channel, c))
        assert not shown.problems, shown.problems
        assert "word word word" in shown.text

    # -- hostile text --------------------------------------------------------------------------

    @pytest.mark.parametrize("placement", PLACEMENTS)
    async def test_hostile_text_neither_pings_nor_links(
        self, harness: WorkspaceHarness, placement: str
    ) -> None:
        # Every row of the corpus in one test a placement, each assertion naming its row: the
        # rows take the same path through the renderer, and a test and a fresh local platform
        # a row (105 rows, seven placements, three workspaces) cost more than the rendering.
        ws = harness.workspace
        # the same card with harmless words in the same place: the layout to compare with
        plain = card(key="T-2", **_placements(Hostile("plain", "plain words"))[placement])
        baseline = await harness.view(await ws.post(harness.channel, plain))
        for n, hostile in enumerate(CORPUS, 3):
            row = hostile.name
            # a key of its own: a console card's thread is found by its key
            c = card(key=f"T-{n}", **_placements(hostile)[placement])
            ref = await ws.post(harness.channel, c)
            await ws.update(ref, c.model_copy(update={"thread_note": hostile.text}))
            main = await harness.view(ref)
            notes = await harness.thread(ref)
            for shown in [main, *notes]:
                assert shown.pings == frozenset(), f"{row}: pinged {set(shown.pings)}"
                assert shown.links <= allowed_links(c), \
                    f"{row}: linked {set(shown.links - allowed_links(c))}"
                assert not shown.problems, (row, shown.problems)
                assert not _INVISIBLE.search(shown.text), \
                    f"{row}: invisible or control characters shown"
            added = Counter(main.styles) - Counter(baseline.styles)  # an emptied part may drop one
            assert not added, f"{row}: the post's own formatting was interpreted: {dict(added)}"
            assert [n.styles for n in notes] == [()], \
                f"{row}: the note's own formatting was interpreted"
            assert [a for a, _ in main.actions] == [a for a, _ in baseline.actions], \
                f"{row}: the post drew actions of its own"
            assert {t for _, t in main.actions} <= {b.target for b in c.buttons}, row
            if hostile.visible and placement in ("text", "title"):
                expect = flat(harness.shown_form(clean(hostile.text)))
                assert expect in flat(main.text), f"{row}: hostile text was not shown"

    async def test_hostile_text_keeps_the_routes_own_pings(
        self, harness: WorkspaceHarness
    ) -> None:
        hostile = " ".join(h.text for h in CORPUS if h.visible)
        c = card(title=hostile[:300], text=hostile, mention_users=harness.user_ids[:1])
        shown = await harness.view(await harness.workspace.post(harness.channel, c))
        assert shown.pings == frozenset(harness.user_ids[:1])
