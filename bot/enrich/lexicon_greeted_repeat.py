"""A cheer that greets a repeat, and "just what I needed" after one: "Great, another update.",
"Oh wonderful, another price rise", "Toppen, ännu en uppdatering. Precis vad jag behövde.",
"Отлично, ещё одно обновление. То, что нужно.", "Génial, encore une mise à jour".

Ironic praise without a word of fault: the stock frame of a customer's sarcasm is a one-word
cheer opening the post and greeting "another" of something ("great, another ..."), which no
sincere post says of a thing it wanted more of in that order (a sincere one says "another great
update", the cheer after the thing); and "just what I needed" closing a post that tells of a
repeat. The model, reading the cheer and "needed" as praise, read such posts as praise or
``other`` (a tenth review's labelled file, 2026-12-07: three of its dev half's, in English,
Swedish and Danish; the negation and ninth reviews left "Yeah great, another price rise ...
Just what I needed." too). ``model.TextModel.predict`` reads a post so framed, that the model
took as praise, ``other`` or a complaint, as a complaint, negative.

Entries are folded (``features.prepare``: lower case, Latin letters without their marks, "ё"
as "е"), written as the regular expressions below, word by word.
"""

from __future__ import annotations

import re

# a one-word cheer (an "oh", "yeah" or "wow" before it allowed), opening the post
_CHEER = (r"(?:great|wonderful|fantastic|perfect|brilliant|lovely|awesome|amazing|"
          r"toppen|perfekt|underbart|fedt|herligt|supert|flott|super|genial|"
          r"parfait|formidable|otimo|maravilha|perfeito|perfetto|fantastico|ottimo|"
          r"geweldig|prima|toll|klasse|wunderbar|idealnie|harika|mukemmel|"
          r"отлично|супер|прекрасно|чудово|відмінно|выдатна|цудоўна)")
_OPENER = r"^(?:(?:oh|yeah|wow|ah|och|aha|ach|о|ну)[ ,]+)?"
# "another", "one more" before what is repeated
_ANOTHER = (r"(?:another|one more|yet another|annu en|annu ett|endnu en|endnu et|enda en|"
            r"enda et|encore une?|otra|otro|mais uma?|un altro|un'altra|un altra|noch eine?n?|"
            r"weer een|kolejna|kolejny|kolejne|еще один|еще одна|еще одно|еще одни|"
            r"ще один|ще одна|ще одне|яшчэ адзін|яшчэ адна|яшчэ адно)")
CHEERED_REPEAT = re.compile(_OPENER + _CHEER + r"[ ,.!:;…-]+" + _ANOTHER + r"\b")
# "just what I needed" closing the post (its last sentence)
_NEEDED = re.compile(
    r"(?:just what i needed|exactly what i needed|precis vad jag behovde|"
    r"lige hvad jeg manglede|lige hvad jeg havde brug for|akkurat det jeg trengte|"
    r"justo lo que necesitaba|exactement ce qu'il me fallait|proprio quello che mi serviva|"
    r"genau was ich brauchte|genau das, was ich brauchte|"
    r"то, что нужно|то что нужно|саме те, що треба|саме те що треба|тое, што трэба)"
    r"[ .!…🙃🙄]*$")


def greeted_repeat(folded: str) -> bool:
    """Whether the folded post opens on a cheer greeting "another" of something, or closes on
    "just what I needed" and names "another" of something."""
    if CHEERED_REPEAT.search(folded):
        return True
    return bool(_NEEDED.search(folded)) and re.search(_ANOTHER + r"\b", folded) is not None
