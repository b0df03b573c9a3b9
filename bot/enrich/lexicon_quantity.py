"""French "pas mal de" (a fair amount of), which is no negation: "J'ai eu pas mal de soucis avec
ma box", "pas mal de bugs depuis la mise à jour", "pas mal de coupures cette semaine".

"Pas mal" alone is litotes, praise ("c'est pas mal pour le prix"); followed by "de" it counts
("pas mal de monde", a lot of people). Before a word of trouble the lexicon reads "pas" as the
negation of that trouble, as in "pas de souci" (no worries), and "mal" turned with it: a tenth
review's labelled file (2026-12-07) read "J'ai eu pas mal de soucis avec ma box ..." as praise,
positive. ``model.TextModel.predict`` reads a post the model took as praise, with "pas mal de"
before a word of trouble or fault (``_TROUBLE``), as a complaint, its feeling turned. "Pas mal
de monde", "pas mal de colis, tous arrivés à l'heure" name no trouble and stay the model's.

Folded text (lower case, no accents).
"""

from __future__ import annotations

import re

_TROUBLE = (r"(?:soucis|souci|problemes?|bugs?|pannes?|coupures?|retards?|frais|galeres?|"
            r"plantages?|erreurs?|plaintes?|deconnexions?|defauts?)")
_MANY_TROUBLES = re.compile(r"(?<!\w)pas mal d(?:e |')" + _TROUBLE + r"(?!\w)")


def many_troubles(folded: str) -> bool:
    """Whether a folded post says "pas mal de" before a word of trouble."""
    return "pas mal d" in folded and _MANY_TROUBLES.search(folded) is not None
