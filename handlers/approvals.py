"""Approvals of outgoing posts: draft → pending → approved → published (or rejected, expired,
failed).

- Who may approve is configured as ordered steps; each step needs ``any`` or ``all`` of its
  approvers (person ids, ``group:<name>``, ``role:<name>``). Nobody approves a post they wrote:
  whoever drafted it or edited any version of it is one of its authors.
- An approval is bound to text: every Approve (button, reaction, command) names the sha256 of
  the version the person saw (``shown_hash``, the full hash or a prefix of at least
  ``MIN_HASH_PREFIX`` hex digits). A different current version is refused with the current
  text; no hash at all gets the current text and its hash back, to approve in a second step.
- Expiry is checked when someone decides, not only when the expiry timer runs: a decision after
  ``expires_at`` marks the draft expired and is refused.
- A rejection needs a comment. An edit sends the draft back to pending at step 1, and every
  decision records the sha256 of the exact text it applied to. A draft or edit that shows
  nothing (only spaces, invisible or format characters) is refused.
- Publishing happens once: the transition to ``approved`` is a compare-and-set only one click
  can win, the publisher gets an idempotency key derived from the approval and its text hash,
  and ``recover()`` (run at start-up) finishes approvals that a crash left approved but
  unpublished, with the same key.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from bot.core.config import ApprovalsConfig, ChannelConfig
from bot.core.errors import PublishError, SocialopsError
from bot.core.models import Approval, ApprovalStep, ChannelRef, Decision, HistoryEntry, Network
from bot.core.ports import Clock, Publisher, Store
from bot.core.text import is_blank, scrub, truncate
from bot.engine.outbox import Outbox
from handlers.audit import Audit
from handlers.cards import approval_card
from handlers.identity import Directory

log = logging.getLogger(__name__)

Result = tuple[bool, str]

MIN_HASH_PREFIX = 12  # hex digits a typed approve must give (48 bits): cards show 16
SHOWN_HASH = 16
_QUOTE_LIMIT = 1_500  # of the draft, in a refusal; the card has the whole text
_EXPIRED = "\x00expired"  # a refusal that must also mark the draft expired


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def authors_of(approval: Approval) -> set[str]:
    """Everyone who put words into the draft: its drafter and every editor of any version.
    None of them may approve it (an editor's words persist into later versions)."""
    return {approval.author, *(d.person for d in approval.decisions if d.verdict == "edit")}


def _expired(approval: Approval, now: datetime) -> bool:
    return (approval.status == "pending" and approval.expires_at is not None
            and approval.expires_at <= now)


def _current(approval: Approval) -> str:
    short = approval.content_hash[:SHOWN_HASH]
    return (f"It reads:\n“{truncate(approval.text, _QUOTE_LIMIT)}”\n(content sha256 {short}). "
            f"To approve exactly this text, press Approve on its card or type "
            f"`approve {approval.id} {short}`.")


def hash_matches(approval: Approval, shown_hash: str) -> bool:
    shown = shown_hash.strip().lower()
    return len(shown) >= MIN_HASH_PREFIX and approval.content_hash.startswith(shown)


class ApprovalService:
    def __init__(
        self,
        store: Store,
        outbox: Outbox,
        *,
        clock: Clock,
        audit: Audit,
        directory: Directory,
        config: ApprovalsConfig,
        channels: Mapping[str, ChannelConfig],
        publishers: Mapping[str, Publisher],
    ) -> None:
        self.store = store
        self.outbox = outbox
        self.clock = clock
        self.audit = audit
        self.directory = directory
        self.config = config
        self.channels = channels
        self.publishers = publishers  # by source/account id

    async def draft(
        self,
        *,
        text: str,
        network: Network,
        account: str,
        author: str,
        reply_to: str | None = None,
        reply_context: str = "",
        ticket_id: str | None = None,
    ) -> Approval:
        text = scrub(text)
        if is_blank(text):
            raise ValueError("the draft is empty (or only invisible characters)")
        if account not in self.publishers:
            known = ", ".join(sorted(self.publishers)) or "none configured"
            raise ValueError(f"no account {account!r} can publish (known: {known})")
        now = self.clock()
        number = await self.store.next_number("approval")
        channels: tuple[ChannelRef, ...] = ()
        if self.config.channel and self.config.channel in self.channels:
            ch = self.channels[self.config.channel]
            channels = (ChannelRef(workspace=ch.workspace, channel=ch.id),)
        approval = Approval(
            id=f"A-{number}",
            text=text,
            network=network,
            account=account,
            reply_to=reply_to,
            reply_context=reply_context,
            ticket_id=ticket_id,
            author=author,
            steps=tuple(
                ApprovalStep(approvers=s.approvers, mode=s.mode) for s in self.config.steps
            ),
            content_hash=content_hash(text),
            created_at=now,
            expires_at=now + timedelta(hours=self.config.expire_hours),
            channels=channels,
            history=(HistoryEntry(at=now, actor=author, action="drafted"),),
        )
        await self.store.create_approval(approval)
        await self.audit.record(
            actor=author,
            action="approval.draft",
            obj=approval,
            object_type="approval",
            object_id=approval.id,
            detail=f"sha256 {approval.content_hash}",
        )
        for ref in channels:
            await self.outbox.send(
                key=f"{approval.id}@{ref.channel}",
                workspace=ref.workspace,
                channel=ref.channel,
                card=approval_card(approval),
            )
        if approval.expires_at is not None:
            await self.store.schedule(
                f"expire:{approval.id}", approval.expires_at, json.dumps({"approval": approval.id})
            )
        return approval

    def _eligible(self, approval: Approval, person: str) -> bool:
        step = approval.steps[approval.current_step]
        return any(self.directory.matches(person, entry) for entry in step.approvers)

    async def approve(self, approval_id: str, person: str, *, shown_hash: str | None) -> Result:
        """Approve the version whose sha256 starts with ``shown_hash`` (what the person saw).
        ``None`` approves nothing and answers with the current text and its hash."""
        now = self.clock()

        def change(a: Approval) -> Approval | str:
            if _expired(a, now):
                return _EXPIRED
            if a.status != "pending":
                return f"{a.id} is {a.status}, not pending"
            if person in authors_of(a):
                return (
                    "you drafted this post; someone else must approve it"
                    if person == a.author
                    else "you edited this post; someone else must approve it"
                )
            if not self._eligible(a, person):
                step = a.steps[a.current_step]
                return (
                    f"you are not an approver for step {a.current_step + 1} of {a.id} "
                    f"(approvers: {', '.join(step.approvers)})"
                )
            if shown_hash is None:
                return f"Nothing approved yet: confirm the text of {a.id}. {_current(a)}"
            if not hash_matches(a, shown_hash):
                return (
                    f"{a.id} was not approved: the version you named (sha256 "
                    f"{shown_hash.strip()[:SHOWN_HASH]}) is not its current text; it may have "
                    f"been edited since you read it. {_current(a)}"
                )
            if any(
                d.person == person
                and d.step == a.current_step
                and d.verdict == "approve"
                and d.content_hash == a.content_hash
                for d in a.decisions
            ):
                return f"you already approved step {a.current_step + 1} of {a.id}"
            decision = Decision(
                at=self.clock(),
                person=person,
                verdict="approve",
                step=a.current_step,
                content_hash=a.content_hash,
            )
            decisions = (*a.decisions, decision)
            step = a.steps[a.current_step]
            done = step.mode == "any" or all(
                any(
                    d.person == p
                    and d.step == a.current_step
                    and d.verdict == "approve"
                    and d.content_hash == a.content_hash
                    for d in decisions
                )
                for p in self._people_of(step)
            )
            if not done:
                return a.model_copy(update={"decisions": decisions})
            if a.current_step + 1 < len(a.steps):
                return a.model_copy(
                    update={"decisions": decisions, "current_step": a.current_step + 1}
                )
            return a.model_copy(update={"decisions": decisions, "status": "approved"})

        ok, msg, new = await self._transition(approval_id, person, "approved", change)
        if msg == _EXPIRED:
            return False, await self._expired_now(approval_id)
        if ok and new is not None and new.status == "approved":
            await self.publish(new)
            final = await self.store.get_approval(approval_id)
            if final is not None and final.status == "published":
                return (
                    True,
                    f"{approval_id} approved and published: "
                    f"{final.published_url or final.published_id}",
                )
            if final is not None and final.status == "failed":
                return False, f"{approval_id} approved, but publishing failed: {final.error}"
        return ok, msg

    def _people_of(self, step: ApprovalStep) -> list[str]:
        return [
            p
            for p in self.directory.people
            if any(self.directory.matches(p, e) for e in step.approvers)
        ]

    async def reject(self, approval_id: str, person: str, comment: str | None) -> Result:
        if not comment or not comment.strip():
            return False, "a rejection needs a comment saying why"

        now = self.clock()

        def change(a: Approval) -> Approval | str:
            if _expired(a, now):
                return _EXPIRED
            if a.status != "pending":
                return f"{a.id} is {a.status}, not pending"
            if not self._eligible(a, person):
                return f"you are not an approver for step {a.current_step + 1} of {a.id}"
            decision = Decision(
                at=self.clock(),
                person=person,
                verdict="reject",
                step=a.current_step,
                comment=comment.strip(),
                content_hash=a.content_hash,
            )
            return a.model_copy(
                update={"decisions": (*a.decisions, decision), "status": "rejected"}
            )

        ok, msg, _ = await self._transition(
            approval_id, person, "rejected", change, detail=comment.strip()
        )
        if msg == _EXPIRED:
            return False, await self._expired_now(approval_id)
        return ok, msg

    async def edit(self, approval_id: str, person: str, text: str) -> Result:
        text = scrub(text)
        if is_blank(text):
            return False, "the new text is empty (or only invisible characters)"
        now = self.clock()

        def change(a: Approval) -> Approval | str:
            if _expired(a, now):
                return _EXPIRED
            if a.status not in ("pending", "approved", "rejected"):
                return f"{a.id} is {a.status}; it can no longer be edited"
            if person != a.author and not self.directory.is_lead(person):
                return f"only {a.author} or a lead may edit {a.id}"
            new_hash = content_hash(text)
            decision = Decision(
                at=self.clock(),
                person=person,
                verdict="edit",
                step=a.current_step,
                content_hash=new_hash,
            )
            return a.model_copy(
                update={
                    "text": text,
                    "content_hash": new_hash,
                    "status": "pending",
                    "current_step": 0,
                    "decisions": (*a.decisions, decision),
                }
            )

        ok, msg, _ = await self._transition(approval_id, person, "edited (back to pending)", change)
        if msg == _EXPIRED:
            return False, await self._expired_now(approval_id)
        return ok, msg

    async def _expired_now(self, approval_id: str) -> str:
        """A decision came after ``expires_at``: mark the draft expired now (the timer may not
        have run yet, or the process was down) and say so."""
        await self.expire(approval_id)
        a = await self.store.get_approval(approval_id)
        when = f" at {a.expires_at:%Y-%m-%d %H:%M UTC}" if a and a.expires_at else ""
        return f"{approval_id} expired{when}; it can no longer be decided. Draft it again."

    async def expire(self, approval_id: str) -> bool:
        def change(a: Approval) -> Approval | str:
            if a.status != "pending":
                return "not pending"
            if a.expires_at is not None and a.expires_at > self.clock():
                return "not due"
            return a.model_copy(update={"status": "expired"})

        ok, _, _ = await self._transition(approval_id, "socialops", "expired", change)
        return ok

    async def publish(self, approval: Approval) -> None:
        """Publish an approved draft exactly once (idempotency key = id + text hash)."""
        publisher = self.publishers.get(approval.account)
        key = f"socialops-{approval.id}-{approval.content_hash[:16]}"
        try:
            if publisher is None:
                raise PublishError(f"no publisher for account {approval.account}")
            reply_native = approval.reply_to.split(":", 1)[1] if approval.reply_to else None
            result = await publisher.publish(
                approval.text, reply_to=reply_native, idempotency_key=key
            )
        except SocialopsError as exc:
            log.error("publishing %s failed: %s", approval.id, exc)
            error = str(exc)

            def failed(a: Approval) -> Approval | str:
                if a.status != "approved":
                    return a.status
                return a.model_copy(update={"status": "failed", "error": error})

            await self._transition(
                approval.id, "socialops", "publish failed", failed, detail=error
            )
            return

        def published(a: Approval) -> Approval | str:
            if a.status != "approved":
                return a.status
            return a.model_copy(
                update={
                    "status": "published",
                    "published_url": result.url,
                    "published_id": result.id,
                }
            )

        await self._transition(
            approval.id, "socialops", "published", published, detail=result.url or result.id
        )

    async def recover(self) -> int:
        """Publish approvals a crash left approved but unpublished. Returns how many."""
        pending = await self.store.list_approvals(status="approved")
        for a in pending:
            await self.publish(a)
        return len(pending)

    async def _transition(
        self,
        approval_id: str,
        actor: str,
        action: str,
        change: Callable[[Approval], Approval | str],
        *,
        detail: str = "",
    ) -> tuple[bool, str, Approval | None]:
        for _ in range(20):
            current = await self.store.get_approval(approval_id)
            if current is None:
                return False, f"no approval {approval_id}", None
            changed = change(current)
            if isinstance(changed, str):
                return False, changed, None
            now = self.clock()
            label = (
                action
                if changed.status == "approved" or action != "approved"
                else (f"approved step {current.current_step + 1}")
            )
            new = changed.model_copy(
                update={
                    "version": current.version + 1,
                    "history": (
                        *current.history,
                        HistoryEntry(at=now, actor=actor, action=label, detail=detail),
                    ),
                }
            )
            if await self.store.update_approval(new, expected_version=current.version):
                await self.audit.record(
                    actor=actor,
                    action=f"approval.{label.split()[0]}",
                    obj=new,
                    before=current,
                    object_type="approval",
                    object_id=approval_id,
                    detail=f"{detail} sha256 {new.content_hash}".strip(),
                )
                card = approval_card(new).model_copy(
                    update={"thread_note": f"{actor} {label}" + (f": {detail}" if detail else "")}
                )
                for ref in new.channels:
                    await self.outbox.send(
                        key=f"{new.id}@{ref.channel}#{new.version}",
                        workspace=ref.workspace,
                        channel=ref.channel,
                        card=card,
                        update=True,
                    )
                return True, f"{approval_id} {label}", new
        return False, f"{approval_id} is busy; try again", None
