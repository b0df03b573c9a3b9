"""Where a post's verdict is: the clause after a contrastive conjunction, and sarcasm's marks.

"lovely staff but the sofa ripped after a week" is a complaint: in customer posts the clause
after "but", "however", "aber", "mais", "pero", "но", "但是", "しかし", "하지만", "ama", "لكن",
"लेकिन", "tapi" and their kind (the ``contrast`` entries of ``bot.enrich.lexicon``) usually
carries the verdict, and "a bit pricey but worth every penny" is praise for the same reason.
``turn`` finds where that clause starts, and the concept cues of the features
(``bot.enrich.features.cues``) count an occurrence after it ``TAIL_WEIGHT`` and one before it
``HEAD_WEIGHT``: VADER's own weights around "but" (``vaderSentiment``'s ``_but_check``), taken
as they are rather than tuned; a ``contrast`` cue says the post has a turn. A post that opens
with a concession ("although the checkout is smooth, I was charged twice"; "obwohl",
"aunque", "хотя", "虽然") turns at the end of its first clause. Weighing the character and
word grams the same way was tried (2026-11-30): on 5-fold cross-validation of the train split
it scored the same (intent macro-F1 0.821 either way), on the held-out split 9 posts worse
(intent), so only the concepts are weighed.

A marker is not a turn when nothing of the post comes before it or too little after it
("but why?", "nice though"), nor when the word means something else there: "not yet",
"yet again", "nothing but", "but also", Spanish "más" (Portuguese "mas" is accepted only when
the post writes it without an accent), Japanese "でも" inside a word ("いつでも"), Chinese
"不但" (not only), Thai "แต่" in "ตั้งแต่" (since), "แต่ละ" (each) and "แต่ง".

``sarcasm_marks`` finds the marks of sarcasm a lexicon entry cannot hold: a clapping, clown or
unamused emoji after a complaint ("losing my parcel again 👏"), a closing "/s", a word in
scare quotes in a post that names a fault ("the "express" delivery is late again"), and a
deadpan last sentence of one word of praise after a complaint ("went down mid-meeting. great.",
"charged twice. just perfect"): with an exclamation mark, or any other word, it may be sincere
("fixed within the hour. great!", "sorted now, thanks"). And its mirror (2026-12-01): a post
that opens with one word of praise as a clause of its own, then says it happened again
("great, another outage", "Super, schon wieder eine Störung", "Świetnie, znowu nie ma
internetu", "Toppen, nätet ligger nere igen", "太好了，又断网了", "another" and its kind
after it), unless it names a fix ("great, fixed again within minutes") or denies every
fault it names ("awesome, another month without a single outage"). The features
count them as occurrences of the ``sarcasm`` concept, whose weights the corpus trains.
"""

from __future__ import annotations

import re

from bot.core.text import HANDLE
from bot.enrich.lexicon import CONCEPT_NAMES, runs

HEAD_WEIGHT = 0.5
TAIL_WEIGHT = 1.5

# where a long post's author has the last word (``features.prepare`` puts it there): after an
# "edit:", "update:", "UPD:", "tl;dr" or its kind that follows the post's own words, and at the
# answer after a quoted "> ..." block; ``turn`` turns at the last one
LATEST = "\ue004"
# the words that open an author's later word, at a line's start or after a sentence (raw
# text): "EDIT 2:", "update -", "UPD:", "tl;dr", "Aktualizacja:", "追記：", "更新：", "추가:"
_LATEST_WORDS = (
    r"edit(?:ed)?|update[ds]?|upd|tl;?dr|tl,dr|too long;? didn'?t read|nachtrag|aktualisierung|"
    r"mise [àa] jour|m[àa]j|actualizaci[óo]n|actualitzaci[óo]|atualiza[çc][ãa]o|aggiornamento|"
    r"bijwerking|opdatering|aktualizacja|aktualizace|aktualizácia|güncelleme|guncelleme|"
    r"обновление|оновлення|дополнение|cập nhật|cap nhat|c[ậa]p nh[ậa]t|tambahan|"
    r"ενημέρωση|actualizare|עדכון|تحديث|تعديل|अपडेट|追記|追记|更新|补充|추가|수정|업데이트")
