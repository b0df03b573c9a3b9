"""A frame is weighed without counting when its length alone keeps it within the budget
(``PageBudget.over``: each counted byte is one byte of the body): it spares the common
~550-byte Jetstream frame four passes (benchmarks/jetstream_prefilter.py). Guards, they pass
before too: the shortcut must give the counts' answer at every bound, the tighter of the
two included, and a heavy frame is still weighed."""

from __future__ import annotations

from pathlib import Path

import pytest

from integrations.social.common import jsonpage
from integrations.social.common.jsonpage import FRAME, PageBudget, frame_fits

JETSTREAM = Path(__file__).parents[1] / "fixtures" / "real" / "bluesky" / \
    "jetstream_v1_events_real_capture.jsonl"


@pytest.mark.parametrize("budget", [PageBudget(containers=100, values=10),
                                    PageBudget(containers=10, values=100), FRAME])
@pytest.mark.parametrize("byte", [b"[", b"{", b",", b":", b"a"])
def test_the_length_shortcut_answers_as_the_counts_do_at_each_bound(
        budget: PageBudget, byte: bytes) -> None:
    for n in {budget.containers - 1, budget.containers, budget.containers + 1,
              budget.values - 1, budget.values, budget.values + 1}:
        body = byte * n
        containers = body.count(b"[") + body.count(b"{")
        values = body.count(b",") + body.count(b":")
        expected = containers > budget.containers or values > budget.values
        assert (budget.over(body) is not None) == expected, (byte, n)


def test_real_jetstream_events_fit_a_frame_and_a_heavy_one_does_not() -> None:
    events = JETSTREAM.read_bytes().splitlines()
    assert events and all(FRAME.over(e) is None for e in events)
    heavy = b'{"a":' + b"[" * 5_001 + b"]" * 5_001 + b"}"
    assert FRAME.over(heavy) == "of 5,002 arrays and objects, over the 5,000 a JSON page may hold"


def test_a_frame_fits_as_json_page_would_only_decode_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """``frame_fits`` (the Jetstream source's shortcut past ``json_page``) says yes exactly
    when ``json_page(frame=True)`` would decode the frame whole on the loop."""
    heavy = b'{"a":' + b"[" * 5_001 + b"]" * 5_001 + b"}"
    assert frame_fits(JETSTREAM.read_bytes().splitlines()[0]) and not frame_fits(heavy)
    monkeypatch.setattr(jsonpage, "PAGE", None)  # nothing weighed (benchmarks only)
    assert frame_fits(heavy)
