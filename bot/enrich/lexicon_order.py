"""Fault phrases in word orders the lexicon's entries, each a run of adjacent words, miss:
Spanish "se le cae la app" and German "..., weil die App nicht lädt".

Spanish puts the person a thing fails on between "se" and the verb, as an unstressed dative
pronoun ("se me cae", "se le cae", "se nos cayó": it crashes on me, on her, on us), so the
lexicon's "se cae" is not found; the verbs are those of an app or a phone failing (caer, colgar,
trabar, congelar, cerrar, apagar, reiniciar). German sends the finite verb to the end of a
subordinate clause ("dass die App nicht lädt", "warum sie nicht mehr startet"), after "nicht",
where the lexicon's entries have it first ("lädt nicht"). The seventh review's labelled file
(2026-12-07) names both orders among the kinds the sixth left. ``model.TextModel.predict``
reads a post with one as it reads a device that hangs (``lexicon_hang``): ``other`` or praise a
complaint, a complaint negative, news left ``other``.
"""

from __future__ import annotations

import re

# "se" + a dative clitic + a verb of failing, in the present or the preterite (folded: no
# accents, "cayó" is "cayo")
_SPANISH = re.compile(
    r"(?<!\w)se\s+(?:me|te|le|nos|os|les)\s+"
    r"(?:cae|caen|cayo|cayeron|cuelga|cuelgan|colgo|traba|traban|trabo|congela|congelo|"
    r"cierra|cierran|cerro|apaga|apago|reinicia|reinicio)(?!\w)"
)
# what fails must be a machine or a service, named in the post ("se le cae el pelo", her hair
# falls out, and "se me cayó el vaso", I dropped the glass, are no fault)
_SPANISH_MACHINE = re.compile(
    r"(?<!\w)(?:app|aplicacion|pagina|web|sitio|sistema|telefono|movil|celular|cel|tele|tv|"
    r"pantalla|compu|computadora|ordenador|portatil|tablet|senal|internet|conexion|red|wifi|"
    r"llamada|llamadas|linea|servidor|plataforma)(?!\w)"
)
# "nicht" (or "nicht mehr") + a verb of working closing the clause: before punctuation, the
# post's end, or a conjunction (folded: "lädt" is "ladt" or kept, both listed)
_GERMAN = re.compile(
    r"(?<!\w)nicht\s+(?:mehr\s+)?(?:lädt|ladt|laedt|startet|öffnet|offnet|oeffnet|"
    r"funktioniert|reagiert|synchronisiert)(?=\s*(?:[.,;:!?)]|$|und\b|oder\b|aber\b))"
)


def fault_in_order(folded: str) -> bool:
    """Whether a folded post tells a fault in one of the word orders above."""
    if _GERMAN.search(folded) is not None:
        return True
    return _SPANISH.search(folded) is not None and _SPANISH_MACHINE.search(folded) is not None
