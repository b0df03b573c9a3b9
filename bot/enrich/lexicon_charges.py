"""A charge the author did not owe, or their money asked back: "j'ai été débité deux fois",
"mi hanno addebitato due volte", "二重に請求されています", "verdammt, zweimal abgebucht",
"devuélvanme el dinero ya".

The model read such complaints negative only where the corpus writes them (English, Spanish,
German); elsewhere their polarity was neutral, even positive ("je veux un remboursement":
"veux" and "rembours" sit in the corpus's thanks for refunds made). The ``fault`` concept
lists "deux fois" and "二重", but one concept's weight is less than a short post's grams.
Two cues per language, written for this module from general knowledge (several phrasings
each, not taken from a labelled set):

- **a double charge**: in one clause, a word of charging (``CHARGED``: "débit", "addebit",
  "請求", "списал", "dipotong") and one of twice (``TWICE``: "deux fois", "due volte", "二重",
  "дважды", "dua kali"), in either order, in a post that speaks in the first person
  (``FIRST_PERSON``: news of a bank's double charges is no complaint of the author's;
  Japanese, Korean and Thai, which leave the person out, need none);
- **money asked back** (``MONEY_BACK``): "je veux être remboursé", "voglio un rimborso",
  "返金してください", "верните деньги", "naomba kurudishiwa", "أريد استرداد".

Either makes a post the model reads as a ``complaint`` ``negative``
(``model.as_charge_complaint``), unless the post says the money came back (``RETURNED``:
"refunded within minutes", "remboursé", "返金されました"): a failure put right. Posts over
``LONGEST`` characters are left to the model, and so is the intent: made to turn ``other``
and praise into complaints too, the rule cost intent on the blind sets (docs/intelligence.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import ahocorasick

from bot.enrich.lexicon import UNSPACED  # the scripts written without spaces

CHARGED: dict[str, str] = {
    "en": "charged|charge me|billed|debited|deducted|took my money|taken from my account|"
          "paid twice|payment went through twice",
    "fr": "debit|preleve|prelev|facture|factur|paye|encaisse",
    "it": "addebit|prelevat|prelievo|fatturat|pagato|scalat|trattenut",
    "es": "cobr|cargar|cargaron|cargado|cargo|factur|debit|descont|pague|pagado",
    "pt": "cobr|debit|descont|paguei|pago|faturad|estorno",
    "de": "abgebucht|abbuchung|belastet|berechnet|bezahlt|abgerechnet|lastschrift|gezahlt|"
          "zahlen lassen",
    # "laten betalen" (made me pay), the infinitive the perfect tense takes after "laten"
    "nl": "afgeschreven|afschrijving|betaald|gefactureerd|in rekening gebracht|laten betalen|"
          "moeten betalen|moest betalen",
    "pl": "obciaz|pobral|pobrano|pobrali|zaplacil|naliczon|sciagn",
    "ru": "списал|списали|списание|сняли|снял|оплатил|заплатил|выставили счет|выставили счёт",
    "uk": "списал|списали|списання|зняли|зняв|оплатив|заплатив",
    "tr": "cekildi|cekti|odeme|odedim|tahsil|fatura",
    "sw": "nimekatwa|kukatwa|wamenikata|walikata|nimelipa|malipo|makato",
    "ar": "خصم|سحب|دفعت|تم الدفع|فاتورة|خصمتم",
    "hi": "पैसे कट|कट गए|कट गया|चार्ज|paise kat|paisa kat|charge ho|kat gaye|kat gaya",
    "id": "dipotong|terpotong|ditagih|tagihan|bayar|terdebet",
    "ms": "dipotong|ditolak|dicaj|bayar",
    "vi": "tru tien|bi tru|thanh toan|bi tinh tien",
    "ja": "請求|引き落と|決済|課金|支払",
    "zh": "扣款|扣费|扣了|收费|付款|扣钱|收了",
    "ko": "결제|청구|빠져나|출금",
    "th": "หักเงิน|ตัดเงิน|เรียกเก็บ|ตัดบัตร",
}
TWICE: dict[str, str] = {
    "en": "twice|two times|double charged|double-charged|double billed|double-billed|"
          "duplicate charge|2 times|2x",
    "fr": "deux fois|double|en double|doublon|2 fois",
    "it": "due volte|doppio|doppia|duplicat|2 volte",
    "es": "dos veces|doble|duplicad|2 veces",
    "pt": "duas vezes|em dobro|duplicad|dobrad|dupla|duplo|2 vezes",
    "de": "doppelt|zweimal|zwei mal|2 mal|2x",
    "nl": "dubbel|twee keer|twee maal|2 keer",
    "pl": "dwa razy|podwojn|dwukrotnie|2 razy",
    "ru": "дважды|два раза|двойн|2 раза",
    "uk": "двічі|два рази|подвійн|2 рази",
    "tr": "iki kez|iki defa|iki kere|2 kez|2 defa|mukerrer",
    "sw": "mara mbili|mara 2",
    "ar": "مرتين|مرتان|مضاعف|مكرر",
    "hi": "दो बार|do baar|do bar|2 baar",
    "id": "dua kali|ganda|2 kali",
    "ms": "dua kali|berganda|2 kali",
    "vi": "hai lan|2 lan",
    "ja": "二重|2回|二回|2度|二度|重複",
    "zh": "两次|重复|二次|2次",
    "ko": "두 번|두번|이중|중복|2번",
    "th": "สองครั้ง|ซ้ำ|2 ครั้ง",
}
MONEY_BACK: dict[str, str] = {
    "en": "i want a refund|i want my refund|i want my money back|give me my money back|"
          "refund me|give me a refund|i demand a refund|want my money back",
    "fr": "je veux un remboursement|je veux etre rembourse|je veux etre remboursee|"
          "remboursez moi|remboursez-moi|rendez moi mon argent|rendez-moi mon argent|"
          "je demande un remboursement|je veux mon argent",
    "it": "voglio un rimborso|voglio il rimborso|rivoglio i miei soldi|ridatemi i soldi|"
          "rimborsatemi|voglio indietro i miei soldi|voglio essere rimborsat",
    "es": "quiero un reembolso|quiero mi reembolso|quiero mi dinero|devuelvanme|"
          "devuelvan mi dinero|reembolsenme|exijo un reembolso",
    "pt": "quero meu dinheiro de volta|quero o meu dinheiro|quero reembolso|"
          "quero um reembolso|quero meu reembolso|devolvam meu dinheiro|me reembolsem",
    "de": "ich will mein geld zuruck|ich will mein geld|geld zuruck|erstatten sie mir|"
          "ich mochte mein geld zuruck|ich fordere eine erstattung",
    "nl": "ik wil mijn geld terug|geld terug|ik wil een terugbetaling",
    "pl": "chce zwrot|chce zwrotu|oddajcie pieniadze|zwroccie pieniadze|zadam zwrotu",
    "ru": "верните деньги|верните мои деньги|хочу вернуть деньги|требую возврат|хочу возврат",
    "uk": "поверніть гроші|поверніть мої гроші|вимагаю повернення|хочу повернення",
    "tr": "paramı iade edin|param iade edilsin|paramı geri istiyorum|iade istiyorum",
    "sw": "naomba kurudishiwa|nirudishieni pesa|rudisheni pesa|nataka pesa yangu",
    "ar": "أريد استرداد|اريد استرداد|أرجعوا أموالي|ارجعوا فلوسي|رجعوا فلوسي|أريد أموالي",
    "hi": "पैसे वापस करो|पैसे वापस चाहिए|paise wapas karo|paisa wapas karo|refund chahiye|"
          "refund do",
    "id": "kembalikan uang saya|balikin duit|minta refund|minta uang kembali",
    "ms": "pulangkan duit saya|nak refund|minta refund",
    "vi": "hoan tien cho toi|tra lai tien|toi muon hoan tien",
    "ja": "返金してください|返金してほしい|返金して欲しい|返金しろ|返金を求め|お金を返して|"
          "返金希望",
    "zh": "退钱|退款给我|把钱退|我要退款|还我钱",
    "ko": "환불해 주세요|환불해주세요|환불해줘|돈 돌려|환불 요청",
    "th": "คืนเงินด้วย|ขอเงินคืน|คืนเงินมา",
}
# the author's own charge: news of a bank's double charges, or a story of someone else's, is no
# complaint of the author's ("me", "my", "j'ai", "мне"; Swahili and Turkish write it in the
# verb: their charge words are first-person forms)
FIRST_PERSON: dict[str, str] = {
    "en": "i$|me$|my$|i'm$|i've$|im$|ive$|we$|us$|our$|we've$|mine$",
    "fr": "je$|j'|me$|m'|moi$|mon$|ma$|mes$|nous$|notre$|nos$",
    "it": "mi$|ho$|io$|mio$|mia$|miei$|mie$|ci$|abbiamo$|sono stato|sono stata",
    "es": "me$|mi$|yo$|mis$|nos$|nuestro$|nuestra$",
    "pt": "me$|meu$|minha$|eu$|nos$|fui$|meus$|minhas$",
    "de": "ich$|mir$|mich$|mein$|meine$|meinem$|meiner$|meinen$|uns$|wir$|unser",
    "nl": "ik$|mij$|me$|mijn$|wij$|we$|ons$|onze$",
    "pl": "mi$|mnie$|moj|moja$|moje$|moim$|mojej$|mojego$|zostalem$|zostalam$|nas$|nam$",
    "ru": "мне$|меня$|мой$|моя$|мои$|моей$|моего$|моих$|моём$|моем$|я$|нам$|нас$",
    "uk": "мені$|мене$|мій$|моя$|мої$|моєї$|моєму$|я$|нам$|нас$",
    "tr": "ben$|bana$|beni$|benim$|kartimdan|hesabimdan|param|odedim|cekildi|cekti",
    "sw": "nime|nili|wameni|walini|yangu$|mimi$",
    "ar": "لي$|أنا$|انا$|حسابي|بطاقتي|أموالي|اموالي|فلوسي|مني$|علي$|دفعت",
    "hi": "मेरा|मेरे|मेरी|मुझे|मैंने|mera$|mere$|meri$|mujhe$|maine$|mene$",
    "id": "saya$|aku$|gue$|gw$|kami$|ku$",
    "ms": "saya$|aku$|kami$",
    "vi": "toi$|minh$|em$",
    "zh": "我",
    "ko": "제$|내$|저$|나$|제가|내가|저는|나는",
    "th": "ฉัน|ผม|เรา|หนู|ดิฉัน",
}
# the money came back: a failure put right
RETURNED: dict[str, str] = {
    "en": "refunded|got my money back|money back already|reversed|sorted it|fixed it",
    "fr": "rembourse|remboursee|recupere mon argent",
    "it": "rimborsat|ho riavuto",
    "es": "me devolvieron|reembolsaron|ya me reembolsaron|me lo devolvieron",
    "pt": "me devolveram|reembolsaram|estornaram|ja devolveram",
    "de": "erstattet|zuruckerstattet|zuruckgebucht|gutgeschrieben",
    "nl": "terugbetaald|teruggestort",
    "pl": "zwrocili|zwrocono",
    "ru": "вернул|возместил",
    "uk": "повернул|повернули",
    "tr": "iade edildi|iade ettiler",
    "sw": "wamerudisha|nimerudishiwa",
    "ar": "تم استرداد|أرجعوا المبلغ|رجعوا المبلغ",
    "id": "sudah dikembalikan|dikembalikan",
    "ja": "返金され|返金してもら|返金済",
    "zh": "已退款|退回来了|退了",
    "ko": "환불됐|환불 받았|환불받았",
    "th": "ได้เงินคืนแล้ว|คืนเงินแล้ว",
}

# words after "twice" that make it a comparison (folded)
COMPARED = ("as", "more", "faster", "better", "cheaper", "the", "plus", "moins", "mieux", "piu",
            "meno", "mas", "menos", "mais", "so", "mehr", "schneller", "besser", "zo", "meer",
            "bardziej", "szybciej", "больше", "быстрее", "дешевле", "меньше", "більше", "швидше",
            "daha", "lebih", "nhanh")
# a longer post (a story, a thread, news of a bank's double charges) has the context the
# model reads; the cue is for the short complaint whose grams outweigh one concept
LONGEST = 280
# a full stop ends a clause, but not the point inside a number ("$49.99", "Rp150.000", folded to
# "$00.00"): without that, "charged $49.99 twice" held "charged" and "twice" in two clauses
_CLAUSE = re.compile(r"(?:[!?;\n。！？]|(?<!\d)\.|\.(?!\d))+")


def _pattern(table: dict[str, str], fold: Callable[[str], str]) -> re.Pattern[str]:
    """The entries of ``table`` (language -> "a|b|c"), folded by ``fold``, as one pattern: a
    word of a spaced language at a word's start (one ending in "$" at its end too: "me$" is no
    "menu"), one of an unspaced language anywhere; the longest first."""
    spaced = sorted({fold(w) for lang, text in table.items() if lang not in UNSPACED
                     for w in text.split("|")}, key=len, reverse=True)
    unspaced = sorted({fold(w) for lang, text in table.items() if lang in UNSPACED
                       for w in text.split("|")}, key=len, reverse=True)
    spaced_re = "|".join(re.escape(w[:-1]) + r"(?!\w)" if w.endswith("$") else re.escape(w)
                         for w in spaced)
    return re.compile(r"(?<!\w)(?:" + spaced_re + ")|" + "|".join(map(re.escape, unspaced)))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(charged, twice, money back, returned), folded as a post's text is."""
    from bot.enrich.features import fold_text  # the one text policy

    def fold(word: str) -> str:  # and digits as ``features.prepare`` reads them: "2回" "0回"
        return re.sub(r"\d", "0", fold_text(word))

    twice = _pattern(TWICE, fold)
    # "payés deux fois plus vite", "twice as fast": a comparison, no second charge
    twice = re.compile(f"(?:{twice.pattern})(?!\\s+(?:{'|'.join(map(re.escape, COMPARED))})"
                       r"(?!\w))")
    return (_pattern(CHARGED, fold), twice, _pattern(MONEY_BACK, fold),
            _pattern(RETURNED, fold))


