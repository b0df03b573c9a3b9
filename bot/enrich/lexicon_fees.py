"""A fee asked about on what a customer already has: "how much is the fee for an overweight
bag?", "Is there a fee to close my account?", "¿Cuánto cuesta facturar una maleta?", "Quanto
custa despachar uma mala?", "Berapa caj untuk tutup akaun?", "Скільки коштує закрити рахунок?",
"Hvor meget koster det at tjekke en kuffert ind?".

The label definitions (tests/data/corpus/README.md, and the ninth and tenth reviews' labelled
files) make asking the price of something to buy (a plan, a phone, a policy) a ``lead``, but
the price of a fee or an allowance on what was bought (a checked bag on a booked flight,
closing or keeping an account, a transfer, a card replaced) a ``question``, neutral: nothing
is for sale, the customer asks a rule. The model learns "how much" with a price as a lead (the
corpus's price questions are mostly a buyer's), so it read such questions as leads: nine of the
dev half's of a tenth review's labelled file (2026-12-07), in eight languages.
``model.TextModel.predict`` reads a post the model took as a lead that asks (a question mark)
and names such a fee (``FEE``), with no word of buying or of a business (the lexicon's ``buy``
and ``business`` concepts: "thinking of buying", "a quote for 200", "for our team"), as a
question, neutral.

What is a fee here, a rule a reader of each language uses: the noun of a fee or a charge
("fee", "frais", "comisión", "taxa", "caj", "комісія", "poplatek", "avgift", "gebyr"), or an act
on what one has that such fees are levied on: closing an account, checking a bag in, an
overweight bag. Not "cost" or "price" (a buyer's words), not "charge" alone ("what do you charge
for a logo?" asks a quote). Entries follow the rules of ``lexicon`` (folded word starts, ``$``
the whole word, substrings in Chinese, Japanese, Thai and Korean).
"""

from __future__ import annotations

import re
from functools import cache

from bot.enrich.lexicon_wait import entries_pattern

FEE: dict[str, str] = {
    "en": "fee$|fees$|surcharge|charge extra|any charge|a charge for|commission$|"
          "checked bag|checked luggage|checked baggage|check a bag|check in a bag|"
          "overweight bag|excess baggage|close my account|closing my account|"
          "close an account|closing an account|close the account",
    "fr": "frais$|bagage en soute|bagages en soute|cloturer mon compte|cloturer le compte|"
          "fermer mon compte|fermer le compte",
    "es": "comision|comisiones|recargo|facturar una maleta|facturar la maleta|"
          "facturar equipaje|facturar el equipaje|maleta facturada|equipaje facturado|"
          "cerrar mi cuenta|cerrar la cuenta|cancelar mi cuenta",
    "pt": "alguma taxa|tem taxa|cobram taxa|taxa para|taxa de cancelamento|"
          "taxa de manutencao|taxa de saque|taxa de transferencia|despachar uma mala|"
          "despachar a mala|despachar bagagem|"
          "bagagem despachada|mala despachada|encerrar minha conta|encerrar a conta|"
          "fechar minha conta|fechar a conta",
    "gl": "facturar unha maleta|pechar a conta|pechar a mina conta|comision$",
    "ca": "facturar una maleta|tancar el compte|comissio$|comissions$",
    "it": "commissione|commissioni|bagaglio da stiva|bagaglio in stiva|chiudere il conto|"
          "chiudere il mio conto",
    "de": "gebuhr|aufgegebenes gepack|koffer aufgeben|konto schliessen|konto kundigen",
    "nl": "kosten voor het opzeggen|ingecheckte bagage|rekening opzeggen|rekening sluiten",
    "da": "gebyr|tjekke en kuffert|tjekke kuffert|indchecket bagage|lukke min konto|"
          "lukke sin konto|lukke kontoen",
    "nb": "gebyr|sjekke inn en koffert|sjekke inn koffert|innsjekket bagasje|"
          "avslutte kontoen|avslutte konto|si opp kontoen",
    "sv": "avgift|checka in en vaska|checka in vaska|incheckat bagage|avsluta kontot|"
          "avsluta mitt konto",
    "fi": "palvelumaksu|kulut$|ruumaan|lopettaa tilin|sulkea tilin",
    "pl": "oplata|oplaty|prowizja|prowizji|bagaz rejestrowany|zamknac konto|zamkniecie konta",
    "cs": "poplatek|poplatku|poplatky|odbaveni zavazadla|zruseni uctu|zrusit ucet",
    "sk": "poplatok|poplatku|poplatky|podat batozinu|zrusenie uctu|zrusit ucet",
    "hr": "naknada|naknade|naplacuje li se|zatvaranje racuna|zatvoriti racun|predati prtljag",
    "ro": "comision|bagaj de cala|inchiderea contului|inchid contul",
    "hu": "dij$|dija$|dijat$|feladott poggyasz|szamla megszuntetese|megszuntetni a szamlat",
    "tr": "komisyon|bagaj ucreti|kapatma ucreti|hesabi kapatmak|hesap kapatma",
    "ru": "комисси|закрыть счет|закрытие счета|сдать багаж|багаж в багаж",
    "uk": "комісі|закрити рахунок|закриття рахунку|здати багаж",
    "be": "камісі|закрыць рахунак",
    "ms": "caj$|caj untuk|tutup akaun|bagasi daftar masuk",
    "id": "biaya admin|tutup rekening|bagasi tercatat",
    "tl": "bayad sa pag-close|may bayad po ba|may bayad ba|excess baggage",
    "hi": "शुल्क|चार्ज लगता|खाता बंद|बैग चेक",
    "mr": "शुल्क|खाते बंद|बॅग चेक",
    "ne": "शुल्क|खाता बन्द|झोला चेक",
    "zh": "手续费|手續費|托运行李|託運行李|销户|銷戶",
    "ja": "手数料|受託手荷物|預け荷物|解約手数料",
    "ko": "수수료|위탁 수하물|계좌 해지",
    "th": "ค่าธรรมเนียม|โหลดกระเป๋า|ปิดบัญชี",
}

