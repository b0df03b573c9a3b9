"""ISO 639-1 language codes, what ``match.language`` (and ``rules explain --lang``) takes. The
table lives in ``bot.core.languages``, since a chat ``subscribe ... lang=`` is checked against
it too."""

from bot.core.languages import NAMES, language_problem

__all__ = ["NAMES", "language_problem"]