_LATEST = re.compile(
    rf"(?:^|(?<=[\n.!?。！？…]))[ \t*_#>]*(?:{_LATEST_WORDS})[ \t*_]*\d*[ \t*_]*"
    r"(?:[:：]|[-–—](?=\s))",
    re.IGNORECASE | re.MULTILINE)
# a quoted line of markdown, "> ..." (or "&gt; ..." before entities are read)
_QUOTE_LINE = re.compile(r"^[ \t]*>")


def mark_latest(text: str) -> str:
    """``text`` with ``LATEST`` where its author's last word starts: after the last "edit:",
    "update:", "UPD:", "tl;dr" (and their kind) that has words of the post before it, and at the
    first line of an answer after a quoted "> ..." block. A complaint then "update: fixed,
    thanks support" is praise; "> X is useless" then "hard disagree, ..." answers the quote."""
    at = -1
    if ">" in text and "\n" in text:
        lines = text.split("\n")
        pos, quoted = 0, False
        for line in lines:
            if _QUOTE_LINE.match(line):
                quoted = True
            elif quoted and line.strip():
                at = pos
                quoted = False
            pos += len(line) + 1
    # the words end in a colon or a dash: most posts have neither, and a scan for one
    # character costs less than the pattern's scan
    if ":" in text or "：" in text or "-" in text or "–" in text or "—" in text:
        for m in _LATEST.finditer(text):
            if m.end() > at and any(ch.isalnum() for ch in text[:m.start()]):
                at = m.end()
    if at <= 0 or not any(ch.isalnum() for ch in text[at:]):
        return text
    return f"{text[:at]} {LATEST} {text[at:]}"

CONTRAST = CONCEPT_NAMES.index("contrast")
# what a complaint names: a mark of sarcasm after one of these is not sincere
_COMPLAINT = frozenset(CONCEPT_NAMES.index(n) for n in ("fault", "again", "negative"))

# folded, each followed by what ends the word: a post opening with one turns at its first
# clause break
_CONCESSIVE = (
    "although ", "even though ", "though ", "obwohl ", "obgleich ", "bien que ", "bien qu'",
    "meme si ", "aunque ", "anche se ", "sebbene ", "benche ", "embora ", "apesar de ",
    "hoewel ", "хотя ", "хоча ", "chociaz ", "choc ", "mimo ze ", "meskipun ", "walaupun ",
    "aven om ", "selv om ", "vaikka ", "虽然", "尽管", "비록 ",
)
_BREAK = re.compile(r"[,，、;；。!！]|\.(?!\d)")
_MAS = re.compile(r"(?<!\w)mas(?!\w)", re.IGNORECASE)
_ALI = re.compile(r",\s*(?:ali|али)(?!\w)")  # lower case: "Hvala, Ali" thanks a man
_AFTER_ALI = frozenset({"je", "su", "nije", "njihov", "njihova", "njihovo", "је", "су", "није",
                        "њихов", "њихова"})
# Slovenian asks "whether" with a comma before "ali": "Ne vem, ali ...", "Zanima me, ali ..."
_ASKS_WHETHER = frozenset({"vem", "vemo", "veste", "ves", "me", "nas", "vprasam", "vprasal",
                           "vprasala", "sprasujem", "preverite", "preverim", "povejte",
                           "jasno", "vedel", "vedela"})
_NOT_BEFORE_YET = frozenset({
    "not", "as", "nor", "no", "never", "dont", "didnt", "doesnt", "havent", "hasnt", "hadnt",
    "isnt", "wasnt", "arent", "werent", "cant", "couldnt", "wont", "wouldnt"})
