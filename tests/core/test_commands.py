"""bot.core.commands beyond the grammar tests beside the Slack app: any whitespace separates
the verb and the id, free text is kept as typed (typographic quotes are read as ASCII only in
queries), and durations are the one syntax of bot.core.durations, above zero."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.commands import (
    CommandError,
    ParsedCommand,
    help_text,
    options_in,
    parse_command,
    parse_span,
    time_after_text,
)
from bot.core.errors import Refusal


@pytest.mark.parametrize(("line", "want"), [
    ("reply T-1\nThanks, we are on it.", ("reply", ("T-1", "Thanks, we are on it."))),
    ("reply\tT-1 tabbed", ("reply", ("T-1", "tabbed"))),
    ("reply T-1   two  spaces\n\n  para  ", ("reply", ("T-1", "two  spaces\n\n  para"))),
    ("claim\nT-1", ("claim", ("T-1",))),
    ("snooze\tT-1\n2h", ("snooze", ("T-1", "2h"))),
    ("mute S-1 2h\nlaunch week", ("mute", ("S-1", "2h", "launch week"))),
    ("reject A-1\nNot our «tone»", ("reject", ("A-1", "Not our «tone»"))),
])
def test_any_whitespace_separates_and_free_text_keeps_its_lines(
        line: str, want: tuple[str, tuple[str, ...]]) -> None:
    parsed = parse_command(line)
    assert (parsed.action, parsed.args) == want


@pytest.mark.parametrize(("line", "text"), [
    ("reply T-1 Il a dit «non» — “merci” „danke“", "Il a dit «non» — “merci” „danke“"),
    ("edit A-1 Il a dit «non» — “merci”", "Il a dit «non» — “merci”"),
    ("draft mastodon masto “Quoted” «words»", "“Quoted” «words»"),
])
def test_typographic_quotes_in_free_text_are_kept(line: str, text: str) -> None:
    assert parse_command(line).args[-1] == text


def test_typographic_quotes_delimit_phrases_in_a_query_only() -> None:
    assert parse_command("subscribe «dark mode» OR 2fa lang=en") == ParsedCommand(
        action="subscribe", args=('"dark mode" OR 2fa',), options={"lang": "en"})
    assert options_in("“digest=daily” acme lang=en sentiment<-0.3") == [
        "lang=en", "sentiment<-0.3"]


@pytest.mark.parametrize(("typed", "span"), [
    ("90", timedelta(minutes=90)), ("1.5h", timedelta(minutes=90)),
    ("30s", timedelta(seconds=30)), ("1w", timedelta(days=7)), ("2D", timedelta(days=2)),
])
def test_durations_are_the_one_syntax(typed: str, span: timedelta) -> None:
    assert parse_command(f"snooze T-1 {typed}").args == ("T-1", typed.lower())
    assert parse_command(f"mute support {typed} why not").args[1] == typed.lower()
    assert parse_span(typed) == span


@pytest.mark.parametrize(("typed", "reason"), [
    ("0m", "'0m' is no time at all: use e.g. 30m, 2h or 1d (units s, m, h, d, w; a bare "
           "number is minutes)"),
    ("0", "'0' is no time at all"),
    ("-5m", "bad duration '-5m': use e.g. 30m, 2h or 1d"),
    ("soon", "bad duration 'soon': use e.g. 30m, 2h or 1d"),
    ("99999999d", "'99999999d' is too long: the longest is 3660d (ten years)"),
])
def test_a_span_of_no_time_or_too_long_is_refused_saying_what_is_accepted(
        typed: str, reason: str) -> None:
    snooze = () if "too long" in reason else (f"snooze T-1 {typed}",)  # its own 90 days
    for line in (*snooze, f"mute support {typed}", f"mute S-1 {typed} x"):
        with pytest.raises(CommandError) as info:
            parse_command(line)
        assert info.value.reason.startswith(reason)
    with pytest.raises(Refusal) as refused:
        parse_span(typed)  # what the handlers call for a button's or a modal's argument
    assert refused.value.message.startswith(reason)


def test_resolve_keeps_an_optional_note_as_typed() -> None:
    """PagerDuty's resolve takes a resolution note; ``resolve T-1`` alone is as before."""
    assert parse_command("resolve t-1") == ParsedCommand(action="resolve", args=("T-1",))
    assert parse_command("resolve T-1 fixed in 2.3\n  see #42") == ParsedCommand(
        action="resolve", args=("T-1", "fixed in 2.3\n  see #42"))
    i = parse_command("resolve T-1 fixed in 2.3").interaction(
        workspace="slack", channel="C1", user="U1")
    assert (i.target, i.args) == ("T-1", ("fixed in 2.3",))
    with pytest.raises(CommandError, match="not an id like T-3"):
        parse_command("resolve fixed T-1")


