"""A payment card or a payment refused: "card declined at the petrol station", "Mit kort blev
afvist i butikken", "Korttini hylättiin", "Kad saya ditolak di kedai", "Declined na naman
yung card ko", "Η κάρτα μου απορρίφθηκε", "הכרטיס שלי נדחה".

A card refused at a till is the commonest complaint a bank receives, and the lexicon's words
of fault have no entry for it: "declined", "afvist", "ditolak" are refusals, not breakages,
and most refusals are no fault ("she declined the offer", "Kestrel declined to comment", a
visa application "rejected"). A review's labelled file of services where complaints are costly
(2026-12-07, ``tests/fixtures/enrich_review9_labelled.jsonl``) read five such posts in its dev
half (English, Danish, Finnish, Malay, Taglish) as ``other`` or praise. ``model.TextModel.predict``
reads a post the model took as ``other``, praise or a complaint, with a card refused, as a
complaint, negative (news of it stays ``other``); a question ("why was my card declined?")
stays one.

What makes it a refused card, a rule a reader of each language uses: a word of refusal
(``REFUSED``) within a few words of a card or a payment (``PAYMENT``), in either order, in one
sentence, and no negation just before the refusal ("my card has never been declined abroad"
is praise). English "declined to" is a refusal to act, not a card's. Entries are folded word
starts (``lexicon`` rules; ``$`` the whole word), substrings in Chinese, Japanese and Thai.
Not Persian "رد شد" (also "passed by"), nor a bare "rejected" (a claim, a visa, a parcel).
"""

from __future__ import annotations

import re
from functools import cache

from bot.enrich.lexicon_wait import entries_pattern

PAYMENT: dict[str, str] = {
    "en": "card|cards|payment|payments|transaction|transactions",
    "da": "kort$|kortet|betaling",
    "nb": "kort$|kortet|bankkort|betaling",
    "sv": "kort$|kortet|kortbetalning|betalning",
    "fi": "kortti|kortin|korttini|korttia|maksu|maksun",
    "de": "karte|kreditkarte|bankkarte|girokarte|ec-karte|zahlung",
    "nl": "pas$|pinpas|bankpas|kaart|betaling",
    "fr": "carte|paiement",
    "es": "tarjeta|pago$|el pago",
    "pt": "cartao|pagamento",
    "it": "carta$|carta di|pagamento",
    "pl": "karta|karte|karty|platnosc",
    "cs": "karta|kartu|karty|platba|platbu",
    "hu": "kartya|kartyam|fizetes",
    "ro": "card|cardul|plata",
    "tr": "kart$|kartim|karti|odeme",
    "ms": "kad$|kartu|transaksi|pembayaran",
    "ru": "карт|платеж|оплат",
    "uk": "картк|карт$|карта|платіж|оплат",
    "el": "καρτα|πληρωμ",
    "he": "כרטיס|הכרטיס|והכרטיס|תשלום|התשלום",
    "ar": "بطاق|الدفع",
    "vi": "thanh toan|giao dich",
    "hi": "कार्ड|पेमेंट",
    "zh": "卡|支付|付款",
    "ja": "カード|決済",
    "th": "บัตร|การชำระ",
    "ko": "카드|결제",
}

REFUSED: dict[str, str] = {
    # English, and the loan in Taglish and Hinglish ("na-decline", "decline ho gaya")
    "en": "declined|declines$|declining|decline$|nadecline|refused|bounced",
    "da": "afvist|afvises|afviste",
    "nb": "avvist|avvises|avviste",
    "sv": "nekas|nekades|nekad$|nekat|avvisades|avvisas|avvisat",
    "fi": "hylattiin|hylatty|hylkasi|hylkaa",
    "de": "abgelehnt",
    "nl": "geweigerd|weigert",
    "fr": "refuse",
    "es": "rechaz",
    "pt": "recusad|recusou|recusa$",
    "it": "rifiutat|rifiuta$",
    "pl": "odrzucon|odrzucil|odrzuca",
    "cs": "zamitnut|zamitl|zamita",
    "hu": "elutasit",
    "ro": "refuzat|refuza$|respins",
    "tr": "reddedil|reddetti|reddediyor",
    "ms": "ditolak|tertolak|kena tolak",
    "ru": "отклон",
    "uk": "відхил",
    "el": "απορριφθ|απορριπτ",
    "he": "נדח",
    "ar": "رفض|مرفوض",
    # Vietnamese "thẻ" (a card) folds to English "the": its refusal is a phrase (``SAID``)
    "vi": "bi tu choi",
    "hi": "डिक्लाइन|रिजेक्ट",
    "zh": "被拒|拒绝",
    "ja": "拒否|通らない|通りません",
    "th": "ปฏิเสธ",
    "ko": "거절",
}

# a card refused told in one phrase, where its card's word alone folds to another language's
SAID: dict[str, str] = {
    "vi": "the bi tu choi|the cua toi bi tu choi|the cua minh bi tu choi|the tin dung bi tu choi",
}

# how far apart the card and its refusal may stand: a few words in spaced scripts ("kortet
# blev desværre afvist"), a few characters in unspaced ones ("信用卡在国外被拒")
_NEAR = 32
_NEAR_UNSPACED = 8
# a negation just before the refusal, a word at most between ("never been declined",
# "ikke blevet afvist"; not Portuguese "no cartão foi recusada", "in the card")
_NEGATED = re.compile(
    r"(?:(?<!\w)\w+n['’]t|(?<!\w)(?:wasnt|isnt|hasnt|havent|hadnt|didnt|werent|never|not|"
    r"no|without|ikke|inte|ei|nie|nicht|pas|não|nao|nunca|nem|nu|tidak|tak|hindi|не|ні|"
    r"לא|δεν|μην))(?:\s+\S+)?\s*$")
_SENTENCE_END = re.compile(r"[.!?。！？\n]")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff]")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """``PAYMENT`` and ``REFUSED`` over folded text (``lexicon_wait.entries_pattern``), and
    ``SAID``'s phrases, whole words in a spaced script (``entries_pattern`` of a table with
    no unspaced entry would match anywhere)."""
    said = "|".join(re.escape(p) for text in SAID.values() for p in text.split("|"))
    return (entries_pattern(PAYMENT), entries_pattern(REFUSED),
            re.compile(r"(?<!\w)(?:" + said + r")(?!\w)"))


def _sentence_around(folded: str, start: int, end: int) -> tuple[str, str]:
    """The text of ``folded``'s sentence before ``start`` and after ``end``, each at most
    ``_NEAR`` characters (``_NEAR_UNSPACED`` when the refusal is written in an unspaced
    script)."""
    near = _NEAR_UNSPACED if _UNSPACED.search(folded[start:end]) else _NEAR
    before = _SENTENCE_END.split(folded[max(0, start - near):start])[-1]
    after = _SENTENCE_END.split(folded[end:end + near])[0]
    return before, after


def card_declined(folded: str) -> bool:
    """Whether a folded post (``features.prepare``'s text) tells that a card or a payment was
    refused."""
    payment, refused, said = _patterns()
    if said.search(folded):
        return True
    for m in refused.finditer(folded):
        if folded.startswith(" to ", m.end()):
            continue  # "declined to comment", "refused to refund": a refusal to act
        before, after = _sentence_around(folded, m.start(), m.end())
        if _NEGATED.search(before):
            continue
        if payment.search(before) or payment.search(after):
            return True
    return False