_NOT_AFTER_YET = frozenset({"again", "another", "to", "more"})
_NOT_BEFORE_BUT = frozenset({"nothing", "anything", "all"})
_MOCK = re.compile("[\U0001f44f\U0001f921\U0001f612\U0001fae0\U0001f611\U0001f926]")
_QUOTED = re.compile(r"[\"“„«]\s?[^\W\d_][\w'-]*(?:\s[\w'-]+)?\s?[\"”“»]")
_SLASH_S = re.compile(r"(?<!\S)/s\W*$")
POSITIVE = CONCEPT_NAMES.index("positive")
# the post's last sentence: one word (or "just"/"how"/"so" and one), no exclamation mark
_DEADPAN = re.compile(r"[.?…]\s+(?:(?:just|how|so|oh) )?([^\W\d_]+)[.…]*\s*$")
# the post's last sentence of one or two words, no exclamation mark ("Просто супер.", "Vraiment
# top.", "Fantastisk timing."): what ``closing_verdict`` returns; a wider net than ``_DEADPAN``,
# read after the model (``model.deadpan_after_fault``), never a feature
_CLOSING = re.compile(r"[.?…]\s+((?:[^\W\d_]+\s+)?[^\W\d_]+)[.…]*\s*$")
# the post's first clause: one word (or "oh"/"just"/"wow" and one), then a break
_OPENING = re.compile(r"\W*(?:(?:oh|just|wow|ah|oh so|so) )?([^\W\d_]+)\s*[,，、.。!！…]")
# the handles a reply opens with, as written ("@AcmeTelco great, another outage"); the folded
# text has a mark in their place, which ``_OPENING``'s ``\W*`` passes
_LEADING_HANDLES = re.compile(rf"(?:\s*{HANDLE}(?:@[\w-]+(?:\.[\w-]+)+)?)+")
AGAIN = CONCEPT_NAMES.index("again")
# "another" (folded), which says it happened again as "again" does: "great, another outage"
ANOTHER = re.compile(
    r"(?<!\w)(?:another|yet another|noch eine?|otra|otro|mais uma?|outra|un altro|un'altra|"
    r"kolejn\w*|очередн\w*|ещ[её] од\w*|чергов\w*|ще од\w*|dalsi|annu en|annu ett|"
    r"endnu en|endnu et|αλλη μια|αλλο ενα|ujabb)(?!\w)")
RESOLVED = CONCEPT_NAMES.index("resolved")
THANKS = CONCEPT_NAMES.index("thanks")
_SARCASM = CONCEPT_NAMES.index("sarcasm")
# the marks ``features.prepare`` puts in place of handles and links
_HANDLE_MARK, _URL_MARK = "\ue001", "\ue000"
NEGATION = CONCEPT_NAMES.index("negation")
_FAULTS = frozenset(CONCEPT_NAMES.index(n) for n in ("fault", "negative"))
# what is good to go without (folded): thanks for a run "without a price increase", "ohne
# Preiserhöhung", "bez podwyżki", "with no spam calls" are sincere, where "without internet" is
# the complaint
_SPARED = re.compile(
    r"(?:price|fee|cost)s? (?:increase|hike|rise)|price ?hike|fees?(?!\w)|ads(?!\w)|advert|spam|"
    r"preiserhoh|preissteiger|gebuhr|werbung|prijsverhog|reclame|hausse|augmentation|frais|"
    r"publicite|pubs?(?!\w)|subir el precio|subida|aumento|comision|anuncios|publicidad|"
    r"reajuste|propaganda|rincar|pubblicit|podwyz|oplat|reklam|повышени|подорожан|комисси|"
    r"реклам|підвищен|подорожч")
# thanks for a run are sarcasm only when the run's clause names something wrong ("without
# internet", "no signal", "again") or puts a word in scare quotes: thanks "for another delivery
# today" or "for the third order in a row" are sincere
_WRONG = frozenset(CONCEPT_NAMES.index(n) for n in (
    "fault", "negative", "negation", "trouble", "again"))
_NEGATED_WITHIN = 3  # words between a negation and the fault it denies ("without a single")
_CLAUSE_BREAKS = frozenset(".,;:!?…，、；。！？")
_SENTENCE_ENDS = frozenset(".!?؟")  # one of them, not an ellipsis, ends a sentence
# the concepts of a verdict: what an author's later word must name to be one (``turn``)
_VERDICT = frozenset(CONCEPT_NAMES.index(n) for n in (
    "negative", "positive", "fault", "again", "thanks", "resolved", "sarcasm", "trouble",
    "setback"))
_LABEL_ENDS = (":", "：", "-", "–", "—")  # how an "edit:", "update -" ends (``mark_latest``)
# a summary's word just before ``LATEST``: its verdict needs no concept ("tl;dr: avoid them")
_SUMMARY = re.compile(rf"(?:tl;?dr|tl,dr|didn'?t read)[^\w{LATEST}]*$")
# what a customer is owed (``fault`` entries, folded): without it is the complaint itself
# ("great, another month without a refund", "Świetnie, kolejny tydzień bez zwrotu")
OWED = re.compile(
    r"refund|erstattung|rembours|reembolso|rimborso|terugbetaling|refusion|hyvitys|vraceni|"
    r"visszaterites|rambursare|zwrot|iade|возврат|поверн|επιστροφ|החזר|استرداد|रिफंड|"
    r"pengembalian|退款|退钱|返金|환불")


