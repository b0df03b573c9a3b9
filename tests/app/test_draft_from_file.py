"""`socialops draft --from plan.csv --as P`: a spreadsheet of posts drafted at once, as
Hootsuite's Bulk Composer takes one. Every row is checked before any is drafted, each problem
one line naming the file, the line and the column; a row whose draft is still waiting is not
drafted again, so a run cut short is run again whole and drafts only the rest."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.bulk import Row
from bot.app.compose import open_app
from bot.core import keys as K
from bot.core.config import load_config
from bot.core.effects import Effects
from handlers.approvals import content_hash, draft_text
from tests.app.conftest import Cli
from tests.support.redis_server import RedisServer

CONFIG = """\
sources:
  - {id: sample, type: replay, path: empty.jsonl}
workspaces: [{name: console, type: console}]
channels:
  approvals: {workspace: console, id: approvals}
approvals: {channel: approvals, steps: [{approvers: [boss]}]}
people:
  - {id: me, role: admin, identities: {console: me}}
  - {id: boss, role: lead, identities: {console: boss}}
store: {backend: sqlite, path: ./data/socialops.db}
"""


def home(tmp_path: Path) -> Path:
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    return tmp_path


async def approvals(tmp_path: Path) -> list[tuple[str, str, datetime | None, str]]:
    async with open_app(load_config(tmp_path / "socialops.yaml"), out=io.StringIO()) as app:
        return [(a.id, a.status, a.publish_at, a.text)
                for a in sorted(await app.store.list_approvals(), key=lambda a: int(a.id[2:]))]


TOMORROW = (datetime.now(UTC) + timedelta(days=1)).replace(hour=9, minute=0, second=0,
                                                           microsecond=0)
PLAN = ('\ufeffNetwork,Account,At,Text\r\n'
        f'mastodon,sample,{TOMORROW:%Y-%m-%d %H:%M},Our winter sale starts now\r\n'
        'mastodon,sample,,"Status: all systems normal, thanks for your patience"\r\n'
        '\r\n'
        f'mastodon,sample,{TOMORROW:%Y-%m-%d}T10:30+01:00,"Two lines,\nand a ""quote"""\r\n')


def said(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(("plan.csv", "first.csv"))
            or (" drafted" in line and " of " in line)]


def test_each_row_is_drafted_once_and_a_second_run_drafts_none_again(
        tmp_path: Path, cli: Cli) -> None:
    home(tmp_path)
    (tmp_path / "plan.csv").write_text(PLAN, encoding="utf-8", newline="")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = said(proc.stdout)
    assert lines[0].startswith("plan.csv:2: A-1 drafted and waiting for approval; it "
                               "publishes at "), lines
    assert lines[1] == "plan.csv:3: A-2 drafted and waiting for approval", lines
    assert lines[2].startswith("plan.csv:5: A-3 drafted and waiting for approval; it "), lines
    assert lines[3] == "3 drafted of 3 in plan.csv", lines
    stored = asyncio.run(approvals(tmp_path))
    assert [(i, s, t) for i, s, _, t in stored] == [
        ("A-1", "pending", "Our winter sale starts now"),
        ("A-2", "pending", "Status: all systems normal, thanks for your patience"),
        ("A-3", "pending", 'Two lines,\nand a "quote"')]
    assert [a[2] for a in stored] == [TOMORROW, None, TOMORROW + timedelta(minutes=30)]
    assert proc.stdout.count("approve A-") >= 3  # each card posted in the approvals channel

    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert said(proc.stdout) == [
        "plan.csv:2: already drafted as A-1 (pending): not again",
        "plan.csv:3: already drafted as A-2 (pending): not again",
        "plan.csv:5: already drafted as A-3 (pending): not again",
        "0 drafted, 3 already waiting of 3 in plan.csv"]
    assert len(asyncio.run(approvals(tmp_path))) == 3


