"""The SQLite store: the default, one file under ``./data/``, for one bot process (several
processes on one host may share the file: every read-modify-write runs in ``BEGIN IMMEDIATE``,
which serialises writers, so compare-and-set stays atomic across them).

Calls are short and run on the event loop thread; WAL mode with ``synchronous=NORMAL`` keeps a
commit durable across a killed process (only a power loss can drop the last commits). Expiry
times come from the injected clock, so tests advance time instead of sleeping.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from bot.core.errors import StoreError, StoreUnavailable
from bot.core.models import Approval, AuditEvent, MessageRef, Signal, Subscription, Ticket
from bot.core.ports import Clock, OutboxItem
from bot.store import keys as K

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {K.T_KV} (
    key TEXT PRIMARY KEY, value TEXT NOT NULL, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS {K.T_CURSORS} (source TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {K.T_COUNTERS} (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS {K.T_RECORDS} (
    kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, status TEXT,
    k1 TEXT, k2 TEXT, json TEXT NOT NULL, PRIMARY KEY (kind, id));
CREATE INDEX IF NOT EXISTS records_status ON {K.T_RECORDS} (kind, status);
CREATE INDEX IF NOT EXISTS records_k1 ON {K.T_RECORDS} (kind, k1, k2);
CREATE TABLE IF NOT EXISTS {K.T_OUTBOX} (
    key TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, workspace TEXT NOT NULL,
    channel TEXT NOT NULL, status TEXT NOT NULL, next_at REAL NOT NULL, json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS outbox_pending ON {K.T_OUTBOX} (status, workspace, channel, seq);
CREATE TABLE IF NOT EXISTS {K.T_CHANNEL_LEASES} (
    workspace TEXT NOT NULL, channel TEXT NOT NULL, owner TEXT NOT NULL, expires REAL NOT NULL,
    PRIMARY KEY (workspace, channel));
CREATE TABLE IF NOT EXISTS {K.T_MESSAGE_REFS} (
    card_key TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL, json TEXT NOT NULL,
    PRIMARY KEY (card_key, workspace, channel));
CREATE TABLE IF NOT EXISTS {K.T_SIGNALS} (
    id TEXT PRIMARY KEY, customer TEXT NOT NULL, created REAL NOT NULL, expires REAL NOT NULL,
    json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS signals_customer ON {K.T_SIGNALS} (customer, created);
CREATE TABLE IF NOT EXISTS {K.T_GROUPS} (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, item TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS groups_name ON {K.T_GROUPS} (name, seq);
CREATE TABLE IF NOT EXISTS {K.T_AUDIT} (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_at ON {K.T_AUDIT} (at, seq);
CREATE TABLE IF NOT EXISTS {K.T_LEASES} (
    name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS {K.T_TIMERS} (
    id TEXT PRIMARY KEY, due REAL NOT NULL, payload TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS timers_due ON {K.T_TIMERS} (due);
"""

PURGE_EVERY = 500


def _ts(dt: datetime) -> float:
    return dt.timestamp()


