"""A person's home screen as facts, independent of any platform: who is on call, what they
claimed, what is open or overdue in their teams, the approvals they may decide and their
channels' subscriptions. ``handlers.home`` builds it; a workspace renders it (Slack's App Home).

Texts are plain and may hold social text (an approval's draft): a renderer escapes them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HomeItem:
    id: str  # T-3, A-1, S-2
    text: str  # one line, after the id
    link: str | None = None  # the card's permalink, or where to find it
    overdue: bool = False


@dataclass(frozen=True)
class HomeSection:
    title: str
    items: tuple[HomeItem, ...] = ()
    more: int = 0  # listed nowhere: too many
    empty: str = "nothing here"
    note: str | None = None  # a line above the items (on call: "You are on call in …")


@dataclass(frozen=True)
class Home:
    person: str | None  # None: the chat account is linked to nobody
    sections: tuple[HomeSection, ...] = ()
    note: str | None = None  # a line above everything (the unlinked hint)
