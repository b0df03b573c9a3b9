"""The replay source: mentions from a JSON-lines file, for the demo, tests and `socialops replay`.

Format: one ``bot.core.models.Mention`` as JSON per line (see README "Replay format"). Blank
lines and lines starting with ``#`` are ignored. ``source`` may be omitted (the replay
source's id is used).
A malformed line is skipped with a warning naming the file and line, and counted.

The cursor is the number of lines consumed, kept in the store, so a restarted process resumes
where the last committed batch ended.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from bot.core.models import Mention
from bot.core.ports import PublishResult, SourceCursorStore
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
    _lines: list[str] | None = None

    @property
    def id(self) -> str:
        return self.config.id

    def _read(self) -> list[str]:
        if self._lines is None:
            # JSON lines end at "\n" only: str.splitlines() would also cut at U+2028, U+2029,
            # NEL and other separators, which JSON allows unescaped inside strings.
            # utf-8-sig: a byte-order mark (Windows editors write one) is not part of line 1
            text = self.path.read_text(encoding="utf-8-sig", errors="replace")
            self._lines = [line.removesuffix("\r") for line in text.split("\n")]
        return self._lines

    async def poll(self) -> Sequence[Mention]:
        lines = self._read()
        start = int(await self.store.get_cursor(self.id) or 0)
        out: list[Mention] = []
        pos = start
        while pos < len(lines) and len(out) < self.config.batch:
            raw = lines[pos]
            pos += 1
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            mention = self._parse(raw, pos)
            if mention is not None:
                out.append(mention)
        self.exhausted = pos >= len(lines)
        if pos != start:
            await self.store.set_cursor(self.id, str(pos))
        return out

    def _parse(self, raw: str, lineno: int) -> Mention | None:
        try:
            mention = self._mention(raw)
            network, _, native = mention.id.partition(":")
            if network != mention.network or not native:
                raise ValueError(f'id: "{mention.id[:80]}" must be "<network>:<native id>", '
                                 f'here "{mention.network}:..." (every id is the dedup key)')
            return mention
        except (ValueError, ValidationError) as exc:
            reason = _short_reason(exc)
            if lineno not in {s.line for s in self.skipped}:
                self.skipped.append(Skip(lineno, reason))
            log.warning(
                "skipped malformed replay line %s:%d: %s",
                self.path,
                lineno,
                reason,
                extra={"source": self.id, "line": lineno},
            )
            return None


    def _mention(self, raw: str) -> Mention:
        if '"source"' in raw:  # the usual case: pydantic reads the JSON itself, fast
            try:
                return Mention.model_validate_json(raw)
            except ValidationError:
                pass  # say why below (Python's reader also takes lone surrogate escapes)
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        data.setdefault("source", self.id)
        return Mention.model_validate(data)


def _short_reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        return f"{loc}: {err['msg']}" + (
            f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        )
    return str(exc).split("\n")[0]


def build_replay_source(
    config: ReplaySourceConfig, *, store: SourceCursorStore, base_dir: Path | None = None
) -> ReplaySource:
    path = Path(config.path)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return ReplaySource(config=config, store=store, path=path)


class ReplayPublisher:
    """Publishes to nowhere: the demo's and replays' stand-in for a network. Idempotent by key,
    like Mastodon's Idempotency-Key, and it keeps what it 'posted' for the summary."""

    def __init__(self, network: str = "mastodon") -> None:
        self.network = network
        self.posts: dict[str, PublishResult] = {}
        self.texts: dict[str, str] = {}

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False) -> PublishResult:
        if idempotency_key not in self.posts:
            n = len(self.posts) + 1
            self.posts[idempotency_key] = PublishResult(
                id=f"replay-{n}", url=f"https://replay.invalid/post/{n}")
            self.texts[idempotency_key] = text
            log.info("replay publisher: posted %s (reply to %s)", idempotency_key, reply_to)
        return self.posts[idempotency_key]
