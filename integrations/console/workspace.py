"""The console workspace: cards rendered in the terminal, for the demo and for development.

It follows the same Workspace contract as Slack and Discord. Every post, update and thread note
can also be appended as a JSON line to a *record* file; ``find`` reads that record back, so a
retry after a crash between "recorded" and "printed" prints the card once (as an edit) instead of
posting it again (and finds an edit's thread note there instead of adding it again), and tests
can count what a person would have seen. A post is recorded before it is printed: a record that
cannot be written (a full disk) fails the try with nothing printed.

Social text is untrusted: control characters (terminal escape sequences) and invisible characters
are removed, separators become newlines, tabs become spaces to the next stop (so the frame stays
aligned), and cards are drawn as plain text (no markup, emoji codes, escape sequences or
highlighting is ever interpreted). The bot's own action and notify lines start with
``LAYOUT_MARK`` (▶), a glyph social text can never show (it and its lookalikes, such as ► or ⯈,
are drawn as ▷ there), so a post cannot fake the lines people act on.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn, TextIO

from rich.cells import cell_len

from bot.core.cards import Card
from bot.core.models import MessageRef
from bot.core.text import (
    at_handle,
    clean,
    grapheme_cut,
    grapheme_spans,
    one_line,
    scrub,
    truncate,
)

_STYLE = {
    "alert": "cyan",
    "ticket": "yellow",
    "approval": "magenta",
    "digest": "blue",
    "spike": "red",
    "notice": "white",
}
TEXT_LIMIT = 1_200
LAYOUT_MARK = "\u25b6"  # ▶ starts the bot's own notify and actions lines
# Black right-pointing triangles and arrowheads a reader takes for the mark: ⏵ ▸ ► ➢ ➣ ➤ ⮚ ⮞ ⯈
# 🞂 🢒 and the triangular bullet ‣. All become ▷ (the same shape, never ours) wherever they
# are, since wrapping can bring any character to the start of a line.
MARK_LOOKALIKES = ("\u23f5\u25b8\u25ba\u27a2\u27a3\u27a4\u2b9a\u2b9e\u2bc8\U0001f782\U0001f892"
                   "\u2023")
_RESERVED = str.maketrans(dict.fromkeys(LAYOUT_MARK + MARK_LOOKALIKES, "\u25b7"))
# A terminal draws a tab up to its next stop, every 8 cells, but ``cell_len`` counts it as none:
# the frame expands tabs to spaces before measuring, or its right border would be pushed out.
TAB_STOP = 8


def _safe(text: str, limit: int | None = None) -> str:
    """Untrusted text for the terminal: cleaned (one line when ``limit`` is given) and unable to
    draw the bot's layout mark."""
    shown = truncate(clean(text), TEXT_LIMIT) if limit is None else one_line(text, limit)
    # the reserved glyphs are not ASCII: an ASCII text (most) has none to replace
    return shown if shown.isascii() else shown.translate(_RESERVED)


