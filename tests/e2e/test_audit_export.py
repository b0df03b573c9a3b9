"""The audit export is safe to open (issue 20): CSV cells that a spreadsheet would run as a
formula are neutralised as OWASP's CSV-injection guidance says (a leading apostrophe before
= + - @ tab CR), and the JSON-lines export escapes the characters line-based readers split on
(U+2028, U+2029, NEL), so one event is always one line."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re

import pytest

from bot.app.cli import main
from bot.core.models import AuditEvent
from tests.e2e.test_approvals import drafted_reply, wait_status
from tests.e2e.world import APPROVALS, DAVE, World
from tests.support.stores import audit

FORMULAS = ['=HYPERLINK("http://evil.example","refund")', "+cmd|' /C calc'!A0", "-2+3+cmd",
            "@SUM(1+1)", "\t=1+1", "\r=1+1"]
BREAKERS = "one\u2028two\u2029three\x85four"


async def export(world: World, fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    await world.stop()  # the export reads the same store from another process's view
    capsys.readouterr()
    code = await asyncio.to_thread(main, ["audit", "--config",
                                          str(world.tmp / "socialops.yaml"), "--format", fmt])
    assert code == 0
    return capsys.readouterr().out


async def seed(world: World) -> int:
    """A real rejection whose comment is a formula, and stored events (older versions, other
    tools) whose every text field is hostile. Returns how many events the store holds."""
    approval_id, _ = await drafted_reply(world)
    assert await world.slash(DAVE, APPROVALS, f"reject {approval_id} {FORMULAS[0]}") == 200
    await wait_status(world, approval_id, "rejected")
    for n, formula in enumerate(FORMULAS):
        await audit(world.a.store, AuditEvent(
            id=f"E-hostile-{n}", at=world.clock(), actor=formula, action=formula,
            object_type=formula, object_id=formula, detail=f"{formula} {BREAKERS}",
            after={"comment": BREAKERS}))
    return len(await world.a.store.audit_since(None))


async def test_csv_export_cells_never_start_a_formula(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    events = await seed(world)
    rows = list(csv.reader(io.StringIO(await export(world, "csv", capsys), newline="")))
    assert len(rows) == events + 1  # the header, then one row per event
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    rejected = next(r for r in rows if r[2] == "approval.rejected")
    assert rejected[5].startswith("'" + FORMULAS[0])  # shown as text, nothing lost
    # a tab or CR starting a cell is left out, as a card leaves it out
    assert ["'" + f.strip() for f in FORMULAS] == [r[1] for r in rows if r[1].startswith("'")]


# A spreadsheet whose list separator is ";" (Excel in much of Europe) or one told to split on
# tabs makes each part after one a cell of its own, and the writer quotes neither.
SPLIT = ["fine;=1+cmd|' /C calc'!A0", "ok\t@SUM(1+1)", "x;-2+3+cmd", "a\n+cmd"]


async def test_csv_export_cells_never_start_a_formula_where_a_spreadsheet_splits_them(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    """A reject comment "fine;=1+cmd|..." was written as is: its first character is no
    formula start, but a spreadsheet splitting on ";" read "=1+cmd|..." as a cell of its
    own, a formula (OWASP: a separator lets the rest of a cell start a new one)."""
    approval_id, _ = await drafted_reply(world)
    assert await world.slash(DAVE, APPROVALS, f"reject {approval_id} {SPLIT[0]}") == 200
    await wait_status(world, approval_id, "rejected")
    for n, text in enumerate(SPLIT):
        await audit(world.a.store, AuditEvent(
            id=f"E-split-{n}", at=world.clock(), actor=text, action="note", object_type="t",
            object_id=text, detail=text, after={"comment": text}))
    out = await export(world, "csv", capsys)
    for separator in (",", ";", "\t"):
        cells = [cell for row in csv.reader(io.StringIO(out, newline=""), delimiter=separator)
                 for line in row for cell in line.splitlines()]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], separator
    rows = list(csv.reader(io.StringIO(out, newline="")))
    rejected = next(r for r in rows if r[2] == "approval.rejected")
    assert rejected[5].startswith("fine;'=1+cmd|' /C calc'!A0")  # shown as text, nothing lost


async def test_csv_export_shows_no_escape_sequence_or_bidi_control(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    """A note typed in chat is kept as typed, and the CSV export wrote it so: printed to a
    terminal (``socialops audit --format csv | less -R``, or just run), its escape sequences
    set the clipboard (OSC 52), cleared the screen and recoloured it, and a right-to-left
    override reordered the cell in a spreadsheet. The JSON export, which escapes them, is
    the exact record."""
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    note = "refunded\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m \u202egnp.exe"
    assert await world.slash(DAVE, APPROVALS, f"note T-1 {note}") == 200
    await world.until(lambda: world.said_to(DAVE), "the note's answer")
    out = await export(world, "csv", capsys)
    hidden = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2069]")
    assert not hidden.search(out), repr(hidden.findall(out))
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert "refunded]52;c;ZXZpbA==[2J31m gnp.exe" in [r[5] for r in rows]


async def test_json_export_is_one_event_per_line(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    events = await seed(world)
    out = await export(world, "json", capsys)
    assert not any(ch in out for ch in "\u2028\u2029\x85")
    lines = out.splitlines()  # the strictest line splitter Python has
    assert len(lines) == events
    parsed = [json.loads(line) for line in lines]
    assert sum(BREAKERS in e["detail"] for e in parsed) == len(FORMULAS)
