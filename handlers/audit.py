"""Append-only audit trail: who did what, when, with the record before and after."""

from __future__ import annotations

import itertools
import os

from pydantic import BaseModel

from bot.core.models import AuditEvent
from bot.core.ports import Clock, Store


class Audit:
    def __init__(self, store: Store, *, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self._seq = itertools.count()
        self._prefix = f"{os.getpid():x}"

    async def record(
        self,
        *,
        actor: str,
        action: str,
        obj: BaseModel | None = None,
        object_type: str,
        object_id: str,
        before: BaseModel | None = None,
        detail: str = "",
    ) -> AuditEvent:
        now = self.clock()
        event = AuditEvent(
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
        await self.store.append_audit(event)
        return event


def _slim(model: BaseModel | None) -> dict[str, object] | None:
    if model is None:
        return None
    data = model.model_dump(mode="json", exclude={"history", "raw"})
    return data
