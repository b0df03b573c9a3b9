"""Hostile names and texts against ``bot.core.text.marked_names`` and both renderers (a
fuzzing review, 2026-12-06): only the names ``marked_names`` marks become isolates (FSI ...
PDI); the markers (U+FDD0, U+FDD1) in a network's text never do.

A field whose value is the card's own link (a published draft's address, from the network's
answer: Mastodon's ``url`` of the status it made) longer than Discord's field (1,024) is shown
cut as text, which was given to ``isolates`` as the network wrote it: its markers became an
isolate, taking in what followed.
"""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from bot.core.cards import Card, CardField
from bot.core.text import FSI, PDI, marked_names
from integrations.discord.render import render as discord_render
from integrations.slack.render import render_card
from tests.support.mutations import SETTINGS

OPEN, CLOSE = "\ufdd0", "\ufdd1"


def _shown(card: Card) -> list[str]:
    """Every string of the card as each renderer made it."""
    out: list[str] = []

    def walk(o: Any) -> None:
        if isinstance(o, dict):
            for v in o.values():
                walk(v)
        elif isinstance(o, list | tuple):
            for v in o:
                walk(v)
        elif isinstance(o, str):
            out.append(o)

    walk(discord_render(card).embed.to_dict())
    slack = render_card(card)
    walk(slack.blocks)
    walk(slack.text)
    return out


def test_a_long_published_address_holding_markers_is_no_isolate_on_discord() -> None:
    url = f"https://social.example/@acme/{OPEN}x{CLOSE}" + "a" * 1100
    card = Card(kind="approval", key="a1", title="Draft published", url=url,
                fields=(CardField(name="Published", value=url),))
    for s in _shown(card):
        assert FSI not in s and PDI not in s, s[:80]


_ALPHABET = st.sampled_from(["a", "b", " ", "ש", "ر", OPEN, CLOSE, "\u0301", "\u200f", "(",
                             "|", "*", "\\", ".", "@", "1", FSI, PDI, "\u202e"])
_TEXT = st.lists(_ALPHABET, max_size=30).map("".join)


@SETTINGS
@given(line=_TEXT, names=st.lists(_TEXT, max_size=6))
def test_marked_names_marks_only_whole_right_to_left_names(line: str, names: list[str]
                                                            ) -> None:
    out = marked_names(line, names)
    plain = out.replace(OPEN, "").replace(CLOSE, "")
    assert plain == line.replace(OPEN, "\ufffd").replace(CLOSE, "\ufffd")
    shown = {n.replace(OPEN, "\ufffd").replace(CLOSE, "\ufffd") for n in names}
    rest = out
    while OPEN in rest:  # each marked span one of the names, markers never nested
        before, _, rest = rest.partition(OPEN)
        assert CLOSE not in before
        inside, sep, rest = rest.partition(CLOSE)
        assert sep and OPEN not in inside and inside in shown
    assert OPEN not in rest and CLOSE not in rest


def _ltr(text: str) -> str:
    """``text`` without a right-to-left character (a letter or the RLM)."""
    return text.replace("ש", "s").replace("ر", "r").replace("\u200f", "")


@SETTINGS
@given(title=_TEXT, author=_TEXT, value=_TEXT, names=st.lists(_TEXT, max_size=4),
       linked=st.booleans())
@example(title="", author="", value=f"a{OPEN}", names=[], linked=True)
def test_no_isolate_but_of_a_right_to_left_name(title: str, author: str, value: str,
                                               names: list[str], linked: bool) -> None:
    """Names without a right-to-left letter, markers and isolates (a network's) everywhere:
    nothing is isolated (a network's FSI and PDI are cleaned away)."""
    names = [_ltr(n) for n in names]
    author = _ltr(author)
    url = "https://social.example/" + value + "a" * (1100 if linked else 0)
    card = Card(kind="alert", key="k", title=title, author=author, text=value, url=url,
                footer=value, fields=(CardField(name=value or "n", value=value, names=tuple(names)),
                                      CardField(name="Published", value=url)))
    for s in _shown(card):
        assert FSI not in s and PDI not in s, s[:80]



def test_marking_is_bounded_in_names_lengths_and_span() -> None:
    """A hand-damaged queued card naming thousands of long names costs bounded work: only the
    first names, short enough, in the line's head are marked (the rest is left as it is)."""
    from bot.core.text import MARKED_NAME, MARKED_NAMES, MARKED_SPAN, isolates, marked_names

    names = [f"@م{i}x" for i in range(MARKED_NAMES + 5)]
    line = ", ".join(names)
    shown = isolates(marked_names(line, names))
    assert shown.count(FSI_) == MARKED_NAMES
    long = "@" + "م" * MARKED_NAME
    assert isolates(marked_names(f"{long} 3", [long])) == f"{long} 3"
    far = "x" * MARKED_SPAN + " @محمد 5"
    assert isolates(marked_names(far, ["@محمد"])) == far
    near = "@محمد 5 " + "x" * (MARKED_SPAN * 10)
    assert isolates(marked_names(near, ["@محمد"])).startswith(f"{FSI_}@محمد{PDI_} 5")


FSI_, PDI_ = "\u2068", "\u2069"
