"""Vietnamese entries are matched without their tone marks (``fold``), so a word of one tone
is every word of its letters: "đừng" (don't), a negation, was also "dùng" (use) and "đúng"
(right, on time), and "dùng tốt lắm" (works very well) read as a negated "tốt lắm", a
complaint. The warning "đừng mua" (don't buy) is a word of ``negative`` instead. The
sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich.model import shipped_model
from tests.enrich.reading import count


@pytest.mark.parametrize("text", [
    "Máy lọc nước Acme dùng tốt lắm",
    "Acme giao đúng giờ, rất tốt",
    "Acme giao hàng đúng hẹn, nhân viên dùng từ rất lịch sự, tuyệt vời",
])
def test_use_and_on_time_are_no_negation(text: str) -> None:
    assert count(text, "negation") == 0
    assert count(text, "negative") == 0
    assert count(text, "positive") >= 1


def test_praise_that_uses_them_reads_as_praise() -> None:
    prediction = shipped_model().predict("Máy lọc nước Acme dùng tốt lắm, giao đúng giờ")
    assert (prediction.intent, prediction.polarity) == ("praise", "positive")


@pytest.mark.parametrize("text", [
    "Đừng mua ở Acme, hàng giả",
    "Sản phẩm Acme không tốt",  # a negation still turns praise
])
def test_a_warning_and_a_negation_still_complain(text: str) -> None:
    assert count(text, "negative") == 1
