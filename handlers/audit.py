"""Append-only audit trail: who did what, when, with the record before and after. Events are
built here and written by the engine in the same transaction as the change they describe."""

from __future__ import annotations

import itertools
import os

from pydantic import BaseModel

from bot.core.models import AuditEvent
from bot.core.ports import Clock


class Audit:
    def __init__(self, *, clock: Clock) -> None:
        self.clock = clock
        self._seq = itertools.count()
        self._prefix = f"{os.getpid():x}"

    def event(
        self,
        *,
        actor: str,
        action: str,
        object_type: str,
        object_id: str,
        obj: BaseModel | None = None,
        before: BaseModel | None = None,
        detail: str = "",
    ) -> AuditEvent:
        now = self.clock()
        return AuditEvent(
            id=f"E-{now.strftime('%Y%m%d%H%M%S%f')}-{self._prefix}-{next(self._seq)}",
            at=now,
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=_slim(before),
            after=_slim(obj),
            detail=detail,
        )


def _slim(model: BaseModel | None) -> dict[str, object] | None:
    if model is None:
        return None
    return model.model_dump(mode="json", exclude={"history", "raw"})
