"""Where a post's verdict is (bot/enrich/clauses.py): the clause after a contrastive
conjunction, in every script, and the marks of sarcasm a lexicon entry cannot hold."""

from __future__ import annotations

import pytest

from bot.enrich import Enricher, features
from bot.enrich.clauses import may_mark, sarcasm_marks, turn
from bot.enrich.lexicon import CONCEPT_NAMES, concept_counts, concept_hits, runs
from bot.enrich.model import encode


def verdict(text: str) -> str:
    """The folded clause the post turns to, "" when it has no turn."""
    folded = features.prepare(text).text
    at = turn(folded, text, concept_hits(folded))
    return folded[at:].strip() if at else ""


@pytest.mark.parametrize(("text", "clause"), [
    ("lovely staff but the sofa ripped after a week", "the sofa ripped after a week"),
    ("the payment went through yet the order shows unpaid", "the order shows unpaid"),
    ("a bit pricey but worth every penny", "worth every penny"),
    ("The app looks great, however it logs me out", "it logs me out"),
    ("Although the checkout is smooth, I was charged twice", "i was charged twice"),
    ("good but pricey, but worth it", "worth it"),  # the last turn
    ("Personal nett, aber das Sofa ist kaputt", "das sofa ist kaputt"),
    ("Personnel adorable mais le canapé est déchiré", "le canape est dechire"),
    ("Rápido pero la pantalla venía rota", "la pantalla venia rota"),
    ("Atendentes simpáticos mas o sofá rasgou", "o sofa rasgou"),
    ("Bel volo ma mi hanno perso la valigia", "hanno perso la valigia"),
    ("Доставили быстро, но телевизор с трещиной", "телевизор с трещиной"),
    ("Dostawa szybka, jednak paczka była otwarta", "paczka byla otwarta"),
    ("Kargo hızlı geldi ama ekran kırıktı", "ekran kirikti"),
    ("配送は早かったです。でも、画面が割れていました。", "、画面が割れていました。"),
    ("店员很热情，但是沙发一周就破了", "沙发一周就破了"),
    ("배송은 빨랐지만 화면이 깨져서 왔어요", "화면이 깨져서 왔어요"),
    ("앱 디자인은 예쁜데 로그인이 안 돼요", "로그인이 안 돼요"),
    ("التوصيل كان سريع لكن الشاشة مكسورة", "الشاشة مكسورة"),
    ("स्टाफ अच्छा था लेकिन सोफा फट गया", "सोफा फट गया"),
    ("Pengiriman cepat tapi layarnya retak", "layarnya retak"),
    ("Snabb leverans men tyvärr var skärmen trasig", "var skarmen trasig"),
])
def test_the_clause_after_a_contrastive_conjunction_is_the_verdict(text: str,
                                                                   clause: str) -> None:
    assert verdict(text) == clause


@pytest.mark.parametrize("text", [
    "but why does it keep crashing?",  # nothing before the marker
    "nice app though",  # nothing after it
    "my parcel has not arrived yet, any news",
    "the refund hasnt come through yet and it has been a week",
    "down yet again this morning",
    "nothing but praise for the crew",
    "not only cheap but also fast",
    "la app va más rápido que antes",  # Spanish "más" folds to Portuguese "mas"
    "j'ai perdu ma carte bancaire hier",  # French "ma" (my) is not Italian "ma" (but)
    "いつでも使えて便利です",  # でも inside a word
    "不但便宜而且好用",  # 不但: not only
    "ตั้งแต่เมื่อวานเน็ตใช้ไม่ได้",  # ตั้งแต่: since
])
def test_a_marker_that_is_no_turn_there(text: str) -> None:
    assert verdict(text) == ""


def test_past_a_turn_concepts_weigh_more_than_before_it() -> None:
    names = features.CUES
    praise_then_fault = encode("helpful staff but the app crashed").cues
    assert praise_then_fault[names.index("concept:contrast")] == 1.0
    # one word each side: before the turn half a count, after it one and a half
    assert praise_then_fault[names.index("concept:positive")] == 0.25
    assert praise_then_fault[names.index("concept:fault")] == 0.75
    plain = encode("helpful staff and the app crashed").cues
    assert plain[names.index("concept:contrast")] == 0.0
    assert plain[names.index("concept:positive")] == plain[names.index("concept:fault")] == 0.5