def _cells(text: str) -> int:
    """Terminal cells of ``text``: rich's ``cell_len``, answered without it for printable
    ASCII (one cell per character, which is what ``cell_len`` counts for it too)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return cell_len(text)


class ConsoleWorkspace:
    """Prints cards to ``out``. ``record_path`` (optional) keeps a JSON-lines log of deliveries."""

    paced = False  # a terminal has no rate limit: `socialops replay` prints as fast as it routes
    lines_share_pace = False
    steady_pace = False

    def __init__(
        self,
        name: str = "console",
        *,
        out: TextIO | None = None,
        record_path: Path | None = None,
        width: int | None = None,
    ) -> None:
        self.name = name
        self._out = out
        self.width = width or 100
        self.record_path = record_path
        self._lock = threading.Lock()
        # The record is read on a worker thread (``find``, an edit's thread-note check): this
        # keeps each post, edit and look-up whole towards the others of this process, as when
        # they ran on the loop (two deliveries of one line at once both found it unshown).
        self._turn = asyncio.Lock()
        self.posted = 0
        self.updated = 0

    def _print(self, text: str) -> None:
        out = self._out if self._out is not None else sys.stdout
        try:
            out.write(text + "\n")
            out.flush()
        except BrokenPipeError:
            # The reader went away (`socialops demo | head`): nobody sees cards any more, so
            # stop as Unix tools do rather than retry the delivery for ever.
            output_closed(out)

    # -- Workspace protocol ------------------------------------------------------------------

    async def post(self, channel: str, card: Card) -> MessageRef:
        ref = MessageRef(
            workspace=self.name, channel=channel, message_id=_message_id(channel, card.key)
        )
        # recorded first: a record that cannot be written (a full disk) fails the try before
        # anything is printed, so its retries do not print the card again and again; a crash
        # between the two leaves it found, and the retry prints it (updated)
        async with self._turn:
            self._record("post", ref, card)
            self._print(render(card, channel=channel, width=self.width))
        self.posted += 1
        return ref

    async def update(self, ref: MessageRef, card: Card, *,
                     maybe_shown_since: datetime | None = None) -> MessageRef:
        async with self._turn:
            # the record knows each line by its key, whenever it was shown: no time is needed
            if (card.thread_note and maybe_shown_since is not None
                    and await asyncio.to_thread(self._line_shown, ref, card.thread_key)):
                card = card.model_copy(update={"thread_note": None, "thread_mention_users": ()})
            self._print(render(card, channel=ref.channel, updated=True, width=self.width))
            self._record("update", ref, card)
            if card.thread_note:
                note = f"  ↳ thread {ref.message_id}: {_safe(card.thread_note, 300)}"
                if card.thread_mention_users:
                    note += " (notify: " + " ".join(
                        f"@{_safe(u, 40)}" for u in card.thread_mention_users) + ")"
                self._print("\n".join(_wrap(note, self.width)))
        self.updated += 1
        return ref

    async def find(self, channel: str, card_key: str) -> MessageRef | None:
        # Only asked after a delivery whose outcome is unknown (a crash). Several processes may
        # share one record file, so it is read afresh each time; nothing is kept per card (a
        # month of cards would stay in memory): the first post of the card is its message.
        # Read on a worker thread: a record of 100,000 cards took 0.3 s to read, which held
        # the event loop (chat, /healthz) at each retry of a delivery whose outcome was unknown.
        async with self._turn:
            return await asyncio.to_thread(self._first_post, channel, card_key)

    def _first_post(self, channel: str, card_key: str) -> MessageRef | None:
        for row in self.records():
            if row.get("op") == "post" and row["channel"] == channel and row["key"] == card_key:
                return MessageRef(workspace=self.name, channel=channel,
                                  message_id=row["message_id"])
        return None

    async def notify(self, channel: str, text: str) -> None:
        """A plain line (command replies, notices) that is not a card."""
        self._print(f"[{channel}] {clean(text, limit=2_000).translate(_RESERVED)}")

    def _line_shown(self, ref: MessageRef, key: str | None) -> bool:
        """Whether the record (shared by every process) has thread note ``key`` in ``ref``'s
        thread."""
        return key is not None and any(
            row.get("op") == "update" and row.get("thread_key") == key
            and row.get("message_id") == ref.message_id for row in self.records())

    # -- record ------------------------------------------------------------------------------

    def records(self) -> Iterator[dict[str, Any]]:
        if self.record_path is None or not self.record_path.exists():
            return
        with self.record_path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)

    def _record(self, op: str, ref: MessageRef, card: Card) -> None:
        if self.record_path is None:
            return
        row = {
            "op": op,
            "workspace": self.name,
            "channel": ref.channel,
            "message_id": ref.message_id,
            "key": card.key,
            "kind": card.kind,
            "title": card.title,
            "status": card.status,
            "route": card.route,
            "text": truncate(card.text, 500),  # never half a flag or emoji
            "thread_note": card.thread_note,
            "thread_key": card.thread_key if card.thread_note else None,
        }
        # a lone surrogate in a card cannot be written as UTF-8: U+FFFD instead of a crash
        row = {k: scrub(v) if isinstance(v, str) else v for k, v in row.items()}
        line = json.dumps(row, ensure_ascii=False) + "\n"
        with self._lock:
            self.record_path.parent.mkdir(parents=True, exist_ok=True)
            # One write of one line with O_APPEND: a kill leaves whole lines or nothing.
            with self.record_path.open("a", encoding="utf-8") as fh:
                fh.write(line)
                fh.flush()



OUTPUT_CLOSED = 141  # the exit status of a command whose reader went away (`| head`)


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush into a closed pipe stays
    quiet."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def output_closed(out: TextIO | None = None) -> NoReturn:
    """End the process as Unix tools do when their reader goes away: quietly, with 141."""
    if out is None or out is sys.stdout:
        silence_stdout()
    raise SystemExit(OUTPUT_CLOSED) from None


def _message_id(channel: str, key: str) -> str:
    return "c" + hashlib.sha1(f"{channel}\x00{key}".encode()).hexdigest()[:12]


def render(card: Card, *, channel: str, updated: bool = False, width: int = 100) -> str:
    """A card as a framed block of plain text, ``width`` cells wide. Pure, so tests and the
    demo can render without a workspace. (Drawn by hand rather than by rich's layout engine:
    a card is printed for every alert a replay routes, and this is twenty times cheaper.)"""
    head = f"#{channel} {card.kind.upper()}"
    if card.status:
        head += f" [{_safe(card.status, 60)}]"
    if updated:
        head += " (updated)"
    parts: list[str] = [_safe(card.title, 200)]
    network = card.network_name or card.network
    meta = [x for x in (network and _safe(network, 40),
                        card.author and _safe(at_handle(card.author, 80))) if x]
    if card.badges:
        meta.append(" · ".join(_safe(b, 40) for b in card.badges))
    if card.route:
        meta.append(f"route: {_safe(card.route, 60)}")
    if meta:
        parts.append(" | ".join(meta))
    if card.text:
        parts.append(_safe(card.text))
    for f in card.fields:
        parts.append(f"{_safe(f.name, 60)}: {_safe(f.value, 400)}")
    if card.mention_users or card.mention_groups:
        who = [f"@{u}" for u in card.mention_users] + [f"@{g}" for g in card.mention_groups]
        parts.append(f"{LAYOUT_MARK} notify: " + " ".join(who))
    actions = [f"{b.action} {b.target}" for b in card.buttons if b.action != "open"]
    if actions:
        parts.append(f"{LAYOUT_MARK} actions: " + " | ".join(actions))
    link = card.url or next((b.url for b in card.buttons if b.url), None)
    if link:
        parts.append(_safe(link, 300))
    if card.footer:
        parts.append(_safe(card.footer, 300))
    return frame(head, parts, width=width)


def frame(title: str, paragraphs: list[str], *, width: int) -> str:
    """``paragraphs`` wrapped in a rounded box with ``title`` in its top border."""
    inner = width - 4
    title = _fit(title.expandtabs(TAB_STOP), inner - 2)
    top = f"╭─ {title} " + "─" * max(0, width - 5 - _cells(title)) + "╮"
    lines = [top]
    for paragraph in paragraphs:
        for line in paragraph.expandtabs(TAB_STOP).split("\n"):
            cells = _cells(line)
            if cells <= inner:  # most lines: one piece, measured once
                piece = line.rstrip()
                if len(piece) != len(line):
                    cells = _cells(piece)
                lines.append(f"│ {piece}{' ' * (inner - cells)} │")
                continue
            for piece in _wrap_long(line, inner):
                lines.append(f"│ {piece}{' ' * (inner - _cells(piece))} │")
    lines.append("╰" + "─" * (width - 2) + "╯")
    return "\n".join(lines)


def _wrap(line: str, width: int) -> list[str]:
    """Greedy word wrap by terminal cells; a word wider than a line is cut."""
    if _cells(line) <= width:
        return [line.rstrip()]
    return _wrap_long(line, width)


def _wrap_long(line: str, width: int) -> list[str]:
    """``_wrap`` of a line wider than ``width``."""
    out: list[str] = []
    body = line.lstrip(" ")
    current = line[: len(line) - len(body)]  # the indent stays on the first line
    for word in body.split(" "):
        candidate = f"{current} {word}" if current.strip() else current + word
        if _cells(candidate) <= width:
            current = candidate
            continue
        if current:
            out.append(current)
        current = _cut_word(word, width, out)
    out.append(current)
    return [piece.rstrip() for piece in out]


def _cut_word(word: str, width: int, out: list[str]) -> str:
    """Lines of at most ``width`` cells cut from ``word`` between user-perceived characters
    onto ``out``, and what is left for the next line. Each character is measured once, so a
    word of 20,000 flag letters costs time linear in its length (cutting line by line and
    measuring the rest each time was quadratic: 1.5 s). A 2-cell letter in a 1-cell line goes
    on a line of its own."""
    start = cells = 0
    for at, end in grapheme_spans(word):
        size = _cells(word[at:end])
        if cells + size > width and at > start:
            out.append(word[start:at])
            start, cells = at, 0
        cells += size
    if cells > width:  # one character wider than the line, alone
        out.append(word[start:])
        return ""
    return word[start:]


def _fit(text: str, cells: int) -> str:
    """``text`` cut to ``cells`` with "…", between two user-perceived characters: a
    word cut inside one (a flag's two letters, a letter and its accent, an Indic conjunct)
    showed half of it, and a row of flags wrapped so showed other flags on every line after
    (🇺🇸🇺🇸 cut after 🇺 reads 🇸🇺 on the next)."""
    if _cells(text) <= cells:
        return text
    out = ""
    for ch in text:
        if _cells(out + ch) > cells - 1:
            break
        out += ch
    return out[:grapheme_cut(text, len(out))] + "…"