class SqliteStore:
    def __init__(self, path: str | Path, *, clock: Clock) -> None:
        self.path = Path(path)
        self.clock = clock
        self._calls = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), isolation_level=None, timeout=10.0,
                                       check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._db.executescript(_SCHEMA)
            self._db.execute("SELECT 1").fetchone()
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailable(f"cannot open SQLite database at {self.path}: {exc}") from exc

    def _now(self) -> float:
        return _ts(self.clock())

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite: {exc}") from exc
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")

    def _q(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite: {exc}") from exc

    def _maybe_purge(self) -> None:
        self._calls += 1
        if self._calls % PURGE_EVERY == 0:
            now = self._now()
            self._q(f"DELETE FROM {K.T_KV} WHERE expires <= ?", (now,))
            self._q(f"DELETE FROM {K.T_SIGNALS} WHERE expires <= ?", (now,))

    async def close(self) -> None:
        self._db.close()

    # dedup -------------------------------------------------------------------------------------

    async def mark_seen(self, key: str, ttl_seconds: int) -> bool:
        self._maybe_purge()
        now = self._now()
        with self._tx() as db:
            row = db.execute(f"SELECT expires FROM {K.T_KV} WHERE key = ?", (key,)).fetchone()
            if row is not None and row[0] > now:
                return False
            db.execute(f"INSERT OR REPLACE INTO {K.T_KV} VALUES (?, '1', ?)",
                       (key, now + ttl_seconds))
            return True

    async def is_seen(self, key: str) -> bool:
        rows = self._q(f"SELECT 1 FROM {K.T_KV} WHERE key = ? AND expires > ?",
                       (key, self._now()))
        return bool(rows)

    async def claim_value(self, key: str, value: str, ttl_seconds: int) -> str:
        now = self._now()
        with self._tx() as db:
            row = db.execute(f"SELECT value, expires FROM {K.T_KV} WHERE key = ?",
                             (key,)).fetchone()
            if row is not None and row[1] > now:
                return str(row[0])
            db.execute(f"INSERT OR REPLACE INTO {K.T_KV} VALUES (?, ?, ?)",
                       (key, value, now + ttl_seconds))
            return value

    # cursors -----------------------------------------------------------------------------------

    async def get_cursor(self, source_id: str) -> str | None:
        rows = self._q(f"SELECT value FROM {K.T_CURSORS} WHERE source = ?", (source_id,))
        return str(rows[0][0]) if rows else None

    async def set_cursor(self, source_id: str, value: str) -> None:
        self._q(f"INSERT OR REPLACE INTO {K.T_CURSORS} VALUES (?, ?)", (source_id, value))

    async def next_number(self, counter: str) -> int:
        with self._tx() as db:
            db.execute(f"INSERT INTO {K.T_COUNTERS} VALUES (?, 1) ON CONFLICT(name) DO UPDATE "
                       "SET value = value + 1", (counter,))
            row = db.execute(f"SELECT value FROM {K.T_COUNTERS} WHERE name = ?",
                             (counter,)).fetchone()
            return int(row[0])

    # records (tickets, approvals, subscriptions) -----------------------------------------------

    def _create(self, kind: str, rid: str, *, version: int, status: str | None,
                k1: str | None, k2: str | None, data: str) -> bool:
        try:
            self._db.execute(f"INSERT INTO {K.T_RECORDS} VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (kind, rid, version, status, k1, k2, data))
            return True
        except sqlite3.IntegrityError:
            return False
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite: {exc}") from exc

    def _get(self, kind: str, rid: str) -> str | None:
        rows = self._q(f"SELECT json FROM {K.T_RECORDS} WHERE kind = ? AND id = ?", (kind, rid))
        return str(rows[0][0]) if rows else None

    def _cas(self, kind: str, rid: str, *, new_version: int, expected: int,
             status: str | None, k1: str | None, k2: str | None, data: str) -> bool:
        if new_version != expected + 1:
            raise ValueError(f"new version must be {expected + 1}, got {new_version}")
        with self._tx() as db:
            cur = db.execute(
                f"UPDATE {K.T_RECORDS} SET version = ?, status = ?, k1 = ?, k2 = ?, json = ? "
                "WHERE kind = ? AND id = ? AND version = ?",
                (new_version, status, k1, k2, data, kind, rid, expected))
            return cur.rowcount == 1

    def _list(self, kind: str, where: str = "", args: tuple[Any, ...] = ()) -> list[str]:
        rows = self._q(f"SELECT json FROM {K.T_RECORDS} WHERE kind = ? {where} ORDER BY rowid",
                       (kind, *args))
        return [str(r[0]) for r in rows]

    async def create_ticket(self, ticket: Ticket) -> bool:
        return self._create(K.TICKET, ticket.id, version=ticket.version, status=ticket.status,
                            k1=ticket.conversation_key, k2=ticket.customer_key,
                            data=ticket.to_json())

    async def get_ticket(self, ticket_id: str) -> Ticket | None:
        data = self._get(K.TICKET, ticket_id)
        return Ticket.model_validate_json(data) if data else None

    async def update_ticket(self, new: Ticket, *, expected_version: int) -> bool:
        return self._cas(K.TICKET, new.id, new_version=new.version, expected=expected_version,
                         status=new.status, k1=new.conversation_key, k2=new.customer_key,
                         data=new.to_json())

    async def list_tickets(self, *, status: str | None = None) -> list[Ticket]:
        rows = (self._list(K.TICKET, "AND status = ?", (status,)) if status
                else self._list(K.TICKET))
        return [Ticket.model_validate_json(r) for r in rows]

    async def find_open_ticket(self, conversation_key: str) -> Ticket | None:
        rows = self._list(K.TICKET, "AND k1 = ? AND status IN ('open', 'claimed')",
                          (conversation_key,))
        return Ticket.model_validate_json(rows[-1]) if rows else None

    async def create_approval(self, approval: Approval) -> bool:
        return self._create(K.APPROVAL, approval.id, version=approval.version,
                            status=approval.status, k1=None, k2=None, data=approval.to_json())

    async def get_approval(self, approval_id: str) -> Approval | None:
        data = self._get(K.APPROVAL, approval_id)
        return Approval.model_validate_json(data) if data else None

    async def update_approval(self, new: Approval, *, expected_version: int) -> bool:
        return self._cas(K.APPROVAL, new.id, new_version=new.version, expected=expected_version,
                         status=new.status, k1=None, k2=None, data=new.to_json())

    async def list_approvals(self, *, status: str | None = None) -> list[Approval]:
        rows = (self._list(K.APPROVAL, "AND status = ?", (status,)) if status
                else self._list(K.APPROVAL))
        return [Approval.model_validate_json(r) for r in rows]

    async def create_subscription(self, sub: Subscription) -> bool:
        return self._create(K.SUBSCRIPTION, sub.id, version=sub.version, status=sub.mode,
                            k1=sub.workspace, k2=sub.channel, data=sub.to_json())

    async def get_subscription(self, sub_id: str) -> Subscription | None:
        data = self._get(K.SUBSCRIPTION, sub_id)
        return Subscription.model_validate_json(data) if data else None

    async def update_subscription(self, new: Subscription, *, expected_version: int) -> bool:
        return self._cas(K.SUBSCRIPTION, new.id, new_version=new.version,
                         expected=expected_version, status=new.mode, k1=new.workspace,
                         k2=new.channel, data=new.to_json())

    async def delete_subscription(self, sub_id: str) -> bool:
        with self._tx() as db:
            cur = db.execute(f"DELETE FROM {K.T_RECORDS} WHERE kind = ? AND id = ?",
                             (K.SUBSCRIPTION, sub_id))
            return cur.rowcount == 1

    async def list_subscriptions(self, *, workspace: str | None = None,
                                 channel: str | None = None) -> list[Subscription]:
        where, args = "", cast(tuple[str, ...], ())
        if workspace is not None and channel is not None:
            where, args = "AND k1 = ? AND k2 = ?", (workspace, channel)
        elif workspace is not None:
            where, args = "AND k1 = ?", (workspace,)
        return [Subscription.model_validate_json(r)
                for r in self._list(K.SUBSCRIPTION, where, args)]

    # outbox ------------------------------------------------------------------------------------

    async def enqueue(self, item: OutboxItem) -> bool:
        with self._tx() as db:
            if db.execute(f"SELECT 1 FROM {K.T_OUTBOX} WHERE key = ?", (item.key,)).fetchone():
                return False
            seq = int(db.execute(f"SELECT COALESCE(MAX(seq), 0) + 1 FROM {K.T_OUTBOX}")
                      .fetchone()[0])
            stored = item.model_copy(update={"seq": seq})
            db.execute(f"INSERT INTO {K.T_OUTBOX} VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (item.key, seq, item.workspace, item.channel, item.status,
                        _ts(item.next_attempt_at), stored.to_json()))
            return True

    async def claim_due(self, *, now: datetime, owner: str, lease_seconds: float,
                        limit: int) -> list[OutboxItem]:
        t = _ts(now)
        out: list[OutboxItem] = []
        with self._tx() as db:
            heads = db.execute(
                f"SELECT o.key, o.workspace, o.channel, o.next_at, o.json FROM {K.T_OUTBOX} o "
                f"JOIN (SELECT workspace, channel, MIN(seq) AS s FROM {K.T_OUTBOX} "
                "WHERE status = 'pending' GROUP BY workspace, channel) h "
                "ON o.seq = h.s ORDER BY o.seq").fetchall()
            for _key, ws, ch, next_at, data in heads:
                if len(out) >= limit:
                    break
                if next_at > t:
                    continue
                lease = db.execute(f"SELECT owner, expires FROM {K.T_CHANNEL_LEASES} "
                                   "WHERE workspace = ? AND channel = ?", (ws, ch)).fetchone()
                if lease is not None and lease[0] != owner and lease[1] > t:
                    continue
                db.execute(f"INSERT OR REPLACE INTO {K.T_CHANNEL_LEASES} VALUES (?, ?, ?, ?)",
                           (ws, ch, owner, t + lease_seconds))
                out.append(OutboxItem.model_validate_json(data))
        return out

    async def get_outbox(self, key: str) -> OutboxItem | None:
        rows = self._q(f"SELECT json FROM {K.T_OUTBOX} WHERE key = ?", (key,))
        return OutboxItem.model_validate_json(rows[0][0]) if rows else None

    def _release(self, db: sqlite3.Connection, item: OutboxItem, owner: str) -> None:
        db.execute(f"DELETE FROM {K.T_CHANNEL_LEASES} WHERE workspace = ? AND channel = ? "
                   "AND owner = ?", (item.workspace, item.channel, owner))

    async def finish(self, key: str, *, owner: str, ref: MessageRef | None) -> None:
        with self._tx() as db:
            row = db.execute(f"SELECT json FROM {K.T_OUTBOX} WHERE key = ?", (key,)).fetchone()
            if row is None:
                return
            item = OutboxItem.model_validate_json(row[0])
            done = item.model_copy(update={"status": "sent", "ref": ref})
            db.execute(f"UPDATE {K.T_OUTBOX} SET status = 'sent', json = ? WHERE key = ?",
                       (done.to_json(), key))
            if ref is not None:
                self._keep_ref(db, item, ref)
            self._release(db, item, owner)

    @staticmethod
    def _keep_ref(db: sqlite3.Connection, item: OutboxItem, ref: MessageRef) -> None:
        """The first message posted for the card stays its message; a later ref for that same
        message replaces it (an update learnt its thread)."""
        key = (item.card.key, item.workspace, item.channel)
        row = db.execute(f"SELECT json FROM {K.T_MESSAGE_REFS} WHERE card_key = ? AND "
                         "workspace = ? AND channel = ?", key).fetchone()
        if row is None:
            db.execute(f"INSERT INTO {K.T_MESSAGE_REFS} VALUES (?, ?, ?, ?)",
                       (*key, ref.to_json()))
        elif MessageRef.model_validate_json(row[0]).message_id == ref.message_id:
            db.execute(f"UPDATE {K.T_MESSAGE_REFS} SET json = ? WHERE card_key = ? AND "
                       "workspace = ? AND channel = ?", (ref.to_json(), *key))

    async def retry_later(self, key: str, *, owner: str, at: datetime, error: str,
                          dead: bool = False) -> None:
        with self._tx() as db:
            row = db.execute(f"SELECT json FROM {K.T_OUTBOX} WHERE key = ?", (key,)).fetchone()
            if row is None:
                return
            item = OutboxItem.model_validate_json(row[0])
            status = "dead" if dead else "pending"
            new = item.model_copy(update={"attempts": item.attempts + 1, "next_attempt_at": at,
                                          "last_error": error[:2000], "status": status})
            db.execute(f"UPDATE {K.T_OUTBOX} SET status = ?, next_at = ?, json = ? "
                       "WHERE key = ?", (status, _ts(at), new.to_json(), key))
            self._release(db, item, owner)

    async def outbox_counts(self) -> dict[str, int]:
        counts = {"pending": 0, "sent": 0, "dead": 0}
        for status, n in self._q(f"SELECT status, COUNT(*) FROM {K.T_OUTBOX} GROUP BY status"):
            counts[str(status)] = int(n)
        return counts

    async def message_ref(self, card_key: str, workspace: str,
                          channel: str) -> MessageRef | None:
        rows = self._q(f"SELECT json FROM {K.T_MESSAGE_REFS} WHERE card_key = ? AND "
                       "workspace = ? AND channel = ?", (card_key, workspace, channel))
        return MessageRef.model_validate_json(rows[0][0]) if rows else None

    # signals and groups ------------------------------------------------------------------------

    async def put_signal(self, signal: Signal, ttl_seconds: int) -> None:
        self._maybe_purge()
        self._q(f"INSERT OR REPLACE INTO {K.T_SIGNALS} VALUES (?, ?, ?, ?, ?)",
                (signal.id, signal.mention.customer_key, _ts(signal.mention.created_at),
                 self._now() + ttl_seconds, signal.to_json()))

    async def get_signal(self, signal_id: str) -> Signal | None:
        rows = self._q(f"SELECT json FROM {K.T_SIGNALS} WHERE id = ? AND expires > ?",
                       (signal_id, self._now()))
        return Signal.model_validate_json(rows[0][0]) if rows else None

    async def customer_signals(self, customer_key: str, limit: int = 20) -> list[Signal]:
        rows = self._q(f"SELECT json FROM {K.T_SIGNALS} WHERE customer = ? AND expires > ? "
                       "ORDER BY created DESC LIMIT ?", (customer_key, self._now(), limit))
        return [Signal.model_validate_json(r[0]) for r in rows]

    async def append_group(self, group: str, item: str) -> int:
        with self._tx() as db:
            db.execute(f"INSERT INTO {K.T_GROUPS} (name, item) VALUES (?, ?)", (group, item))
            return int(db.execute(f"SELECT COUNT(*) FROM {K.T_GROUPS} WHERE name = ?",
                                  (group,)).fetchone()[0])

    async def drain_group(self, group: str) -> list[str]:
        with self._tx() as db:
            rows = db.execute(f"SELECT item FROM {K.T_GROUPS} WHERE name = ? ORDER BY seq",
                              (group,)).fetchall()
            db.execute(f"DELETE FROM {K.T_GROUPS} WHERE name = ?", (group,))
        return [str(r[0]) for r in rows]

    # audit -------------------------------------------------------------------------------------

    async def append_audit(self, event: AuditEvent) -> None:
        self._q(f"INSERT INTO {K.T_AUDIT} (at, json) VALUES (?, ?)",
                (_ts(event.at), event.to_json()))

    async def audit_since(self, since: datetime | None = None) -> list[AuditEvent]:
        rows = self._q(f"SELECT json FROM {K.T_AUDIT} WHERE at >= ? ORDER BY at, seq",
                       (_ts(since) if since else 0.0,))
        return [AuditEvent.model_validate_json(r[0]) for r in rows]

    # leases and timers -------------------------------------------------------------------------

    async def acquire_lease(self, name: str, owner: str, ttl_seconds: float) -> bool:
        now = self._now()
        with self._tx() as db:
            row = db.execute(f"SELECT owner, expires FROM {K.T_LEASES} WHERE name = ?",
                             (name,)).fetchone()
            if row is not None and row[0] != owner and row[1] > now:
                return False
            db.execute(f"INSERT OR REPLACE INTO {K.T_LEASES} VALUES (?, ?, ?)",
                       (name, owner, now + ttl_seconds))
            return True

    async def release_lease(self, name: str, owner: str) -> None:
        self._q(f"DELETE FROM {K.T_LEASES} WHERE name = ? AND owner = ?", (name, owner))

    async def schedule(self, job_id: str, due_at: datetime, payload: str) -> None:
        self._q(f"INSERT OR REPLACE INTO {K.T_TIMERS} VALUES (?, ?, ?)",
                (job_id, _ts(due_at), payload))

    async def cancel(self, job_id: str) -> None:
        self._q(f"DELETE FROM {K.T_TIMERS} WHERE id = ?", (job_id,))

    async def take_due(self, now: datetime, limit: int = 100) -> list[tuple[str, str]]:
        with self._tx() as db:
            rows = db.execute(f"SELECT id, payload FROM {K.T_TIMERS} WHERE due <= ? "
                              "ORDER BY due, id LIMIT ?", (_ts(now), limit)).fetchall()
            for job_id, _ in rows:
                db.execute(f"DELETE FROM {K.T_TIMERS} WHERE id = ?", (job_id,))
        return [(str(a), str(b)) for a, b in rows]