def sarcastic(text: str) -> bool:
    folded = features.prepare(text).text
    return bool(sarcasm_marks(folded, text, concept_hits(folded)))


def test_marks_of_sarcasm_after_a_complaint() -> None:
    assert sarcastic("thanks @Quickcart for losing my parcel, lost again 👏")
    assert sarcastic("the app crashed and deleted my cards, brilliant work /s")
    assert sarcastic('the "express" delivery is late again')
    # the same marks without a complaint are sincere
    assert not sarcastic("thank you, the parcel arrived a day early 👏")
    assert not sarcastic('loving the "express" delivery option')


def test_a_deadpan_word_of_praise_after_a_complaint() -> None:
    # the last sentence one word of praise, no exclamation mark, after a fault: deadpan
    assert sarcastic("AcmeCloud went down mid-meeting. great.")
    assert sarcastic("The app crashed again. Brilliant.")
    assert sarcastic("Die App stürzt schon wieder ab. Super.")
    assert sarcastic("Pedido atrasado de novo. Ótimo.")
    # sincere: an exclamation mark, more words, or no complaint before it
    assert not sarcastic("The outage was fixed within the hour. Great!")
    assert not sarcastic("Login was broken. Sorted now, thanks")
    assert not sarcastic("Had an issue. great support though.")
    assert not sarcastic("Love the new editor. great.")


def test_an_opening_word_of_praise_before_it_happened_again() -> None:
    # one word of praise as the post's first clause, then "again" or "another": the mirror of
    # the deadpan ending. Before, nothing marked them and the word of praise made them praise
    assert sarcastic("wonderful, another delayed train home")
    assert sarcastic("Perfect. The app logged me out again")
    assert sarcastic("Toll, schon wieder kein Netz im Büro")
    assert sarcastic("Génial, encore une facture en double")
    assert sarcastic("Perfecto, otra vez sin luz en el barrio")
    assert sarcastic("Ottimo, di nuovo il pacco in ritardo")
    assert sarcastic("Świetnie, kolejna awaria terminala")
    assert sarcastic("Отлично, опять списали деньги дважды")
    assert sarcastic("Harika, yine kargo gecikti")
    assert sarcastic("Mantap, aplikasinya error lagi")
    assert sarcastic("太好了，又扣了两次钱")
    # sincere: a fix, no "again", or no complaint at all
    assert not sarcastic("Great, fixed again within minutes")
    assert not sarcastic("Perfect, the refund came through")
    assert not sarcastic("Amazing, arrived a day early")
    assert not sarcastic("Great, another update with more features!")
    assert not sarcastic("Great service, will order again")


def test_an_opening_word_of_praise_before_a_fault_denied_is_sincere() -> None:
    # "another" month without the fault: praise of a streak. Before, the denied fault made it
    # a complaint and the opening word sarcasm (praise/positive -> complaint/negative)
    assert not sarcastic("Awesome, another month without a single outage!")
    assert not sarcastic("Excellent, another win for Acme: no more crashes since the update")
    assert not sarcastic("Great, another year with Acme! Renewed, no plans to close my account.")
    assert not sarcastic("Świetnie, kolejny miesiąc bez żadnej awarii!")
    assert not sarcastic("Super, wieder ein Monat ohne Ausfall!")
    assert not sarcastic("Отлично, ещё один месяц без единого сбоя!")
    # a fault named that is not denied, or the negation is the complaint: still sarcasm
    assert sarcastic("Great, another outage, no warning at all")
    assert sarcastic("Toll, schon wieder kein Netz im Büro")
    assert sarcastic("Świetnie, znowu nie ma internetu")
    # what she is owed, denied, is the complaint
    assert sarcastic("Great, another month without a refund")
    assert sarcastic("Świetnie, kolejny tydzień bez zwrotu pieniędzy")
    assert sarcastic("Super, schon wieder ohne Rückerstattung")
    assert sarcastic("太好了，又一个月没有退款")


