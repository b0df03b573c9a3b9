"""A company's incident updates and announcements on its own account are its own words
(``bot/enrich/lexicon_status.py``, read by ``lexicon.company_reply``): ``other``, as its
replies are. The sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import features, lexicon
from bot.enrich.model import shipped_model


def reads_as_company(text: str) -> bool:
    return lexicon.company_reply(features.prepare(text).text)


@pytest.mark.parametrize("text", [
    "[Investigating] Logins to the Acme app are failing for some users. Next update in 20 minutes.",
    "Resolved: Acme payments are back to normal. A post-incident report will follow.",
    "We're aware of delays to Acme deliveries in the north. We'll share an update by 3pm.",
    "[Monitoring] A fix has been deployed for the Acme checkout errors.",
    "Wir untersuchen eine Störung bei Acme Pay. Nächstes Update in 30 Minuten.",
    "Estamos investigando una caída de Acme. Próxima actualización en una hora.",
    "Estamos cientes de uma instabilidade no app Acme. Próxima atualização em 1 hora.",
    "Мы разбираемся со сбоем в приложении Acme, следующее обновление через час.",
    "Acme uygulamasındaki sorunun farkındayız, ekibimiz çalışıyor.",
    "We're excited to announce that Acme now delivers to Leeds!",
    "Nos complace anunciar que Acme ya llega a Valencia.",
    "Z radością informujemy, że Acme działa już w Gdańsku!",
    "Acme שמחים לבשר: פתחנו סניף בחיפה",
])
def test_a_companys_update_or_announcement_is_its_own_post(text: str) -> None:
    assert reads_as_company(text)
    assert shipped_model().predict(text).intent == "other"


@pytest.mark.parametrize("text", [
    # a customer quoting the company, or writing one phrase a company writes too
    'Acme keeps saying "we\'re aware of the issue" and "next update in an hour", three days now',
    "resolved: my Acme issue, thanks to the forum",
    "We are investigating other providers since Acme doubled its price",
    "Acme is back to normal for me",
    # a giveaway in a company's voice asking for a card is spam
    "We're excited to announce a giveaway! DM us your card number to claim your prize",
])
def test_a_customers_post_stays_the_models(text: str) -> None:
    assert not reads_as_company(text)
