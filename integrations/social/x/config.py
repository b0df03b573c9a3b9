"""The ``type: x`` source's config: the API's tokens, the account, and what to follow."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

from bot.core.config import Problem, SourceBase, url_problems


class XSourceConfig(SourceBase):
    type: Literal["x"]
    base_url: str = "https://api.x.com"
    bearer_token: str | None = None
    user_token: str | None = None
    user_id: str | None = None
    queries: tuple[str, ...] = ()
    mentions: bool = False

    def problems(self, *, resolve: Callable[[str], Path]) -> Iterator[Problem]:
        yield from url_problems(("base_url",), self.base_url)
