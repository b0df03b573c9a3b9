"""The sandbox publisher (``publish: sandbox`` on a source): an approved post is appended to a
JSON-lines file and logged, never sent, so the whole approval flow (draft, steps, approve,
"published" card with a link) can be tried on read-only networks (RSS, Hacker News), with
read-only credentials, or before trusting the bot with an account.

Idempotent by key like a real network with an idempotency key: approving twice records once,
in any of the processes sharing the file (each post re-reads it under ``<path>.lock``).
Each record: ``{"at", "network", "account", "key", "reply_to", "text", "id", "url"}``; the
url is ``sandbox://<account>/<n>`` so nobody mistakes it for a real post.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import logging
from datetime import datetime
from pathlib import Path

from bot.core.ports import Clock, PublishResult

log = logging.getLogger(__name__)


class SandboxPublisher:
    def __init__(self, *, network: str, account: str, path: Path, clock: Clock) -> None:
        self.network = network
        self.account = account
        self.path = path
        self.clock = clock
        self.posts: dict[str, PublishResult] = {}
        self._load()

    def _load(self) -> None:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return
        self.posts = {}
        for line in lines:
            try:
                rec = json.loads(line)
                if rec.get("account") == self.account:
                    self.posts[rec["key"]] = PublishResult.in_sandbox(rec["id"], rec.get("url"))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a hand-edited line: the sandbox is a log, not a database

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        # The file is read again, under a lock, before each post: several processes (a web
        # and a worker, or one started after another died) share it, and what one read at
        # start-up misses what the others recorded since. That read is the look an earlier
        # attempt may need (``maybe_published``) and numbers the post after every other one.
        result, new = await asyncio.to_thread(self._record_once, text, reply_to,
                                              idempotency_key)
        if new:
            log.info("sandbox: recorded a post for %s instead of publishing it (%s)",
                     self.account, self.path,
                     extra={"source": self.account, "sandbox": str(self.path)})
        return result

    def _record_once(self, text: str, reply_to: str | None,
                     key: str) -> tuple[PublishResult, bool]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.with_name(self.path.name + ".lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or the process dies
            self._load()
            if key in self.posts:
                return self.posts[key], False
            n = len(self.posts) + 1
            result = PublishResult.in_sandbox(f"sandbox-{n}", f"sandbox://{self.account}/{n}")
            record = {"at": self.clock().isoformat(), "network": self.network,
                      "account": self.account, "key": key, "reply_to": reply_to,
                      "text": text, "id": result.id, "url": result.url}
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.posts[key] = result
            return result, True
