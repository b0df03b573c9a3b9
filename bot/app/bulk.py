"""Drafts from a file (``socialops draft --from plan.csv --as alice``), as Hootsuite's Bulk
Composer and Sprout Social's bulk scheduling take a spreadsheet of posts: a CSV whose header
row names its columns, ``network``, ``account`` and ``text``, and ``at`` to schedule (a date
and a time as ``draft --at`` takes them, ``2026-12-07 09:00`` on the approvals channel's
workspace's clock or with an offset or a zone; empty: as soon as approved). Each row becomes
one draft waiting for approval, its card in the approvals channel, exactly as ``socialops
draft`` writes one.

Every row is read and checked before any is drafted (the network, the account, the text as
the network and the account limit it, the time), and each problem is one line naming the
file, the row's line and the column (``plan.csv:4: at: 'yesterday' is not a time ...``): a
plan is drafted whole or not at all. Two rows alike in the file (network, account, time and
text) are one post typed twice and refused. A row whose draft is still waiting (pending,
approved or being published: the same author, network, account, text and time) is not
drafted again: a run cut short (the process killed, the store gone) is run again whole and
drafts only the rest. Two runs of one plan at once draft each row once: each row's draft is
made under a key of its own (``Row.once``) that holds while the draft waits, so the second to
write a row conflicts, decides again and finds the first's (``ApprovalService.draft_once``).
A row already published is posted again only by a new draft of it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.core import networks
from bot.core.durations import no_such_day
from bot.core.errors import ConfigError, ConfigErrors, Refusal, UnknownNetwork
from bot.core.models import EARLIEST, LATEST, Approval
from bot.core.ports import Store
from bot.core.text import decode_file, one_line
from bot.core.when import EXAMPLES, a_time, publish_time
from handlers.approvals import WAITING, ApprovalService, content_hash, draft_text

COLUMNS = ("network", "account", "at", "text")
REQUIRED = ("network", "account", "text")
MAX_ROWS = 500  # a plan of posts, not a feed: Hootsuite's Bulk Composer takes 350
MAX_BYTES = 5_000_000
MAX_SHOWN = 20  # problems listed; then how many more
SEPARATORS = (",", ";", "\t")
# A time in a plan names its date: ``in 2h`` or ``tomorrow 9am`` would be another time when
# the file is run again after a run cut short, and the row drafted twice.
_DATED = re.compile(r"\d{4}-\d{2}-\d{2}[ T]")
_IN = re.compile(r"in\s+\S", re.IGNORECASE)  # in 2h, in 3 days: a span from now
# a date as a spreadsheet saves a date cell, in its locale's order: 12/7/2026, 07.12.2026
_LOCALE_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b")
# its parts, a day and a month in either order, a four-digit year and a 24-hour time
_LOCALE_PARTS = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})[ T]+(\d{1,2}):(\d{2})(?::00)?")
# a plan's date and time as written (what ``_year_first`` leaves to the reading of a time)
_PLAIN = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?")
# a date written year first (2026-12-07, 2026-12-7, 2026/12/07): no locale's day and month
_YEAR_FIRST = re.compile(r"(\d{4})[./-](\d{1,2})[./-](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::00)?)?")


@dataclass(frozen=True)
class Row:
    line: int  # where the row starts in the file (a quoted text may span lines)
    network: str
    account: str
    at: datetime | None
    text: str
    digest: str  # the sha256 of the text as drafted (``draft_text``), as an approval keeps it

    @property
    def key(self) -> tuple[str, str, datetime | None, str]:
        """What makes a waiting draft this row's: network, account, time and text."""
        return self.network, self.account, self.at, self.digest

    def once(self, author: str) -> str:
        """The key this row's draft is made once under, while it waits (two runs of one plan
        at once: ``ApprovalService.draft_once``)."""
        at = self.at.isoformat() if self.at is not None else ""
        return content_hash("\x1f".join((author, self.network, self.account, at, self.digest)))


def _key(a: Approval) -> tuple[str, str, datetime | None, str]:
    return a.network, a.account, a.publish_at, a.content_hash


