"""What the enrichment tests share: one language detector per test module, as each module
built its own before."""

from __future__ import annotations

import pytest

from bot.enrich.language import LanguageDetector


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()