def test_a_run_cut_short_and_run_again_drafts_only_the_rest(tmp_path: Path,
                                                                  cli: Cli) -> None:
    """What a run killed after its first row leaves (each row's draft is one store write),
    then the whole file again."""
    home(tmp_path)
    head = PLAN.split("\r\n")
    (tmp_path / "first.csv").write_text("\r\n".join(head[:2]) + "\r\n", encoding="utf-8",
                                        newline="")
    (tmp_path / "plan.csv").write_text(PLAN, encoding="utf-8", newline="")
    assert cli("draft", "--from", "first.csv", "--as", "me", cwd=tmp_path).returncode == 0
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert said(proc.stdout)[0] == "plan.csv:2: already drafted as A-1 (pending): not again"
    assert said(proc.stdout)[-1] == "2 drafted, 1 already waiting of 3 in plan.csv"
    assert [a[0] for a in asyncio.run(approvals(tmp_path))] == ["A-1", "A-2", "A-3"]
    # another person's draft of the same text is theirs: drafted for this one too
    proc = cli("draft", "--from", "first.csv", "--as", "boss", cwd=tmp_path)
    assert said(proc.stdout)[-1] == "1 drafted of 1 in first.csv"


def test_every_problem_is_one_line_naming_line_and_column_and_nothing_is_drafted(
        tmp_path: Path, cli: Cli) -> None:
    home(tmp_path)
    (tmp_path / "plan.csv").write_text(
        "network,account,at,text\n"
        "mastodon,sample,,fine\n"
        "myspace,sample,,hello\n"
        "mastodon,sample,2020-01-01 09:00,hello\n"
        "mastodon,sample,,\u200b\n"
        "mastodon,nobody,,hello\n"
        "mastodon,sample,,fine\n"
        "mastodon,sample,,a,b\n"
        "mastodon,sample,in 2h,later\n"
        "mastodon,sample,notatime,later\n", encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 1
    errors = proc.stderr.splitlines()
    assert [e.split(": ", 3)[:3] for e in errors] == [
        ["error", "plan.csv:3", "network"], ["error", "plan.csv:4", "at"],
        ["error", "plan.csv:5", "text"], ["error", "plan.csv:6", "account"],
        ["error", "plan.csv:7", "the same post as line 2 (network, account, time and text)"],
        ["error", "plan.csv:8",
         "5 cells where the first row names 4 (a text holding a comma goes in double quotes)"],
        ["error", "plan.csv:9", "at"], ["error", "plan.csv:10", "at"]], errors
    assert errors[6].endswith("'in 2h' moves with the day the file is run: a plan's time is "
                              "a date and a time (2026-12-07 09:00, 2026-12-07T09:00+01:00), "
                              "the same whenever it is run again"), errors[6]
    # not a time at all was told it moves with the day (a newcomer's typo)
    assert errors[7].endswith("at: 'notatime' is not a time: a plan's time is a date and a "
                              "time (2026-12-07 09:00, 2026-12-07T09:00+01:00)"), errors[7]
    assert "unknown network 'myspace'" in errors[0]
    assert errors[1].endswith("give a later time, or leave it empty to publish as soon as it is "
                              "approved"), errors[1]
    assert "empty" in errors[2] and "no account 'nobody' can publish" in errors[3]
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert asyncio.run(approvals(tmp_path)) == []


def test_a_file_socialops_cannot_read_as_a_plan_is_one_line(tmp_path: Path, cli: Cli) -> None:
    home(tmp_path)
    cases = {
        b"": "error: plan.csv: empty: the first row names the columns",
        b"network,account,when,text\n": "error: plan.csv:1: column 3: column 'when' is not one "
                                        "socialops reads (network, account, at, text)",
        b"network,account\nmastodon,sample\n": "error: plan.csv:1: no 'text' column",
        b"network,account,text,text\n": "error: plan.csv:1: column 4: column 'text' twice",
        b"network,account,text\nmastodon,sample,\xff\xfe\n": "error: plan.csv: not UTF-8 text",
        b'network,account,text\nmastodon,sample,"open\n': "error: plan.csv:",
        ("network,account,text\n" + "mastodon,sample,hi\n" * 501).encode():
            "error: plan.csv: 501 posts: a plan holds at most 500; split it",
    }
    for content, want in cases.items():
        (tmp_path / "plan.csv").write_bytes(content)
        proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
        assert proc.returncode == 1 and proc.stderr.startswith(want), (content[:60], proc.stderr)
        assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr
    proc = cli("draft", "--from", "missing.csv", "--as", "me", cwd=tmp_path)
    assert proc.stderr == "error: missing.csv: file not found\n"
    proc = cli("draft", "--from", "plan.csv", "--network", "mastodon", "--as", "me", "hi",
               cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (2, (
        "error: socialops draft: --from takes each post's network, account, time and text from "
        "its rows: give no --network, a text with it; see `socialops draft --help`\n"))
    proc = cli("draft", "--account", "sample", "--as", "me", "hi", cwd=tmp_path)
    assert proc.returncode == 2  # an argument missing, as argparse's own
    assert proc.stderr == ("error: socialops draft: the following arguments are required: "
                           "--network (or --from FILE.csv with --as); see `socialops draft "
                           "--help`\n")
    proc = cli("draft", "--from", "plan.csv", cwd=tmp_path)
    assert proc.stderr.startswith("error: socialops draft: the following arguments are "
                                  "required: --as; ")


def test_a_plan_from_a_spreadsheet_that_separates_with_semicolons_is_read(
        tmp_path: Path, cli: Cli) -> None:
    """Excel and LibreOffice in much of Europe (a comma is the decimal mark there) save CSV
    with ';' between cells, Google Sheets' and others' TSV with tabs: the header row, whose
    names socialops knows, says which; a ';' or a comma in a text is then the text's."""
    home(tmp_path)
    for separator in (";", "\t"):
        (tmp_path / "plan.csv").write_text(
            f"\ufeffnetwork{separator}account{separator}at{separator}text\r\n"
            f"mastodon{separator}sample{separator}{TOMORROW:%Y-%m-%d %H:%M}{separator}"
            '"Sale, today; tomorrow too"\r\n', encoding="utf-8", newline="")
        proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert said(proc.stdout)[-1] in ("1 drafted of 1 in plan.csv",
                                          "0 drafted, 1 already waiting of 1 in plan.csv")
    assert [(a[2], a[3]) for a in asyncio.run(approvals(tmp_path))] == [
        (TOMORROW, "Sale, today; tomorrow too")]
    (tmp_path / "plan.csv").write_text("network;account;text\nmastodon;sample;a;b\n",
                                       encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.stderr == ("error: plan.csv:2: 4 cells where the first row names 3 (a text "
                           "holding a ';' goes in double quotes)\n"), proc.stderr


def test_a_plan_saved_as_excels_unicode_text_is_read(tmp_path: Path, cli: Cli) -> None:
    """Excel's "Unicode Text" (and Windows PowerShell's `>`) saves UTF-16 with a byte order
    mark, tab-separated: it was refused as "not UTF-8 text"."""
    home(tmp_path)
    (tmp_path / "plan.csv").write_bytes(
        ("network\taccount\tat\ttext\r\n"
         f"mastodon\tsample\t{TOMORROW:%Y-%m-%d %H:%M}\tZimowa wyprzedaż ❄️ już jest\r\n"
         ).encode("utf-16"))
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert said(proc.stdout)[-1] == "1 drafted of 1 in plan.csv"
    assert [(a[2], a[3]) for a in asyncio.run(approvals(tmp_path))] == [
        (TOMORROW, "Zimowa wyprzedaż ❄️ już jest")]


def test_a_header_in_one_cell_says_which_separator_to_save_with(tmp_path: Path,
                                                                 cli: Cli) -> None:
    home(tmp_path)
    (tmp_path / "plan.csv").write_text("network|account|text\nmastodon|sample|hi\n",
                                       encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 1 and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith("error: plan.csv:1: column 1: column 'network|account|text' "
                                  "is not one socialops reads (network, account, at, text): "
                                  "cells are separated by commas (or ';', or tabs)"), proc.stderr


def test_a_semicolon_header_with_a_column_not_read_names_that_column(tmp_path: Path,
                                                                     cli: Cli) -> None:
    """A spreadsheet saved with ';' whose header holds a column socialops does not read (a
    `notes` column, Hootsuite's `date`) was blamed on its separator, the whole header one
    column: the column is named, as it is in a file separated by commas."""
    home(tmp_path)
    for header, column, name in (("network;account;at;text;notes", 5, "notes"),
                                 ("network;account;date;text", 3, "date")):
        (tmp_path / "plan.csv").write_text(f"\ufeff{header}\r\nmastodon;sample;x;hi;y\r\n",
                                           encoding="utf-8", newline="")
        proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
        assert proc.stderr == (f"error: plan.csv:1: column {column}: column {name!r} is not one "
                               "socialops reads (network, account, at, text)\n"), proc.stderr


def test_a_cell_that_is_no_time_is_told_a_plan_s_forms_only(tmp_path: Path, cli: Cli) -> None:
    """The refusal offered `in 2h` and `tomorrow 9am`, which a plan refuses next."""
    home(tmp_path)
    (tmp_path / "plan.csv").write_text("network,account,at,text\n"
                                       "mastodon,sample,2026-12-08 25:00,hi\n"
                                       "mastodon,sample,2026-12-08 14h30,hello\n",
                                       encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    fix = ("is not a time: write an ISO date and time such as 2026-12-07 09:00 or "
           "2026-12-07T09:00+01:00\n")
    assert proc.stderr == (f"error: plan.csv:2: at: '2026-12-08 25:00' {fix}"
                           f"error: plan.csv:3: at: '2026-12-08 14h30' {fix}"), proc.stderr


def test_a_row_whose_account_posts_on_another_network_is_refused(tmp_path: Path,
                                                                  cli: Cli) -> None:
    """A plan mixes networks: an account named on the wrong row would have its post checked
    against the row's network's limits (X's 280 characters for a Mastodon account) and then
    posted on its own network, the approvers shown the wrong one."""
    home(tmp_path)
    config = (tmp_path / "socialops.yaml").read_text(encoding="utf-8").replace(
        "  - {id: sample, type: replay, path: empty.jsonl}\n",
        "  - {id: sample, type: replay, path: empty.jsonl}\n"
        "  - {id: masto, type: replay, path: empty.jsonl, network_override: mastodon}\n")
    (tmp_path / "socialops.yaml").write_text(config, encoding="utf-8")
    (tmp_path / "plan.csv").write_text("network,account,text\n"
                                       "x,masto,hello\n"
                                       "x,sample,hello\n", encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == ("error: plan.csv:2: account: account 'masto' publishes on mastodon, "
                           "not x\n"), proc.stderr
    assert asyncio.run(approvals(tmp_path)) == []
    proc = cli("draft", "--network", "x", "--account", "masto", "--as", "me", "hello",
               cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == ("error: --account: account 'masto' publishes on mastodon, not x\n"), \
        proc.stderr


def test_a_network_is_read_in_any_case_as_the_chat_reads_it(tmp_path: Path, cli: Cli) -> None:
    """A spreadsheet capitalises a cell's first letter (`Mastodon`), and the chat's `draft
    Mastodon main ...` is taken: the plan and `--network` refused it as an unknown network."""
    home(tmp_path)
    (tmp_path / "plan.csv").write_text(f"network,account,at,text\nMastodon,sample,"
                                       f"{TOMORROW:%Y-%m-%d %H:%M},hello\n", encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert said(proc.stdout)[-1] == "1 drafted of 1 in plan.csv", proc.stderr
    proc = cli("draft", "--network", "MASTODON", "--account", "sample", "--as", "me", "hi",
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr

    async def networks() -> list[str]:
        async with open_app(load_config(tmp_path / "socialops.yaml"), out=io.StringIO()) as app:
            return [a.network for a in await app.store.list_approvals()]
    assert asyncio.run(networks()) == ["mastodon", "mastodon"]


def test_a_date_as_a_spreadsheet_shows_it_is_refused_saying_how_to_write_it(
        tmp_path: Path, cli: Cli) -> None:
    """Excel, LibreOffice and Google Sheets turn 2026-12-07 09:00 typed in a cell into a date
    and save it as their locale shows it (12/7/2026 9:00, 07.12.2026 09:00): it does not move
    with the day, it is a day and a month in an order nobody can tell from the file."""
    home(tmp_path)
    (tmp_path / "plan.csv").write_text("network,account,at,text\n"
                                       "mastodon,sample,12/7/2026 9:00,hello\n"
                                       "mastodon,sample,07.12.2026 09:00,hi\n"
                                       "mastodon,sample,8.12.2026 14:00,a\n"
                                       "mastodon,sample,13.12.2026 9:00:00,b\n"
                                       "mastodon,sample,31.02.2026 9:00,c\n", encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 1
    fix = ("as a spreadsheet shows a date (day and month in its locale's order): write {}, the "
           "column formatted as text or as yyyy-mm-dd hh:mm before saving\n")
    # the cell's own readings, not a fixed example: '8.12.2026 14:00' was told to write
    # 2026-12-07 09:00; one that is a date one way only has one
    assert proc.stderr == (
        "error: plan.csv:2: at: '12/7/2026 9:00' is "
        + fix.format("2026-07-12 09:00 or 2026-12-07 09:00")
        + "error: plan.csv:3: at: '07.12.2026 09:00' is "
        + fix.format("2026-12-07 09:00 or 2026-07-12 09:00")
        + "error: plan.csv:4: at: '8.12.2026 14:00' is "
        + fix.format("2026-12-08 14:00 or 2026-08-12 14:00")
        + "error: plan.csv:5: at: '13.12.2026 9:00:00' is " + fix.format("2026-12-13 09:00")
        + "error: plan.csv:6: at: '31.02.2026 9:00' is " + fix.format("2026-12-07 09:00")
    ), proc.stderr


def test_a_year_first_date_is_not_told_it_is_in_a_locales_order(
        tmp_path: Path, cli: Cli) -> None:
    """A date written year first is no day and month in a locale's order: '2026-12-07' alone
    (the time left out) was told it is 'as a spreadsheet shows a date (day and month in its
    locale's order)' and given 2026-12-07 09:00 as a fixed example; '2026-12-7 9:00' and
    '2026/12/07 09:00' the same. Each is told what it lacks, in its own date."""
    home(tmp_path)
    (tmp_path / "plan.csv").write_text("network,account,at,text\n"
                                       "mastodon,sample,2026-12-08,a\n"
                                       "mastodon,sample,2026-12-8 9:00,b\n"
                                       "mastodon,sample,2026/12/08 14:30,c\n"
                                       "mastodon,sample,2026-02-30,d\n"
                                       "mastodon,sample,2026-12-8 24:00,e\n", encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == (
        "error: plan.csv:2: at: '2026-12-08' is a date without a time: write 2026-12-08 09:00 "
        "(a plan's time is a date and a time of day)\n"
        "error: plan.csv:3: at: '2026-12-8 9:00': write 2026-12-08 09:00 (the date as "
        "yyyy-mm-dd, the time as hh:mm)\n"
        "error: plan.csv:4: at: '2026/12/08 14:30': write 2026-12-08 14:30 (the date as "
        "yyyy-mm-dd, the time as hh:mm)\n"
        "error: plan.csv:5: at: '2026-02-30' is not a time: February 2026 has 28 days, no 30 "
        "(the last is 2026-02-28)\n"
        "error: plan.csv:6: at: '2026-12-8 24:00' is not a time: write the date as yyyy-mm-dd "
        "and the time as hh:mm from 00:00 to 23:59 (2026-12-07 09:00)\n"
    ), proc.stderr


def test_a_row_whose_time_passed_while_its_draft_waits_is_already_drafted(
        tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan run again whole (cut short, or with rows added) after one of its times passed:
    that row's draft still waits (publishing as soon as approved), so it is the row's draft,
    not a past time refusing the whole plan."""
    home(tmp_path)
    monkeypatch.chdir(tmp_path)  # the store's path is the config's, read from here
    due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=1)

    async def drafted_earlier() -> None:
        async with open_app(load_config(tmp_path / "socialops.yaml"), out=io.StringIO(),
                            clock=lambda: due - timedelta(hours=2)) as app:
            made, _ = await app.approvals.draft(text="Doors open at nine", network="mastodon",
                                                account="sample", author="me", publish_at=due)
            assert made is not None

    asyncio.run(drafted_earlier())
    (tmp_path / "plan.csv").write_text(
        "network,account,at,text\n"
        f"mastodon,sample,{due:%Y-%m-%dT%H:%M}+00:00,Doors open at nine\n"
        f"mastodon,sample,{TOMORROW:%Y-%m-%d %H:%M},Doors open at nine again\n", encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert said(proc.stdout)[0] == "plan.csv:2: already drafted as A-1 (pending): not again"
    assert said(proc.stdout)[-1] == "1 drafted, 1 already waiting of 2 in plan.csv"
    # anyone else's plan, or a row with no draft waiting, still has its time refused
    proc = cli("draft", "--from", "plan.csv", "--as", "boss", cwd=tmp_path)
    assert proc.returncode == 1 and "plan.csv:2: at: " in proc.stderr, proc.stderr
    assert "is in the past" in proc.stderr


def test_a_row_whose_draft_was_decided_is_drafted_again_once(
        tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row's draft is made once while it waits (two runs of one plan at once:
    tests/chaos/test_bulk_draft_races.py); once it is decided (here rejected) the plan run
    again drafts the row again, once, and a run after that finds the new draft waiting."""
    home(tmp_path)
    monkeypatch.chdir(tmp_path)  # the store's path is the config's, read from here
    (tmp_path / "plan.csv").write_text("network,account,text\nmastodon,sample,Doors open\n",
                                       encoding="utf-8")

    async def reject(approval_id: str) -> None:
        async with open_app(load_config(tmp_path / "socialops.yaml"), out=io.StringIO()) as app:
            reply = await app.approvals.reject(approval_id, "boss", "not this week")
            assert reply.ok, reply.text

    for drafted in ("A-1", "A-2", "A-3"):
        proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
        assert said(proc.stdout)[0].startswith(f"plan.csv:2: {drafted} drafted"), proc.stdout
        proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
        assert said(proc.stdout)[0] == (f"plan.csv:2: already drafted as {drafted} (pending): "
                                        "not again"), proc.stdout
        asyncio.run(reject(drafted))
    assert [(i, s) for i, s, _, _ in asyncio.run(approvals(tmp_path))] == [
        ("A-1", "rejected"), ("A-2", "rejected"), ("A-3", "rejected")]


@pytest.mark.parametrize("damage", ["{not json", '{"approval": "A-1"}'])
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_row_whose_planrow_record_is_damaged_is_drafted_again_and_the_rest_too(
        tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, redis_server: RedisServer,
        backend: str, damage: str) -> None:
    """A row's ``planrow`` record that cannot be read (hand-edited: no JSON, or no version)
    names no waiting draft: the row is drafted again once and the rows after it are drafted,
    where the run stopped at it with a traceback on every run, drafting none after it."""
    home(tmp_path)
    if backend == "redis":
        redis_server.flushall()
        (tmp_path / "socialops.yaml").write_text(CONFIG.replace(
            "{backend: sqlite, path: ./data/socialops.db}",
            f'{{backend: redis, redis_url: "{redis_server.url}"}}'), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the store's path is the config's, read from here
    (tmp_path / "plan.csv").write_text("network,account,text\nmastodon,sample,Doors open\n",
                                       encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert said(proc.stdout)[0].startswith("plan.csv:2: A-1 drafted"), proc.stdout
    row = Row(line=2, network="mastodon", account="sample", at=None, text="Doors open",
              digest=content_hash(draft_text("Doors open")[0]))

    async def reject_and_damage() -> None:
        async with open_app(load_config(tmp_path / "socialops.yaml"), out=io.StringIO()) as app:
            assert await app.store.get_raw(K.DRAFTED_ONCE, row.once("me")) is not None
            reply = await app.approvals.reject("A-1", "boss", "not this week")
            assert reply.ok, reply.text
            fx = Effects()
            fx.put(K.DRAFTED_ONCE, row.once("me"), damage)
            assert await app.store.apply(fx)

    asyncio.run(reject_and_damage())
    (tmp_path / "plan.csv").write_text("network,account,text\nmastodon,sample,Doors open\n"
                                       "mastodon,sample,Doors close\n", encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert said(proc.stdout) == ["plan.csv:2: A-2 drafted and waiting for approval",
                                 "plan.csv:3: A-3 drafted and waiting for approval",
                                 "2 drafted of 2 in plan.csv"], proc.stdout
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert said(proc.stdout)[:2] == [
        "plan.csv:2: already drafted as A-2 (pending): not again",
        "plan.csv:3: already drafted as A-3 (pending): not again"], proc.stdout
    assert [(i, s) for i, s, _, _ in asyncio.run(approvals(tmp_path))] == [
        ("A-1", "rejected"), ("A-2", "pending"), ("A-3", "pending")]


def test_a_year_first_date_with_seconds_is_told_its_own_date_and_time(
        tmp_path: Path, cli: Cli) -> None:
    """A spreadsheet saves a date and time with its seconds ('2026/12/08 14:30:00', as the
    day-first '13.12.2026 9:00:00' is read): year first, it was told it is in a locale's order
    and given 2026-12-07 09:00, a fixed example, as 2feb231 mended for the same cell without
    its seconds."""
    home(tmp_path)
    (tmp_path / "plan.csv").write_text("network,account,at,text\n"
                                       "mastodon,sample,2026/12/08 14:30:00,a\n"
                                       "mastodon,sample,2026-12-8 9:00:00,b\n", encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == (
        "error: plan.csv:2: at: '2026/12/08 14:30:00': write 2026-12-08 14:30 (the date as "
        "yyyy-mm-dd, the time as hh:mm)\n"
        "error: plan.csv:3: at: '2026-12-8 9:00:00': write 2026-12-08 09:00 (the date as "
        "yyyy-mm-dd, the time as hh:mm)\n"
    ), proc.stderr


def test_a_year_first_date_with_a_one_digit_hour_is_told_its_own_date_and_time(
        tmp_path: Path, cli: Cli) -> None:
    """'2026-12-08 9:00' (a spreadsheet's time without its leading zero) was told to write
    an ISO date and time such as 2026-12-07 09:00, a fixed example, where '2026-12-8 9:00' is
    told its own (2feb231): the date's two digits sent it past that reading."""
    home(tmp_path)
    (tmp_path / "plan.csv").write_text("network,account,at,text\n"
                                       "mastodon,sample,2026-12-08 9:00,a\n"
                                       "mastodon,sample,2026-12-08T9:30,b\n", encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == (
        "error: plan.csv:2: at: '2026-12-08 9:00': write 2026-12-08 09:00 (the date as "
        "yyyy-mm-dd, the time as hh:mm)\n"
        "error: plan.csv:3: at: '2026-12-08T9:30': write 2026-12-08 09:30 (the date as "
        "yyyy-mm-dd, the time as hh:mm)\n"
    ), proc.stderr


def test_a_year_no_post_can_have_is_not_offered_back(tmp_path: Path, cli: Cli) -> None:
    """'0000-01-01' was offered back as '0000-01-01 09:00', a year that does not exist; a year
    before 1970 or past 2199 (the post times a draft takes) is refused saying so."""
    home(tmp_path)
    (tmp_path / "plan.csv").write_text("network,account,at,text\n"
                                       "mastodon,sample,0000-01-01,a\n"
                                       "mastodon,sample,2300-1-1 9:00,b\n", encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == (
        "error: plan.csv:2: at: '0000-01-01' is not a time: the year 0000 is outside the years "
        "a post can have; write one from 1970 to 2199 (2026-12-07 09:00)\n"
        "error: plan.csv:3: at: '2300-1-1 9:00' is not a time: the year 2300 is outside the "
        "years a post can have; write one from 1970 to 2199 (2026-12-07 09:00)\n"
    ), proc.stderr


def test_a_quote_never_closed_names_the_line_it_opens_on(tmp_path: Path, cli: Cli) -> None:
    """A text whose closing quote was lost (a spreadsheet cell edited by hand) runs to the end
    of the file: the error named the file's last line (plan.csv:4 here, or one past the end
    when the file ends in a line break after a blank line), a row that is fine. It names the
    line the quote opens on, where the row to mend is."""
    home(tmp_path)
    (tmp_path / "plan.csv").write_text(
        "network,account,at,text\n"
        "mastodon,sample,,fine\n"
        'mastodon,sample,,"the quote is never closed\n'
        "mastodon,sample,,and this row is read into it\n", encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: plan.csv:3: not readable as CSV: "), proc.stderr
    assert asyncio.run(approvals(tmp_path)) == []