def _cells(path: Path) -> tuple[str, list[tuple[int, list[str]]]]:
    """The file's separator and records with the line each starts on; ConfigError for a file
    that is not CSV text."""
    where = str(path)
    if path.stat().st_size > MAX_BYTES:
        raise ConfigError(f"larger than {MAX_BYTES // 1_000_000} MB: a plan holds at most "
                          f"{MAX_ROWS} posts; split it", file=where)
    try:
        # "CSV UTF-8", or Excel's "Unicode Text" (UTF-16, tab-separated)
        content = decode_file(path.read_bytes())
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text: save it as CSV UTF-8", file=where) from None
    separator = _separator(content)
    reader = csv.reader(io.StringIO(content, newline=""), strict=True, delimiter=separator)
    records, start = [], 1
    try:
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        # the line its record starts on: a quote never closed runs to the end of the file,
        # and the reader's own line is then the last one, a row that is fine
        raise ConfigError(f"not readable as CSV: {one_line(str(exc), 200)} (a text holding a "
                          "comma, a quote or a line break goes in double quotes, its quotes "
                          "doubled)", file=where, line=start) from None
    return separator, [(n, cells) for n, cells in records if any(c.strip() for c in cells)]


def _separator(content: str) -> str:
    """What separates the cells: a comma, or the ';' Excel and LibreOffice write where a comma
    is the decimal mark (much of Europe), or a tab (TSV): the one that splits the header row
    into the most names socialops reads, so a column it does not read (a spreadsheet's `notes`)
    is named as such rather than the separator blamed. A comma when none splits it into a name
    (``_header`` then says what is wrong)."""
    first = content.splitlines()[0] if content else ""
    best, known = ",", 0
    for separator in SEPARATORS:
        try:
            names = next(csv.reader([first], delimiter=separator), [])
        except csv.Error:  # a header in quotes left open: _cells' reading says so
            continue
        count = sum(n.strip().lower() in COLUMNS for n in names)
        if len(names) > 1 and count > known:
            best, known = separator, count
    return best


def _header(path: Path, records: list[tuple[int, list[str]]]) -> dict[str, int]:
    """Column name -> index, from the first record."""
    where = str(path)
    if not records:
        raise ConfigError("empty: the first row names the columns (network, account, text and, "
                          "to schedule, at), each next row is a post", file=where)
    line, names = records[0]
    index: dict[str, int] = {}
    for i, raw in enumerate(names):
        name = raw.strip().lower()
        if name not in COLUMNS:
            hint = (": cells are separated by commas (or ';', or tabs)" if len(names) == 1
                    else "")
            raise ConfigError(f"column {one_line(raw, 40)!r} is not one socialops reads "
                              f"(network, account, at, text){hint}", file=where, line=line,
                              field=f"column {i + 1}")
        if name in index:
            raise ConfigError(f"column {name!r} twice", file=where, line=line,
                              field=f"column {i + 1}")
        index[name] = i
    for name in REQUIRED:
        if name not in index:
            raise ConfigError(f"no {name!r} column: the first row names network, account, text "
                              "and, to schedule, at", file=where, line=line)
    if len(records) - 1 > MAX_ROWS:
        raise ConfigError(f"{len(records) - 1} posts: a plan holds at most {MAX_ROWS}; split it",
                          file=where)
    return index


async def _waiting(store: Store, author: str) -> list[Approval]:
    """``author``'s drafts still waiting (``WAITING``)."""
    return [a for status in WAITING for a in await store.list_approvals(status=status)
            if a.author == author]


def _drafted_at(typed: str, waiting: list[Approval], *, network: str, account: str,
                digest: str, zone: str | None) -> datetime | None:
    """The time of this row's draft still waiting, its time ``typed`` passed since: read as
    when that draft was written, it names that draft's time (the row is that draft)."""
    for a in waiting:
        if (a.network, a.account, a.content_hash) != (network, account, digest) \
                or a.publish_at is None:
            continue
        try:
            if publish_time(typed, a.created_at, zone=zone) == a.publish_at:
                return a.publish_at
        except Refusal:
            continue
    return None


