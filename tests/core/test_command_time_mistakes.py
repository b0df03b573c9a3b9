"""Mistakes a newcomer makes with the verbs of scheduled publishing, read in the grammar: the
time of `schedule` typed as `draft`'s `at=` or in quotes, as docs/workflows.md writes it for
`draft`, is that time; an unquoted phrase after `at=` is answered with the quotes it needs;
an approval verb's bad id is answered with an approval's id, not a ticket's."""

from __future__ import annotations

import pytest

from bot.core.commands import CommandError, parse_command


@pytest.mark.parametrize("line", [
    'schedule A-1 "tomorrow 9am"',
    "schedule A-1 “tomorrow 9am”",
    'schedule A-1 at="tomorrow 9am"',
    "schedule A-1 at=tomorrow 9am",
    "schedule A-1 at=«tomorrow 9am»",
])
def test_schedule_reads_a_time_typed_as_drafts_at(line: str) -> None:
    parsed = parse_command(line)
    assert (parsed.action, parsed.args) == ("schedule", ("A-1", "tomorrow 9am"))


def test_schedule_reads_at_and_a_word() -> None:
    assert parse_command("schedule A-1 at=3h").args == ("A-1", "3h")
    assert parse_command("schedule A-1 AT=off").args == ("A-1", "off")


@pytest.mark.parametrize(("line", "answer"), [
    ("draft mastodon main at=tomorrow 9am Our release is out",
     'at=tomorrow: a time of several words goes in quotes: at="tomorrow 9am"'),
    ("reply T-3 at=in 2h thanks, fixed now",
     'at=in: a time of several words goes in quotes: at="in 2h"'),
    ("draft mastodon main at=Mon 09:00 Weekly update",
     'at=Mon: a time of several words goes in quotes: at="Mon 09:00"'),
])
def test_an_unquoted_phrase_after_at_is_answered_with_its_quotes(line: str, answer: str
                                                                  ) -> None:
    with pytest.raises(CommandError) as refused:
        parse_command(line)
    assert str(refused.value).splitlines()[0] == answer


def test_a_one_word_time_after_at_is_read_as_before() -> None:
    parsed = parse_command("draft mastodon main at=2h tomorrow we ship")
    assert (parsed.args, parsed.options) == (("mastodon", "main", "tomorrow we ship"),
                                             {"at": "2h"})


@pytest.mark.parametrize(("line", "answer"), [
    ("schedule in 3h A-1", "'in' is not an id like A-3"),
    ("approve 3f2a9c1b0d4e A-1", "'3f2a9c1b0d4e' is not an id like A-3"),
    ("claim X1", "'X1' is not an id like T-3"),
    # an id's letter and number without the hyphen: said as the id it reads as
    ("claim A1", "'A1' is not an id: its letter and number are joined by a hyphen; write A-1"),
    ("unsubscribe sub2", "'sub2' is not an id like S-2"),
])
def test_a_bad_id_is_answered_with_an_id_of_the_verbs_kind(line: str, answer: str) -> None:
    with pytest.raises(CommandError) as refused:
        parse_command(line)
    assert str(refused.value).splitlines()[0] == answer


@pytest.mark.parametrize(("line", "answer"), [
    ("draft at=2h mastodon main Our release is out",
     "at=<when> goes after the network and the account: draft mastodon main at=2h <text>"),
    ("draft mastodon at=2h main Our release is out",
     "at=<when> goes after the network and the account: draft mastodon main at=2h <text>"),
    ("reply at=2h T-3 thanks, fixed now",
     "at=<when> goes after the ticket id: reply T-3 at=2h <text>"),
])
def test_at_before_its_place_is_answered_with_where_it_goes(line: str, answer: str) -> None:
    with pytest.raises(CommandError) as refused:
        parse_command(line)
    assert str(refused.value).splitlines()[0] == answer


@pytest.mark.parametrize(("line", "answer"), [
    # a saved reply then its time, as a newcomer orders them: ':refund at="tomorrow 9am"' was
    # drafted as that text, the name and the time both, to be published once approved
    ('reply T-1 :refund at="tomorrow 9am"',
     'at=<when> goes before the text: reply T-1 at="tomorrow 9am" :refund'),
    ("reply T-1 Thanks, fixed now at=2h",
     "at=<when> goes before the text: reply T-1 at=2h Thanks, fixed now"),
    ("draft mastodon main Our release is out at=“tomorrow 9am”",
     "at=<when> goes before the text: draft mastodon main at=“tomorrow 9am” Our release is out"),
])
def test_at_after_the_text_is_answered_with_where_it_goes(line: str, answer: str) -> None:
    with pytest.raises(CommandError) as refused:
        parse_command(line)
    assert str(refused.value).splitlines()[0] == answer


@pytest.mark.parametrize("line", [
    "reply T-1 the form's field is named at=",  # no time after it
    "reply T-1 see https://acme.example/status?at=2h",  # not a word of its own
    'reply T-1 at=2h we moved the call at=3pm',  # at= given where it goes: the rest is text
])
def test_a_text_holding_at_elsewhere_is_the_text(line: str) -> None:
    parse_command(line)


def test_a_snooze_with_a_misspelt_unit_says_which_unit() -> None:
    """`snooze T-1 5 minuets` answered "snooze takes an id and one duration, or off", not what
    was wrong (a newcomer's find, 2026-12-05)."""
    with pytest.raises(CommandError) as caught:
        parse_command("snooze T-1 5 minuets")
    assert str(caught.value).startswith(
        "'minuets' is no unit of time; did you mean 5 minutes? (write 5m)"), caught.value
    with pytest.raises(CommandError, match="snooze takes an id and one duration, or off"):
        parse_command("snooze T-1 5 bananas")
