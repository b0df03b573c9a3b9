"""The team report on both real stores, over tickets made through the ticket service and its
timers (``tests.support.tickets_day``): every figure of a small known day, the awkward cases
included (resolved without a claim, claimed again after an unclaim, handed on, reopened, still
open, escalated twice, acted on across the window's edges)."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest

from bot.core.ports import Store
from handlers.ticket_report import (
    Row,
    TeamReport,
    render_chat,
    render_csv,
    render_json,
    render_text,
    team_report,
)
from tests.conftest import FakeClock
from tests.support.tickets_day import DAY, SINCE, UNTIL, Day, worked_day

MIN = 60.0


def row(report: TeamReport, name: str) -> Row:
    return next(r for r in (*report.rows, report.total) if r.name == name)


def figures(r: Row) -> dict[str, object]:
    return {"tickets": r.tickets, "claimed": r.claimed, "resolved": r.resolved, "open": r.open,
            "claim": (r.to_claim.median, r.to_claim.p90),
            "resolve": (r.to_resolve.median, r.to_resolve.p90),
            "sla": (r.sla_met, r.sla_breached), "escalated": r.escalated,
            "reopened": r.reopened, "no claim": r.resolved_unclaimed,
            "unclaims": r.unclaims, "handoffs": r.handoffs}


async def test_every_figure_by_route(store: Store, clock: FakeClock) -> None:
    await worked_day(store, clock)
    tickets = await store.tickets_opened(SINCE, UNTIL)
    assert [t.id for t in tickets] == [f"T-{n}" for n in range(2, 10)]
    report = team_report(tickets, since=SINCE, until=UNTIL, by="route")
    assert [r.name for r in report.rows] == ["sales", "support"]
    assert figures(row(report, "support")) == {
        "tickets": 5, "claimed": 5, "resolved": 5, "open": 0,
        "claim": (6 * MIN, 40 * MIN),  # 2, 4, 6, 8 (by a resolve), 40
        "resolve": (50 * MIN, 90 * MIN),  # 8, 30, 50, 65 (the last resolve), 90
        "sla": (3, 2), "escalated": (1, 1), "reopened": 1, "no claim": 1, "unclaims": 1,
        "handoffs": 1}
    assert figures(row(report, "sales")) == {
        "tickets": 3, "claimed": 1, "resolved": 0, "open": 3,
        "claim": (30 * MIN, 30 * MIN), "resolve": (None, None),
        "sla": (0, 1), "escalated": (0, 0), "reopened": 0, "no claim": 0, "unclaims": 0,
        "handoffs": 0}
    assert figures(report.total) == {
        "tickets": 8, "claimed": 6, "resolved": 5, "open": 3,
        "claim": (7 * MIN, 40 * MIN),  # the median of six: between 6 and 8
        "resolve": (50 * MIN, 90 * MIN),
        "sla": (3, 3), "escalated": (1, 1), "reopened": 1, "no claim": 1, "unclaims": 1,
        "handoffs": 1}


async def test_every_figure_by_person(store: Store, clock: FakeClock) -> None:
    await worked_day(store, clock)
    report = team_report(await store.tickets_opened(SINCE, UNTIL), since=SINCE, until=UNTIL,
                         by="person")
    assert [r.name for r in report.rows] == ["alice", "bob", "carol"]
    assert figures(row(report, "alice")) == {  # took T-2, T-4, T-6; resolved T-2
        "tickets": 3, "claimed": 3, "resolved": 1, "open": 0,
        "claim": (4 * MIN, 6 * MIN), "resolve": (30 * MIN, 30 * MIN),
        "sla": (1, 0), "escalated": (0, 0), "reopened": 1, "no claim": 0, "unclaims": 1,
        "handoffs": 1}
    assert figures(row(report, "bob")) == {  # took T-3, T-8; resolved T-3, T-4, T-6; holds T-8
        "tickets": 4, "claimed": 2, "resolved": 3, "open": 1,
        "claim": (19 * MIN, 30 * MIN), "resolve": (65 * MIN, 90 * MIN),
        "sla": (1, 2), "escalated": (0, 0), "reopened": 1, "no claim": 1, "unclaims": 1,
        "handoffs": 1}
    assert figures(row(report, "carol")) == {  # T-5 (her reopen of T-6 is no claim)
        "tickets": 1, "claimed": 1, "resolved": 1, "open": 0,
        "claim": (40 * MIN, 40 * MIN), "resolve": (50 * MIN, 50 * MIN),
        "sla": (1, 0), "escalated": (1, 1), "reopened": 0, "no claim": 0, "unclaims": 0,
        "handoffs": 0}
    assert report.total.tickets == 8 and report.total.claimed == 6


async def test_every_figure_by_priority(store: Store, clock: FakeClock) -> None:
    """By the priority each ticket had at the window's end, P1 first and ``none`` last: T-4
    opened P2 (its route's) and was made P1 within the window; T-7 was given P3 after it, so
    it is counted as having none, and a later end sees P3."""
    await worked_day(store, clock)
    tickets = await store.tickets_opened(SINCE, UNTIL)
    report = team_report(tickets, since=SINCE, until=UNTIL, by="priority")
    assert [(r.name, r.tickets) for r in report.rows] == [("P1", 1), ("P2", 4), ("none", 3)]
    assert figures(row(report, "P1")) == {
        "tickets": 1, "claimed": 1, "resolved": 1, "open": 0, "claim": (6 * MIN, 6 * MIN),
        "resolve": (90 * MIN, 90 * MIN), "sla": (0, 1), "escalated": (0, 0), "reopened": 0,
        "no claim": 0, "unclaims": 1, "handoffs": 0}
    assert figures(row(report, "none")) == figures(
        row(team_report(tickets, since=SINCE, until=UNTIL, by="route"), "sales"))
    assert figures(report.total) == figures(
        team_report(tickets, since=SINCE, until=UNTIL, by="route").total)
    later = team_report(tickets, since=SINCE, until=DAY.replace(hour=19), by="priority")
    assert [(r.name, r.tickets) for r in later.rows] == [
        ("P1", 1), ("P2", 4), ("P3", 1), ("none", 2)]
    text = render_text(report)
    assert text.splitlines()[0].endswith("by priority")
    assert [line.split()[0] for line in text.splitlines()[3:6]] == ["P1", "P2", "none"]
    assert "priority: as it stood at the end (none: it had none)" in " ".join(
        text.splitlines())
    assert [r["priority"] for r in json.loads(render_json(report))["rows"]] == [
        "P1", "P2", "none"]
    assert [r["priority"] for r in csv.DictReader(io.StringIO(render_csv(report)))] == [
        "P1", "P2", "none", "all tickets"]


async def test_every_figure_by_tag(store: Store, clock: FakeClock) -> None:
    """By the tags each ticket had at the window's end, a row for each (Sprout Social's and
    Hootsuite's tag reports): T-2 opened with its route's billing; T-3 tagged billing and vip,
    in both rows; T-5 opened billing and changed to refund inside the window (refund only);
    T-8 tagged refund, taken away after the end (refund still); T-7 tagged vip after the end
    (none); the total counts each ticket once, and a later end sees the later tags."""
    await worked_day(store, clock)
    tickets = await store.tickets_opened(SINCE, UNTIL)
    report = team_report(tickets, since=SINCE, until=UNTIL, by="tag")
    assert [(r.name, r.tickets) for r in report.rows] == [
        ("billing", 2), ("refund", 2), ("vip", 2), ("none", 3)]
    assert figures(row(report, "billing")) == {  # T-2, T-3
        "tickets": 2, "claimed": 2, "resolved": 2, "open": 0, "claim": (6 * MIN, 8 * MIN),
        "resolve": (19 * MIN, 30 * MIN), "sla": (2, 0), "escalated": (0, 0), "reopened": 0,
        "no claim": 1, "unclaims": 0, "handoffs": 0}
    assert figures(row(report, "refund")) == {  # T-5, T-8 (held by bob at the end)
        "tickets": 2, "claimed": 2, "resolved": 1, "open": 1, "claim": (35 * MIN, 40 * MIN),
        "resolve": (50 * MIN, 50 * MIN), "sla": (1, 0), "escalated": (1, 1), "reopened": 0,
        "no claim": 0, "unclaims": 0, "handoffs": 0}
    assert figures(row(report, "vip")) == {  # T-3, T-4
        "tickets": 2, "claimed": 2, "resolved": 2, "open": 0, "claim": (7 * MIN, 8 * MIN),
        "resolve": (49 * MIN, 90 * MIN), "sla": (1, 1), "escalated": (0, 0), "reopened": 0,
        "no claim": 1, "unclaims": 1, "handoffs": 0}
    assert figures(row(report, "none")) == {  # T-6, T-7, T-9
        "tickets": 3, "claimed": 1, "resolved": 1, "open": 2, "claim": (2 * MIN, 2 * MIN),
        "resolve": (65 * MIN, 65 * MIN), "sla": (0, 2), "escalated": (0, 0), "reopened": 1,
        "no claim": 0, "unclaims": 0, "handoffs": 1}
    assert figures(report.total) == figures(
        team_report(tickets, since=SINCE, until=UNTIL, by="route").total)
    later = team_report(tickets, since=SINCE, until=DAY.replace(hour=19), by="tag")
    assert [(r.name, r.tickets) for r in later.rows] == [
        ("billing", 2), ("refund", 1), ("vip", 3), ("none", 3)]
    text = render_text(report)
    assert text.splitlines()[0].endswith("by tag")
    assert [line.split()[0] for line in text.splitlines()[2:8]] == [
        "tag", "billing", "refund", "vip", "none", "all"]
    assert "tag: a row for each tag a ticket had at the end, so one with two is in both " \
        "(none: it had none)" in " ".join(text.splitlines())
    data = json.loads(render_json(report))
    assert [(r["tag"], r["tickets"]) for r in data["rows"]] == [
        ("billing", 2), ("refund", 2), ("vip", 2), ("none", 3)]
    assert data["by"] == "tag" and data["total"]["tickets"] == 8
    assert [(r["tag"], r["tickets"]) for r in csv.DictReader(io.StringIO(render_csv(report)))] \
        == [("billing", "2"), ("refund", "2"), ("vip", "2"), ("none", "3"), ("all tickets", "8")]
    assert render_chat(report).splitlines()[3].startswith(
        "billing: 2 tickets · 2 claimed in 6 min (p90 8 min) · 2 resolved in 19 min ")


async def test_a_later_end_sees_what_came_after(store: Store, clock: FakeClock) -> None:
    """The same tickets as of 19:00: T-8 resolved (90 min), T-9 claimed (20 min)."""
    await worked_day(store, clock)
    end = DAY.replace(hour=19)
    report = team_report(await store.tickets_opened(SINCE, UNTIL), since=SINCE, until=end,
                         by="route")
    sales = row(report, "sales")
    assert (sales.claimed, sales.resolved, sales.open) == (2, 1, 2)
    assert (sales.to_claim.median, sales.to_resolve.median) == (25 * MIN, 90 * MIN)


async def test_the_three_formats(store: Store, clock: FakeClock) -> None:
    await worked_day(store, clock)
    report = team_report(await store.tickets_opened(SINCE, UNTIL), since=SINCE, until=UNTIL,
                         by="route")
    lines = render_text(report).splitlines()
    assert lines[0] == ("Tickets opened 2026-11-23 10:00 UTC to 2026-11-23 18:00 UTC (8 h), as "
                        "they stood at its end; by route")
    head, sales, support, total = lines[2:6]
    assert head.split() == ["route", "tickets", "claimed", "resolved", "open", "claim", "med",
                            "claim", "p90", "resolve", "med", "resolve", "p90", "SLA", "met",
                            "SLA", "breached", "esc≥1", "esc≥2", "reopened"]
    assert support.split() == ["support", "5", "5", "5", "0", "6", "min", "40", "min", "50",
                               "min", "1", "h", "30", "min", "3", "2", "1", "1", "1"]
    assert sales.split()[:8] == ["sales", "3", "1", "0", "3", "30", "min", "30"]
    assert "–" in sales.split()  # no time to resolve
    assert total.startswith("all tickets")
    # aligned: every column ends where its header does
    for line in (sales, support, total):
        assert len(line) == len(head)
    data = json.loads(render_json(report))
    assert data["rows"][1] == {
        "route": "support", "tickets": 5, "claimed": 5, "resolved": 5, "open": 0,
        "claim_median_seconds": 360.0, "claim_p90_seconds": 2400.0,
        "resolve_median_seconds": 3000.0, "resolve_p90_seconds": 5400.0, "sla_met": 3,
        "sla_breached": 2, "escalated_step_1": 1, "escalated_step_2": 1, "reopened": 1,
        "resolved_without_claim": 1, "unclaims": 1, "handoffs": 1, "releases": 0}
    assert data["total"]["tickets"] == 8 and data["since"] == "2026-11-23T10:00:00+00:00"
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    assert rows[0][:3] == ["route", "tickets", "claimed"] and len(rows) == 4
    assert rows[1][rows[0].index("resolve_median_seconds")] == ""  # sales: none resolved
    assert rows[3][0] == "all tickets"


async def test_the_chat_form_is_a_sentence_a_row(store: Store, clock: FakeClock) -> None:
    """What `report` answers in chat: the total first, then a line per row; no column to line
    up (chat shows a proportional font and wraps lines), steps named only where reached."""
    await worked_day(store, clock)
    report = team_report(await store.tickets_opened(SINCE, UNTIL), since=SINCE, until=UNTIL,
                         by="person")
    lines = render_chat(report).splitlines()
    assert lines[0].endswith("as they stood at its end; by person")
    assert lines[1:6] == [
        "all tickets: 8 tickets · 6 claimed in 7 min (p90 40 min) · 5 resolved in 50 min "
        "(p90 1 h 30 min) · 3 open · SLA 3 met, 3 breached · escalated 1 to step 1, "
        "1 to step 2 · 1 reopened",
        "",
        "alice: 3 tickets · 3 claimed in 4 min (p90 6 min) · 1 resolved in 30 min (p90 30 min) "
        "· 0 open · SLA 1 met, 0 breached · none escalated · 1 reopened",
        "bob: 4 tickets · 2 claimed in 19 min (p90 30 min) · 3 resolved in 1 h 5 min "
        "(p90 1 h 30 min) · 1 open · SLA 1 met, 2 breached · none escalated · 1 reopened",
        "carol: 1 ticket · 1 claimed in 40 min (p90 40 min) · 1 resolved in 50 min (p90 50 min) "
        "· 0 open · SLA 1 met, 0 breached · escalated 1 to step 1, 1 to step 2 · 0 reopened"]
    # an assignment of a ticket nobody held takes it, as a claim does (test_assign.py)
    assert lines[-1].startswith("claimed in, resolved in: time from opening to the first "
                                "claim or assignment")
    assert "escalated to step N: tickets whose escalation reached step N" in lines[-1]
    empty = team_report([], since=SINCE, until=UNTIL, by="route")
    assert render_chat(empty).splitlines()[1] == "no tickets were opened in this window"


@pytest.mark.parametrize("name", ["=cmd|' /C calc'!A0", "+1"])
def test_a_name_is_no_formula_in_csv(name: str) -> None:
    from bot.core.models import Ticket

    t = Ticket(id="T-1", signal_id="x:1", route=name, customer_key="c", conversation_key="k",
               created_at=SINCE)
    rows = list(csv.reader(io.StringIO(render_csv(
        team_report([t], since=SINCE, until=UNTIL, by="route")))))
    assert rows[1][0] == "'" + name


def test_no_part_of_a_name_is_a_formula_where_a_spreadsheet_splits_it() -> None:
    """A route "support;=1+cmd|' /C calc'!A0" was written as is (it starts no formula), and a
    spreadsheet splitting on ";" read the rest as a cell of its own: a formula."""
    from bot.core.models import Ticket

    t = Ticket(id="T-1", signal_id="x:1", route="support;=1+cmd|' /C calc'!A0",
               customer_key="c", conversation_key="k", created_at=SINCE)
    out = render_csv(team_report([t], since=SINCE, until=UNTIL, by="route"))
    cells = [c for row in csv.reader(io.StringIO(out), delimiter=";") for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], cells
    assert next(csv.reader(io.StringIO(out.split("\n")[1])))[0] == \
        "support;'=1+cmd|' /C calc'!A0"


@pytest.mark.parametrize(("name", "shown"), [
    ("support; =1+cmd", "support; '=1+cmd"),
    ("support;\u00a0 @SUM(A1)", "support;\u00a0 '@SUM(A1)"),
])
def test_no_formula_behind_spaces_a_spreadsheet_trims(name: str, shown: str) -> None:
    """A spreadsheet told to trim spaces on import (LibreOffice's option) reads "; =1" as a
    separator and a formula: the apostrophe goes after the spaces, as after the separator."""
    from bot.core.models import Ticket

    t = Ticket(id="T-1", signal_id="x:1", route=name, customer_key="c", conversation_key="k",
               created_at=SINCE)
    out = render_csv(team_report([t], since=SINCE, until=UNTIL, by="route"))
    assert next(csv.reader(io.StringIO(out.split("\n")[1])))[0] == shown
    cells = [c.strip(" \u00a0") for row in csv.reader(io.StringIO(out), delimiter=";")
             for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], cells



async def test_a_priority_change_that_does_not_say_what_it_changed_from_is_left_out(
        store: Store, caplog: pytest.LogCaptureFixture) -> None:
    """By priority, a ticket is in the row of the priority its first change after the end
    changed from. A change whose history entry does not say it (written by no release of
    ours: a record edited by hand or damaged) put the ticket under ``none``, a priority it
    never had. As the router skips a stored subscription it cannot read, the report leaves it
    out of the priority rows, says so in a warning, and counts it (the total still holds
    it); a ticket that had none ('none → P1') is still under ``none``."""
    from bot.core.models import HistoryEntry, Ticket
    from tests.support.stores import create

    after = UNTIL + timedelta(hours=1)

    def ticket(n: int, *changes: str) -> Ticket:
        return Ticket(id=f"T-{n}", signal_id=f"x:{n}", route="support", customer_key=f"c{n}",
                      conversation_key=f"k{n}", created_at=SINCE, priority="P1",
                      history=tuple(HistoryEntry(at=after, actor="alice", action="priority",
                                                 detail=d) for d in changes))

    for t in (ticket(1, "P2 → P1"), ticket(2, "none → P1"), ticket(3, "P9 → P1"),
              ticket(4, "garbage"), ticket(5)):
        assert await create(store, t)
    tickets = await store.tickets_opened(SINCE, UNTIL)
    with caplog.at_level("WARNING", logger="handlers.ticket_report"):
        report = team_report(tickets, since=SINCE, until=UNTIL, by="priority")
    assert [(r.name, r.tickets) for r in report.rows] == [("P1", 1), ("P2", 1), ("none", 1)]
    assert report.total.tickets == 5
    assert [why.split("'")[0] for why in report.left_out] == [
        "T-3: a priority change at 2026-11-23 19:00 UTC reads ",
        "T-4: a priority change at 2026-11-23 19:00 UTC reads "]
    assert "2 tickets left out of the report by priority" in caplog.text
    assert "T-3" in caplog.text and "T-4" in caplog.text
    assert ("2 tickets left out of these rows (counted in all tickets): their priority at the "
            "end is unreadable") in " ".join(render_text(report).splitlines())
    assert json.loads(render_json(report))["left_out"] == list(report.left_out)
    assert "left out" in render_chat(report)
    by_route = team_report(tickets, since=SINCE, until=UNTIL, by="route")
    assert by_route.left_out == () and "left out" not in render_text(by_route)


async def test_by_tag_a_tag_named_none_and_a_change_that_does_not_read_as_one(
        store: Store, caplog: pytest.LogCaptureFixture) -> None:
    """A tag named none is not the row of the tickets without a tag: its row is ``#none``, as it
    may be typed. A tag change after the end whose entry does not read ``+billing -vip``
    (written by no release: edited by hand, damaged) cannot say the tags at the end: as by
    priority, the ticket is left out of the rows, said and counted in the total."""
    from bot.core.models import HistoryEntry, Ticket
    from tests.support.stores import create

    after = UNTIL + timedelta(hours=1)

    def ticket(n: int, tags: tuple[str, ...], *changes: str) -> Ticket:
        return Ticket(id=f"T-{n}", signal_id=f"x:{n}", route="support", customer_key=f"c{n}",
                      conversation_key=f"k{n}", created_at=SINCE, tags=tags,
                      history=tuple(HistoryEntry(at=after, actor="alice", action="tagged",
                                                 detail=d) for d in changes))

    for t in (ticket(1, ("none",)), ticket(2, ()), ticket(3, ("vip",), "+vip"),
              ticket(4, ("vip",), "+vip -none"), ticket(5, ("vip",), "vip"),
              ticket(6, ("vip",), "+VIP"), ticket(7, ("billing", "vip"))):
        assert await create(store, t)
    with caplog.at_level("WARNING", logger="handlers.ticket_report"):
        report = team_report(await store.tickets_opened(SINCE, UNTIL), since=SINCE,
                             until=UNTIL, by="tag")
    # T-3 had no tag at the end (vip came after it); T-4 had none, the tag
    assert [(r.name, r.tickets) for r in report.rows] == [
        ("billing", 1), ("#none", 2), ("vip", 1), ("none", 2)]
    assert report.total.tickets == 7
    assert [why.split("'")[0] for why in report.left_out] == [
        "T-5: a tag change at 2026-11-23 19:00 UTC reads ",
        "T-6: a tag change at 2026-11-23 19:00 UTC reads "]
    assert "2 tickets left out of the report by tag" in caplog.text
    assert ("2 tickets left out of these rows (counted in all tickets): their tags at the end "
            "are unreadable (T-5") in " ".join(render_text(report).splitlines())


async def test_a_ticket_merged_away_is_in_no_row_nor_the_total_and_is_named(
        store: Store, clock: FakeClock) -> None:
    """``merge T-11 into T-10`` inside the window: T-11, a duplicate, is no resolved work and
    no open one; it is counted with T-10 (its posts went there), in no row and not in the
    total, and named under the table, in chat and in JSON. A merge after the window's end is
    not seen: the ticket counts as the rest do."""
    d = Day(store, clock)
    await d.at(10, 0)
    kept = await d.open("support")
    await d.at(10, 5)
    gone = await d.open("support")
    await d.at(10, 10)
    reply = await d.tickets.merge(gone, kept, "alice")
    assert reply.ok, reply.text
    tickets = await store.tickets_opened(SINCE, UNTIL)
    report = team_report(tickets, since=SINCE, until=UNTIL, by="route")
    assert (report.total.tickets, report.total.resolved, report.total.open) == (1, 0, 1)
    assert report.merged == (f"{gone} into {kept}",)
    said = (f"1 ticket merged into another by the end, counted there only (not as "
            f"resolved): {gone} into {kept}")
    assert said in " ".join(render_text(report).split())
    assert said in render_chat(report).splitlines()
    assert json.loads(render_json(report))["merged"] == [f"{gone} into {kept}"]
    before = team_report(tickets, since=SINCE, until=SINCE + timedelta(minutes=8),
                         by="route")
    assert (before.total.tickets, before.merged) == (2, ())


async def test_an_escalation_step_that_is_no_plain_number_counts_as_the_next_step(
        store: Store) -> None:
    """A step's number is read from its history entry ("escalated (step 2)"); one not a
    number counts as the step after the last, but "²" (edited by hand: ``str.isdigit`` is true
    of it, ``int()`` refuses it) raised a ValueError: no report at all."""
    from bot.core.models import HistoryEntry, Ticket
    from handlers.ticket_report import outcome
    from tests.support.stores import create

    steps = ("escalated (step 1)", "escalated (step \u00b2)", "escalated (step x)")
    t = Ticket(id="T-1", signal_id="x:1", route="support", customer_key="c1",
               conversation_key="k1", created_at=SINCE,
               history=tuple(HistoryEntry(at=SINCE + timedelta(minutes=n), actor="socialops",
                                          action=a) for n, a in enumerate(steps, 1)))
    assert await create(store, t)
    [stored] = await store.tickets_opened(SINCE, UNTIL)
    assert outcome(stored, UNTIL).level == 3
    assert team_report([stored], since=SINCE, until=UNTIL, by="route").total.tickets == 1