def _readings(typed: str) -> str:
    """What a spreadsheet's date cell (``8.12.2026 14:00``) may have meant, as a plan writes
    it: ``2026-12-08 14:00 or 2026-08-12 14:00``, one reading when the other is no date; a
    fixed example when the cell is not a day, a month, a year and a time."""
    found = _LOCALE_PARTS.fullmatch(typed)
    if found is None:
        return "2026-12-07 09:00"
    first, second, year, hour, minute = (int(g) for g in found.groups())
    shown = []
    for day, month in ((first, second), (second, first)):
        try:
            shown.append(f"{datetime(year, month, day, hour, minute):%Y-%m-%d %H:%M}")
        except ValueError:  # 31.02, or month 13: not this reading
            continue
    return " or ".join(dict.fromkeys(shown)) or "2026-12-07 09:00"


def _year_first(typed: str) -> str | None:
    """What to write for ``typed``, a date written year first that is not a plan's date and
    time (its time left out, a one-digit month or day, slashes); None for anything else."""
    found = _YEAR_FIRST.fullmatch(typed)
    if found is None:
        return None
    shown = repr(one_line(typed, 40))
    year, month, day = (int(g) for g in found.groups()[:3])
    date = f"{year:04d}-{month:02d}-{day:02d}"
    if (wrong := no_such_day(date)) is not None:
        return f"{shown} is not a time: {wrong}"
    if not EARLIEST.year <= year < LATEST.year:  # 0000-01-01 was offered back with 09:00
        return (f"{shown} is not a time: the year {year:04d} is outside the "
                f"years a post can have; write one from {EARLIEST.year} to {LATEST.year - 1} "
                "(2026-12-07 09:00)")
    if found[4] is None:
        return (f"{shown} is a date without a time: write {date} 09:00 (a "
                "plan's time is a date and a time of day)")
    hour, minute = int(found[4]), int(found[5])
    if hour > 23 or minute > 59:
        return (f"{shown} is not a time: write the date as yyyy-mm-dd and the "
                "time as hh:mm from 00:00 to 23:59 (2026-12-07 09:00)")
    return (f"{shown}: write {date} {hour:02d}:{minute:02d} (the date as "
            "yyyy-mm-dd, the time as hh:mm)")


def _in_plan(message: str) -> str:
    """A refusal of a chat or command-line time, said of a plan's cell: no `off` (a cell is
    left empty) and no relative time among the examples (a plan refuses them)."""
    return (message.replace(", or `off` to publish", ", or leave it empty to publish")
            .replace(f"such as 2026-12-07T09:00+01:00 (or {EXAMPLES})",
                     "such as 2026-12-07 09:00 or 2026-12-07T09:00+01:00"))