def _denied(folded: str, start: int, end: int, hits: list[tuple[int, int, int]]) -> bool:
    """Whether the fault or negative word at ``start``..``end`` is denied: a negation a few
    words before it in its clause ("without a single outage", "no more crashes", "bez żadnej
    awarii", "ohne Ausfall"), unless it is something owed ("without a refund")."""
    if OWED.search(folded, start, end + 1):
        return False
    for concept, _, n_end in hits:
        if concept == NEGATION and n_end < start:
            between = folded[n_end + 1:start]
            if (not any(c in _CLAUSE_BREAKS for c in between)
                    and len(between.split()) <= _NEGATED_WITHIN):
                return True
    return False


def _all_denied(folded: str, hits: list[tuple[int, int, int]], after: int) -> bool:
    """Whether the post names faults after ``after`` and denies each of them: "awesome,
    another month without a single outage" praises; "toll, schon wieder kein Netz" names
    none, and "great, another month without a refund" denies what it is owed (the negation is
    the complaint)."""
    faults = [(start, end) for concept, start, end in hits
              if concept in _FAULTS and start >= after]
    return bool(faults) and all(_denied(folded, start, end, hits) for start, end in faults)


def _word_before(folded: str, start: int) -> str:
    words = folded[:start].split()
    return words[-1] if words else ""


def _word_after(folded: str, end: int) -> str:
    words = folded[end + 1:].split(maxsplit=1)
    return words[0].strip(".,;:!?") if words else ""


def _accepted(folded: str, raw: str, start: int, end: int) -> bool:
    """The marker at folded[start:end + 1] joins two clauses in contrast here."""
    word = folded[start:end + 1]
    if word == "yet":
        # "not arrived yet", "yet again", "yet, ...": "still", not "but"
        before = folded[:start].split()[-4:]
        return not (any(w in _NOT_BEFORE_YET or w.endswith("n't") for w in before)
                    or _word_after(folded, end) in _NOT_AFTER_YET
                    or folded[end + 1:end + 2] in (",", ".", "?", "!"))
    if word == "but":
        return not (_word_after(folded, end) == "also"
                    or _word_before(folded, start) in _NOT_BEFORE_BUT)
    if word == "mas":
        return _MAS.search(raw) is not None
    if word in ("ali", "али"):
        # Croatian and Serbian "but" before "je", "su", "nije" or after a comma ("odlična, ali
        # naplatili su mi dvaput"), not Slovenian "ali" (or, whether) nor the name Ali
        head = folded[:start].rstrip()
        return _word_after(folded, end) in _AFTER_ALI or (
            head.endswith(",") and _ALI.search(raw) is not None
            and _word_before(head, len(head) - 1) not in _ASKS_WHETHER)
    if word == "بس":
        # Arabic "بس" is "but" before its clause and "only", "that's all" at a sentence's end
        # ("يرد برسائل آلية بس.": answers with automatic messages only); before an ellipsis,
        # a comma or an emoji it is still "but" ("حلو بس... التحديث خرب", nice but...)
        rest = folded[end + 1:].lstrip()
        return bool(rest) and not (rest[0] in _SENTENCE_ENDS and rest[1:2] not in _SENTENCE_ENDS)
    if word == "でも":
        return start == 0 or not folded[start - 1].isalnum()
    if word == "但":
        return folded[max(0, start - 1):start] != "不"
    if word == "แต่":
        return not (folded[end + 1:end + 2] == "ง" or folded[end + 1:end + 3] == "ละ"
                    or folded[max(0, start - 4):start] == "ตั้ง")
    return True


def opens_with_concession(folded: str) -> bool:
    """The post (handles and links before it skipped) opens with "although" or its kind."""
    return folded.lstrip(" \ue000\ue001").startswith(_CONCESSIVE)