@cache
def _near() -> ahocorasick.Automaton:
    """Every entry of ``TWICE`` and ``MONEY_BACK``, folded: a post holding none has neither cue,
    found with one C pass over it."""
    from bot.enrich.features import fold_text

    automaton = ahocorasick.Automaton()
    for table in (TWICE, MONEY_BACK):
        for text in table.values():
            for w in text.split("|"):
                form = re.sub(r"\d", "0", fold_text(w)).rstrip("$")
                automaton.add_word(form, form)
    automaton.make_automaton()
    return automaton


@cache
def _first_person() -> re.Pattern[str]:
    from bot.enrich.features import fold_text

    return _pattern(FIRST_PERSON, fold_text)


# Japanese, Korean and Thai leave the person out ("二重に請求されています", "두 번 결제됐어요")
_PERSON_UNSAID = re.compile("[\u3040-\u30ff\uac00-\ud7a3\u0e00-\u0e7f]")


def money_asked_back(folded: str) -> bool:
    """Whether a folded post asks its money back (``MONEY_BACK``): with ``charge_complaint``,
    a demand no praise makes ("I want my money back", whose "money back" is the corpus's
    praise of a refund made)."""
    return _patterns()[2].search(folded) is not None


def charge_complaint(folded: str) -> bool:
    """Whether a folded post (``features.prepare``'s text) tells of a double charge or asks its
    money back, and does not say it came back (the module docstring)."""
    if len(folded) > LONGEST or next(_near().iter(folded), None) is None:
        return False  # most posts: a length, or one C pass
    charged, twice, money_back, returned = _patterns()
    if money_back.search(folded) is None:
        if twice.search(folded) is None or charged.search(folded) is None:
            return False
        if not any(twice.search(c) and charged.search(c) for c in _CLAUSE.split(folded)):
            return False
        if _first_person().search(folded) is None and _PERSON_UNSAID.search(folded) is None:
            return False  # news, or someone else's story
    # "je veux être remboursé" asks: only what remains may say the money came back
    return returned.search(money_back.sub(" ", folded)) is None
