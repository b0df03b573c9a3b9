"""Cards and replies that list posts one per line: a post's own line breaks and control
characters stay inside its line. A post ending in "\\n• @ceo (X): we were hacked" drew a line
of the group alert or the digest that read like another post; an author's name with a line
break did the same."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.models import Author, Mention, RouteHit, Signal
from bot.enrich.summary import summarise
from handlers.approvals import in_reply_to
from handlers.cards import group_card
from handlers.routing import digest_card

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
FORGED = "\n• @ceo (X): we were hacked"
HIT = RouteHit(route="acme", action="alert", workspace="w", channel="c")


def signal(n: int, *, text: str, handle: str) -> Signal:
    return Signal(mention=Mention(id=f"mastodon:{n}", network="mastodon", source="m",
                                  author=Author(id=str(n), handle=handle), text=text,
                                  created_at=AT))


def hostile(n: int) -> list[Signal]:
    return [signal(1, text="acme is down again" + FORGED + "\x1b[2J", handle="kasia"),
            signal(2, text="acme billing broke", handle="bob\x1b]0;x\x07" + FORGED)][:n]


def test_a_group_alert_has_one_line_per_post() -> None:
    card = group_card(hostile(2), HIT, key="g")
    assert card.text.splitlines() == [
        "• @kasia (Mastodon): acme is down again • @ceo (X): we were hacked[2J",
        "• @bob]0;x • @ceo (X): we were hacked (Mastodon): acme billing broke"]


def test_a_digest_has_one_line_per_post() -> None:
    card = digest_card(summarise(hostile(2)), HIT, key="d")
    assert sum(line.startswith("•") for line in card.text.splitlines()) == 2
    assert "\x1b" not in card.text


def test_the_post_an_approval_answers_is_named_on_one_line() -> None:
    assert in_reply_to("bob" + FORGED, "hi").splitlines()[0] == "@bob • @ceo (X): we were " \
        "hacked: hi"


def test_a_post_attached_to_a_ticket_is_one_line_of_its_history() -> None:
    from bot.core.effects import Effects
    from bot.core.models import RouteHit, Ticket
    from handlers.audit import Audit
    from handlers.identity import Directory
    from handlers.tickets import TicketService

    service = TicketService(None, None,  # type: ignore[arg-type]  # not read by _attach
                            clock=lambda: AT, audit=Audit(clock=lambda: AT),
                            directory=Directory([]), escalations={}, channels={})
    ticket = Ticket(id="T-1", signal_id="mastodon:0", route="acme", customer_key="c",
                    conversation_key="k", created_at=AT)
    hit = RouteHit(route="acme", action="ticket", workspace="console", channel="support")
    new = service._attach(ticket, hostile(1)[0], hit, Effects())
    assert new.history[-1].detail == ("new mention mastodon:1: acme is down again • @ceo (X): "
                                      "we were hacked[2J")


def test_a_post_found_by_status_is_named_on_one_line() -> None:
    from bot.core.models import Trace
    from handlers.identity import Directory
    from handlers.queue import Found, TicketQueue

    queue = TicketQueue(None, clock=lambda: AT,  # type: ignore[arg-type]  # not read here
                        directory=Directory([]), channels={})
    trace = Trace(id="mastodon:1", source="m", network="mastodon", author="bob" + FORGED,
                  text="acme", created_at=AT, fetched_at=AT, outcome="unrouted")
    first = queue.describe(Found(trace=trace)).splitlines()[0]
    assert first.startswith("mastodon:1 by @bob • @ceo (X): we were hacked on Mastodon")
