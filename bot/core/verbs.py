"""Every chat verb, declared once: its usage, help group, arguments and how its answer is shown.

The command grammar (``bot.core.commands``), the help text, the Discord application command
(``integrations.discord.commands``) and the dispatcher (``handlers.dispatch``, which refuses to
start if a verb has no handler) all read this table, so adding a verb is one entry here and one
handler.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.core import networks
from bot.core.models import INTENTS, NO_PRIORITY, POLARITIES, PRIORITIES


@dataclass(frozen=True)
class Arg:
    name: str
    description: str
    required: bool = True
    number: bool = False  # a number between -1 and 1 (sentiment bounds)
    prefix: str | None = None  # a keyed option, typed as "<prefix><value>", e.g. "digest=hourly"
    # the values it takes; a function when they are known only at run time (the networks: a
    # plugin may register one after this table is built)
    choices: tuple[str, ...] | Callable[[], tuple[str, ...]] = ()
    # what a picker shows for a choice whose value alone does not say it (Discord's choices)
    labels: tuple[tuple[str, str], ...] = ()

    def allowed(self) -> tuple[str, ...]:
        return self.choices() if callable(self.choices) else self.choices

    def label(self, choice: str) -> str:
        return dict(self.labels).get(choice, choice)


@dataclass(frozen=True)
class Verb:
    name: str
    group: str  # the help section
    usage: str
    args: tuple[Arg, ...] = ()
    targeted: bool = False  # the first argument is the id the verb acts on
    public: bool = False  # a success is shown to the channel, not only to the person
    unlinked: bool = False  # people not linked to a person may use it (to get linked)
    # registered in Discord's /socialops, whose 4,000 characters are spent: `forget` (admins,
    # rare) is typed in Slack or the console, or run as `socialops forget`
    discord: bool = True


_TICKET = Arg("ticket", "e.g. T-12")
_APPROVAL = Arg("approval", "e.g. A-3")
_DURATION = Arg("duration", "30m, 2h or 1d")
# said twice (subscribe, preview) in Discord's 4,000 characters: "Keywords or " before it
# made room for subscribe's spikes option
_QUERY = Arg("query", '"new york" AND outage')
SPIKES = "spikes."  # a subscription's spike thresholds: spikes.min_count=3
# subscribe's and preview's (each said twice in Discord's 4,000 characters). The digest is
# typed, not picked: hourly, daily, weekly (Mondays) and weekly:<day> are ten values, past
# the room left. A language list beside its option's name needs no "Languages, ".
_DIGEST = Arg("digest", "hourly, daily, weekly[:day]", False, prefix="digest=")
_LANG = Arg("lang", "e.g. en,pl", False, prefix="lang=")
_BELOW = Arg("sentiment_below", "Below this (-1..1)", False, number=True, prefix="sentiment<")
_ABOVE = Arg("sentiment_above", "Above this (-1..1)", False, number=True, prefix="sentiment>")
# its own spike thresholds, typed `spikes.min_count=3 spikes.max_p=0.1`: one option of the
# words after `spikes.` (Discord's 4,000 characters hold no three)
_SPIKES = Arg("spikes", "min_count=3 max_p=0.1", False, prefix=SPIKES)

_ALL = (
    Verb("claim", "Tickets", "claim <ticket id>", (_TICKET,), targeted=True, public=True),
    Verb("unclaim", "Tickets", "unclaim <ticket id> [to=<person id>]",
         (_TICKET, Arg("to", "A person id (bob), not the queue", False,
                             prefix="to=")),
         targeted=True, public=True),
    Verb("resolve", "Tickets", "resolve <ticket id> [note]",
         (_TICKET, Arg("note", "What was done (thread, history)", False)),
         targeted=True, public=True),
    Verb("reopen", "Tickets", "reopen <ticket id>", (_TICKET,), targeted=True, public=True),
    Verb("snooze", "Tickets", "snooze <ticket id> [duration: 30m, 2h, 1d | until <when> | off]",
         (_TICKET, Arg("duration", "30m, 2h, 1d (default 1h); until mon 9am; off ends it",
                       False)),
         targeted=True),
    Verb("tickets", "Tickets",
         "tickets [mine|open|claimed|overdue] [p1..p5|none] [tag=..] [team]",
         # short: `claimed` took the room of "(yours)", "(unclaimed)" and "(past the SLA)"
         (Arg("filter", "mine, open, claimed or overdue", False,
              choices=("mine", "open", "claimed", "overdue")),
          Arg("priority", "Only this priority", False,
              choices=(*(p.lower() for p in PRIORITIES), NO_PRIORITY),
              labels=((NO_PRIORITY, "none (no priority)"),)),
          Arg("tag", "Only this tag", False, prefix="tag="),
          Arg("team", "A channel (support) or people group", False))),
    # short: every name, description and choice counts towards Discord's 4,000 characters
    Verb("report", "Tickets", "report [7d|since=..] [until=..] [by=route|person|priority|tag]",
         (Arg("since", "Start: 7d or an ISO time", False, prefix="since="),
          Arg("until", "End: 1d ago or an ISO time", False, prefix="until="),
          Arg("by", "Rows (default route)", False, prefix="by=",
              choices=("route", "person", "priority", "tag")))),
    Verb("reply", "Tickets", "reply <ticket id> [at=<when>] <text | :saved reply>",
         (_TICKET, Arg("text", "Your reply; it goes through approval")), targeted=True),
    Verb("suggest", "Tickets", "suggest <ticket id>", (_TICKET,), targeted=True),
    Verb("note", "Tickets", "note <ticket id> <text>",
         (_TICKET, Arg("text", "In the card's thread, never to the customer")),
         targeted=True, public=True),
    Verb("escalate", "Tickets", "escalate <ticket id> [reason]",
         (_TICKET, Arg("reason", "Why (thread, audit)", False)),
         targeted=True, public=True),
    Verb("priority", "Tickets", "priority <ticket id> <p1|p2|p3|p4|p5|none>",
         (_TICKET, Arg("priority", "P1 (most urgent) to P5, or none",
                       choices=(*(p.lower() for p in PRIORITIES), NO_PRIORITY),
                       labels=((NO_PRIORITY, "none (take it away)"),))), targeted=True,
         public=True),
    Verb("draft", "Approvals", "draft <network> <account> [at=<when>] <text>",
         (Arg("network", "Where to post", choices=networks.known),
          Arg("account", "Its name in socialops.yaml"), Arg("text", "The post"))),
    Verb("approve", "Approvals",
         "approve <approval id> <sha256 shown on the card, 12+ hex digits> [step=<n>]",
         (_APPROVAL, Arg("sha256", "The card's sha256: approves that text",
                                   False)), targeted=True),
    Verb("reject", "Approvals", "reject <approval id> <comment>",
         (_APPROVAL, Arg("comment", "Why (the author sees this)")), targeted=True),
    # the author's or an approver's way back: a pending draft, or an approved one not yet
    # published (Hootsuite's and Sprout Social's withdraw and cancel)
    Verb("withdraw", "Approvals", "withdraw <approval id> [reason]",
         (_APPROVAL, Arg("reason", "Why (on the card)", False)), targeted=True),
    Verb("edit", "Approvals", "edit <approval id> <new text>",
         (_APPROVAL, Arg("text", "The new text")), targeted=True),
    # short: its name, description and option are ~100 of Discord's 4,000 characters
    Verb("schedule", "Approvals", "schedule <approval id> <when | off>",
         (_APPROVAL, Arg("when", "in 2h, tomorrow 9am, an ISO time; off: on approval")),
         targeted=True),
    # short: its name, description and option are 85 of Discord's 4,000 characters
    Verb("drafts", "Approvals", "drafts [pending|approved|failed|scheduled|mine] [network]",
         (Arg("filter", "e.g. scheduled mastodon", False),)),
    # saved replies (socialops.yaml replies:), drafted with `reply T-3 :name`
    Verb("replies", "Approvals", "replies"),
    Verb("subscribe", "Subscriptions",
         "subscribe <query> [digest=hourly|daily|weekly[:friday]] [lang=en,pl] [sentiment<-0.3] "
         "[sentiment>0.2]",
         (_QUERY, _DIGEST, _LANG, _BELOW, _ABOVE, _SPIKES)),
    # the same options: what the subscription would have posted (digest=, spikes.*)
    Verb("preview", "Subscriptions",
         "preview <query> [lang=en,pl] [sentiment<-0.3] [sentiment>0.2]",
         (_QUERY, _LANG, _BELOW, _ABOVE, _DIGEST, _SPIKES)),
    Verb("unsubscribe", "Subscriptions", "unsubscribe <subscription id>",
         (Arg("subscription", "e.g. S-2"),), targeted=True),
    Verb("list", "Subscriptions", "list"),
    Verb("mute", "Subscriptions", "mute <subscription id|route> <duration: 30m, 2h, 1d> "
         "[reason...]", (Arg("target", "Subscription (S-2) or route"), _DURATION,
                         Arg("reason", "Why (list, audit)", False)),
         targeted=True),
    Verb("label", "Other", "label <ticket id | mention id> <intent | polarity>",
         (Arg("target", "T-3 or a mention id (mastodon:123)"),
          Arg("label", "The right intent or polarity",
              choices=(*INTENTS, *POLARITIES))), targeted=True, public=True),
    Verb("unmute", "Subscriptions", "unmute <subscription id|route>",
         (Arg("target", "Subscription (S-2) or route"),), targeted=True),
    # Other, not Tickets: a section holds at most 12 verbs, half of Discord's 25 (room to grow)
    Verb("tag", "Other", "tag <ticket id> <tag or -tag> ...",
         (_TICKET, Arg("tags", "billing vip; -vip takes it away")), targeted=True,
         public=True),
    # Other, as tag: Tickets holds 12 verbs already
    Verb("merge", "Other", "merge <ticket id> into <ticket id>",
         (_TICKET, Arg("into", "The ticket it joins, e.g. T-3")), targeted=True, public=True),
    Verb("why", "Other", "why <post url | mention id | ticket id>",
         (Arg("what", "Post URL, mastodon:123 or T-3"),),
         targeted=True),
    Verb("explain", "Other", "explain <mention id | url | text>",
         (Arg("what", "Mention id, post URL or text"),), targeted=True),
    Verb("deliveries", "Other", "deliveries"),
    Verb("retry", "Other", "retry <delivery id | all>",
         (Arg("delivery", "d-1a2b3c4d (deliveries) or all"),),
         targeted=True, public=True),
    Verb("link", "People", "link <your email> | link <request id, e.g. L-3>",
         (Arg("what", "Your email in socialops.yaml; admins: request L-3"),), targeted=True,
         unlinked=True),
    Verb("unlink", "People", "unlink <person id | user id | request id>",
         (Arg("who", "Person id, user id, or link request to refuse (L-3)"),),
         targeted=True),
    # short: its name, description and options are ~90 of Discord's 4,000 characters; for=
    # (giving a shift to someone else) is said in `do`'s description, not the usage
    Verb("forget", "People", "forget <author> [dry-run]",
         (Arg("author", "As the bot names them: mastodon:@name@server, u/name, @handle"),
          Arg("dry", "dry-run: count what would be erased", False)), targeted=True,
         discord=False),
    Verb("oncall", "People", "oncall [schedule [cover <when>|overrides|drop O-n]]",
         (Arg("schedule", "Schedule", False), Arg("do", "cover 2h for=bob", False))),
    Verb("status", "Other", "status [ticket id | approval id | post url | mention id]",
         (Arg("what", "T-3, A-2, post URL, mention id; none: the bot",
              False),), targeted=True),
    # a topic typed after it: what the sections' lines leave out (Discord's answer holds 2,000
    # characters, which `help` alone nearly fills); short: ~20 of Discord's 4,000
    Verb("help", "Other", "help [spikes|digests]", (Arg("topic", "Topic", False),)),
)

VERBS: dict[str, Verb] = {v.name: v for v in _ALL}
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(v.group for v in _ALL))
