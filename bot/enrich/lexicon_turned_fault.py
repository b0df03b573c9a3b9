"""Praise, then "but" and an everyday fault the lexicon has no word for, in Portuguese, Spanish,
Italian, Catalan and Galician: "Adoro a Pakko, mas meu pacote está parado há duas semanas",
"Precio genial, pero el router se desconecta cada hora", "Il personale è gentilissimo, ma il
pacco è ancora fermo a Milano", "Bon mòbil, però la bateria no arriba al vespre".

The label definitions make such a mixed post what the author feels in the end, after the turn:
a complaint, negative. ``clauses`` weighs the concepts after "but" above those before it, but
these clauses held none (a parcel standing still, a line that drops, nobody having solved it,
a battery that does not reach the evening are no breakage in the lexicon's words), so the praise
before the turn decided: a tenth review's labelled file (2026-12-07) read five of its dev half's
such posts as praise, and the negation review left "Ótimo celular mas a bateria acaba ..." so.
``model.TextModel.predict`` reads a post the model took as praise, with one of these faults
after a Romance "but" ("mas", "porém", "pero", "ma", "però", "peccato che"), as a complaint,
its feeling turned. A fault before the turn ("il pacco era fermo, ma ora è arrivato") is the
worry the praise answers, and is left to the model.

Entries are folded (lower case, no accents: "porém" is "porem", "però" "pero"), each the
fault's verb or state with what it is said of where the bare word has other senses ("fermo"
alone is also "firm", "cade" "falls").
"""

from __future__ import annotations

import re

# a contrastive word of these languages (Spanish "más" folds to "mas" too: "... se desconecta
# más que nunca" still tells the fault)
_TURN = re.compile(r"(?<!\w)(?:mas|porem|pero|ma|peccato che|tuttavia|sin embargo)(?!\w)")
_FAULT = re.compile(
    r"(?<!\w)(?:"
    # Portuguese: standing still for days, nobody solved it, the line drops
    r"parad[oa] ha|parad[oa] desde|ninguem resolveu|ninguem resolve|ninguem me resolve|"
    r"nao resolveram|a conexao cai|a internet cai|cai toda hora|caindo toda hora|"
    r"desconecta|bateria nao chega|"
    # Spanish
    r"se desconectan?|se corta la|se corta cada|nadie ha resuelto|nadie me ha resuelto|"
    r"nadie resolvio|nadie me resuelve|sigue parado|sigue atascado|esta atascado|"
    r"se cae la conexion|se cae el internet|se cae cada|"
    # Italian: still standing at a depot, blocked, the line drops
    r"ancora fermo|ancora ferma|e fermo|e ferma|fermo da|ferma da|fermo a|ferma a|"
    r"ancora bloccat[oa]|si disconnette|cade la connessione|connessione cade|"
    r"la linea cade|cade ogni|cade sempre|nessuno ha risolto|nessuno mi ha risolto|"
    r"nessuno risolve|"
    # Catalan
    r"bateria no arriba|es desconnecta|ningu ha resolt|encara encallat|encara aturat|"
    # Galician
    r"bateria non chega|non chega a noite|desconectase|ninguen resolveu|segue parado"
    r")(?!\w)")


def fault_after_turn(folded: str) -> bool:
    """Whether a folded post tells one of ``_FAULT``'s faults after a contrastive word."""
    turn = _TURN.search(folded)
    if turn is None:
        return False  # most posts
    return _FAULT.search(folded, turn.end()) is not None
