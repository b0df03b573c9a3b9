"""Self-service linking: a chat user nobody configured types ``link <email>`` and becomes the
person in ``people:`` with that ``email:``.

- When the workspace vouches for the address, the link is made at once: Slack's
  ``users.lookupByEmail`` names this user as the address's holder (``owner_of``), or else
  ``users.info`` shows the address on this user (``email_of``).
- Otherwise an admin decides: a card with **Confirm** (``link L-3``) and **Refuse**
  (``unlink L-3``) goes to the ops channel (or the approvals channel).
- ``unlink <person id | user id>`` (admins) removes a chat link; links from ``identities:``
  change in the config only.
- One person has at most one chat account per workspace: a second one is refused when asked for
  and again when an admin confirms (the first may have been linked meanwhile), read from the
  store in the confirming decision; the request then stays pending for the admin to refuse or to
  confirm once the other account is unlinked. Two confirms at once in two processes link once:
  a link holds a unique key for its person and workspace (``LINK_HOLDER``).

A link is a ``PersonLink`` record, written with its audit row (``person.linked``,
``person.unlinked``, ``person.link_refused``) and a ``link`` entry in the routing log in one
transaction: every process's directory catches up within a batch, and whoever acts is looked
up in the store afresh (``Dispatcher``). Requests are versioned records, so two admins pressing
Confirm at once link once.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Literal, Protocol

from bot.core import keys as K
from bot.core.cards import (
    Button,
    Card,
    CardField,
    Interaction,
    OutboxItem,
    Reply,
    account_id_shaped,
)
from bot.core.effects import Effects
from bot.core.errors import SocialopsError
from bot.core.models import ChannelRef, LinkRequest, PersonLink
from bot.core.ports import Clock, RoutingChange, Transactions
from handlers.audit import Audit
from handlers.identity import Directory, same_email

log = logging.getLogger(__name__)

EmailOf = Callable[[str, str], Awaitable[str | None]]  # (workspace, user) -> verified email
OwnerOf = Callable[[str, str], Awaitable[str | None]]  # (workspace, email) -> its user id
_EMAIL = re.compile(r"^[^@\s<>]{1,64}@[^@\s<>]{1,255}$")
_REQUEST = re.compile(r"^L-\d{1,12}$", re.IGNORECASE)


class LinkReads(Protocol):
    async def get_raw(self, kind: str, record_id: str) -> str | None: ...
    async def list_raw(self, kind: str) -> list[str]: ...
    async def next_number(self, counter: str) -> int: ...


def link_id(workspace: str, user: str) -> str:
    return f"{workspace}:{user}"


class LinkService:
    def __init__(self, reads: LinkReads, applier: Transactions, *, clock: Clock, audit: Audit,
                 directory: Directory, admins: ChannelRef | None,
                 email_of: EmailOf | None = None, owner_of: OwnerOf | None = None) -> None:
        self.reads = reads
        self.applier = applier
        self.clock = clock
        self.audit = audit
        self.directory = directory
        # for each reload whose read is on its way: the links set here meanwhile, newer than
        # what that read may return
        self._meanwhile: list[dict[tuple[str, str], str | None]] = []
        self.admins = admins
        self.email_of = email_of
        self.owner_of = owner_of

    # -- reads -------------------------------------------------------------------------------

    async def linked(self, workspace: str, user: str) -> str | None:
        """The person a chat link names for this user, read from the store (so a link or unlink
        made by another process counts at once); the directory's copy is brought up to date."""
        raw = await self.reads.get_raw(K.LINK, link_id(workspace, user))
        person = PersonLink.model_validate_json(raw).person if raw else None
        self._set_link(workspace, user, person)
        return person

    def _set_link(self, workspace: str, user: str, person: str | None) -> None:
        self.directory.set_link(workspace, user, person)
        for meanwhile in self._meanwhile:
            meanwhile[(workspace, user)] = person

    async def load(self) -> None:
        """Every stored link into the directory (at start, and after a full routing build).
        Read first, then swapped in without a wait between: cleared before the read, the
        directory knew no linked person for as long as the store took to answer. A link made,
        undone or read again here while the read was on its way is newer than the read's copy
        of it, and stays as it is."""
        meanwhile: dict[tuple[str, str], str | None] = {}
        self._meanwhile.append(meanwhile)
        try:
            links = [PersonLink.model_validate_json(raw)
                     for raw in await self.reads.list_raw(K.LINK)]
        finally:
            self._meanwhile.remove(meanwhile)
        self.directory.links.clear()
        for link in links:
            self.directory.set_link(link.workspace, link.user, link.person)
        for (workspace, user), person in meanwhile.items():
            self.directory.set_link(workspace, user, person)

    async def changed(self, changes: Sequence[RoutingChange] | None) -> None:
        """A routing-log listener: ``link`` entries name the links to read again."""
        if changes is None:
            await self.load()
            return
        for change in changes:
            workspace, _, user = change.id.partition(":")
            await self.linked(workspace, user)

    async def _request(self, request_id: str) -> LinkRequest | None:
        raw = await self.reads.get_raw(K.LINK_REQUEST, request_id)
        return LinkRequest.model_validate_json(raw) if raw else None

    # -- link <email> (the person) and link L-3 (an admin) --------------------------------------

    async def link(self, i: Interaction, person: str | None) -> Reply:
        arg = (i.target or (i.args[0] if i.args else "")).strip().strip("<>")
        if arg.lower().startswith("mailto:"):
            arg = arg[7:].split("|", 1)[0]  # Slack sends a typed address as <mailto:a@b|a@b>
        if _REQUEST.match(arg):
            if person is None or not self.directory.is_admin(person):
                return Reply.refused("only an admin confirms a link request")
            return await self.confirm(arg.upper(), person)
        if person is not None:
            return Reply.refused(f"your account is already linked to {person}")
        if not _EMAIL.match(arg):
            return Reply.refused("usage: link <your email> (the one in socialops.yaml under "
                                 "people:)")
        if not account_id_shaped(i.user):  # quoted on the admins' card and in every reply
            return Reply.refused(f"this {i.workspace} account's user id does not look like "
                                 "one, so it cannot be linked; ask an admin")
        return await self._self_service(i.workspace, i.user, arg)

    async def _self_service(self, workspace: str, user: str, email: str) -> Reply:
        target = self.directory.by_email(email)
        if target is None:
            return Reply.refused(f"no person in socialops.yaml has the email {email}; ask an "
                                 "admin to add `email:` to your entry under people:")
        # the store's links, not this process's copy: another process may have just made one
        taken = await self._holder(workspace, target.id)
        if taken is not None and taken != user:
            return Reply.refused(f"{target.id} is already linked to another {workspace} "
                                 "account; an admin can `unlink` it first")
        if await self._vouched(workspace, user, email):
            return await self._make(workspace, user, target.id, email, via="workspace",
                                    by=workspace)
        return await self._ask_admins(workspace, user, target.id, email)

    async def _vouched(self, workspace: str, user: str, email: str) -> bool:
        """Whether the workspace says ``email`` is ``user``'s: the address's holder first (one
        call answers exactly that), else the user's own address. A workspace that cannot say
        (no such method, a missing scope, an error) leaves it to an admin."""
        try:
            if self.owner_of is not None and await self.owner_of(workspace, email) == user:
                return True
            verified = await self.email_of(workspace, user) if self.email_of else None
        except SocialopsError as exc:
            log.info("%s: cannot confirm the email of %s: %s", workspace, user, exc)
            return False
        return verified is not None and same_email(verified, email)

    async def _make(self, workspace: str, user: str, person: str, email: str, *,
                    via: Literal["workspace", "admin"], by: str,
                    request: LinkRequest | None = None) -> Reply:
        async def decide() -> tuple[Effects, Reply]:
            fx = Effects()
            holder = await self._holder(workspace, person)
            if holder is not None and holder != user:
                what = f"`unlink {request.id}` refuses this request" if request else ""
                return fx, Reply.refused(
                    f"{person} is already linked to {workspace} user {holder}; `unlink "
                    f"{holder}` first" + (f", or {what}" if what else ""))
            if request is not None:
                current = await self._request(request.id)
                if current is None or current.status != "pending":
                    state = current.status if current else "gone"
                    return fx, Reply.refused(f"{request.id} is {state} already")
                done = current.model_copy(update={"status": "confirmed", "decided_by": by,
                                                  "version": current.version + 1})
                fx.update(done, expected=current.version)
                self._card(fx, done, note=f"{by} confirmed: {user} is {person}")
            if await self.reads.get_raw(K.LINK, link_id(workspace, user)) is not None:
                return fx, Reply.refused(f"{workspace} user {user} is linked already")
            link = PersonLink(id=link_id(workspace, user), workspace=workspace, user=user,
                              person=person, email=email, via=via, by=by, at=self.clock())
            fx.create(link)
            # the person's one account in this workspace, as a unique key: two links of one
            # person confirmed at once in two processes both read no holder above; the second
            # to commit conflicts, runs again and is refused
            fx.reserve(K.LINK_HOLDER, link_id(workspace, person), json.dumps({"link": link.id}))
            fx.routing_change("link", link.id)
            fx.audit.append(self.audit.event(
                actor=by if via == "admin" else person, action="person.linked", obj=link,
                object_type="person", object_id=person,
                detail=f"{workspace} user {user} ({email}), confirmed by "
                       + ("an admin" if via == "admin" else f"the {workspace} workspace")))
            return fx, Reply.done(f"linked: {workspace} user {user} acts as {person} now")

        reply = await self.applier.run(decide, what=f"link of {user}")
        if reply.ok:
            self._set_link(workspace, user, person)
        return reply

    async def _holder(self, workspace: str, person: str) -> str | None:
        """The user ``person`` already is in ``workspace``: by ``identities:``, else by a chat
        link as stored now (not the directory's copy, which another process may not have
        brought up to date yet)."""
        configured = self.directory.get(person)
        if configured is not None and workspace in configured.identities:
            return configured.identities[workspace]
        for raw in await self.reads.list_raw(K.LINK):
            link = PersonLink.model_validate_json(raw)
            if (link.workspace, link.person) == (workspace, person):
                return link.user
        return None

    async def _ask_admins(self, workspace: str, user: str, person: str, email: str) -> Reply:
        if self.admins is None:
            return Reply.refused(f"{workspace} cannot confirm that {email} is yours and no ops "
                                 "or approvals channel is configured for an admin to; ask an "
                                 "admin to add you under `identities:`")
        for raw in await self.reads.list_raw(K.LINK_REQUEST):
            old = LinkRequest.model_validate_json(raw)
            if old.status == "pending" and (old.workspace, old.user) == (workspace, user):
                return Reply.done(f"already asked: {old.id} waits for an admin")
        number = await self.reads.next_number(K.counter_for(K.LINK_REQUEST))
        request = LinkRequest(id=f"L-{number}", workspace=workspace, user=user, person=person,
                              email=email, requested_at=self.clock(), channels=(self.admins,))
        fx = Effects()
        fx.create(request)
        fx.audit.append(self.audit.event(actor=f"{workspace}:{user}",
                                         action="person.link_requested", obj=request,
                                         object_type="person", object_id=person,
                                         detail=f"{request.id}: {email}"))
        self._card(fx, request)
        await self.applier.apply(fx)
        return Reply.done(f"{workspace} could not confirm that {email} is yours, so an admin "
                          f"will ({request.id}); you will be able to act once they do")

    def _card(self, fx: Effects, request: LinkRequest, *, note: str | None = None) -> None:
        buttons: tuple[Button, ...] = ()
        if request.status == "pending":
            buttons = (Button(action="link", label="Confirm", target=request.id,
                              style="primary"),
                       Button(action="unlink", label="Refuse", target=request.id,
                              style="danger"))
        title = {"pending": f"{request.id}: link a chat account?",
                 "confirmed": f"{request.id}: linked by {request.decided_by}",
                 "refused": f"{request.id}: refused by {request.decided_by}"}[request.status]
        card = Card(kind="notice", key=request.id, title=title, status=request.status,
                    text=(f"{request.workspace} user {request.user} says they are "
                          f"{request.person} ({request.email}); {request.workspace} could "
                          "not confirm the address."),
                    fields=(CardField(name="Person", value=request.person),
                            CardField(name="Email", value=request.email)),
                    buttons=buttons, thread_note=note)
        for ref in request.channels:
            fx.send(OutboxItem.new(key=f"{request.id}@{ref.channel}#{request.version}",
                                   workspace=ref.workspace, channel=ref.channel, card=card,
                                   now=self.clock(), update=note is not None))

    async def confirm(self, request_id: str, admin: str) -> Reply:
        request = await self._request(request_id)
        if request is None:
            return Reply.refused(f"no link request {request_id}")
        return await self._make(request.workspace, request.user, request.person,
                                request.email, via="admin", by=admin, request=request)

    # -- unlink <L-3 | person id | user id> (admins) --------------------------------------------

    async def unlink(self, target: str, admin: str) -> Reply:
        if not self.directory.is_admin(admin):
            return Reply.refused("only an admin unlinks accounts or refuses link requests")
        target = target.strip()
        if _REQUEST.match(target):
            return await self._refuse(target.upper(), admin)
        links = [PersonLink.model_validate_json(raw)
                 for raw in await self.reads.list_raw(K.LINK)]
        gone = [x for x in links if target in (x.person, x.user, x.id)]
        if not gone:
            if target in self.directory.people:
                return Reply.refused(f"{target} has no chat links (links under identities: "
                                     "change in socialops.yaml)")
            return Reply.refused(f"no chat link for {target!r}: name a person id, a user id "
                                 "or a link request (L-3)")
        fx = Effects()
        for x in gone:
            fx.delete(K.LINK, x.id)
            fx.delete(K.LINK_HOLDER, link_id(x.workspace, x.person))
            fx.routing_change("link", x.id)
            fx.audit.append(self.audit.event(actor=admin, action="person.unlinked",
                                             before=x, object_type="person",
                                             object_id=x.person,
                                             detail=f"{x.workspace} user {x.user}"))
        await self.applier.apply(fx)
        for x in gone:
            self._set_link(x.workspace, x.user, None)
        return Reply.done("unlinked: " + ", ".join(f"{x.workspace} user {x.user} (was "
                                                   f"{x.person})" for x in gone))

    async def _refuse(self, request_id: str, admin: str) -> Reply:
        async def decide() -> tuple[Effects, Reply]:
            fx = Effects()
            current = await self._request(request_id)
            if current is None:
                return fx, Reply.refused(f"no link request {request_id}")
            if current.status != "pending":
                return fx, Reply.refused(f"{request_id} is {current.status} already")
            done = current.model_copy(update={"status": "refused", "decided_by": admin,
                                              "version": current.version + 1})
            fx.update(done, expected=current.version)
            fx.audit.append(self.audit.event(actor=admin, action="person.link_refused",
                                             obj=done, before=current, object_type="person",
                                             object_id=current.person,
                                             detail=f"{current.workspace} user {current.user}"))
            self._card(fx, done, note=f"{admin} refused")
            return fx, Reply.done(f"{request_id} refused: {current.user} stays unlinked")

        return await self.applier.run(decide, what=f"link request {request_id}")