def test_priority_takes_an_id_and_one_priority_and_tickets_takes_priorities() -> None:
    """The value itself is the ticket service's to check (one line naming p1 to p5)."""
    assert parse_command("priority t-3 P1") == ParsedCommand(action="priority",
                                                             args=("T-3", "P1"))
    with pytest.raises(CommandError, match="priority needs a priority: p1"):
        parse_command("priority T-3")
    with pytest.raises(CommandError, match="takes an id and one priority"):
        parse_command("priority T-3 p1 p2")
    assert parse_command("tickets open p1 p2 support").args == ("open", "p1", "p2", "support")
    every = "mine open overdue p1 p2 p3 p4 p5 none tag=vip support"  # all a query can hold
    assert parse_command(f"tickets {every}").args == tuple(every.split())
    with pytest.raises(CommandError, match=r"six priorities \(p1 to p5 and none\), a tag and "
                                           "a team"):
        parse_command(f"tickets {every} sales")


def test_tag_takes_an_id_and_up_to_ten_tags_to_add_or_take_away() -> None:
    """Each word is the ticket service's to check (one line saying what a tag is)."""
    assert parse_command("tag t-3 Billing -vip") == ParsedCommand(
        action="tag", args=("T-3", "Billing", "-vip"))
    i = parse_command("tag T-3\nbilling  vip").interaction(workspace="slack", channel="C1",
                                                          user="U1")
    assert (i.target, i.args) == ("T-3", ("billing", "vip"))
    with pytest.raises(CommandError, match="tag needs a tag to add"):
        parse_command("tag T-3")
    # one line saying what to fix, as the ticket service's eleventh tag is: no usage after it
    with pytest.raises(CommandError) as eleven:
        parse_command("tag T-3 " + " ".join("abcdefghijk"))
    assert str(eleven.value) == ("11 tags named: a ticket keeps at most 10; name 10 or fewer "
                                 "(-<tag> takes one away)")
    with pytest.raises(CommandError, match="not an id like T-3"):
        parse_command("tag billing T-3")


def test_escalate_keeps_an_optional_reason_as_typed() -> None:
    assert parse_command("escalate t-1") == ParsedCommand(action="escalate", args=("T-1",))
    assert parse_command("escalate T-1 VIP customer,\n  third outage") == ParsedCommand(
        action="escalate", args=("T-1", "VIP customer,\n  third outage"))
    i = parse_command("escalate T-1 VIP").interaction(workspace="slack", channel="C1",
                                                       user="U1")
    assert (i.target, i.args) == ("T-1", ("VIP",))
    with pytest.raises(CommandError, match="not an id like T-3"):
        parse_command("escalate now T-1")


@pytest.mark.parametrize(("line", "options"), [
    ("report", {}),
    ("report 30d", {"since": "30d"}),
    ("report since=2026-11-23T10:00 until=2026-11-23T18:00 BY=Person",
     {"since": "2026-11-23T10:00", "until": "2026-11-23T18:00", "by": "person"}),
    ("report by=priority 7d", {"by": "priority", "since": "7d"}),
])
def test_report_takes_a_start_an_end_and_rows_in_any_order(line: str,
                                                            options: dict[str, str]) -> None:
    assert parse_command(line) == ParsedCommand(action="report", options=options)


@pytest.mark.parametrize(("line", "reason"), [
    ("report 7d 3d", "report takes since once"),
    ("report 7d since=3d", "report takes since once"),
    ("report team=support", "'team=support': report takes a start"),
])
def test_report_refuses_what_it_does_not_take_with_its_usage(line: str, reason: str) -> None:
    with pytest.raises(CommandError) as info:
        parse_command(line)
    assert str(info.value).startswith(reason)
    assert "report [7d|since=..] [until=..]" in str(info.value)


