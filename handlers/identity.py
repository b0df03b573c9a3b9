"""Who is acting: maps a platform user (workspace, user id) to a configured person, and answers
whether that person is allowed something (an approver list entry is a person id,
``group:<name>`` or ``role:<name>``).

A platform user is a person by ``identities:`` in the config, or by a link made from chat
(``link <email>``, ``handlers.linking``). Links live in the store; the directory keeps them in
memory (loaded at start, updated by this process's changes and, through the routing log, by
every other process's), so pings name linked people too. Whoever acts is looked up in the
store afresh (``Dispatcher``), so an unlink takes effect at once everywhere."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.core.config import PersonConfig

LEAD_ROLES = frozenset({"lead", "admin"})


def same_email(a: str, b: str) -> bool:
    """Whether two addresses are one, as a link compares them: letter case aside for ASCII
    only. ``casefold()`` made other letters one (the long s 'ſ' is 's', the Kelvin sign 'K' is
    'k'), so an account whose verified address spelled the config's with them was vouched for
    as that person."""
    a, b = a.strip(), b.strip()
    return a == b or (a.isascii() and b.isascii() and a.lower() == b.lower())


class Directory:
    def __init__(self, people: Sequence[PersonConfig],
                 groups: Mapping[str, Mapping[str, str]] | None = None, *,
                 consoles: frozenset[str] = frozenset({"console"})) -> None:
        self.people = {p.id: p for p in people}
        # the console workspaces' names (type: console, whatever they are called): there a
        # person is who they type they are
        self.consoles = consoles
        self.groups = {name: dict(ids) for name, ids in (groups or {}).items()}
        self._by_identity = {(ws, uid): p for p in people for ws, uid in p.identities.items()}
        self.links: dict[tuple[str, str], str] = {}  # (workspace, user) -> person id, from chat

    def configured(self, workspace: str, user: str) -> PersonConfig | None:
        """The person ``identities:`` (or, in the console, the typed id) names."""
        found = self._by_identity.get((workspace, user))
        if found is None and workspace in self.consoles:
            # In the console a person types their own id (`--as alice`).
            found = self.people.get(user)
        return found

    def person_for(self, workspace: str, user: str) -> PersonConfig | None:
        found = self.configured(workspace, user)
        if found is None and (workspace, user) in self.links:
            found = self.people.get(self.links[(workspace, user)])
        return found

    def set_link(self, workspace: str, user: str, person: str | None) -> None:
        """Remember a chat link (``person=None`` forgets it)."""
        if person is None:
            self.links.pop((workspace, user), None)
        else:
            self.links[(workspace, user)] = person

    def user_of(self, workspace: str, person_id: str) -> str | None:
        """The person's user id in ``workspace``: configured, else linked from chat."""
        person = self.people.get(person_id)
        uid = person.identities.get(workspace) if person is not None else None
        return uid or next((u for (ws, u), p in self.links.items()
                            if ws == workspace and p == person_id), None)

    def is_admin(self, person_id: str) -> bool:
        person = self.people.get(person_id)
        return person is not None and person.role == "admin"

    def by_email(self, email: str) -> PersonConfig | None:
        return next((p for p in self.people.values()
                     if p.email is not None and same_email(p.email, email)), None)

    def get(self, person_id: str) -> PersonConfig | None:
        return self.people.get(person_id)

    def matches(self, person_id: str, entry: str) -> bool:
        person = self.people.get(person_id)
        if entry.startswith("group:"):
            return person is not None and entry[6:] in person.groups
        if entry.startswith("role:"):
            return person is not None and (person.role == entry[5:] or person.role == "admin")
        return entry == person_id

    def is_lead(self, person_id: str) -> bool:
        person = self.people.get(person_id)
        return person is not None and person.role in LEAD_ROLES

    def platform_ids(self, workspace: str, entries: Sequence[str]) -> tuple[str, ...]:
        """Platform user ids of the people named by ``entries`` (ids, group:, role:)."""
        out = []
        for person in self.people.values():
            uid = self.user_of(workspace, person.id)
            if uid and any(self.matches(person.id, e) for e in entries):
                out.append(uid)
        return tuple(out)

    def members_of(self, workspace: str, group: str) -> tuple[str, ...] | None:
        """The person ids a ping of ``group`` reaches one by one in ``workspace`` (``resolve``
        pings its members so when the config maps it to no platform group there); None when
        it is pinged as a platform group (a Slack user group, a Discord role), or unknown."""
        if self.groups.get(group, {}).get(workspace):
            return None
        found = tuple(p.id for p in self.people.values() if group in p.groups)
        return found if found or group in self.groups else None

    def resolve(self, workspace: str, users: Sequence[str],
                groups: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Who a card may ping in ``workspace``: person ids (and ``group:``/``role:``
        entries) become that workspace's user ids; a group becomes the platform group the
        config maps it to (a Slack user group, a Discord role), else its members' user ids.
        Anything else is taken as a platform id already (the renderer still drops what is not
        one)."""
        out_users: list[str] = []
        out_groups: list[str] = []
        for entry in users:
            if entry in self.people or entry.startswith(("group:", "role:")):
                out_users.extend(self.platform_ids(workspace, (entry,)))
            else:
                out_users.append(entry)
        for name in groups:
            platform_group = self.groups.get(name, {}).get(workspace)
            if platform_group:
                out_groups.append(platform_group)
            elif name in self.groups or any(name in p.groups for p in self.people.values()):
                out_users.extend(self.platform_ids(workspace, (f"group:{name}",)))
            else:
                out_groups.append(name)
        return tuple(dict.fromkeys(out_users)), tuple(dict.fromkeys(out_groups))