@pytest.mark.parametrize("text", [
    "thanks Zoomtel for the fourth evening in a row with no signal",
    "@Zoomtel thanks for the 2nd Monday in a row stuck on the login screen",
    "Danke @Zoomtel für den zweiten Abend hintereinander ohne Netz",
    "merci Zoomtel pour la cinquième panne d'affilée",
    "gracias Zoomtel por cuatro noches seguidas sin señal",
    "спасибо Zoomtel за пятый день подряд без связи",
    "dzięki Zoomtel za czwarty wieczór z rzędu bez zasięgu",
    "teşekkürler Zoomtel, üst üste beşinci gün sinyal yok",
    "谢谢Zoomtel，连续第五天没信号",
    "ขอบคุณ Zoomtel ที่เน็ตหลุดสามวันติดกัน",
    "תודה Zoomtel על היום השלישי ברצף בלי קליטה",
    "makasih Zoomtel, lima malam berturut-turut tanpa sinyal",
    "thanks Zoomtel for another evening with no signal",
])
def test_thanks_for_a_run_of_the_same_failure_is_sarcasm(text: str) -> None:
    # thanks for "the 3rd weekend in a row without internet" names no fault, no "again" and no
    # emoji: before, nothing marked it and the thanks made it praise. The mark reaches the
    # model's sarcasm cue (features.cues), not only sarcasm_marks
    assert sarcastic(text), text
    prepared = features.prepare(text)
    assert features.cues(text, prepared)[features.CUES.index("concept:sarcasm")] > 0, text


def test_thanks_for_a_run_of_something_good_is_sincere() -> None:
    assert not sarcastic("thanks again, third order in a row that arrived early")
    assert not sarcastic("thanks Zoomtel for another great season of football")
    assert not sarcastic("Thanks Zoomtel, best network in town three years in a row")
    assert not sarcastic("thanks for another month without a single outage")
    assert not sarcastic("thanks for fixing it, the 2nd outage in a row sorted within minutes")
    # a run that is not after the thanks, or thanks that do not open the post
    assert not sarcastic("four evenings in a row with no signal. thanks")
    assert not sarcastic("the signal was gone. I called and they said thanks for waiting "
                         "for the 2nd evening in a row")


def test_praise_after_thanks_for_a_run_is_sarcasm_too() -> None:
    text = "дякую Zoomtel за ще один день без зв'язку, ви найкращі"
    folded = features.prepare(text).text
    assert len(sarcasm_marks(folded, text, concept_hits(folded))) == 2


@pytest.mark.parametrize("text", [
    "@AcmeTelco Great, another outage",
    "@acme@mastodon.social Super, schon wieder eine Störung",
    "@acme @support Świetnie, znowu nie ma internetu",
])
def test_the_handles_a_reply_opens_with_do_not_hide_its_opening_word(text: str) -> None:
    # a reply to a brand opens with its handle; the check on the written post (may_mark) looked
    # for the word of praise before it, found none, and the post was never read for marks
    assert may_mark(text, emoji=False), text
    assert sarcastic(text), text


def test_a_reply_opening_with_praise_before_an_outage_is_negative() -> None:
    # as the pipeline reads an English post (VADER too); before: complaint/positive (0.74), as
    # if the "Great" were meant
    prediction, _ = Enricher().predict("@AcmeTelco Great, another outage", "en")
    assert prediction.polarity == "negative"


def test_hits_are_the_counts_one_by_one() -> None:
    for text in ("not bad but the app crashed again", "Nie jest źle, ale aplikacja nie działa",
                 "店员很热情，但是沙发一周就破了", "great, another outage 👏"):
        folded = features.prepare(text).text
        counts = [0] * len(CONCEPT_NAMES)
        for concept, _, _ in concept_hits(folded):
            counts[concept] += 1
        assert counts == concept_counts(folded), text