def turn(folded: str, raw: str, hits: list[tuple[int, int, int]]) -> int:
    """Where the clause that carries a folded post's verdict starts, 0 when the post has no
    turn. ``hits``: ``lexicon.concept_hits(folded)``; ``raw``: the post as written."""
    at = 0
    for concept, start, end in hits:
        if concept == CONTRAST and end + 1 > at and _accepted(folded, raw, start, end) \
                and any(ch.isalnum() for ch in folded[:start]):
            # "但" and "但是" start at one place, and the lexicon keeps the first found
            at = end + 2 if folded[start:end + 2] == "但是" else end + 1
    latest = folded.rfind(LATEST)
    if latest > 0 and latest + 1 > at and any(ch.isalnum() for ch in folded[:latest]) and (
            not folded[:latest].rstrip().endswith(_LABEL_ENDS)
            or _SUMMARY.search(folded, max(0, latest - 24), latest) is not None
            or any(start > latest and concept in _VERDICT for concept, start, _ in hits)):
        # the answer after a quote, a tl;dr, or an "edit:" or "update:" that says how the
        # author feels (a fault, thanks, praise, a fix): "Edit: typo", "Edit: link to their
        # announcement", a release note's "Update: adds dark mode" give no verdict
        at = latest + 1
    if not at:
        head = folded.lstrip(" \ue000\ue001")
        if head.startswith(_CONCESSIVE):
            brk = _BREAK.search(folded, len(folded) - len(head))
            at = brk.end() if brk else 0
    # a turn needs something after it: three letters or digits
    if at and sum(1 for ch in folded[at:at + 12] if ch.isalnum()) < 3:
        return 0
    return at


def may_mark(raw: str, *, emoji: bool, thanked: bool = False) -> bool:
    """Whether a post can hold a mark of sarcasm at all (``emoji``: it has an emoji;
    ``thanked``: a word of thanks): a few substring scans, so most posts skip
    ``sarcasm_marks``."""
    return (emoji or thanked or "/s" in raw or '"' in raw or "“" in raw or "„" in raw or "«" in raw
            or _DEADPAN.search(raw) is not None
            or _OPENING.match(raw, _opening_at(raw)) is not None)


def closing_verdict(folded: str) -> tuple[str, str] | None:
    """A folded post's last sentence when it is one or two words without an exclamation
    mark, and what comes before it: (before, last); else None."""
    closing = _CLOSING.search(folded)
    if closing is None:
        return None
    return folded[:closing.start()], closing.group(1)


def _opening_at(raw: str) -> int:
    """Where a post's own words begin, after the handles a reply opens with."""
    handles = _LEADING_HANDLES.match(raw)
    return handles.end() if handles else 0


def sarcasm_marks(folded: str, raw: str, hits: list[tuple[int, int, int]]) -> list[int]:
    """Where the marks of sarcasm ``lexicon`` cannot hold occur in a folded post (see the
    module docstring); ``raw``: the post as written."""
    complaint = min((start for concept, start, _ in hits if concept in _COMPLAINT),
                    default=-1)
    marks = []
    if complaint >= 0:
        mock = _MOCK.search(folded, complaint)
        if mock:
            marks.append(mock.start())
        if any(q in raw for q in "\"“„«"):
            quoted = _QUOTED.search(folded)
            if quoted:
                marks.append(quoted.start())
        deadpan = _DEADPAN.search(folded)
        if deadpan and any(concept == POSITIVE and start == deadpan.start(1) > complaint
                           for concept, start, _ in hits):
            marks.append(deadpan.start(1))
        opening = _OPENING.match(folded)
        if opening and any(concept == POSITIVE and opening.start(1) <= start < opening.end(1)
                           for concept, start, _ in hits) \
                and (any(concept == AGAIN and start >= opening.end() for concept, start, _ in hits)
                     or ANOTHER.search(folded, opening.end()) is not None) \
                and not any(concept == RESOLVED for concept, _, _ in hits) \
                and not _all_denied(folded, hits, opening.end()):
            marks.append(opening.start(1))
    marks += _thanks_for_a_run(folded, hits) or _thanks_for_a_failure(folded, hits)
    if "/s" in raw:
        slash = _SLASH_S.search(folded)
        if slash:
            marks.append(slash.start())
    return marks


