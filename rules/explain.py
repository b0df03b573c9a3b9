"""What ``explain`` returns: for one post, which routes fired and why, and for every other
route the first condition that failed (or what stopped it: an earlier route, a silence, quiet
hours, an inhibit rule). ``render`` gives the text shown by ``socialops rules explain`` and
the chat command.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.models import Mention
from bot.core.ports import RoutingDecision
from bot.core.text import at_handle, quoted, shown_id, truncate

_MARK = {"fired": "✔", "suppressed": "⏸", "matched": "·", "no match": "✘", "not reached": "–",
         "repeat": "="}


@dataclass(frozen=True, slots=True)
class Trace:
    """One route: fired / matched (a child fired) / suppressed / no match / not reached."""

    name: str
    depth: int
    status: str
    detail: str


@dataclass(frozen=True, slots=True)
class SubscriptionTrace:
    name: str  # subscription id
    status: str
    detail: str


# what routing appends to while explaining: routes in walk order, then subscriptions
Traces = list[Trace | SubscriptionTrace]


@dataclass(frozen=True)
class Explanation:
    mention: Mention
    keywords_found: tuple[str, ...]
    brands: tuple[str, ...]
    routes: tuple[Trace, ...]
    subscriptions: tuple[SubscriptionTrace, ...]
    subscriptions_total: int
    decision: RoutingDecision

    @property
    def fired(self) -> tuple[str, ...]:
        return tuple(h.route for h in self.decision.hits)

    def render(self) -> str:
        m = self.mention
        text = " ".join(m.text.split())
        lines = [
            # the id and handle are any string: one line, nothing done to a terminal, one "@"
            f"post {shown_id(m.id)} by {at_handle(m.author.handle)} on {m.network}: "
            f"{quoted(truncate(text, 200))}",  # cut between characters, joiners as drawn
            f"keywords found: {', '.join(self.keywords_found) or 'none'}"
            + (f"; brands: {', '.join(self.brands)}" if self.brands else ""),
            "routes:" if self.routes else "routes: none defined",
        ]
        for t in self.routes:
            pad = "  " * (t.depth + 1)
            lines.append(f"{pad}{_MARK.get(t.status, '?')} {t.name}: {t.status}: {t.detail}")
        checked = [s for s in self.subscriptions if s.name != "*"]
        lines.append(
            "subscriptions: none"
            if not self.subscriptions_total
            # a drop route stops them all before any is checked: "0 of 3 share a keyword"
            # was said of a post holding a subscription's keyword
            else f"subscriptions: {self.subscriptions_total}, none checked"
            if self.subscriptions and not checked
            else f"subscriptions: {len(checked)} of {self.subscriptions_total} share a keyword "
            "with this post"
        )
        for s in self.subscriptions:
            lines.append(f"  {_MARK.get(s.status, '?')} {s.name}: {s.status}: {s.detail}")
        if self.decision.hits:
            lines.append("result:")
            for h in self.decision.hits:
                where = f" -> {h.workspace}:{h.channel}" if h.channel else ""
                lines.append(f"  {h.action} {h.route}{where}")
        else:
            lines.append("result: no route fires")
        for muted in self.decision.suppressed:
            lines.append(f"  suppressed {muted.route}: {muted.reason}")
        return "\n".join(lines)
