"""Small helpers for tests that set up store state: each is one ``Store.apply`` of one effect,
the same path the engine uses."""

from __future__ import annotations

from datetime import datetime

from bot.core.cards import OutboxItem
from bot.core.effects import Effects, Versioned
from bot.core.models import AuditEvent, Signal
from bot.core.ports import Store


async def create(store: Store, record: Versioned) -> bool:
    fx = Effects()
    fx.create(record)
    return await store.apply(fx)


async def update(store: Store, new: Versioned, *, expected: int) -> bool:
    fx = Effects()
    fx.update(new, expected=expected)
    return await store.apply(fx)


async def delete(store: Store, kind: str, record_id: str) -> bool:
    fx = Effects()
    fx.delete(kind, record_id)
    return await store.apply(fx)


async def enqueue(store: Store, item: OutboxItem) -> None:
    fx = Effects()
    fx.send(item)
    await store.apply(fx)


async def schedule(store: Store, timer_id: str, due: datetime, payload: str, *,
                   once: bool = False) -> None:
    fx = Effects()
    fx.schedule(timer_id, due, payload, once=once)
    await store.apply(fx)


async def cancel(store: Store, timer_id: str) -> None:
    fx = Effects()
    fx.cancel(timer_id)
    await store.apply(fx)


async def put_signal(store: Store, signal: Signal, ttl_seconds: int = 3600) -> None:
    fx = Effects()
    fx.signals.append((signal, ttl_seconds, ttl_seconds))
    await store.apply(fx)


async def audit(store: Store, event: AuditEvent) -> None:
    fx = Effects()
    fx.audit.append(event)
    await store.apply(fx)
