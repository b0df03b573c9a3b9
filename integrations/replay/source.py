"""The replay source: mentions from a JSON-lines file, for the demo, tests and `socialops replay`.

Format: one ``bot.core.models.Mention`` as JSON per line (see docs/replay-format.md). Blank
lines and lines starting with ``#`` are ignored. ``source`` may be omitted (the replay
source's id is used).
A malformed line is skipped with a warning naming the file, the line and what is wrong with it
(``m.jsonl:3: skipped: author: must be an object with id and handle``), and counted; past
``SHOWN_SKIPS`` warnings the rest are only counted, and said in one line once the file is read.

The cursor is the number of lines consumed, kept in the store, so a restarted process resumes
where the last committed batch ended.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from bot.core import networks
from bot.core.errors import SourceError
from bot.core.jsonbody import integer
from bot.core.models import Mention
from bot.core.ports import PublishResult, SourceCursorStore
from bot.core.text import decode_file, quoted_cut
from bot.core.validation import data_path, field_problem, model_at
from bot.core.yamlfile import dotted, unreadable
from integrations.replay.config import ReplaySourceConfig

log = logging.getLogger(__name__)


@dataclass
class Skip:
    line: int
    reason: str


@dataclass
class ReplaySource:
    config: ReplaySourceConfig
    store: SourceCursorStore
    path: Path
    network: str = "replay"
    skipped: list[Skip] = field(default_factory=list)
    exhausted: bool = False
    resumed_at: int = 0  # the line the store said an earlier read of the file had reached
    _lines: list[str] | None = None
    _rest_said: bool = False
    _cut_short: bool = False  # the file's last line has no newline: maybe still being written
    _first_poll: bool = True
    # the lines of ``skipped``: a skip is said once per line, and looking the line up in
    # ``skipped`` itself made a file of bad lines quadratic (40,000 took 26 s, on the loop)
    _skipped_lines: set[int] = field(default_factory=set)

    @property
    def id(self) -> str:
        return self.config.id

    def _read(self) -> list[str]:
        if self._lines is None:
            # JSON lines end at "\n" only: str.splitlines() would also cut at U+2028, U+2029,
            # NEL and other separators, which JSON allows unescaped inside strings.
            # UTF-8, or UTF-16 by its byte-order mark (PowerShell's ">" writes it)
            try:
                text = decode_file(self.path.read_bytes(), errors="replace")
            except OSError as exc:  # made unreadable, moved or deleted since the start
                raise SourceError(unreadable(self.path) or str(exc)) from None
            # the file's last newline ends its last line: no empty line after it, which the
            # cursor would count as read, so a line appended later would never be
            # and an empty file has no line at all: read as one blank line, the cursor kept 1
            # and the first line written to it later was taken as read
            self._lines = [line.removesuffix("\r")
                           for line in text.removesuffix("\n").split("\n")] if text else []
            self._cut_short = bool(text) and not text.endswith("\n")
        return self._lines

    async def poll(self) -> Sequence[Mention]:
        lines = self._read()
        saved = int(await self.store.get_cursor(self.id) or 0)
        # a cursor past the end: saved before the last newline stopped counting as a line (one
        # too far), or the file was cut; the next line appended is the first to read
        start = min(saved, len(lines))
        if self._first_poll:
            self._first_poll, self.resumed_at = False, start
        out: list[Mention] = []
        pos = start
        unfinished = False
        while pos < len(lines) and len(out) < self.config.batch:
            raw = lines[pos]
            pos += 1
            if not _content(raw):
                continue
            mention = self._parse(raw, pos)
            if mention is not None:
                out.append(mention)
            elif pos == len(lines) and self._cut_short and self._unfinished(raw):
                # the file ends inside this line: not counted as read, so once the rest of it
                # is written the next start reads it whole rather than skipping it for good
                pos, unfinished = pos - 1, True
                break
        self.exhausted = unfinished or pos >= len(lines)
        if self.exhausted:
            self._said_the_rest()
        if pos != saved:
            await self.store.set_cursor(self.id, str(pos))
        return out

    def empty(self) -> bool:
        """Whether the file holds no line with content (blank lines and # comments only)."""
        return not any(_content(raw) for raw in self._read())

    def _parse(self, raw: str, lineno: int) -> Mention | None:
        try:
            mention = self._mention(raw)
            networks.network(mention.network)  # a network socialops knows, else one line
            network, _, native = mention.id.partition(":")
            if network != mention.network or not native:
                # quoted escaped: a line break in it cut the reason there (``_parse``)
                raise ValueError(f'id: {quoted_cut(mention.id, 80)} must be "<network>:<native '
                                 f'id>", here "{mention.network}:..." (every id is the dedup key)')
            return mention
        except RecursionError:  # json's reader recurses once per level of [ or {
            self._skip(lineno, "nested too deeply")
        except json.JSONDecodeError as exc:
            cut = self._cut_short and lineno == len(self._lines or ())
            self._skip(lineno, f"not JSON ({exc.msg} at column {exc.colno})" + (
                "; the file ends inside this line, without its newline: cut short, or still "
                "being written? replay it once it is whole" if cut else ""))
        except ValidationError as exc:
            self._skip(lineno, skip_reason(exc))
        except ValueError as exc:
            self._skip(lineno, str(exc).split("\n")[0])
        return None

    @staticmethod
    def _unfinished(raw: str) -> bool:
        """A last line without its newline that is no JSON (yet): cut short, or still being
        written."""
        try:
            json.loads(raw)
        except json.JSONDecodeError:
            return True
        except RecursionError:  # whole, but nested too deeply: skipped for good
            return False
        return False

    def _skip(self, lineno: int, reason: str) -> None:
        if lineno in self._skipped_lines:
            return  # read again (a batch retried after a failed write): said the first time
        self._skipped_lines.add(lineno)
        self.skipped.append(Skip(lineno, reason))
        if len(self.skipped) <= SHOWN_SKIPS:
            log.warning("%s:%d: skipped: %s", self.path, lineno, reason,
                        extra={"source": self.id, "line": lineno})

    def _said_the_rest(self) -> None:
        """Once the file is read: the skips past ``SHOWN_SKIPS``, in one line."""
        more = len(self.skipped) - SHOWN_SKIPS
        if more > 0 and not self._rest_said:
            self._rest_said = True
            log.warning("%s: ... and %d more line%s skipped", self.path, more,
                        "" if more == 1 else "s", extra={"source": self.id, "skipped": more})

    def _mention(self, raw: str) -> Mention:
        if '"source"' in raw:  # the usual case: pydantic reads the JSON itself, fast
            try:
                return Mention.model_validate_json(raw)
            except ValidationError:
                pass  # say why below (Python's reader also takes lone surrogate escapes)
        # an integer past the digits int() converts stays its digits: the line is then skipped
        # naming its field, not with Python's advice to raise the limit
        data = json.loads(raw, parse_int=integer)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object (one mention per line: {\"id\": ..., ...})")
        data.setdefault("source", self.id)
        return Mention.model_validate(data)


def _content(raw: str) -> bool:
    """Whether a line holds a mention to read: not blank, not a ``#`` comment."""
    if raw[:1] == "{":
        return True  # a mention's line (most lines): no strip copied twice to say so
    return bool(raw.strip()) and not raw.lstrip().startswith("#")


# Skipped lines warned about one by one; a file that is not mentions at all (a binary file
# read as lines) would otherwise bury the terminal in identical warnings.
SHOWN_SKIPS = 5


def skip_reason(exc: ValidationError) -> str:
    """Why a line is not a Mention, in one line naming the field: the config's words for
    pydantic's errors (``bot.core.validation.field_problem``), with JSON's names for shapes."""
    errors = exc.errors()
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    where = dotted(data_path(first["loc"], Mention))
    target = model_at(Mention, first["loc"])
    if first["type"] == "json_invalid":  # pydantic's own JSON reader (a --mention file)
        detail = str(first["msg"]).removeprefix("Invalid JSON: ")
        message = ("nested too deeply" if "recursion limit" in detail
                   else f"not JSON ({detail})")
    elif first["type"] in ("model_type", "model_attributes_type", "dict_type") and target:
        needed = [name for name, f in target.model_fields.items() if f.is_required()]
        message = f"must be an object with {' and '.join(needed)}"
    elif first["type"] == "missing":
        message = "missing: every mention has one"
    else:
        message = field_problem(first, model=Mention)
    return f"{where}: {message}{more}" if where else f"{message}{more}"


def build_replay_source(
    config: ReplaySourceConfig, *, store: SourceCursorStore, base_dir: Path | None = None
) -> ReplaySource:
    path = Path(os.path.expanduser(config.path))  # "~/mentions.jsonl": the home folder's
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return ReplaySource(config=config, store=store, path=path)


class ReplayPublisher:
    """Publishes to nowhere: the demo's and replays' stand-in for a network. Idempotent by key,
    like Mastodon's Idempotency-Key, and it keeps what it 'posted' for the summary. A post's
    id and address are made of its key, so they are the same in every process (a publish
    retried after a restart answers the same address) and differ for every post: numbered
    in one process's memory, each restart's first post was /post/1 again, and `status`
    showed four drafts published at one address."""

    def __init__(self, network: str = "mastodon") -> None:
        self.network = network
        self.posts: dict[str, PublishResult] = {}
        self.texts: dict[str, str] = {}

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        if idempotency_key not in self.posts:
            n = hashlib.sha256(idempotency_key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
            self.posts[idempotency_key] = PublishResult(
                id=f"replay-{n}", url=f"https://replay.invalid/post/{n}")
            self.texts[idempotency_key] = text
            log.info("replay publisher: posted %s (reply to %s)", idempotency_key, reply_to)
        return self.posts[idempotency_key]
