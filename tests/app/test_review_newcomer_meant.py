"""A newcomer's and an operator's review (2026-12-07, rv_newcomer4): what a first-time user
guesses at the command line, said with the command meant. Run through the parser in this
process (no interpreter started): the words are argparse's and ``_Parser.error``'s."""

from __future__ import annotations

import pytest

from bot.app.cli import build_parser


def said(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args(list(argv))
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # one line
    return err


# A command guessed, not misspelt: `socialops status` listed the 18 commands and named none
# (the chat's `status` is typed in the chat; what shows the bot's state here is check), and
# `socialops explain` did not say that it is `rules explain`.
@pytest.mark.parametrize(("argv", "meant"), [
    (("status",), "did you mean check?"),
    (("health",), "did you mean check?"),
    (("validate",), "did you mean check?"),
    (("explain",), "did you mean rules explain?"),
    (("test",), "did you mean rules test?"),
    (("tickets",), "did you mean report tickets?"),
    (("list",), "did you mean dead list or outbox list?"),
    (("retry",), "did you mean dead retry or outbox retry?"),
    (("invite",), "did you mean discord invite?"),
    (("start",), "did you mean run?"),
    (("setup",), "did you mean init?"),
    (("logs",), "did you mean audit?"),
    (("help",), "did you mean --help?"),
    (("version",), "did you mean --version?"),
    (("claim", "T-3"), "`claim T-3` is typed in the chat"),
    (("rules", "check"), "did you mean socialops check?"),
])
def test_a_command_guessed_is_said_with_the_one_meant(capsys: pytest.CaptureFixture[str],
                                                      argv: tuple[str, ...], meant: str) -> None:
    err = said(capsys, *argv)
    assert f"unknown command '{argv[-1] if argv[0] == 'rules' else argv[0]}'" in err, err
    assert meant in err, err
    assert err.startswith("error: socialops") and err.endswith("--help`\n"), err


def test_a_chat_verb_says_where_it_is_typed(capsys: pytest.CaptureFixture[str]) -> None:
    err = said(capsys, "status", "T-3")
    assert "`status T-3` is typed in the chat" in err, err  # its ticket: the chat's verb
    err = said(capsys, "claim", "T-3")
    assert "did you mean" not in err, err  # a verb of the chat alone: nothing else meant