# A want, a need, a search or a joining said beside the fee makes it a shopper's ("lookin 4 a
# trading app w low fees", "our café needs a card reader ... what are the fees?", "want to
# join, is there a joining fee?", "we want to move fee collection to ..."): the lexicon's
# ``buy`` concept has "buy" and "quote" but not every word of wanting.
WANT: dict[str, str] = {
    "en": "want$|wanna$|need$|needs$|looking for|lookin|join$|joining|switch to|switching to|"
          "recs$|recommend|alternative",
    "fr": "je veux|on veut|besoin|je cherche|on cherche|passer chez",
    "es": "quiero|queremos|necesito|necesitamos|busco|buscamos|cambiarme a",
    "pt": "quero|queremos|preciso|precisamos|procuro|procuramos",
    "it": "voglio|vogliamo|ho bisogno|abbiamo bisogno|cerco|cerchiamo",
    "de": "ich will|wir wollen|brauche|brauchen|suche|suchen",
    "nl": "ik wil|wij willen|we willen|nodig|zoek|zoeken",
    "ru": "хочу|хотим|нужен|нужна|нужно|ищу|ищем",
    "uk": "хочу|хочемо|потрібен|потрібна|потрібно|шукаю|шукаємо",
    "pl": "chce|chcemy|potrzebuje|potrzebujemy|szukam|szukamy",
    "tr": "istiyorum|istiyoruz|ihtiyacim|ariyorum|ariyoruz",
    "ms": "nak$|mahu|perlukan|cari$",
    "id": "mau$|ingin|butuh|cari$",
    # (an unspaced language too: ``entries_pattern`` without one would match everywhere)
    "zh": "想买|想買|想办|想辦",
}

_QUESTION_MARKS = "?？؟"


@cache
def _pattern() -> re.Pattern[str]:
    """``FEE`` over folded text (``lexicon_wait.entries_pattern``)."""
    return entries_pattern(FEE)


def fee_asked(folded: str) -> str | None:
    """The folded post (``features.prepare``'s text) with its fee phrases blanked, when it asks
    (a question mark), names a fee or what a fee is levied on and says no want or need
    (``WANT``); else None. The caller weighs the words of buying left: the fee phrase's own
    ("facturar", "счет", an invoice's words, are a business's too) are no purchase."""
    if not any(q in folded for q in _QUESTION_MARKS):
        return None  # most posts
    blanked, found = _pattern().subn(" ", folded)
    if not found or _want_pattern().search(blanked):
        return None
    return blanked


@cache
def _want_pattern() -> re.Pattern[str]:
    """``WANT`` over folded text."""
    return entries_pattern(WANT)