async def read_plan(path: Path, approvals: ApprovalService, store: Store, *,
                    author: str) -> list[Row]:
    """Every row of ``path``, checked; ConfigErrors naming each problem's line and column. A
    row whose time has passed while its draft by ``author`` waits is that draft's row."""
    separator, records = _cells(path)
    holding = "a comma" if separator == "," else "a tab" if separator == "\t" else "a ';'"
    index = _header(path, records)
    where = str(path)
    problems: list[ConfigError] = []
    rows: list[Row] = []
    seen: dict[tuple[str, str, datetime | None, str], int] = {}  # a row's key: its line
    waiting: list[Approval] | None = None  # read when a row's time has passed

    def problem(line: int, column: str | None, message: str) -> None:
        problems.append(ConfigError(message, file=where, line=line, field=column))

    for line, cells in records[1:]:
        if len(cells) > len(records[0][1]):
            problem(line, None, f"{len(cells)} cells where the first row names "
                                f"{len(records[0][1])} (a text holding {holding} goes in double "
                                "quotes)")
            continue
        value = {name: (cells[i] if i < len(cells) else "") for name, i in index.items()}
        # any case, as the chat's `draft` reads it (a spreadsheet capitalises a cell's first
        # letter)
        network, account = value["network"].strip().lower(), value["account"].strip()
        try:
            networks.network(network)
        except UnknownNetwork as exc:
            problem(line, "network", exc.message)
            continue
        at = None
        typed = value.get("at", "").strip()
        if (typed and not _PLAIN.fullmatch(typed)
                and (fix := _year_first(typed)) is not None):
            problem(line, "at", fix)
            continue
        if typed and _LOCALE_DATE.match(typed) and not _DATED.match(typed):
            problem(line, "at", f"{one_line(typed, 40)!r} is as a spreadsheet shows a date "
                                "(day and month in its locale's order): write "
                                f"{_readings(typed)}, the column formatted as text or as "
                                "yyyy-mm-dd hh:mm before saving")
            continue
        if typed and not _DATED.match(typed):
            # a time of its own that moves with the day it is read (tomorrow 9am, in 2h), or
            # no time at all (a typo)
            moves = a_time(typed) or _IN.match(typed) is not None
            problem(line, "at", f"{one_line(typed, 40)!r} " + (
                "moves with the day the file is run: " if moves else "is not a time: ")
                + "a plan's time is a date and a time (2026-12-07 09:00, "
                "2026-12-07T09:00+01:00)" + (", the same whenever it is run again" if moves
                                             else ""))
            continue
        text = value["text"]
        try:
            kept = draft_text(text)[0]
        except Refusal as exc:  # a text too long to read (``MAX_DRAFT_READ``)
            problem(line, "text", exc.message)
            continue
        digest = content_hash(kept)
        if typed:
            try:
                at = approvals.when(typed)
            except Refusal as exc:  # `off` is the schedule verb's; a cell is left empty
                if waiting is None:
                    waiting = await _waiting(store, author)
                at = _drafted_at(typed, waiting, network=network, account=account,
                                 digest=digest, zone=approvals.zone(None))
                if at is None:
                    problem(line, "at", _in_plan(exc.message))
                    continue
        if (found := approvals.network_problem(account, network)) is not None:
            problem(line, "account", found)
            continue
        if (found := approvals.new_post_problem(account)) is not None:  # rows reply to nothing
            problem(line, "account", f"{found}; nothing was drafted")
            continue
        found = await approvals.draft_problem(kept, network=network, account=account)
        if found is not None:
            problem(line, "account" if account not in approvals.publishers else "text", found)
            continue
        row = Row(line, network, account, at, text, digest)
        if row.key in seen:
            problem(line, None, f"the same post as line {seen[row.key]} (network, account, "
                                "time and text): one of them is enough")
            continue
        seen[row.key] = line
        rows.append(row)
    if problems:
        shown = problems[:MAX_SHOWN]
        if len(problems) > MAX_SHOWN:
            shown.append(ConfigError(f"… and {len(problems) - MAX_SHOWN} more problems",
                                     file=where))
        raise ConfigErrors(shown)
    return rows


async def draft_plan(rows: list[Row], approvals: ApprovalService, store: Store, *,
                     author: str, where: str, say: Callable[[str], None]) -> int:
    """Each row drafted, or said to be waiting already, a line each as it is done; then the
    tally. The number of rows not drafted (a limit changed since the check)."""
    waiting: dict[tuple[str, str, datetime | None, str], Approval] = {}
    for a in await _waiting(store, author):  # the first of each key, as the statuses read
        waiting.setdefault(_key(a), a)
    drafted = kept = failed = 0
    for row in rows:
        same = waiting.get(row.key)
        if same is not None:
            kept += 1
            say(f"{where}:{row.line}: already drafted as {same.id} ({same.status}): not again")
            continue
        approval, reply, made = await approvals.draft_once(
            row.once(author), text=row.text, network=row.network, account=row.account,
            author=author, publish_at=row.at)
        if approval is None:  # changed since it was checked (an account's limit)
            failed += 1
            say(f"{where}:{row.line}: not drafted: {reply.text}")
            continue
        if not made:  # drafted since this run read the waiting ones (another run of the plan)
            kept += 1
            say(f"{where}:{row.line}: {reply.text}")
            continue
        drafted += 1
        say(f"{where}:{row.line}: {reply.text}")
    say(f"{drafted} drafted" + (f", {kept} already waiting" if kept else "")
        + (f", {failed} not drafted" if failed else "") + f" of {len(rows)} in {where}")
    return failed