def test_merge_reads_ids_as_typed_in_any_width_and_refuses_look_alikes() -> None:
    """Full-width ids (a Japanese or Chinese input method types ``Ｔ－４``, ``T-４``) are the
    ids they show: ``\\d`` took any script's digits, so ``merge T-４ into T-3`` asked the store
    for a ticket ``T-４`` and was answered ``no ticket T-４`` beside a T-4 in plain sight.
    Other scripts' digits and an overlong id are refused in one line that shows what was
    typed; a zero-width space or a right-to-left mark, format characters that draw nothing
    (a paste from right-to-left text carries them), are no part of the id."""
    assert parse_command("merge Ｔ－４ into t-３") == ParsedCommand(action="merge",
                                                                  args=("T-4", "T-3"))
    assert parse_command("claim T-４") == ParsedCommand(action="claim", args=("T-4",))
    assert parse_command("merge T-4\u200b into \u200fT-3") == ParsedCommand(
        action="merge", args=("T-4", "T-3"))
    for typed, shown in [("T-" + "3" * 1990, "'T-" + "3" * 38 + "'")]:
        with pytest.raises(CommandError) as refused:
            parse_command(f"merge T-5 into {typed}")
        assert str(refused.value).splitlines()[0] == f"{shown} is not an id like T-3"
        with pytest.raises(CommandError) as refused:
            parse_command(f"merge {typed} into T-5")
        assert str(refused.value).splitlines()[0] == f"{shown} is not an id like T-3"
    for line in ("merge T-5 into T-٤", "merge T-٤ into T-5"):  # another script's digits
        with pytest.raises(CommandError) as refused:  # say what to write
            parse_command(line)
        assert str(refused.value).splitlines()[0] == (
            "'T-٤' is not an id: ids are written in ASCII digits; write T-4")


def test_a_digit_drawn_otherwise_is_no_id_of_another_record() -> None:
    """NFKC read 'T-²' and 'T-①' as T-2 and T-1: autocomplete offers a record hand-edited to
    "T-²" (handlers.completions lists a damaged id), and choosing it claimed T-2, another
    ticket. Only width is read (an input method's Ｔ－３); other digits are told their id in
    ASCII, as another script's are."""
    assert parse_command("claim Ｔ－３") == ParsedCommand(action="claim", args=("T-3",))
    for typed, meant in (("T-²", "T-2"), ("T-①", "T-1"), ("T-\U0001D7D1", "T-3")):
        with pytest.raises(CommandError) as refused:
            parse_command(f"claim {typed}")
        assert str(refused.value).splitlines()[0] == (
            f"'{typed}' is not an id: ids are written in ASCII digits; write {meant}")


@pytest.mark.parametrize(("text", "seen"), [
    # quoted as 0c64a7f added („…“, »…«, a mixed pair), a time holds no other at=: the
    # quote opened by an earlier one is text, and the time at the end is the one seen
    (":refund at=\u00bb desk at=2h\u00ab", ("at=2h\u00ab", ":refund at=\u00bb desk")),
    ("Bring at=\u201e ID at=9am\u201c", ("at=9am\u201c", "Bring at=\u201e ID")),
    ("Bring at=\u201d ID at=9am\u201d", ("at=9am\u201d", "Bring at=\u201d ID")),
    # a pair of one language whole, holding another's quotes or not
    ("Danke at=\u201emorgen 9am\u201c", ("at=\u201emorgen 9am\u201c", "Danke")),
    ("Merci at=\u00abdemain \u201c9h\u201d\u00bb",
     ("at=\u00abdemain \u201c9h\u201d\u00bb", "Merci")),
    ("Tak at=\u00bbi morgen\u00ab", ("at=\u00bbi morgen\u00ab", "Tak")),
    ('Thanks at="tomorrow 9am\u201d', ('at="tomorrow 9am\u201d', "Thanks")),
])
def test_a_time_after_the_text_is_read_as_before_plus_every_family(
        text: str, seen: tuple[str, str]) -> None:
    """The rule before 0c64a7f read the first three as the time at the end; 0c64a7f took the
    quote after the first at= to the last quote for the time, so the answer named a time of
    both at= and the text left before it was shorter than typed."""
    assert time_after_text(text) == seen


