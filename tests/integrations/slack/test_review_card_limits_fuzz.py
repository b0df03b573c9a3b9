"""Every card kind, hostile text everywhere a card takes text, against the Block Kit limits
Slack enforces (``tests.support.fake_slack.block_errors``: section 3,000, field 2,000, header
150, context element 3,000, button text 75, value 2,000, 50 blocks) and the card total
(``MAX_CARD_TEXT``), all in UTF-16 code units (an SRE's review of the isolates a cut adds:
a right-to-left name's FSI ... PDI, the PDI a cut left out added after the cut)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.core.cards import Button, Card, CardField
from bot.core.text import utf16_len
from integrations.slack.render import MAX_CARD_TEXT, render_card, text_size
from tests.support.fake_slack import block_errors
from tests.support.mutations import SETTINGS

OPEN, CLOSE = "\ufdd0", "\ufdd1"
# the pieces that change a text's length when escaped, isolated, cut or counted in UTF-16
_PIECES = st.sampled_from([
    "a", " ", "&", "<", ">", "&amp;", "*", "_", "~", "`", ":x:", "\n", "> ", "ש", "محمد", "ر",
    "👨\u200d👩\u200d👧\u200d👦", "🏳️\u200d🌈", "😀", "e\u0301\u0302", "\u0301", "\u200f",
    "\u202e", "\u2067", "\u2069", OPEN, CLOSE, "https://x.example/a_b", "@", "<!channel>",
    "\ud800", "\u2028", "ﷺ", "\U0001F1FA\U0001F1F8"])


def _text(most: int) -> st.SearchStrategy[str]:
    return st.lists(_PIECES, max_size=most).map("".join)


# long runs of one hostile piece: a value that must be cut right at a limit
_LONG = st.builds(lambda piece, n, tail: piece * n + tail,
                  _PIECES, st.integers(min_value=0, max_value=3_200), _text(8))
_ANY = st.one_of(_text(40), _LONG)
_NAME = st.one_of(st.sampled_from(["محمد", "שרה", "kasia", "ر" * 70, "ש" * 200]), _text(12))


@st.composite
def _cards(draw: st.DrawFn) -> Card:
    author = draw(_NAME)
    names = tuple(draw(st.lists(_NAME, max_size=3)))
    fields = tuple(CardField(name=draw(_text(6)),
                             value=draw(st.one_of(_ANY, st.just(" ".join(names) * 40))),
                             names=names if draw(st.booleans()) else ())
                   for _ in range(draw(st.integers(min_value=0, max_value=12))))
    buttons = tuple(Button(action=draw(st.sampled_from(["claim", "resolve", "approve", "open"])),
                           label=draw(_ANY), target="A-1", url="https://x.example/p",
                           version=draw(st.sampled_from([None, "ab" * 32])))
                    for _ in range(draw(st.integers(min_value=0, max_value=4))))
    title = draw(st.sampled_from(["{a} wrote", "T-1: {a} 2 on X", "{a}", "{a} " * 40]))
    return Card(kind=draw(st.sampled_from(["alert", "ticket", "approval", "digest", "spike",
                                           "notice"])),
                key="k", title=title.format(a="@" + author) + draw(_text(5)),
                text=draw(_ANY), url="https://x.example/p", network="x",
                network_name=draw(_text(6)), author="@" + author,
                author_url="https://x.example/u", badges=tuple(draw(st.lists(_ANY, max_size=22))),
                fields=fields, route=draw(_ANY), status=draw(_ANY), buttons=buttons,
                footer=draw(st.one_of(st.none(), _ANY)))


@SETTINGS
@given(card=_cards())
def test_every_card_kind_fits_slack_whatever_its_text(card: Card) -> None:
    message = render_card(card)
    assert block_errors(message.blocks) == []
    assert text_size(message.blocks) <= MAX_CARD_TEXT
    assert 0 < utf16_len(message.text) <= 40_000