def _opening_thanks(folded: str, hits: list[tuple[int, int, int]]) -> tuple[int, int] | None:
    """Where the post's first thanks stand (start, end inclusive) when they open it, as the
    marks of thanks for a run or a failure read an opening: in the post's first clause, at most
    two words in ("ну спасибо", "big thanks to"; handles and links are no words), and not
    "thanks again" (thanked before); None otherwise."""
    start, end = next(((s, e) for c, s, e in hits if c == THANKS), (-1, -1))
    if start < 0:
        return None
    head = folded[:start].replace(_HANDLE_MARK, " ").replace(_URL_MARK, " ")
    if any(ch in _CLAUSE_BREAKS for ch in head) or len(head.split()) > 2:
        return None
    if any(c == AGAIN and not folded[end + 1:s].strip() for c, s, _ in hits):
        return None  # "thanks again, ...": thanked before
    return start, end


def _thanks_for_a_run(folded: str, hits: list[tuple[int, int, int]]) -> list[int]:
    """Where a post opens with thanks for a run of the same failure, and where the words of
    praise after that run's clause are ("..., you're the best", "Echt klasse."): none when it
    does not:
    "thanks X for the 3rd weekend in a row without internet", "спасибо X за третьи выходные
    подряд", "danke für das dritte Wochenende in Folge", "thanks for another outage". The
    thanks stands in the post's first clause, at most two words in ("ну спасибо", "big
    thanks to"); a run (``lexicon.runs``: "in a row", "подряд", "連続") or "another"
    follows it, in a clause with no word of praise ("thanks for another great season", "the
    best service three years in a row" are sincere) and with a word of something wrong (a
    fault, a negation, trouble, again) or a word in scare quotes ("thanks for another delivery
    today", "thanks for the seats in a row, brilliant" are sincere), unless the negations are
    all of what is good to go without (``_SPARED``); "thanks again" is no run, and a post that
    names a fix ("thanks for fixing it, third time in a row") or denies every fault it names
    ("thanks for another month without a single outage") is not marked."""
    thanks = _opening_thanks(folded, hits)
    if thanks is None:
        return []
    start, end = thanks
    if any(c == RESOLVED for c, _, _ in hits) or _all_denied(folded, hits, end + 1):
        return []
    found = [s for s, _ in runs(folded) if s > end]
    another = ANOTHER.search(folded, end + 1)
    if another:
        found.append(another.start())
    for run in found:
        before = max((i for i in range(end + 1, run) if folded[i] in _CLAUSE_BREAKS),
                     default=end)
        after = next((i for i in range(run, len(folded)) if folded[i] in _CLAUSE_BREAKS),
                     len(folded))
        inside = [c for c, s, _ in hits if before < s < after]
        if _WRONG.isdisjoint(inside) and not _QUOTED.search(folded, before, after):
            continue  # "thanks for another delivery today", "for the third order in a row"
        if _spared(folded, [(c, e) for c, s, e in hits if before < s < after and c in _WRONG],
                   after):
            continue
        if POSITIVE not in inside:
            return [start, *(s for c, s, _ in hits if c == POSITIVE and s > after)]
    return []


# a wait (folded), what thanks for a failure name as often as a fault: "thanks for the 3 week
# wait", "merci pour l'attente", "gracias por la aventura de esperar", "dzięki za trzy tygodnie
# czekania" (features v66); not Vietnamese "chờ", which folds to "cho" (for, to give)
_WAIT = re.compile(
    r"(?<!\w)(?:wait|waiting|warten|warterei|wartezeit|attente|attendre|espera|esperar|"
    r"esperando|demora|attesa|aspettare|wachten|wachttijd|czekani\w*|czekac|oczekiwani\w*|"
    r"ожидани\w*|ждать|ожидать|очікуванн\w*|чекати|чекання|bekleme\w*)(?!\w)")
_OBJECT_WITHIN = 5  # words after the thanks that may name what they are for
# the words (folded) that join thanks to a plain object and a plain object to its clause's end:
# "thanks (so much) for (your) waiting (with me)", "gracias por la espera", "obrigado pela
# espera", "merci pour votre attente", "danke fürs Warten", "grazie per l'attesa",
# "dziękujemy za oczekiwanie", "спасибо за ваше ожидание" thank whom they answer for their
# patience (features v67): a company's reply, or a friend's
_PLAIN_OBJECT = frozenset({
    "you", "so", "much", "very", "a", "lot", "for", "the", "your", "with", "me", "us",
    "por", "para", "la", "el", "su", "tu", "conmigo", "pela", "pelo", "o", "sua", "seu", "comigo",
    "pour", "de", "d", "l", "votre", "ton", "ta", "avec", "moi", "fur", "furs", "das", "ihr",
    "dein", "euer", "mit", "mir", "per", "il", "vostra", "tua", "con", "voor", "het", "uw", "je",
    "jullie", "za", "pani", "panstwa", "wasze", "twoje", "за", "ваше", "твое", "твоё", "вам",
    "со", "мной", "і", "з"})