@pytest.mark.parametrize(("line", "shown"), [
    ("claim T-\u202e12", "'T-\\u202e12'"),  # draws T-21: was read as T-12
    ("claim T-4\u202e21", "'T-4\\u202e21'"),  # draws T-412: was read as T-421
    ("claim T-1\u200f2\u200f3", "'T-1\\u200f2\\u200f3'"),  # draws T-132: was read as T-123
    ("claim \u202d\u202eT-12", "'\\u202d\\u202eT-12'"),
])
def test_a_mark_that_reorders_what_an_id_shows_is_not_dropped(line: str, shown: str) -> None:
    """Dropping every format character (51b230b) read an id other than the one the line
    shows: a right-to-left override draws the digits after it reversed, and right-to-left
    marks between digits reorder them, so 'claim T-\\u202e12', which reads T-21 on screen,
    claimed T-12. Such an id is refused, shown escaped, as before 51b230b; only the marks
    around a word (what a paste carries) and the characters that move nothing (a zero-width
    space, a soft hyphen) are dropped."""
    with pytest.raises(CommandError) as refused:
        parse_command(line)
    assert str(refused.value).splitlines()[0] == f"{shown} is not an id like T-3"
    assert parse_command("claim \u2067T-12\u2069") == ParsedCommand(action="claim",
                                                                    args=("T-12",))
    assert parse_command("claim T-1\u200b2\u00ad") == ParsedCommand(action="claim",
                                                                    args=("T-12",))


def test_a_person_drawn_as_another_is_not_read_as_them() -> None:
    """'to=U123\\u202e456' draws U123654: it was read as U123456, another member."""
    assert parse_command("unclaim T-1 to=\u2068U123456\u2069").options == {"to": "U123456"}
    assert parse_command("unclaim T-1 to=\u200fcarol").options == {"to": "carol"}
    assert parse_command("oncall primary cover 1h FOR=\u200fdave").options == {"for": "dave"}
    with pytest.raises(CommandError) as refused:
        parse_command("unclaim T-1 to=U123\u202e456")
    assert str(refused.value).splitlines()[0] == (
        "unclaim takes an id and optionally to=<person id>")


@pytest.mark.parametrize(("line", "read"), [
    ("claim T-\u200e3", ("T-3",)),  # an LRM between the dash and the digit, as typed in RTL
    ("claim T-1\u200e2\u200e3", ("T-123",)),
    ("approve A-\u200e1", ("A-1",)),
])
def test_a_left_to_right_mark_inside_a_left_to_right_word_is_dropped(
        line: str, read: tuple[str, ...]) -> None:
    """1c7199d refused any directional mark between a word's letters: 'claim T-\\u200e3' was
    "'T-\\u200e3' is not an id like T-3". A left-to-right mark in a word led by a
    left-to-right letter, with no right-to-left one, moves nothing (its digits and dashes run
    left to right already: the word draws T-3 in any paragraph), so the id is read; a
    right-to-left mark there, or an LRM in a word led by a digit ('1-\\u200e2' draws 2-1 in
    right-to-left text), still is refused."""
    assert parse_command(line).args == read
    assert parse_command("oncall primary cover 1h for=da\u200eve").options == {"for": "dave"}
    for kept in ("claim T-1\u200f2\u200f3", "claim T-1\u200e\u200f2", "claim T-1\u061c2",
                 "unclaim T-1 to=1-\u200e2"):  # no letter first: it draws 2-1 in RTL text
        with pytest.raises(CommandError):
            parse_command(kept)


@pytest.mark.parametrize(("line", "options"), [
    ("approve A-1 3f2a9c1b0d4e5f60", {"sha256": "3f2a9c1b0d4e5f60"}),
    ("approve A-1 3F2A9C1B0D4E5F60 step=2", {"sha256": "3f2a9c1b0d4e5f60", "step": "2"}),
    ("approve A-1 STEP=1 3f2a9c1b0d4e5f60", {"sha256": "3f2a9c1b0d4e5f60", "step": "1"}),
    # spaces around '=', as people type them: the step is still read
    ("approve A-1 3f2a9c1b0d4e5f60 step = 2", {"sha256": "3f2a9c1b0d4e5f60", "step": "2"}),
    ("approve A-1 3f2a9c1b0d4e5f60 step= 2", {"sha256": "3f2a9c1b0d4e5f60", "step": "2"}),
    ("approve A-1 Step =2 3f2a9c1b0d4e5f60", {"sha256": "3f2a9c1b0d4e5f60", "step": "2"}),
])
def test_a_typed_approve_may_name_its_step(line: str, options: dict[str, str]) -> None:
    parsed = parse_command(line)
    assert (parsed.action, parsed.args, dict(parsed.options)) == ("approve", ("A-1",), options)


