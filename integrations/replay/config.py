"""The ``type: replay`` source's config: a JSON-lines file of mentions to push through the
pipeline (the demo, tests, ``socialops replay``). Replay is a source type, not a network: its
mentions keep the networks they were recorded on (``network_override`` only says which
network its account stands for)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from bot.core import networks
from bot.core.config import FileName, Problem, SourceBase
from bot.core.yamlfile import not_a_file, unreadable


class ReplaySourceConfig(SourceBase):
    type: Literal["replay"]
    path: FileName
    # the network this source's account stands for: a ticket reply to a post of that network
    # may be drafted on it (unset: of any network), and ``why`` counts it among the sources
    # reading that network (unset: none). The mentions keep the network each line names.
    network_override: Annotated[str, AfterValidator(networks.network)] | None = None
    # lines a poll reads: one batch, whose one transaction is written in one go on the event
    # loop that also answers chat under `socialops run` (500 routed posts: about 25 ms);
    # `socialops replay FILE`, which answers no chat, reads ``bot.app.demo.REPLAY_BATCH``
    batch: int = Field(default=50, ge=1, le=10_000)

    def problems(self, *, resolve: Callable[[str], Path]) -> Iterator[Problem]:
        path = resolve(self.path)
        if not path.is_file():
            where = "" if Path(self.path).is_absolute() else " (relative to the config file)"
            problem = not_a_file(path)
            yield ("path",), f"{path}: {problem}" if problem else f"file not found: {path}{where}"
        elif problem := unreadable(path):  # `run` would fail every poll on it
            yield ("path",), problem
