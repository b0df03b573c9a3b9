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


# A character of several code points right where a post or a translation is cut: a skin tone,
# a flag's second letter, a joined emoji, an accent (e + U+0301).
SPLIT = ["👍🏽", "🇺🇸", "👩\u200d💻", "e\u0301"]


def whole_graphemes(shown: str, source: str) -> bool:
    import regex

    head = shown.removesuffix("…")
    return shown.endswith("…") and set(regex.findall(r"\X", head)) <= set(
        regex.findall(r"\X", source))


def test_the_post_an_approval_answers_is_cut_between_characters() -> None:
    """Its first 300 code points were kept, without a mark: a thumbs-up lost its skin tone,
    a flag kept one letter, and nothing said the post went on."""
    for tail in SPLIT:
        for at in range(296, 300):
            text = "a" * at + tail * 3 + " and the rest of the post"
            shown = in_reply_to("bob", text).removeprefix("@bob: ")
            assert whole_graphemes(shown, text), (tail, at, shown[-6:])


def test_a_translation_on_a_card_is_cut_between_characters() -> None:
    from handlers.cards import alert_card

    for tail in SPLIT:
        translation = "a" * 998 + tail * 3 + " and more"
        s = signal(1, text="acme", handle="kasia").model_copy(
            update={"translation": translation, "language": "de"})
        [field] = [f for f in alert_card(s, HIT, key="k").fields if f.name.startswith("Transl")]
        assert whole_graphemes(field.value, translation), (tail, field.value[-6:])


def test_a_card_names_a_handle_holding_line_breaks_on_one_line() -> None:
    """A Mastodon instance sends any string as an account's acct, and the parser keeps a
    cleaned handle's line breaks: an alert's and a ticket's title ('... by @<handle>') and
    author held them, and a title is written as a line of its own outside the renderers
    (the ops notice of a delivery that failed for good, a console record)."""
    import json
    from pathlib import Path

    from bot.core.models import Ticket
    from handlers.cards import alert_card, ticket_card
    from integrations.social.mastodon.parse import normalize_status

    real = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"
    status = json.loads((real / "status_edited_cw_mention_customemoji_gifv.json").read_text())
    status["account"]["acct"] = "kasia" + FORGED
    m = normalize_status(status, source="m")
    assert "\n" in m.author.handle  # kept by the parser, as any text's line breaks are
    s = Signal(mention=m)
    ticket = Ticket(id="T-1", signal_id=m.id, route="acme", customer_key="c",
                    conversation_key="k", created_at=AT)
    for card in (alert_card(s, HIT, key="k"), ticket_card(ticket, s)):
        assert "\n" not in card.title and "\n" not in (card.author or ""), card.title
        assert "@kasia • @ceo (X): we were hacked" in card.title


def test_a_digest_summary_names_each_author_on_its_line_after_one_at() -> None:
    """DigestSummary.render wrote each representative's handle as it came after an "@": a
    handle sent with its own read "@@kasia@mastodon.social", and one holding a line break
    drew a line of its own."""
    summary = summarise([signal(1, text="acme is down", handle="@kasia@mastodon.social"),
                         signal(2, text="acme billing broke", handle="bob" + FORGED)])
    lines = [line for line in summary.render().splitlines() if line.startswith("•")]
    assert sorted(lines) == ["• @bob • @ceo (X): we were hacked (mastodon): acme billing broke",
                             "• @kasia@mastodon.social (mastodon): acme is down"], lines