@pytest.mark.parametrize(("line", "said"), [
    ("approve A-1 3f2a9c1b0d4e5f60 step=0", "step= takes the number of the step"),
    ("approve A-1 3f2a9c1b0d4e5f60 step=two", "step= takes the number of the step"),
    ("approve A-1 3f2a9c1b0d4e5f60 step=\u0662", "step= takes the number of the step"),
    ("approve A-1 3f2a9c1b0d4e5f60 step=1 step=2", "name one step"),
    ("approve A-1 step=2", "approve takes an id and the content sha256"),
    # a step written another way names the step= to type, not a missing hash (one was typed)
    ("approve A-1 3f2a9c1b0d4e5f60 step 2", "name the step as step=2"),
    ("approve A-1 3f2a9c1b0d4e5f60 step:2", "name the step as step=2"),
    ("approve A-1 STEP2 3f2a9c1b0d4e5f60", "name the step as step=2"),
])
def test_a_step_that_names_no_step_is_refused_in_one_line(line: str, said: str) -> None:
    with pytest.raises(CommandError) as err:
        parse_command(line)
    assert err.value.reason.startswith(said) and "\n" not in err.value.reason, err.value.reason


def test_help_and_approves_usage_name_the_step() -> None:
    """`approve A-1 <sha256> step=2` (b497704) was said nowhere a person looks first: help's
    approve line, which a mistyped approve answers with and Discord shows beside the
    subcommand, named only the id and the hash."""
    [line] = [line for line in help_text().splitlines() if line.split()[:1] == ["approve"]]
    assert line.strip() == ("approve <approval id> <sha256 shown on the card, 12+ hex digits> "
                            "[step=<n>]")
    with pytest.raises(CommandError) as err:
        parse_command("approve A-1 step=2")
    assert err.value.usage is not None and "[step=<n>]" in err.value.usage


def test_help_says_where_a_digests_id_is() -> None:
    """`why digest-1a2b3c4d` lists every post of a digest card, and `help` said neither the
    command (why's line names post urls, mention ids and ticket ids) nor where the id is: on
    the card's last line, `… 12 more not shown: the command why digest-1a2b3c4d lists them
    all`, of a card showing fewer posts than it holds. `help digests` says it, and `help`
    where that is (Discord's 4,000 characters leave why's line no room)."""
    assert "  spikes, digest ids: help spikes|digests" in help_text().splitlines()
    assert "  help [spikes|digests]" in help_text().splitlines()
    assert parse_command("help Digests") == ParsedCommand(action="help", args=("digests",))
    said = help_text("digests")
    assert "why digest-1a2b3c4d" in said and "more not shown" in said, said
    assert "digest=weekly:friday" in said, said


# A chat-commands review's finds (2026-12-05): each was a wrong action or a line that did not
# say what to fix
@pytest.mark.parametrize(("line", "said"), [
    # a misspelt unit was the reason, and the mute 5 minutes (2 minutes for "2 hourz")
    ("mute S-1 5 minuets", "'minuets' is no unit of time; did you mean 5 minutes? (write 5m)"),
    ("mute S-1 2 hourz", "'hourz' is no unit of time; did you mean 2 hours? (write 2h)"),
    ("mute S-1 1 minuets", "'minuets' is no unit of time; did you mean 1 minute? (write 1m)"),
    ("mute S-1 1,5 hourz", "'hourz' is no unit of time; did you mean 1,5 hours? (write 1.5h)"),
    # an option mistyped was a keyword of a subscription that matched nothing
    ("subscribe acme sentiment=0.5", "'sentiment=0.5' is no option of a subscription"),
    ("subscribe acme mode=digest", "'mode=digest' is no option of a subscription"),
    ("subscribe acme digest:daily", "'digest:daily' is no option of a subscription"),
    ("subscribe acme digest daily", "write digest=daily, with '='"),
    ("subscribe acme sentiment <-0.3", "write sentiment<-0.3, without a space"),
    ("subscribe acme sentiment<=-0.3", "write sentiment<-0.3: sentiment< and sentiment> take"),
    ("subscribe /acme|foo/", "reads as a regular expression; a subscription takes keywords"),
    ("subscribe acme.*", "reads as a regular expression"),
    # an id of another kind was "no ticket A-1", though the draft A-1 was there
    ("claim A-1", "A-1 is a draft's id; claim takes a ticket's id like T-3"),
    ("approve T-1", "T-1 is a ticket's id; approve takes a draft's id like A-3"),
    ("unsubscribe T-2", "T-2 is a ticket's id; unsubscribe takes a subscription's id like S-2"),
    # a typo, a comma, the slash command pasted: "unknown command; try help" alone
    ("clam T-1", "unknown command 'clam'; did you mean claim?"),
    ("claim, T-12", "unknown command 'claim,': write claim without the ','"),
    ("/socialops claim T-11", "in the console, type the command alone: claim T-11"),
    # a letter or a dash drawn as the id's: "'Т-1' is not an id like T-3" showed the same id
    ("claim \u0422-1", "'\u0422-1' is not an id: its \u0422 is Cyrillic; write T-1"),
    ("claim T\u20101", "is not an id: its dash is U+2010, not a hyphen; write T-1"),
    # a snooze of a fraction of a second was taken, and ended as it began
    ("snooze T-2 0.0001s", "'0.0001s' is less than a second"),
    # an at= whose quote is not closed: "'\"tomorrow' is not a time"
    ('draft mastodon sample at="tomorrow 9am hi', "a quote is not closed after at="),
])
def test_a_mistyped_command_says_what_to_fix(line: str, said: str) -> None:
    with pytest.raises(CommandError) as caught:
        parse_command(line)
    assert said in str(caught.value).splitlines()[0], caught.value