@pytest.mark.parametrize("text", [
    "Thanks for another delivery today",
    "Thanks Acme for the third order in a row",
    "ありがとう、3日連続で届いた",  # "thanks, it came three days in a row"
    "Gracias al hilo de @acme ya sé cómo cambiar el plan",  # thanks to the thread
    "Thanks for another delivery today, perfect as always",
    "Thanks Acme for another update, the new dark mode is amazing",
    "Thanks for the seats in a row at the concert, brilliant",
    "Thanks Acme for the lovely afternoon in a rowing boat, amazing",
    "Gracias al hilo de @acme entendí cómo configurar el router, genial",
    "Mulțumesc Acme, am stat la rând doar două minute, super",
    "תודה על החימום ברצפה, פשוט מושלם",  # "for the underfloor heating": ברצפה, on the floor
    "ありがとうございます！連続ドラマの主題歌、最高でした",  # a TV serial's theme song
])
def test_thanks_for_something_neutral_then_praise_is_sincere(text: str) -> None:
    # before, the thanks (and the praise after) were marked: nothing wrong was named in the
    # "run" ("another delivery", seats in a row, a thread, a queue, a floor, a TV serial), and
    # eight of these twelve came out complaint/negative
    assert not sarcastic(text), text


def test_the_words_of_a_run_are_not_read_inside_other_words() -> None:
    def found(text: str) -> bool:
        return bool(runs(features.prepare(text).text))

    assert not found("an afternoon in a rowing boat")
    assert not found("החימום ברצפה")  # on the floor
    assert not found("連続ドラマを見ました")  # a TV serial
    assert found("5 days in a row") and found("היום השלישי ברצף")
    assert found("3日連続でエラー") and found("連続でログインできない")


def test_thanks_to_a_thread_that_names_a_fault_is_no_run() -> None:
    # Spanish "gracias al hilo" is "thanks to the thread", not "in a row": before, its "al
    # hilo" was a run, and a post that names the error the thread helped fix was sarcasm
    text = "Gracias al hilo de @acme pude arreglar el error de la app"
    assert not runs(features.prepare(text).text)
    assert not sarcastic(text)
    assert sarcastic("Gracias @acme por tres caídas al hilo sin internet")


@pytest.mark.parametrize("text", [
    "Thanks Acme for the 10th year in a row without a price increase",
    "Thanks for another year without a price hike, loyal customer here",
    "Gracias Acme por tres años seguidos sin subir el precio",
    "Danke Acme, drei Jahre in Folge ohne Preiserhöhung",
    "Спасибо Acme, третий год подряд без повышения цен",
    "Dzięki Acme, trzeci rok z rzędu bez podwyżki",
    "Merci Acme pour la troisième année d'affilée sans hausse de prix",
    "Thanks for another week with no spam calls, love it",
])
def test_thanks_for_a_run_without_something_bad_is_sincere(text: str) -> None:
    # before, the negation read as the run's failure ("without internet") and the post came
    # out complaint/negative in all eight
    assert not sarcastic(text), text


def test_thanks_for_a_run_without_what_is_owed_is_still_sarcasm() -> None:
    assert sarcastic("Thanks for another month without a discount")
    assert sarcastic("Thanks for another month without a refund")
    assert sarcastic("thanks Fibrex for the 3rd weekend in a row without internet")
    assert sarcastic("dzięki Fibrex za trzeci weekend z rzędu bez internetu 👏")


# Croatian and Serbian "ali" (but) after a comma turns the post whatever word follows it
# ("odlična, ali naplatili su mi dvaput": before, only "ali je", "ali su", "ali nije" did);
# Slovenian "ali" (or, whether) and the name Ali do not (found 2026-12-01 by a review's
# probes, tests/data/probe_neighbours.tsv's last block)
@pytest.mark.parametrize(("text", "clause"), [
    ("Aplikacija Nimbly je odlična, ali naplatili su mi dvaput", "naplatili su mi dvaput"),
    ("Dostava brza, ali paket oštećen", "paket ostecen"),
    ("Апликација је одлична, али наплатили су ми двапут", "наплатили су ми двапут"),
    ("Aplikacija je dobra ali je spora", "je spora"),
])
def test_croatian_and_serbian_but_after_a_comma_is_a_turn(text: str, clause: str) -> None:
    assert verdict(text) == clause


@pytest.mark.parametrize("text", [
    "Ali imate dostavo v Ljubljano? Hvala",
    "Ne vem, ali paket pride jutri",
    "Thanks to Ali from the acme team, great help",
    "Hvala, Ali, super usluga",
])
def test_slovenian_ali_and_the_name_ali_are_no_turn(text: str) -> None:
    assert verdict(text) == ""


