"""The injectable clock of the tests (``tests.conftest`` gives it as the ``clock`` fixture), in a
module without pytest: the real processes of the chaos tests (``tests.chaos.boundary``) use it
too, and importing pytest was a tenth of their start-up CPU."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """An injectable clock: ``clock()`` returns the current instant, ``advance`` moves it."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> datetime:
        self.now += timedelta(**kw)
        return self.now