# a wait that was none or was worth it: a negation just before it ("sans attente", "bez
# czekania", "no puedo esperar"; at most one word between), "can't wait" (a word of fault
# before a wait: eagerness), a word of worth in its clause ("worth the wait", "valeu a espera",
# "das Warten hat sich gelohnt", "warto było czekać")
_NO_WAIT_BETWEEN = 1
_CANT = re.compile(r"(?<!\w)(?:can'?t|cannot|can not|couldn'?t)\s+$")
_WORTH = re.compile(
    r"(?<!\w)(?:worth|vale|valeu|valio|valia|valait|vaut|valeva|valsa|gelohnt|lohnt|loont|"
    r"warto|стоило|стоїло|варто|degdi|degerdi)(?!\w)")


def _thanks_for_a_failure(folded: str, hits: list[tuple[int, int, int]]) -> list[int]:
    """Where a post opens with thanks for a failure or a wait, as ``_thanks_for_a_run`` reads
    the opening: "gracias por la aventura de esperar 3 semanas", "obrigado viu, pelo atraso",
    "cảm ơn vì đã làm mất đơn", "dzięki Kuvio za trzy tygodnie czekania", "thanks for the 3
    week wait" (features v66). What they are for is in the thanks' clause, or in the next one
    when the thanks' own holds two words at most ("obrigado viu, pelo atraso"), within
    ``_OBJECT_WITHIN`` words of the thanks: a word of ``fault`` or ``negative`` or a wait
    (``_WAIT``), not what is owed ("danke Kuvio, die Erstattung kam heute an"): a mark at the
    thanks, none when an entry of ``sarcasm`` holds them ("merci pour rien"). Not when the
    post names a fix ("thanks for fixing the delay"), praises after the thanks ("thanks for
    the wait, worth it"), or thanks again; nor for a wait that is the thanks' plain object
    ("thanks for waiting", "obrigado pela espera": whom they answer waited, ``_PLAIN_OBJECT``),
    none ("sans attente", "can't wait") or worth it ("worth the wait"; features v67); nor for
    news of the failure ("thanks for letting us know the outage is fixed", "Danke für die Info
    zur Verspätung": ``_TOLD``, features v70)."""
    thanks = _opening_thanks(folded, hits)
    if thanks is None:
        return []
    start, end = thanks
    if any(c == RESOLVED or (c == POSITIVE and s > end) for c, s, _ in hits):
        return []
    if any(c == _SARCASM and s <= start <= e for c, s, e in hits):
        return []  # "merci pour rien", "danke für nix": an entry of sarcasm says it already
    after = next((i for i in range(end + 1, len(folded)) if folded[i] in _CLAUSE_BREAKS),
                 len(folded))
    wait = _WAIT.search(folded, end + 1, after)
    word_end = end + 1 + len(folded[end + 1:]) - len(re.sub(r"^\w+", "", folded[end + 1:]))
    if wait and _PLAIN_OBJECT.issuperset(re.findall(r"\w+", folded[word_end:wait.start()])) \
            and _PLAIN_OBJECT.issuperset(re.findall(r"\w+", folded[wait.end():after])):
        return []  # "thanks for waiting", "obrigado pela espera": for whom they answer's patience
    if len(folded[end + 1:after].split()) <= 2 and after < len(folded):
        after = next((i for i in range(after + 1, len(folded)) if folded[i] in _CLAUSE_BREAKS),
                     len(folded))
    words = list(re.finditer(r"\S+", folded[end + 1:after]))[:_OBJECT_WITHIN]
    if not words:
        return []
    within = end + 1 + words[-1].end()
    found = [s for c, s, e in hits
             if c in _FAULTS and end < s < within and not OWED.match(folded, s)
             and not _WAIT.match(folded, e + 1 + len(folded[e + 1:])
                                 - len(folded[e + 1:].lstrip()))]
    found += [m.start() for m in _WAIT.finditer(folded, end + 1, within)
              if not _no_wait(folded, m, hits)]
    if found and not _told(folded, end, min(found), after, hits):
        return [start]  # a fault ("can't" before a wait is eagerness), or a wait
    return []