@pytest.mark.parametrize(("text", "clause"), [
    ("The tent poles arrived cracked, trip is on Friday.\n\nupdate: they sent new ones by "
     "express, thanks support", "they sent new ones by express, thanks support"),
    ("Zero downloads since Friday. EDIT 2: fixed, a logging bug on their side",
     "fixed, a logging bug on their side"),
    ("Kamera przestała nagrywać.\n\n**Aktualizacja:** naprawili zdalnie, dziękuję",
     "** naprawili zdalnie, dziekuje"),
    ("Коробка пришла с растаявшим льдом.\nUPD: вернули деньги, спасибо",
     "вернули деньги, спасибо"),
    ("保冷剤が全部溶けてた。\n追記：全額返金してくれました", "全額返金してくれました"),
    ("Long story, sorry. The van broke down twice. tl;dr: avoid them",
     "avoid them"),
    # the answer after a quoted "> ..." block
    ("> Lingofox is useless past beginner level\n\nHard disagree, it got me to a B level",
     "hard disagree, it got me to a b level"),
])
def test_an_authors_later_word_is_the_verdict(text: str, clause: str) -> None:
    # a complaint then "update: fixed, thanks support" is praise, and a quoted complaint
    # answered in disagreement is the answer's: what follows the update, the tl;dr or the
    # quote weighs as the clause after "but" does
    assert verdict(text) == clause


@pytest.mark.parametrize("text", [
    "Update: we are investigating failed card payments",  # nothing of the post before it
    "the app broke after the update: no sync at all",  # not after a sentence or a line
    "my credit: none. editing the invoice did not help",  # no colon or dash after the word
    "> quoted only\n> and more quoted",  # no answer after the quote
    "Sent on 3 maj: nothing yet",
])
def test_an_update_word_that_opens_no_later_word(text: str) -> None:
    assert verdict(text) == ""



def test_arabic_bas_at_a_clauses_end_is_only_not_but() -> None:
    # "يرد برسائل آلية بس." (answers with automatic messages only): before features v41 the
    # post turned there, past its complaint, so the praise before "لكن" was its verdict
    text = "التطبيق حلو لكن التحديث مسح تقدمي والدعم يرد برسائل آلية بس. حرام والله"
    assert verdict(text).startswith("التحديث مسح تقدمي")
    assert verdict("التطبيق حلو بس التحديث مسح تقدمي") == "التحديث مسح تقدمي"


@pytest.mark.parametrize("text", [
    # what follows the word names no verdict: a note about the post itself, a release note
    "Velora doubled the price of the basic plan with a week's notice, what a joke.\n\n"
    "Edit: link to their announcement https://velora.example/pricing",
    "Kasko zablokowało mi kartę za granicą i infolinia nie pomogła.\n\nEdit: literówka",
    "Kasko trừ tiền hai lần mà tổng đài không trả lời.\n\nCập nhật: đã thêm ảnh chụp màn hình",
    "Velora 笔记 4.2 版本发布。更新：新增深色模式和 PDF 导出",
    "تم إطلاق تطبيق نيمبلي 4.2. تحديث: وضع داكن وتصدير PDF",
])
def test_a_later_word_that_names_nothing_is_no_verdict(text: str) -> None:
    # features v39 turned at every "edit:" and "update:" after the post's words, so a
    # complaint's "Edit: typo" or a release note's "Update: adds dark mode" weighed the
    # complaint as the clause before "but" (reviewer's probes, tests/data/probe_neighbours.tsv)
    assert verdict(text) == ""


@pytest.mark.parametrize(("text", "clause"), [
    # "بس" then an ellipsis, a comma or an emoji before its clause is "but" (Gulf and
    # Levantine chat: "حلو بس... ", "nice but..."), as before features v41
    ("التطبيق حلو بس... التحديث الأخير خرب كل شي", "التحديث الاخير خرب كل شي"),
    ("الموظفين محترمين بس، المشكلة إن الطلب ما وصل", "المشكلة ان الطلب ما وصل"),
    ("الخدمة حلوة بس 🙄 الفاتورة فيها رسوم غريبة", "الفاتورة فيها رسوم غريبة"),
])
def test_arabic_bas_before_its_clause_after_a_mark_is_but(text: str, clause: str) -> None:
    assert verdict(text).lstrip(".،, 🙄") == clause