@pytest.mark.parametrize("line", [
    "mute S-1 30 spam", "subscribe https://acme.com/x?y=1", "subscribe node.js OR c++",
    'subscribe "sentiment=0.5"', "subscribe acme digest=daily lang=en sentiment<-0.3",
    "claim T-1", "approve A-1", "mute T-1 2h"])
def test_what_is_right_is_still_read(line: str) -> None:
    parse_command(line)


# A newcomer's review (2026-12-06): `subscribe outage in #marketing` was taken, a subscription
# in the channel typed in for posts holding "outage", "in" and the hashtag #marketing, which
# matched nothing: the channel a subscription goes to is the one it is typed in
@pytest.mark.parametrize(("line", "channel"), [
    ("subscribe outage in #marketing", "#marketing"),
    ("subscribe outage IN #marketing digest=daily", "#marketing"),
    ("preview outage in #marketing", "#marketing"),
])
def test_a_channel_named_after_subscribe_is_refused_saying_where_to_type_it(
        line: str, channel: str) -> None:
    with pytest.raises(CommandError) as caught:
        parse_command(line)
    said = str(caught.value).splitlines()[0]
    assert said.lower().startswith(f"a subscription goes to the channel where you type it: type "
                           f"it in {channel}, without 'in"), said


@pytest.mark.parametrize("line", [
    'subscribe outage "in #marketing"',   # quoted: looked for as text
    "subscribe outage in #marketing today",   # a hashtag among other words
    "subscribe #marketing",
])
def test_a_hashtag_after_in_among_keywords_is_still_a_keyword(line: str) -> None:
    assert parse_command(line).action == "subscribe"


# A reviewer's run through signed slash commands (2026-12-06): a channel picked from Slack's or
# Discord's list is markup (`<#C0123ABCD|marketing>`, `<#3456…>`, `<#C0123ABCD|>` for a
# private channel), shown back as such in the plain-text answer ("type it in <#C0123ABCD|>",
# "without 'in <#C0123ABCD|marketing>'"), and told to be quoted "to look for it as text",
# which no post holds: the channel as the person saw it, and no quotes
@pytest.mark.parametrize(("line", "said"), [
    ("subscribe outage in <#C0123ABCD|marketing>",
     "type it in #marketing, without 'in #marketing' after the query"),
    ("subscribe outage in <#345678901234567890> digest=daily",
     "type it in that channel, without naming it after the query"),
    ("subscribe outage in <#C0123ABCD|>",
     "type it in that channel, without naming it after the query"),
])
def test_a_channel_picked_from_the_list_is_said_as_the_person_saw_it(line: str,
                                                                    said: str) -> None:
    with pytest.raises(CommandError) as caught:
        parse_command(line)
    first = str(caught.value).splitlines()[0]
    assert first == f"a subscription goes to the channel where you type it: {said}", first
