"""How people complain without saying it plainly (bot/enrich/lexicon_indirect.py): questions
that ask nothing ("is it so hard to ... even once?"), the courtesy of a request ("thanks in
advance") and a plain wish ("would be nice if ...", bot/enrich/model.py `as_plain_wish`). The
sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.enrich import Correction, Enricher, features
from bot.enrich.lexicon import awaited_wish, plain_wish
from tests.enrich.reading import count


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


RHETORICAL = [
    ("en", "Is it too much to ask for a bus that actually shows up, Metrolo?"),
    ("de", "Ist es wirklich so schwer, ein Paket einmal pünktlich zuzustellen, Parcelio?"),
    ("fr", "Est-ce si difficile de répondre à un mail, Kettlo ?"),
    ("es", "¿Es tan difícil contestar un correo, Kettlo?"),
    ("it", "È così difficile rispondere al telefono, Orbisa?"),
    ("ru", "Неужели так сложно ответить на письмо, Orbisa?"),
    ("tr", "Bir kere olsun telefonu açmak bu kadar mı zor, Orbisa?"),
    ("el", "Είναι τόσο δύσκολο να απαντήσετε σε ένα email, Orbisa;"),
    ("ar", "هل من الصعب أن تردوا على رسالة واحدة يا Orbisa؟"),
]


@pytest.mark.parametrize(("lang", "text"), RHETORICAL)
def test_a_question_of_how_hard_it_is_is_a_reproach(lang: str, text: str) -> None:
    # before: no entry outside English "how hard can it be"; the question's mark was all the
    # post said, and it was read as a question
    assert count(text, "why") > 0, text
    assert count(text, "negative") > 0, text


@pytest.mark.parametrize("text", [
    "Is it hard to set up the Kettlo router?",
    "Kurulumu zor mu, bilen var mı?",
    "¿Es difícil cambiar de plan en Kettlo?",
    "Ist es schwer, bei Parcelio den Tarif zu wechseln?",
    "Было сложно выбрать тариф, но оператор помог",
])
def test_a_sincere_question_of_difficulty_is_no_reproach(text: str) -> None:
    assert count(text, "why") == 0, text
    assert count(text, "negative") == 0, text


@pytest.mark.parametrize(("lang", "text"), [RHETORICAL[i] for i in (0, 1, 2, 3, 5, 6, 7)])
def test_the_model_reads_a_question_of_how_hard_it_is_as_a_complaint(
        enricher: Enricher, lang: str, text: str) -> None:
    prediction, _ = enricher.predict(text, lang)
    assert (prediction.intent, prediction.polarity) == ("complaint", "negative"), text


POLITE = [
    ("en", "I hate to be a bother, but I'd really appreciate it if someone at Parcelio could "
           "check why my parcel from 3 November never arrived. Thanks in advance."),
    ("de", "Ich möchte nicht drängeln, aber ich wäre sehr dankbar, wenn sich jemand von "
           "Parcelio meine Erstattung vom Oktober ansehen könnte. Danke im Voraus."),
    ("ja", "お手数ですが、Orbisaさん、今月の二重請求について確認していただけると助かります。"),
    ("es", "No quiero ser pesada, pero agradecería que alguien de Orbisa revisara el cargo "
           "doble de este mes. Gracias de antemano."),
    ("ru", "Извините за беспокойство, была бы благодарна, если бы Orbisa проверили двойное "
           "списание. Заранее спасибо."),
    ("pl", "Nie chcę się narzucać, ale byłbym wdzięczny, gdyby ktoś z Orbisa sprawdził "
           "podwójne obciążenie karty. Z góry dziękuję."),
    ("he", "אשמח אם מישהו ב-Orbisa יבדוק את החיוב הכפול החודש. תודה מראש."),
]


@pytest.mark.parametrize(("lang", "text"), POLITE)
def test_the_courtesy_of_a_request_thanks_nobody(lang: str, text: str) -> None:
    # before: "thanks in advance", "wäre sehr dankbar", "agradecería", "была бы
    # благодарна" counted as thanks or praise, and a polite complaint was read as praise
    assert count(text, "thanks") == 0, text
    assert count(text, "positive") == 0, text


@pytest.mark.parametrize("text", [
    "Thanks Parcelio, my parcel came a day early!",
    "Danke Parcelio, die Erstattung kam heute an.",
    "Gracias Orbisa, me devolvieron el cargo doble en un día.",
    "Спасибо Orbisa, деньги вернули за день.",
])
def test_thanks_for_something_done_are_still_thanks(text: str) -> None:
    assert count(text, "thanks") > 0, text


@pytest.mark.parametrize(("lang", "text"), POLITE[:3])
def test_the_model_reads_a_polite_complaint_as_a_complaint(
        enricher: Enricher, lang: str, text: str) -> None:
    prediction, _ = enricher.predict(text, lang)
    assert prediction.intent == "complaint", text


def test_a_question_closed_with_thanks_in_advance_is_still_asked(enricher: Enricher) -> None:
    prediction, _ = enricher.predict(
        "How do I export my notes from Kettlo to PDF? Thanks in advance!", "en")
    assert prediction.intent == "question"


PLAIN_WISHES = [
    ("en", "Would be nice if Kettlo let me pick the delivery day. Just an idea."),
    ("fr", "Ce serait bien si Kettlo affichait l'heure de livraison. Juste une idée."),
    ("ro", "Ar fi frumos dacă Kettlo ar afișa ora livrării."),
    ("de", "Wäre schön, wenn man bei Kettlo den Liefertag wählen könnte."),
    ("bg", "Би било хубаво ако Acme добави тъмен режим"),
    # features v53: wishes the frames lacked
    ("ja", "Kettloで配達の時間を選べたら嬉しいです。"),
    ("ms", "Best jugak kalau Kettlo ada pilihan masa penghantaran"),
    ("ur", "اچھا ہوتا اگر Kettlo میں ڈیلیوری کا وقت چننے کا آپشن ہوتا"),
    ("ca", "Estaria bé que Kettlo deixés triar l'hora de lliurament."),
]


@pytest.mark.parametrize(("lang", "text"), PLAIN_WISHES)
def test_a_plain_wish_reads_other_and_neutral(enricher: Enricher, lang: str,
                                               text: str) -> None:
    # before: the wish's word of praise ("nice", "bien", "frumos") hidden from the lexicon,
    # its grams still read as praise or a complaint (the corpus holds almost no wishes)
    assert plain_wish(features.prepare(text).text), text
    prediction, _ = enricher.predict(text, lang)
    assert (prediction.intent, prediction.polarity) == ("other", "neutral"), text


@pytest.mark.parametrize("text", [
    "Would be great if my refund arrived this year, Kettlo",  # a fault: sarcasm
    "Love the Kettlo app, would be nice if it had a dark mode",  # praise with a wish
    "Would be nice if Kettlo's prices didn't go up every month",  # a price
    "Would be nice if Kettlo answered, this is the third time I write",  # a repeat
    "Kettloの荷物が早く届いて嬉しい！",  # glad it came: no wish
    "Keşke Kettlo'dan hiç almasaydım",  # a regret, not a wish
])
def test_a_wish_that_says_more_is_left_to_the_model(text: str) -> None:
    assert not plain_wish(features.prepare(text).text), text


def test_a_teams_correction_wins_over_the_plain_wish() -> None:
    text = PLAIN_WISHES[0][1]
    fixed = Correction(text=text, language="en", field="polarity", old="neutral",
                       new="positive", who="U-lead", at=datetime(2026, 12, 2, tzinfo=UTC))
    enricher = Enricher(corrections=[fixed])
    prediction, _ = enricher.predict(text, "en")
    assert prediction.polarity == "positive"
    prediction, _ = enricher.predict(PLAIN_WISHES[1][1], "fr")
    assert prediction.polarity == "neutral"


NO_APOLOGY = [
    ("it", "Complimenti Orbisa, secondo addebito doppio del mese e nemmeno una parola di scuse."),
    ("ro", "Bravo Orbisa, a doua taxare dublă și niciun cuvânt de scuză."),
    ("pl", "Brawo Orbisa, drugi raz podwójne obciążenie i ani słowa przeprosin."),
    ("en", "Well done Parcelio, parcel left in the rain and not a word of apology."),
    ("fr", "Bravo Parcelio, colis laissé sous la pluie et pas un mot d'excuse."),
]


@pytest.mark.parametrize(("lang", "text"), NO_APOLOGY)
def test_not_a_word_of_apology_is_a_reproach(lang: str, text: str) -> None:
    # features v54: before, an ironic "bravo ... and not a word of apology" held a word of
    # praise and, in most languages, nothing against it
    assert count(text, "negative") > 0, text
    assert count(text, "positive") < 2, text  # the phrase is not turned into praise


@pytest.mark.parametrize(("lang", "text"), NO_APOLOGY[:2])
def test_the_model_reads_praise_with_no_apology_as_a_complaint(
        enricher: Enricher, lang: str, text: str) -> None:
    prediction, _ = enricher.predict(text, lang)
    assert (prediction.intent, prediction.polarity) == ("complaint", "negative"), text


# A wish that waits ("would be nice if someone answered my ticket from three weeks ago", "for
# once", "finally", "enfin", "endlich", "наконец", "한 번이라도") is a reproach, not a plain
# wish: the plain-wish rule read such complaints other/neutral, and a complaint was not routed.
# Written by a reviewer of the rule (not taken from a labelled set).
IMPATIENT_WISHES = [
    ("en", "Would be nice if someone answered my ticket from three weeks ago, Kettlo."),
    ("en", "Would be great if the Orbisa app actually worked after the update."),
    ("en", "would be nice if kettlo support answered the phone even one time"),
    ("en", "It would be great if Metrolo's trains ran on time for once."),
    ("de", "Wäre toll, wenn bei Orbisa mal jemand ans Telefon gehen würde."),
    ("pt", "Seria bom se a Parcelio entregasse a encomenda pelo menos uma vez no prazo."),
    ("it", "Sarebbe bello se Orbisa rispondesse almeno una volta alle mail."),
    ("ru", "Было бы неплохо, если бы Orbisa наконец ответили на моё обращение."),
    ("fr", "Ça serait top si Parcelio livrait le bon colis, pour une fois."),
    ("ko", "Orbisa 고객센터가 한 번이라도 전화를 받아 주면 좋겠어요."),
    ("zh", "Orbisa客服哪天能回复我一下就好了。"),
]


@pytest.mark.parametrize(("lang", "text"), IMPATIENT_WISHES)
def test_a_wish_that_waits_is_no_plain_wish(lang: str, text: str) -> None:
    assert not plain_wish(features.prepare(text).text), text


@pytest.mark.parametrize(("lang", "text"), [
    IMPATIENT_WISHES[i] for i in (0, 1, 4, 5, 7, 9, 10)])
def test_the_model_reads_a_wish_that_waits_as_a_complaint(
        enricher: Enricher, lang: str, text: str) -> None:
    # before: the plain-wish rule took these complaints, which the model read as such, and
    # made them other/neutral
    prediction, _ = enricher.predict(text, lang)
    assert prediction.intent == "complaint", text


# "No apology needed" forgives: it is no reproach (features v55). Features v54 counted its "no
# apology" as a word of complaint, and praise that waved an apology away read as a complaint.
# Written by a reviewer of v54 (not taken from a labelled set).
APOLOGY_WAVED = [
    ("en", "No apology needed, Parcelio, you were great about the delay and the driver was "
           "lovely."),
    ("en", "Delayed 10 minutes but the Metrolo crew was brilliant, no apology necessary."),
    ("es", "Sin disculpas necesarias, Orbisa, me atendieron de maravilla."),
    ("de", "Keine Entschuldigung nötig, Kettlo, das Problem war in fünf Minuten gelöst. Top!"),
    ("ru", "Никаких извинений не нужно, Orbisa, всё починили за час, спасибо!"),
    ("nl", "Geen excuses nodig, Kettlo, jullie hebben het snel opgelost."),
]


@pytest.mark.parametrize(("lang", "text"), APOLOGY_WAVED)
def test_an_apology_waved_away_is_no_reproach(lang: str, text: str) -> None:
    assert count(text, "negative") == 0, text


@pytest.mark.parametrize(("lang", "text"), APOLOGY_WAVED[:3])
def test_the_model_reads_praise_that_waves_an_apology_away_as_praise(
        enricher: Enricher, lang: str, text: str) -> None:
    # before (v54): complaint/positive, complaint/positive, praise/negative
    prediction, _ = enricher.predict(text, lang)
    assert (prediction.intent, prediction.polarity) == ("praise", "positive"), text


# A story that ends in a wish ("Ordered a sofa in August. They said six weeks. It is now
# December ... Would be nice to have a date.") tells what went wrong: the wish closes a
# complaint, and is no plain wish. Written by a reviewer of the plain-wish rule.
STORY_WISHES = [
    ("en", "Ordered a sofa from Velora in August. They said six weeks. It is now December and "
           "the tracking page shows the same line it showed in September. Would be nice to "
           "have a date."),
    ("de", "Im August bei Velora ein Sofa bestellt, sechs Wochen hieß es. Jetzt ist Dezember "
           "und die Sendungsverfolgung zeigt denselben Stand wie im September. Wäre schön, "
           "ein Datum zu bekommen."),
    ("ru", "Заказал диван в Velora в августе, обещали шесть недель. Сейчас декабрь, а "
           "отслеживание показывает то же, что в сентябре. Было бы хорошо узнать дату."),
]


@pytest.mark.parametrize(("lang", "text"), STORY_WISHES)
def test_a_story_that_ends_in_a_wish_is_left_to_the_model(
        enricher: Enricher, lang: str, text: str) -> None:
    # before: a plain wish, read other/neutral, where the model reads a complaint
    assert not plain_wish(features.prepare(text).text), text
    prediction, _ = enricher.predict(text, lang)
    assert prediction.intent == "complaint", text


@pytest.mark.parametrize("text", [
    "Would be nice if Kettlo let me pick the delivery day. Just an idea.",
    "Wäre schön, wenn man bei Kettlo den Liefertag wählen könnte. Nur so ein Gedanke.",
    "Kettloで配達の時間を選べたら嬉しいです。",
    # a point inside a number or an abbreviation ends no sentence
    "Would be nice if the Kettlo 2.0 app let me pick the delivery day.",
    "Would be nice to have more export formats in Kettlo, e.g. CSV or JSON or XML.",
])
def test_a_wish_with_a_short_aside_is_still_plain(text: str) -> None:
    assert plain_wish(features.prepare(text).text), text


# A wish whose object is the company's answer waits for it: a complaint, or a question with
# the courtesy of no hurry (lexicon.awaited_wish, model.as_awaited_wish). The plain-wish rule
# read most of them other/neutral and the model the rest as praise. Written by a reviewer of
# that rule (not taken from a labelled set).
AWAITED_WISHES = [
    ("en", "Would love an answer at some point, Brunnet."),
    ("en", "Would be nice to get a reply, @Kettlo."),
    ("en", "Would be lovely to hear back from Kettlo about the double charge."),
    ("de", "Wäre schön, mal eine Antwort zu bekommen, Kettlo."),
    ("de", "Ein Rückruf wäre nett, Brunnet."),
    ("fr", "Ce serait bien d'avoir un retour, Kettlo."),
    ("fr", "Ce serait sympa d'avoir une réponse de Brunnet"),
    ("es", "Sería genial recibir una respuesta, Kettlo."),
    ("it", "Sarebbe bello ricevere una risposta da Brunnet."),
    ("pt", "Seria bom ter um retorno da Kettlo."),
    ("nl", "Zou fijn zijn om een antwoord te krijgen van Kettlo."),
    ("ru", "Хотелось бы получить ответ, Kettlo."),
    ("pl", "Fajnie byłoby dostać odpowiedź od Kettlo."),
    ("tr", "Bir cevap alsam güzel olurdu, Kettlo."),
    ("tl", "Sana may sumagot sa email ko, Kettlo."),
    ("ko", "Kettlo 환불 좀 받을 수 있으면 좋겠네요"),
]


@pytest.mark.parametrize(("lang", "text"), AWAITED_WISHES)
def test_a_wish_for_an_answer_reads_complaint_and_negative(
        enricher: Enricher, lang: str, text: str) -> None:
    # before: plain wishes read other/neutral, or the wish's "love", "nice", "sympa" praise
    folded = features.prepare(text).text
    assert awaited_wish(folded) == "complaint", text
    assert not plain_wish(folded), text
    prediction, _ = enricher.predict(text, lang)
    assert (prediction.intent, prediction.polarity) == ("complaint", "negative"), text


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Would be nice to get a reply when you have time, no rush: does Kettlo export to CSV?"),
    ("de", "Wäre schön, eine Antwort zu bekommen, wenn ihr Zeit habt, keine Eile."),
    ("es", "Sería genial recibir una respuesta cuando puedan, sin prisa."),
])
def test_a_wish_for_an_answer_with_no_hurry_is_a_question(
        enricher: Enricher, lang: str, text: str) -> None:
    # before: plain wishes read other/neutral, or (Spanish) a complaint
    assert awaited_wish(features.prepare(text).text) == "question", text
    prediction, _ = enricher.predict(text, lang)
    assert (prediction.intent, prediction.polarity) == ("question", "neutral"), text


@pytest.mark.parametrize("text", [
    "Would love to hear your thoughts on the roadmap, Kettlo team",  # no answer awaited
    "Would be nice to have a dark mode in Kettlo. Just a thought.",
    "Would be nice to have a dark mode. Thanks for the quick reply earlier!",  # not one sentence
    "Loved the Kettlo show! Would love an update on the next tour dates",  # praise says more
    "Kettlo answered within an hour, great support",  # no wish
])
def test_a_wish_that_waits_for_no_answer_is_not_read_so(text: str) -> None:
    assert awaited_wish(features.prepare(text).text) is None, text


# A wish for an answer that asks its own question ("would love an answer to this question:
# does X support SSO?") waits for that answer, not for one owed: a question. Written by a
# reviewer of 7941c9c before they were run; all read complaint/negative there.
ASKED_IN_THE_WISH = [
    ("en", "Would love an answer to this question: does Velora support SSO with Okta?"),
    ("de", "Wäre schön, eine Antwort auf meine Frage zu bekommen: unterstützt Velora SSO?"),
    ("es", "Me encantaría una respuesta a esta duda: ¿Lumo funciona sin conexión?"),
    ("fr", "J'aimerais bien une réponse à cette question : est-ce que Kasko gère le SSO ?"),
    ("pt", "Adoraria uma resposta para esta pergunta: o Velora tem integração com SSO?"),
    ("it", "Mi piacerebbe una risposta a questa domanda: Nimbly supporta il SSO?"),
    ("ru", "Было бы неплохо получить ответ на вопрос: Lumo поддерживает SSO?"),
]


@pytest.mark.parametrize(("lang", "text"), ASKED_IN_THE_WISH)
def test_a_wish_for_an_answer_to_its_own_question_is_a_question(
        enricher: Enricher, lang: str, text: str) -> None:
    assert awaited_wish(features.prepare(text).text) == "question", text
    prediction, _ = enricher.predict(text, lang)
    assert (prediction.intent, prediction.polarity) == ("question", "neutral"), text


@pytest.mark.parametrize("text", [
    "Would love an answer, Velora. Why is my refund still not here?",  # why, still
    "Would be nice to get a reply, Kettlo? The kettle leaks.",  # a fault
    "Would love an answer: will my refund ever arrive?",  # a refund waited for
    "Would be nice to finally get a reply, Velora?",  # impatience
])
def test_a_wish_for_an_answer_with_a_question_and_a_reproach_is_a_complaint(text: str) -> None:
    assert awaited_wish(features.prepare(text).text) == "complaint", text


# A wish for replies from the community, other users, waits for no answer of the company's.
# Written by a reviewer of 7941c9c before they were run; all read complaint/negative there.
PEERS_AWAITED = [
    ("en", "Would be nice to get a reply from the community on my forum thread about Lumo themes"),
    ("es", "Sería genial recibir respuestas de la comunidad en el foro de Nimbly sobre "
           "plantillas."),
    ("fr", "Ce serait sympa d'avoir un retour de la communauté sur mon thème pour Lumo"),
    ("de", "Wäre schön, eine Antwort von anderen Nutzern zu bekommen, wie sie Kasko einrichten."),
]


@pytest.mark.parametrize(("lang", "text"), PEERS_AWAITED)
def test_a_wish_for_the_communitys_replies_awaits_no_answer(lang: str, text: str) -> None:
    assert awaited_wish(features.prepare(text).text) is None, text


@pytest.mark.parametrize(("lang", "text"), PEERS_AWAITED[:3])  # the German one: the model's
def test_a_wish_for_the_communitys_replies_is_no_complaint(
        enricher: Enricher, lang: str, text: str) -> None:
    prediction, _ = enricher.predict(text, lang)
    assert prediction.intent != "complaint", text


def test_a_teams_correction_wins_over_the_wish_for_an_answer() -> None:
    text = AWAITED_WISHES[0][1]
    fixed = Correction(text=text, language="en", field="intent", old="complaint",
                       new="other", who="U-lead", at=datetime(2026, 12, 2, tzinfo=UTC))
    enricher = Enricher(corrections=[fixed])
    prediction, _ = enricher.predict(text, "en")
    assert prediction.intent == "other"
    prediction, _ = enricher.predict(AWAITED_WISHES[1][1], "en")
    assert prediction.intent == "complaint"


@pytest.mark.parametrize("text", [
    "Sana may sumagot man lang sa ticket ko, Kettlo",
    "Sana may dumating kahit minsan nang on time, Kettlo",
])
def test_a_tagalog_wish_that_waits_is_no_plain_wish(text: str) -> None:
    # before: "sana may" had no word of waiting (lexicon_indirect.IMPATIENT)
    assert not plain_wish(features.prepare(text).text), text


# Asking too much for a thing to stay as it is asks for nothing the company failed to do
# (features v56, lexicon_indirect.ASKING_TOO_MUCH and STAYING): v51 counted its "too much to
# ask" as a reproach. Written by a reviewer of v51 (not taken from a labelled set).
ASKED_TO_STAY = [
    ("en", "Is it too much to ask for Kettlo to never change? Perfect app."),
    ("es", "¿Es mucho pedir que Kettlo nunca cambie? App perfecta."),
    ("de", "Ist es zu viel verlangt, dass Kettlo immer so bleibt? Perfekte App."),
    ("it", "È chiedere troppo che Kettlo non cambi mai? App perfetta."),
]


@pytest.mark.parametrize(("lang", "text"), ASKED_TO_STAY)
def test_asking_too_much_for_a_thing_to_stay_is_no_reproach(lang: str, text: str) -> None:
    assert count(text, "negative") == 0, text
    assert count(text, "why") == 0, text
    assert count(text, "positive") >= 1, text


def test_the_model_reads_asking_for_a_thing_to_stay_as_praise(enricher: Enricher) -> None:
    # before: complaint/negative
    prediction, _ = enricher.predict(ASKED_TO_STAY[0][1], "en")
    assert (prediction.intent, prediction.polarity) == ("praise", "positive")


@pytest.mark.parametrize("text", [
    "Is it too much to ask for a bus that actually shows up, Metrolo?",
    # the staying phrase in another sentence frames nothing
    "Is it too much to ask for a parcel on time? Never change, Parcelio, never change.",
    # what should not change is named after it: the change is the reproach (a review of v56:
    # both read without their reproach, the first lead/neutral)
    "Is it too much to ask for Kettlo to never change the price every month? Third rise "
    "this year.",
    "È chiedere troppo che l'app non cambi mai i prezzi senza avvisare?",
])
def test_asking_too_much_for_a_thing_not_done_is_still_a_reproach(text: str) -> None:
    assert count(text, "negative") >= 1, text


# Eagerness for what is coming makes thanks in advance real thanks (features v57,
# lexicon_indirect.EAGER): v52's frame hid them as a request's courtesy. Written by a reviewer
# of v52 (not taken from a labelled set).
EAGER_THANKS = [
    ("en", "Thanks in advance to the team for the offline mode coming next week... So excited"),
    ("de", "Freue mich riesig auf den Offline-Modus nächste Woche, danke im Voraus an das "
           "Kettlo-Team"),
    ("fr", "Merci d'avance à l'équipe Kettlo pour le mode hors ligne la semaine prochaine, "
           "tellement impatiente !"),
]


@pytest.mark.parametrize(("lang", "text"), EAGER_THANKS)
def test_thanks_in_advance_with_eagerness_are_thanks(lang: str, text: str) -> None:
    assert count(text, "thanks") >= 1, text


def test_the_model_reads_eager_thanks_in_advance_as_praise(enricher: Enricher) -> None:
    # before: other/neutral
    prediction, _ = enricher.predict(EAGER_THANKS[0][1], "en")
    assert (prediction.intent, prediction.polarity) == ("praise", "positive")


@pytest.mark.parametrize("text", [
    "Thanks in advance for looking into my refund, Kettlo",  # no eagerness: a courtesy
    # eagerness beside a fault: the courtesy of a complaint
    "Really excited about the update, thanks in advance for fixing the login bug",
])
def test_thanks_in_advance_without_eagerness_or_with_a_fault_are_a_courtesy(text: str) -> None:
    assert count(text, "thanks") == 0, text


@pytest.mark.parametrize("text", [
    "So excited to spend another Saturday on hold with Kettlo 🙃",
    "I was so excited for the Kettlo X2 and it broke after a week.",
])
def test_eagerness_alone_is_no_praise(enricher: Enricher, text: str) -> None:
    # eagerness is a word of no concept: counted as praise, these complaints read praise
    assert count(text, "positive") == 0, text
    prediction, _ = enricher.predict(text, "en")
    assert prediction.intent == "complaint", text


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "It would be nice if Velora replied to DMs. Just a thought."),
    ("de", "Wäre echt toll, irgendeine Reaktion von Lumo zu bekommen."),
    ("zh", "希望Lumo能给我一个回复"),
])
def test_a_second_batch_of_wishes_for_an_answer_reads_complaint(
        enricher: Enricher, lang: str, text: str) -> None:
    # a batch written after the rule, labelled before it was run: these three read praise or
    # complaint/neutral ("replied", "irgendeine Reaktion", Chinese "希望" had no entry)
    assert awaited_wish(features.prepare(text).text) == "complaint", text
    prediction, _ = enricher.predict(text, lang)
    assert (prediction.intent, prediction.polarity) == ("complaint", "negative"), text