# thanks for news of a failure (folded), not for the failure: "thanks for letting us know the
# outage is fixed", "thanks for the heads-up about the delay", "Danke für die Info zur
# Verspätung", "Gracias por avisar de la caída", "Merci de nous avoir prévenus de la panne",
# "Спасибо, что предупредили о сбое", "Dzięki za info o awarii" (features v70): a word of
# telling before the fault or the wait they are for
_TOLD = re.compile(
    r"(?<!\w)(?:let(?:ting)? (?:us|me|everyone|people) know|tell(?:ing)? (?:us|me)|"
    r"heads[ -]?up|the info|the news|the notice|the warning|the alert|"
    r"keep(?:ing)? (?:us|me|everyone) (?:posted|updated|informed)|warn(?:ing)? (?:us|me)|"
    r"notif\w*|inform\w*|explain\w*|info(?!\w)|hinweis\w*|bescheid|benachrichtig\w*|"
    r"warnung|nachricht|erklar\w*|prevenu\w*|prevenir|avertir|averti\w*|l'info|"
    r"l'explication|expliqu\w*|avis(?:ar|ou|aram|aron|arme|arnos|ado|o)(?!\w)|aviso(?!\w)|"
    r"explic\w*|avvis\w*|spieg\w*|melden|laten weten|uprzedz\w*|powiadom\w*|"
    r"wyjasni\w*|dal(?:i|es|as) znac|предупред\w*|информ\w*|инфо(?!\w)|сообщ\w*|"
    r"уведом\w*|объясн\w*|попереди\w*|попередж\w*|інформ\w*|повідом\w*|поясн\w*|"
    r"bilgi\w*|haber ver\w*|uyar\w*)")


def _told(folded: str, end: int, at: int, after: int,
          hits: list[tuple[int, int, int]]) -> bool:
    """Whether thanks ending at ``end`` are for news of the fault or wait at ``at``: a word of
    telling (``_TOLD``) between them, not negated ("gracias por no avisar del retraso"), and no
    repeat in what they are for, up to ``after`` ("thanks for telling me it failed again":
    ``again``, "another"; a later clause's "уже всё работает" is none). Not "the update": a
    release is thanked for the failure it brought too."""
    told = _TOLD.search(folded, end + 1, at)
    return (told is not None
            and not any(c == NEGATION and e < told.start()
                        and len(folded[e + 1:told.start()].split()) <= 1 for c, _, e in hits)
            and not any(c == AGAIN and end < s < after for c, s, _ in hits)
            and ANOTHER.search(folded, end + 1, after) is None)


def _no_wait(folded: str, wait: re.Match[str], hits: list[tuple[int, int, int]]) -> bool:
    """Whether the wait at ``wait`` was none or was worth it: a negation at most
    ``_NO_WAIT_BETWEEN`` words before it in its clause ("sans attente", "no puedo esperar"),
    "can't wait", or a word of worth in its clause ("worth the wait", "valeu a espera")."""
    opens = max((i + 1 for i in range(wait.start()) if folded[i] in _CLAUSE_BREAKS), default=0)
    closes = next((i for i in range(wait.end(), len(folded)) if folded[i] in _CLAUSE_BREAKS),
                  len(folded))
    if _CANT.search(folded, opens, wait.start()) or _WORTH.search(folded, opens, closes):
        return True
    return any(c == NEGATION and opens <= e < wait.start()
               and len(folded[e + 1:wait.start()].split()) <= _NO_WAIT_BETWEEN
               for c, _, e in hits)


def _spared(folded: str, wrong: list[tuple[int, int]], after: int) -> bool:
    """Whether the only words of something wrong in a run's clause are negations of what is
    good to go without (``_SPARED``, within a few words): "the 10th year in a row without a
    price increase"."""
    return bool(wrong) and all(
        concept == NEGATION and _SPARED.search(
            " ".join(folded[end + 1:after].split()[:_NEGATED_WITHIN + 1])) is not None
        for concept, end in wrong)
