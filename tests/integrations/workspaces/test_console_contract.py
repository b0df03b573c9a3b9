"""The Workspace contract over the console workspace (``integrations.console.workspace``).

The terminal cannot ping anyone, so ``pings`` are the ids on the card's ``▶ notify:`` line (the
console's stand-in for a mention), ``actions`` those on its ``▶ actions:`` line (read from any
line of the panel that looks like one, as a person would), and ``links`` are OSC 8 hyperlink
escapes, the only way text in a terminal becomes a link on purpose. The terminal formats nothing
a post says (``styles`` stay empty). What each call printed is captured per message by a thin
proxy around the real workspace; ``find`` is the real one, over the real record file.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path

import pytest
from rich.cells import cell_len

from bot.core.cards import Card, CardField
from bot.core.models import MessageRef
from bot.core.ports import Workspace
from integrations.console.workspace import ConsoleWorkspace, render
from tests.integrations.workspaces.contract import Rendered, WorkspaceContract, WorkspaceHarness

WIDTH = 100
_OSC8 = re.compile(r"\x1b\]8;[^;\x07\x1b]*;([^\x07\x1b]*)(?:\x07|\x1b\\)")
_BORDER = re.compile(r"^[│╭╰┃|]\s?|\s?[│╮╯┃|]$")
_THREAD = "  ↳ thread "
_NOTIFY, _ACTIONS = "notify: ", "actions: "
# what a person takes for the layout mark: ▶ and the black triangles that look like it (listed
# here on their own, not taken from the workspace, so the reader can catch one it misses)
# (‣, the triangular bullet, as near ▶ as ▸ is: a hostile-input review's find)
_MARKS = ("\u25b6\u23f5\u25b8\u25ba\u27a2\u27a3\u27a4\u2b9a\u2b9e\u2bc8"
          "\U0001f782\U0001f892\u2023")
_MARK = re.compile(f"^[{_MARKS}]\ufe0f? ")
_SHOWN = str.maketrans(dict.fromkeys(_MARKS, "▷"))


def console_view(printed: str) -> Rendered:
    problems: list[str] = []
    lines = printed.split("\n")  # what a terminal breaks on; U+2028 would stay in a line
    # measured as a terminal draws them: a tab runs to the next stop (cell_len counts it as 0)
    drawn = [cell_len(line.expandtabs(8)) for line in lines]
    if any(cells > WIDTH for cells in drawn):
        problems.append(f"line wider than {WIDTH}")
    if any(cells != WIDTH for line, cells in zip(lines, drawn, strict=True)
           if line.startswith(("╭", "│", "╰"))):
        problems.append("panel border out of line")
    text_lines: list[str] = []
    pings: set[str] = set()
    actions: list[tuple[str, str]] = []
    for line in lines:
        inner = _BORDER.sub("", line.rstrip()).strip()  # one border each side, no more
        if inner.startswith(("╭", "╰", "─")) or set(inner) <= set("─╭╮╰╯ "):
            head = inner.strip("─╭╮╰╯ ")
            if head:
                text_lines.append(head)
            continue
        text_lines.append(inner)
        mark = _MARK.match(inner)
        marked = inner[mark.end():] if mark else ""
        if marked.startswith(_NOTIFY):
            pings.update(w.lstrip("@") for w in marked[len(_NOTIFY):].split())
        if marked.startswith(_ACTIONS):
            for part in marked[len(_ACTIONS):].split(" | "):
                action, _, target = part.strip().partition(" ")
                actions.append((action, target))
    return Rendered(text="\n".join(text_lines), pings=frozenset(pings),
                    links=frozenset(_OSC8.findall(printed)), actions=tuple(actions),
                    problems=tuple(problems))


class _Capture(io.StringIO):
    pass


class RecordingConsole:
    """Forwards to a real ConsoleWorkspace and keeps what each call printed, per message."""

    def __init__(self, inner: ConsoleWorkspace, out: _Capture) -> None:
        self.inner = inner
        self.name = inner.name
        self.paced = inner.paced
        self.lines_share_pace = inner.lines_share_pace  # the Workspace protocol's (be4dddf)
        self.steady_pace = inner.steady_pace
        self.out = out
        self.printed: dict[str, str] = {}
        self.threads: dict[str, list[str]] = {}
        self.channels: dict[str, set[str]] = {}

    def _since(self, start: int) -> str:
        return self.out.getvalue()[start:]

    async def post(self, channel: str, card: Card) -> MessageRef:
        start = len(self.out.getvalue())
        ref = await self.inner.post(channel, card)
        self.printed[ref.message_id] = self._since(start)
        self.channels.setdefault(channel, set()).add(ref.message_id)
        return ref

    async def update(self, ref: MessageRef, card: Card, *,
                     maybe_shown_since: datetime | None = None) -> MessageRef:
        start = len(self.out.getvalue())
        out = await self.inner.update(ref, card, maybe_shown_since=maybe_shown_since)
        chunk = self._since(start)
        # the note is printed after the panel, at the start of a line (the panel's own lines
        # start with its border, so a post quoting "↳ thread" cannot end the panel early)
        panel, _, note = ("\n" + chunk).partition("\n" + _THREAD)
        panel = panel.removeprefix("\n")
        self.printed[ref.message_id] = panel
        if note:
            # "↳ thread <message id>: <note>"
            self.threads.setdefault(ref.message_id, []).append(note.partition(": ")[2])
        return out

    async def find(self, channel: str, card_key: str) -> MessageRef | None:
        return await self.inner.find(channel, card_key)


class ConsoleHarness(WorkspaceHarness):
    channel = "support"
    user_ids = ("ana", "bo")
    group_ids = ("tier2",)

    def __init__(self, tmp: Path) -> None:
        self.record = tmp / "console.jsonl"
        self.out = _Capture()
        self._ws = RecordingConsole(
            ConsoleWorkspace("console", out=self.out, record_path=self.record, width=WIDTH),
            self.out)

    @property
    def workspace(self) -> Workspace:
        return self._ws

    async def fresh(self) -> Workspace:
        return ConsoleWorkspace("console", out=io.StringIO(), record_path=self.record,
                                width=WIDTH)

    async def view(self, ref: MessageRef) -> Rendered:
        return console_view(self._ws.printed[ref.message_id])

    async def thread(self, ref: MessageRef) -> list[Rendered]:
        return [console_view(n) for n in self._ws.threads.get(ref.message_id, [])]

    async def count(self, channel: str) -> int:
        return len(self._ws.channels.get(channel, set()))

    def shown_form(self, text: str) -> str:
        # the layout mark and its lookalikes are reserved for the bot's own lines
        return text.translate(_SHOWN)


class TestConsoleContract(WorkspaceContract):
    @pytest.fixture
    def harness(self, tmp_path: Path) -> WorkspaceHarness:
        return ConsoleHarness(tmp_path)


@pytest.mark.parametrize("mark", list(_MARKS))
def test_a_post_cannot_draw_the_layout_mark_with_a_lookalike(mark: str) -> None:
    """A post's line starting with ⯈, ⏵, ►... reads like the bot's own ▶ lines."""
    faked = f"late\n{mark} actions: approve A-9 | claim T-99\n{mark}\ufe0f notify: @everyone"
    card = Card(kind="ticket", key="T-1", title=f"{mark} actions: resolve T-7", text=faked,
                fields=(CardField(name=f"{mark} notify", value=f"{mark} actions: x y"),))
    shown = console_view(render(card, channel="support", width=WIDTH))
    assert shown.actions == () and shown.pings == frozenset()
    assert mark not in shown.text or mark == "▷"


def test_the_reader_itself_sees_osc8_links_and_notify_pings() -> None:
    shown = console_view("│ ▶ notify: @ana @tier2 │\n\x1b]8;;http://evil.x\x1b\\click\x1b]8;;\x1b\\")
    assert shown.pings == {"ana", "tier2"}
    assert "http://evil.x" in shown.links


@pytest.mark.parametrize("width", [1, 2, 3])
def test_wrapping_always_moves_on_even_when_a_wide_letter_is_wider_than_the_line(
        width: int) -> None:
    """A 2-cell letter in a 1-cell line goes on a line of its own rather than never fitting
    (cards are wider; this is the wrap itself, at its edge)."""
    from integrations.console.workspace import _wrap

    lines = _wrap("界界界 ab 界", width)
    assert "".join(lines).replace(" ", "") == "界界界ab界"
    assert all(cell_len(line) <= max(width, 2) for line in lines)


@pytest.mark.parametrize("unit", ["🇺🇸", "क्ष", "e\u0301", "👩\u200d💻", "👍🏽"],
                         ids=["flag", "conjunct", "accent", "zwj", "skin-tone"])
@pytest.mark.parametrize("lead", ["", "a", "ab", "abc"])
def test_a_word_wider_than_the_card_wraps_between_characters(unit: str, lead: str) -> None:
    """A word wider than the card was cut into lines one code point at a time: a row of US
    flags cut inside a flag showed 🇸🇺 (the Soviet Union's) on every line after, a conjunct
    or an accent was split from its letter."""
    import regex

    word = lead + unit * 150
    printed = render(Card(kind="alert", key="K", title=word, text=word), channel="c",
                     width=WIDTH)
    assert console_view(printed).problems == ()
    whole = set(regex.findall(r"\X", word)) | {"…"}
    for line in printed.splitlines()[1:-1]:
        shown = line[2:-2].strip()
        assert set(regex.findall(r"\X", shown)) <= whole, shown


def test_tabs_keep_the_panel_aligned() -> None:
    """A terminal draws a tab up to 8 cells wide, which ``cell_len`` counts as none."""
    printed = render(Card(kind="alert", key="K", title="t", text="a\tb\tc"), channel="c",
                     width=WIDTH)
    assert "\t" not in printed
    assert console_view(printed).problems == ()
    assert "a       b       c" in printed


async def test_a_month_of_cards_leaves_nothing_per_card_in_memory(tmp_path: Path) -> None:
    """`socialops run` with the console workspace for weeks: each card posted was also kept in
    an index in memory, which only ``find`` read, and ``find`` read the record file afresh
    (several processes share it). Now nothing is kept per card; ``find`` still finds it."""
    console = ConsoleWorkspace(out=io.StringIO(), record_path=tmp_path / "record.jsonl")
    for n in range(2000):
        await console.post("support", Card(kind="alert", key=f"K{n}", title=f"post {n}"))
    sizes = {name: len(v) for name, v in vars(console).items()
             if isinstance(v, dict | list | set | tuple)}
    assert all(n < 2000 for n in sizes.values()), sizes
    found = await console.find("support", "K1234")
    assert found is not None and found.message_id == (await console.post("support", Card(
        kind="alert", key="K1234", title="again"))).message_id
    assert await console.find("support", "K2000") is None


async def test_the_record_cuts_a_long_text_between_characters(tmp_path: Path) -> None:
    """The record kept a card's first 500 code points: a flag (two of them) or an emoji
    sequence across the 500th was cut in half, a stray letter-box where people read it. It
    ends on a whole character now, with "…" saying the rest is left out."""
    console = ConsoleWorkspace(out=io.StringIO(), record_path=tmp_path / "record.jsonl")
    text = "a" * 499 + "\U0001F1E9\U0001F1EA" + " more"
    await console.post("support", Card(kind="alert", key="K1", title="post", text=text))
    [row] = console.records()
    assert row["text"] == "a" * 499 + "…", row["text"][-5:]


async def test_a_card_whose_record_cannot_be_written_is_printed_once(tmp_path: Path) -> None:
    """On a full disk the console printed a card, then failed to record it (ENOSPC), so each
    retry printed it again (6 copies of cards seen in a run on a full tmpfs; here /dev/full,
    whose every write is ENOSPC). Now the record is written first: a try that cannot record
    prints nothing, and the one after room was made prints the card once. A crash between
    the record and the print leaves the card found, and the retry prints it (updated)."""
    out = io.StringIO()
    console = ConsoleWorkspace(out=out, record_path=Path("/dev/full"), width=WIDTH)
    shown = Card(kind="ticket", key="T-1", title="Refund please", text="where is my refund",
                 route="support")
    for _ in range(3):
        with pytest.raises(OSError):
            await console.post("#support", shown)
    assert "Refund please" not in out.getvalue()
    console.record_path = tmp_path / "record.jsonl"  # room made
    ref = await console.post("#support", shown)
    assert out.getvalue().count("Refund please") == 1, out.getvalue()
    assert await console.find("#support", "T-1") == ref
