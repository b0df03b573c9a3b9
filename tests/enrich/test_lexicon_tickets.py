"""A ticket's thread (bot/enrich/lexicon_tickets.py): asking for news of one's own case is a
question, in every language of the lexicon, unless the post says the wait goes on, and a count
of how long one has waited is a word of ``again``, as "still" and "seit Tagen" were. The
sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import Enricher
from bot.enrich.model import shipped_model
from tests.enrich.reading import count


@pytest.mark.parametrize("text", [
    "any update on my claim #55310?",
    "Gibt es Neuigkeiten zu meiner Reklamation?",
    "Wie ist der Stand bei meiner Rückerstattung?",
    "Bonjour, des nouvelles de mon dossier 77812 ?",
    "¿Alguna novedad sobre mi reclamación?",
    "Alguma novidade sobre o meu pedido 5512?",
    "Novità sulla mia richiesta di rimborso?",
    "Nog nieuws over mijn klacht?",
    "Есть ли новости по моему обращению?",
    "Є якісь новини щодо повернення коштів?",
    "Jakieś wieści w sprawie zwrotu?",
    "Talebimle ilgili bir gelişme var mı?",
    "工单 55102 有进展吗",
    "お問い合わせの件、進捗はいかがでしょうか",
    "환불 진행 상황이 어떻게 되나요",
    "คำร้องของฉันมีความคืบหน้าไหม",
    "هل من جديد بخصوص طلب الاسترداد",
    "रिफंड पर कोई अपडेट",
    "Ada kabar soal refund saya?",
    "Khiếu nại của tôi có tiến triển gì chưa",
    "Något nytt om min reklamation?",
    "Er der nyt i min klage?",
    "Onko palautukseen tullut mitään uutta?",
    "Nějaké novinky ohledně mé reklamace?",
    "Vreo noutate despre rambursare?",
    "Van valami fejlemény a panaszommal?",
    "Κάποια εξέλιξη για την επιστροφή χρημάτων;",
    "יש עדכון לגבי ההחזר?",
    "درخواست بازپرداخت من چه شد؟",
    "Ada apa-apa perkembangan tentang bayaran balik?",
    "May update na po ba sa refund ko?",
    "Kuna habari yoyote kuhusu malipo yangu?",
    "রিফান্ডের কোনো আপডেট আছে?",
    "ரீஃபண்ட் பற்றி ஏதாவது அப்டேட் உண்டா?",
    "ریفنڈ پر کوئی پیش رفت ہوئی؟",
])
def test_asking_for_news_of_ones_case_asks(text: str) -> None:
    # before: no word of asking in most of them, and a bare follow-up with a ticket number
    # read as a complaint
    assert count(text, "question") >= 1, text


@pytest.mark.parametrize("text", [
    "it's been 12 days and no refund",
    "still no internet, day 6",
    "Ich warte seit zwei Wochen auf die Erstattung",
    "Ça fait une semaine que j'attends",
    "Llevo una semana sin línea",
    "Já se passaram dez dias",
    "Sono passati dieci giorni",
    "Inmiddels dag 6 zonder internet",
    "Прошло 10 дней, ответа нет",
    "Минув тиждень, відповіді немає",
    "Minęło 10 dni i nic",
    "Bir hafta oldu, hâlâ ses yok",
    "已经一周了还没退款",
    "もう一週間待っています",
    "일주일째 환불이 안 돼요",
    "รอมาแล้วหนึ่งสัปดาห์",
    "مر أسبوع ولم يصل شيء",
    "एक हफ्ता हो गया, रिफंड नहीं आया",
    "Sudah seminggu belum ada jawaban",
    "Đợi cả tuần rồi vẫn chưa có hàng",
    "Det har gått en vecka",
    "Der er gået en uge",
    "Odottanut jo viikon",
    "Čekám už týden",
    "A trecut o săptămână",
    "Egy hete várok a válaszra",
    "Πέρασε μια εβδομάδα χωρίς απάντηση",
    "עבר שבוע ואין תשובה",
    "یک هفته گذشته و خبری نیست",
    "Isang linggo na akong naghihintay",
    "Wiki moja sasa bila jibu",
    "এক সপ্তাহ হয়ে গেল, কোনো উত্তর নেই",
    "ஒரு வாரம் ஆகிவிட்டது, பதில் இல்லை",
    "ایک ہفتہ ہو گیا، جواب نہیں آیا",
])
def test_a_count_of_the_wait_is_a_word_of_again(text: str) -> None:
    assert count(text, "again") >= 1, text


@pytest.mark.parametrize("text", [
    "Des nouvelles fonctionnalités arrivent dans Quillo",  # "new features", not news
    "Novedades de otoño en la tienda",  # a shop's new products
    "Customer since 2019, never a problem",
    "Kunde seit 2019, alles bestens",
])
def test_news_of_a_product_and_a_customers_years_are_neither(text: str) -> None:
    assert count(text, "question") == 0, text
    assert count(text, "again") == 0, text


@pytest.mark.parametrize("text", [
    "any update on my claim #55310?",
    "Bonjour, des nouvelles de mon dossier 77812 ?",
    "Есть ли новости по моему обращению 55210?",
    "工单 55102 有进展吗?",
    "Novità sulla mia richiesta 5512?",
])
def test_a_bare_follow_up_is_a_question(text: str) -> None:
    # before (features v19): each a complaint, neutral ("Alguma novidade sobre o meu pedido
    # 5512?" still is: an order's number outweighs one phrase of asking in Portuguese)
    got = shipped_model().predict(text)
    assert (got.intent, got.polarity) == ("question", "neutral"), text


@pytest.mark.parametrize("text", [
    "still no refund, any update?",
    "any update on my claim? it's been 12 days",
    "Jakieś wieści? Czekam już dwa tygodnie.",
    "Nog nieuws? Al twee weken zonder internet.",
])
def test_a_follow_up_that_says_the_wait_goes_on_is_a_complaint(text: str) -> None:
    # these were complaints before too; with the phrase of asking counted as a plain word of
    # question, "still no refund, any update?" (in the demo's sample day) and the others read
    # as questions
    assert count(text, "question") == 0, text
    assert shipped_model().predict(text).intent == "complaint", text


def test_a_word_of_fault_alone_is_what_the_case_is_about() -> None:
    assert count("any news on my refund?", "question") == 1
    assert shipped_model().predict("any news on my refund?").intent == "question"


@pytest.mark.parametrize("text", [
    "This is the third time I'm writing about the same invoice",
    "Ich schreibe jetzt zum dritten Mal wegen derselben Lieferung",
    "C'est la troisième fois que je vous écris pour la même facture",
    "Es la tercera vez que escribo por la misma factura",
    "É a terceira vez que escrevo sobre a mesma fatura",
    "È la terza volta che scrivo per la stessa bolletta",
    "Пишу уже третий раз по одному и тому же заказу",
    "Вже втретє пишу про той самий платіж",
    "Piszę już trzeci raz w sprawie tej samej faktury",
    "Aynı fatura için üçüncü kez yazıyorum",
    "同一个问题第三次联系你们了",
    "同じ件で問い合わせるのはこれで3回目です",
    "같은 건으로 세 번째 문의드립니다",
    "للمرة الثالثة أكتب لكم بخصوص نفس الفاتورة",
    "Tredje gången jag skriver om samma leverans",
    "A treia oară când vă scriu despre aceeași factură",
    "Harmadszor írok ugyanarról a számláról",
    "Τρίτη φορά σας γράφω για τον ίδιο λογαριασμό",
    "একই বিল নিয়ে তৃতীয়বার লিখছি",
])
def test_writing_for_the_third_time_is_a_fault(text: str) -> None:
    # before (features v21): "third time" was a word of again alone, and a calm post that says
    # the company has not answered twice read `other` in several languages
    assert count(text, "fault") >= 1, text


@pytest.mark.parametrize("text", [
    "Third time I'm flying with Tarvik this year and it was lovely again",
    "Zum dritten Mal bei Kettra bestellt, immer top",
    "Third time ordering from Brisa, always on time",
])
def test_a_third_order_or_flight_is_no_fault(text: str) -> None:
    assert count(text, "fault") == 0, text


def test_writing_for_the_third_time_reads_as_a_complaint() -> None:
    # before (features v21): other/neutral, other/negative, other/negative
    enricher = Enricher()
    for text, lang in (("A treia oară când vă scriu despre aceeași factură.", "ro"),
                       ("Harmadszor írok ugyanarról a számláról.", "hu"),
                       ("Τρίτη φορά σας γράφω για τον ίδιο λογαριασμό.", "el")):
        prediction, _ = enricher.predict(text, lang)
        assert (prediction.intent, prediction.polarity) == ("complaint", "negative"), text
