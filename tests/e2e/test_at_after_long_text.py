"""A draft's time typed after a long text (6047bf8 refuses it saying where it goes), through
Slack's signed request path: the answer offered the line with the text cut at 40 characters,
so the line copied from it drafted a cut reply ('... the refund has been…'), to be published
once approved."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, SUPPORT, World

LONG = "Thanks for waiting, the refund has been issued to your card today"


async def test_a_time_after_a_long_text_is_not_offered_with_the_text_cut(world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    answer = await ask(world, ALICE, SUPPORT, f"reply {ticket_id} {LONG} at=2h")
    first = answer.splitlines()[0]
    assert first == (f"at=<when> goes before the text: reply {ticket_id} at=2h, then your text "
                     "('Thanks for waiting, the refund has been…')"), answer
    short = await ask(world, ALICE, SUPPORT, f"reply {ticket_id} Thanks, fixed now at=2h")
    assert short.splitlines()[0] == (
        f"at=<when> goes before the text: reply {ticket_id} at=2h Thanks, fixed now"), short


async def test_a_time_after_the_text_is_seen_through_a_full_stop(world: World) -> None:
    """``reply T-1 :refund at="tomorrow 9am".``, a sentence's full stop after the time, was
    drafted as typed; the time at the end is seen through trailing punctuation (.,;!)."""
    ticket_id, _ = await open_ticket(world)
    quoted = await ask(world, ALICE, SUPPORT, f'reply {ticket_id} :refund at="tomorrow 9am".')
    assert quoted.splitlines()[0] == (
        f'at=<when> goes before the text: reply {ticket_id} at="tomorrow 9am" :refund'), quoted
    bare = await ask(world, ALICE, SUPPORT, f"reply {ticket_id} Thanks, fixed now at=2h!")
    assert bare.splitlines()[0] == (
        f"at=<when> goes before the text: reply {ticket_id} at=2h Thanks, fixed now"), bare


async def test_a_time_after_the_text_in_any_quotes_of_the_family(world: World) -> None:
    """„…“ (German, Polish) and ‟…” are typographic quotes as “…” and «…» are (QUOTE_FAMILIES),
    and the time in them at the text's end was drafted as part of the text."""
    ticket_id, _ = await open_ticket(world)
    for when in ("„jutro 9am“", "„jutro 9am”", "‟tomorrow 9am”", "«demain 9h»"):
        answer = await ask(world, ALICE, SUPPORT, f"reply {ticket_id} :refund at={when}")
        assert answer.splitlines()[0] == (
            f"at=<when> goes before the text: reply {ticket_id} at={when} :refund"), answer


async def test_a_time_after_the_text_holding_another_familys_quotes(world: World) -> None:
    """Quotes nest one family in another (French «demain “9h”», as the English “…” holds
    «…» or a straight "…" holds „…“): the time was seen whole until 0c64a7f made every quote
    straight, when the inner one ended it, and the line was drafted with the time in its text,
    to be published so once approved. The one without any nesting is seen as before."""
    ticket_id, _ = await open_ticket(world)
    for when in ("«demain “9h”»", "“tomorrow «9am»”", '"tomorrow „9am“"', "„jutro «9am»“"):
        answer = await ask(world, ALICE, SUPPORT, f"reply {ticket_id} :refund at={when}")
        assert answer.splitlines()[0] == (
            f"at=<when> goes before the text: reply {ticket_id} at={when} :refund"), answer
