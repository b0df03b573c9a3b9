"""Language detection for short posts, offline: lingua (models ship in the wheel), restricted
to a configurable set of languages, in its low-accuracy mode (fast and accurate enough above a
few words). Scripts that name their language outright (Hangul, Thai, kana) are decided without
the model. A language the network declared wins when the detector is unsure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property
from typing import Any

DEFAULT_LANGUAGES = ("en", "ru", "pl", "ko", "th", "uk", "de", "fr", "es", "pt", "it", "ja",
                     "zh", "tr", "nl")
MIN_LETTERS = 3
CONFIDENT = 0.5

_URL = re.compile(r"https?://\S+|[@#][\w.]+")
_SCRIPT = [
    (re.compile(r"[\u0e00-\u0e7f]"), "th"),
    (re.compile(r"[\uac00-\ud7af\u1100-\u11ff]"), "ko"),
    (re.compile(r"[\u3040-\u30ff]"), "ja"),  # hiragana / katakana: Japanese, not Chinese
]


class LanguageDetector:
    def __init__(self, languages: Sequence[str] = DEFAULT_LANGUAGES) -> None:
        self.languages = tuple(languages)

    @cached_property
    def _detector(self) -> Any:
        from lingua import IsoCode639_1, LanguageDetectorBuilder

        codes = [getattr(IsoCode639_1, c.upper()) for c in self.languages]
        return (LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
                .with_low_accuracy_mode().build())

    def detect(self, text: str, declared: str | None = None) -> tuple[str | None, float | None]:
        """(ISO 639-1 code, confidence) or (declared/None, None) when the text says too little."""
        declared = (declared or "").split("-")[0].lower() or None
        body = _URL.sub(" ", text)
        letters = sum(ch.isalpha() for ch in body)
        if letters < MIN_LETTERS:
            return declared, None
        for pattern, code in _SCRIPT:
            if code in self.languages and len(pattern.findall(body)) * 2 >= letters:
                return code, 1.0
        values = self._detector.compute_language_confidence_values(body)
        if not values:
            return declared, None
        best = values[0]
        code = best.language.iso_code_639_1.name.lower()
        if best.value < CONFIDENT and declared is not None:
            return declared, best.value
        return code, round(float(best.value), 3)
