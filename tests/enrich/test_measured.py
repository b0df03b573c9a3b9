"""Floors under the measured quality of the enrichment, on the labelled data in tests/data/
(its README and tests/data/corpus/README.md say where each set comes from). The figures
themselves are printed by ``benchmarks/intelligence.py`` and quoted in docs/intelligence.md;
these tests stop a change that makes them clearly worse. The floors sit a little below the measured
figures; the model was never tuned on the held-out split."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.models import INTENTS
from bot.enrich.corpus import LANGUAGES, Post, load_corpus
from bot.enrich.evaluate import (
    ModelResult,
    blind_rows,
    blind_set_scores,
    language_accuracy,
    model_scores,
    read_tsv,
    scores,
    vader_agreement,
)
from bot.enrich.language import LanguageDetector
from bot.enrich.model import POLARITIES, shipped_model

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(scope="module")
def corpus() -> list[Post]:
    return load_corpus()


@pytest.fixture(scope="module")
def held(corpus: list[Post]) -> ModelResult:
    return model_scores(shipped_model(), [p for p in corpus if p.split == "held"])


def test_language_accuracy_on_short_posts(corpus: list[Post]) -> None:
    rows = [(r[0], r[1]) for r in read_tsv(DATA / "language.tsv")]
    rows += [(p.lang, p.text) for p in corpus]
    result = language_accuracy(rows, LanguageDetector())
    # measured 0.9900 on 5,822 posts (0.9902 before the words of Hindi typed in Latin letters
    # read an English post with three of them as Hindi; 0.9895 before the letters a language
    # never writes, 0.989
    # before lingua's unbacked answers gave way to letters)
    assert result.accuracy >= 0.985, result.confusions
    for lang, (right, total) in result.per_language.items():
        assert right / total >= 0.95, (lang, result.confusions)


def test_language_accuracy_outside_the_configured_languages() -> None:
    rows = [(r[0], r[1]) for r in read_tsv(DATA / "language_other.tsv")]
    assert len(rows) == 76
    result = language_accuracy(rows, LanguageDetector())
    # measured 0.987 (75 of 76 in 44 languages; every one of them was wrong before; 0.868 before
    # lingua over all its Latin-script languages read unbacked answers again, 0.934 before more
    # languages' common words and the neighbours' letters and words)
    assert result.accuracy >= 0.95, result.confusions
    # a script of its own is never mistaken: every miss is a Latin or Cyrillic post
    missed = {lang for lang, _, _ in result.confusions}
    assert missed.isdisjoint({"el", "he", "ar", "fa", "ur", "hi", "mr", "bn", "ta", "te",
                              "gu", "pa", "ka", "hy", "am", "km", "my"}), result.confusions


def test_language_accuracy_on_a_blind_set_of_close_languages() -> None:
    """tests/data/language_blind.tsv is the test half of 479 short posts in 48 languages written
    blind (before the detector was read), weighted to languages that are easy to confuse:
    es/pt/ca/gl/it, da/nb/sv, cs/sk, hr/sr/bs, id/ms, ru/uk/be, bg/mk, de/nl/af."""
    rows = [(r[0], r[1]) for r in read_tsv(DATA / "language_blind.tsv")]
    assert len(rows) == 255
    result = language_accuracy(rows, LanguageDetector())
    # measured 0.796 (203 of 255; the dev half, kept out of the repository: 0.857); 0.624 and
    # 0.616 before lingua over all its Latin-script languages read unbacked answers again,
    # 0.737 and 0.741 before more languages' common words and the neighbours' letters and words,
    # 0.780 and 0.821 before Bulgarian and Macedonian words and letters only one language writes,
    # 0.792 and 0.848 before the shared languages of several word groups, -ció and "guys"
    assert result.accuracy >= 0.77, result.confusions


def test_vader_agrees_with_its_human_ratings() -> None:
    r, n = vader_agreement(DATA / "vader_tweets_GroundTruth.txt")
    assert n == 4200
    assert r >= 0.8  # the paper reports 0.881 on these tweets


def test_held_out_intent_and_polarity_overall(held: ModelResult) -> None:
    assert held.intent.total == 1123
    # measured 0.816 and 0.798 (docs/intelligence.md; 0.814 and 0.797 with features v6, 0.811
    # and 0.793 before the contrastive turns and marks of sarcasm, 0.810 and 0.796 before the
    # "internet"/"customer" fix)
    assert held.intent.macro_f1 >= 0.78, held.intent.errors[:20]
    assert held.polarity.accuracy >= 0.77, held.polarity.errors[:20]
    # a spam label must be trustworthy: rules drop on it (measured 0.92)
    assert held.intent.precision["spam"] >= 0.88


def test_held_out_in_every_language(held: ModelResult) -> None:
    assert set(held.per_language) == set(LANGUAGES)
    for lang, (intent, polarity) in held.per_language.items():
        # lowest measured: intent 0.73 (th), polarity 0.71 (zh) (features v11; 0.74 and 0.72 before)
        assert intent.macro_f1 >= 0.67, (lang, intent.macro_f1)
        assert polarity.accuracy >= 0.65, (lang, polarity.accuracy)


def test_dutch_and_italian_read_through_their_concept_entries() -> None:
    """tests/data/intent_nl_it.tsv was written blind by another writer: the corpus has no Dutch
    or Italian, so the model reads them through the lexicon's concept entries (without them:
    intent 0.68, polarity 0.76)."""
    model = shipped_model()
    rows = read_tsv(DATA / "intent_nl_it.tsv")
    got = [model.predict(r[3]) for r in rows]
    intent = scores(((r[1], g.intent, r[3]) for r, g in zip(rows, got, strict=True)), INTENTS)
    polarity = scores(((r[2], g.polarity, r[3]) for r, g in zip(rows, got, strict=True)),
                      POLARITIES)
    assert intent.total == 140
    assert intent.accuracy >= 0.74, intent.errors  # measured 0.807 (0.814 before v6)
    # measured 0.829 (0.836 with v6, 0.807 before)
    assert polarity.accuracy >= 0.77, polarity.errors


def test_the_older_intent_set_by_another_writer() -> None:
    """tests/data/intent.tsv predates the corpus and was written by someone else: a check
    that the model generalises beyond the corpus's own style."""
    model = shipped_model()
    rows = [(r[2], r[3]) for r in read_tsv(DATA / "intent.tsv")]
    result = scores(((e, model.predict(t).intent, t) for e, t in rows), INTENTS)
    assert result.total == 150
    assert result.accuracy >= 0.88, result.errors  # measured 0.90


def test_a_blind_set_in_nineteen_languages_and_hard_registers() -> None:
    """tests/data/blind_mixed.tsv is the test half of 497 posts written blind on 2026-11-30
    (before their writer read the model, the lexicon or the corpus; see tests/data/README.md),
    read as a routed mention is. Four of its languages (ar, hi, id, vi) got their lexicon
    entries from the same writer afterwards, so their part flatters the model."""
    result = blind_set_scores(DATA / "blind_mixed.tsv")
    assert result.intent.total == 247
    # measured 0.915 (macro-F1 0.918), 0.891 (0.895 before the contrastive turns) and 0.929;
    # before the changes it found: 0.806 (0.818), 0.814 and 0.913
    assert result.intent.accuracy >= 0.87, result.intent.errors
    assert result.intent.macro_f1 >= 0.86
    assert result.polarity.accuracy >= 0.86, result.polarity.errors
    assert result.language.accuracy >= 0.90, result.language.confusions


def test_a_second_blind_set_in_thirty_three_languages() -> None:
    """tests/data/blind_mixed2.tsv is the test half of 421 posts in 33 languages written blind
    on 2026-11-30 (before their writer read the model, the lexicon or the corpus; see
    tests/data/README.md), read as a routed mention is. Fourteen of its languages got their
    lexicon entries (bot/enrich/lexicon_world.py) and common words from the same writer
    afterwards, so their part flatters the model."""
    result = blind_set_scores(DATA / "blind_mixed2.tsv")
    assert result.intent.total == 211
    # measured 0.915 (macro-F1 0.922), 0.863 and 0.845 with features v7 (0.910, 0.919 and 0.858 with
    # v6; intent 0.891, macro-F1 0.907 before the contrastive turns); before the entries for
    # fourteen more languages, their common words and the "internet"/"customer" fix: 0.754 (0.775),
    # 0.782 and 0.792; language 0.889 since the work on close languages (language_blind.tsv)
    assert result.intent.accuracy >= 0.86, result.intent.errors
    assert result.intent.macro_f1 >= 0.87
    assert result.polarity.accuracy >= 0.82, result.polarity.errors
    assert result.language.accuracy >= 0.86, result.language.confusions


def test_a_blind_set_of_contrast_and_sarcasm() -> None:
    """tests/data/blind_contrast.tsv is the test half of 271 posts in 18 languages written
    blind on 2026-11-30 (before their writer read the model's code; see tests/data/README.md):
    praise turned by "but" and its kind into a complaint ("lovely staff but the sofa ripped"),
    complaints turned into praise ("a bit pricey but worth every penny"), sarcasm ("thanks
    @acme for losing my parcel again 👏"), and controls (sincere thanks, questions and leads
    with "but"), read as a routed mention is. Its writer also wrote the contrastive words of
    bot/enrich/lexicon.py and the marks of sarcasm of bot/enrich/clauses.py afterwards."""
    result = blind_set_scores(DATA / "blind_contrast.tsv")
    assert result.intent.total == 133
    # measured 0.677 (macro-F1 0.804), 0.684 and 0.962 (v6: 0.684, 0.808, 0.699); before the
    # contrastive turns and the marks of sarcasm: 0.647 (0.802), 0.639 and 0.962; language 0.985
    # since the work on close languages (language_blind.tsv)
    assert result.intent.accuracy >= 0.66, result.intent.errors
    assert result.intent.macro_f1 >= 0.78
    assert result.polarity.accuracy >= 0.67, result.polarity.errors
    assert result.language.accuracy >= 0.96, result.language.confusions


def test_a_blind_set_of_goods_services_and_hedged_praise() -> None:
    """tests/data/blind_domains.tsv is the test half of 332 posts in 18 languages written blind
    on 2026-11-30 (before their writer read the model's code; see tests/data/README.md) about
    furniture, clothes and appliances, food delivery, utilities, games, pharmacies and clinics,
    public offices, transport, insurance and hotels: failures told by words of damage ("the
    sofa ripped after a week"), hedged praise ("not bad at all", "does the job"), negated
    complaints ("never had a problem"), polite complaints, questions without their mark, leads,
    phishing, news; read as a routed mention. Its writer also wrote bot/enrich/lexicon_damage.py
    afterwards, from its dev half's errors."""
    result = blind_set_scores(DATA / "blind_domains.tsv")
    assert result.intent.total == 166
    # measured 0.910 (macro-F1 0.881), polarity 0.873 (macro-F1 0.877; 0.880 before the quality
    # words left lexicon_damage), language 0.934;
    # before features v8 (damage, understated praise, trouble words): 0.651 (0.711), 0.620;
    # language 0.964 since the work on close languages (language_blind.tsv)
    assert result.intent.accuracy >= 0.87, result.intent.errors
    assert result.intent.macro_f1 >= 0.84
    assert result.polarity.accuracy >= 0.84, result.polarity.errors
    assert result.language.accuracy >= 0.93, result.language.confusions


def test_a_blind_set_in_the_shape_of_the_networks() -> None:
    """tests/data/blind_networks.tsv is the test half of 297 posts in 16 languages written blind
    on 2026-11-30 (before their writer read the model's code; see tests/data/README.md) in the
    shape of what the sources read: Reddit posts with a title-like first sentence, markdown and
    quoted replies, Hacker News comments (migrations, Show HN, bug reports with error messages,
    hiring posts), Mastodon posts (content warnings, CamelCase hashtags, @user@instance
    handles), RSS items, app-store reviews with their rating, replies and passing mentions;
    read as a routed mention. Its writer then made features v9 (a Mastodon handle is one
    handle) and v10 (a review's rating, bot/enrich/ratings.py) from its dev half's errors."""
    result = blind_set_scores(DATA / "blind_networks.tsv")
    assert result.intent.total == 142
    # measured 0.796 (macro-F1 0.798), polarity 0.803, language 0.993; before features v9 and
    # v10: 0.754 (0.749), 0.732, 0.993
    assert result.intent.accuracy >= 0.77, result.intent.errors
    assert result.intent.macro_f1 >= 0.77
    assert result.polarity.accuracy >= 0.77, result.polarity.errors
    assert result.language.accuracy >= 0.96, result.language.confusions


def test_a_blind_set_of_software_customers() -> None:
    """tests/data/blind_saas.tsv is the test half of 232 posts in 24 languages written blind
    on 2026-11-30 (before their writer read bot/enrich/; see tests/data/README.md) in the
    register of software, SaaS and developer-tool customers, the typical user of the bot:
    outage reports ("API returning 502 since 10:00 UTC"), status-page chatter, billing disputes,
    feature requests, migrations ("we moved from X to Y because..."), launches (Show HN),
    incident news, benchmarks, security disclosures, job posts, recruiter, crypto and SEO spam,
    sarcasm, posts carrying a stack trace or quoting another post, "down?"; read as a routed
    mention. Its writer then made features v11 (numbers that are words, bot/enrich/
    lexicon_software.py) from its dev half's errors."""
    result = blind_set_scores(DATA / "blind_saas.tsv")
    assert result.intent.total == 136
    # measured 0.794 (macro-F1 0.805), polarity 0.809 (macro-F1 0.819), language 0.934; before
    # features v11: 0.787 (0.799), 0.787 (0.793)
    assert result.intent.accuracy >= 0.77, result.intent.errors
    assert result.intent.macro_f1 >= 0.78
    assert result.polarity.accuracy >= 0.78, result.polarity.errors
    assert result.language.accuracy >= 0.90, result.language.confusions


def test_a_blind_set_of_churn_wishes_and_company_replies() -> None:
    """tests/data/blind_churn.tsv is the test half of 273 posts in 24 languages written blind
    on 2026-11-30 (before their writer read bot/enrich/; see tests/data/README.md) in the
    registers the other sets cover least: churn ("cancelled my X subscription", "switching to Y
    after 6 years"), feature wishes, outage questions ("is X down?", labelled complaints),
    incident news, comparisons, a company's own replies ("sorry to hear that, DM us"),
    giveaway spam, automated replies, mixed praise and complaint, irony; read as a routed
    mention. Its writer then made features v13 (bot/enrich/lexicon_frames.py, Hebrew word
    endings, Devanagari with Latin brand words) from its dev half's errors."""
    result = blind_set_scores(DATA / "blind_churn.tsv")
    assert result.intent.total == 137
    # measured 0.657 (macro-F1 0.649), polarity 0.752 (macro-F1 0.691), language 0.971 with
    # company replies read as such and features v15; 0.533 (0.556), 0.745 (0.685) with v13 and
    # v14; before features v13: 0.533 (0.555), 0.737 (0.676), language 0.956. The corpus has no
    # company replies and few wishes, churn posts or comparisons: the weakest set
    assert result.intent.accuracy >= 0.63, result.intent.errors
    assert result.intent.macro_f1 >= 0.62
    assert result.polarity.accuracy >= 0.73, result.polarity.errors
    assert result.language.accuracy >= 0.95, result.language.confusions


def test_a_blind_set_of_company_replies_comparisons_irony_and_cancellations() -> None:
    """tests/data/blind_replies.tsv is the test half of 226 posts in 30 languages written blind
    on 2026-12-01 (before their writer read bot/enrich/; see tests/data/README.md) in the
    registers the earlier sets found weakest: a company's own replies ("sorry to hear that,
    please DM us"), comparisons ("X is better than Y"), irony ("Great job 👏" after an outage,
    "great, another outage"), cancellations ("I'm cancelling my subscription"), and plain
    controls; read as a routed mention. Its writer then made the company-reply rule
    (lexicon.company_reply) and features v15 from its dev half's errors."""
    result = blind_set_scores(DATA / "blind_replies.tsv")
    assert result.intent.total == 107
    # measured 0.776 (macro-F1 0.712), polarity 0.766 (macro-F1 0.752), language 0.953; before
    # the company-reply rule and features v15: 0.617 (0.491), 0.710 (0.699), 0.953
    assert result.intent.accuracy >= 0.75, result.intent.errors
    assert result.intent.macro_f1 >= 0.68
    assert result.polarity.accuracy >= 0.74, result.polarity.errors
    assert result.language.accuracy >= 0.93, result.language.confusions


def test_a_blind_set_of_switching_cancelling_and_thanks_sarcasm() -> None:
    """tests/data/blind_mixed3.tsv is the test half of 231 posts in 32 languages written blind
    on 2026-12-01 (before their writer read bot/enrich/, the corpus or the other blind sets'
    rows; see tests/data/README.md), weighted to what the model misses: switching to a rival
    ("switched to X, so much better than Acme", a complaint about Acme), how to cancel (a
    question; an angry cancellation a complaint; cancelling and asking for another provider a
    lead), thanks-style sarcasm with no word of fault ("thanks Acme for the 3rd weekend in a row
    without internet"), praise then a complaint, neutral news, and plain controls; read as a
    routed mention. Its writer then made features v17 (thanks for a run of failures) from its
    dev half's errors."""
    result = blind_set_scores(DATA / "blind_mixed3.tsv")
    assert result.intent.total == 115
    # measured 0.713 (macro-F1 0.736), polarity 0.739 (macro-F1 0.694), language 0.948 with
    # features v17; before it: 0.670 (0.715), 0.678 (0.631), 0.948
    assert result.intent.accuracy >= 0.69, result.intent.errors
    assert result.intent.macro_f1 >= 0.71
    assert result.polarity.accuracy >= 0.71, result.polarity.errors
    assert result.language.accuracy >= 0.93, result.language.confusions


def test_a_blind_set_of_short_code_switched_and_hard_to_read_posts() -> None:
    """tests/data/blind_mixed4.tsv is the test half (alternate lines) of 240 posts in 38
    languages and emoji-only posts written blind on 2026-12-01 (before their writer read any
    code or data of the project but tests/data/README.md, labelled by its label definitions
    alone; see tests/data/README.md): posts of 3 to 6 words, emoji with a brand,
    code-switching (Hinglish, Taglish, Spanglish), Arabizi and other languages in Latin letters,
    slang and typos, negation ("not bad at all"), hedged posts, complaints phrased as
    questions, news and job posts, third-party complaints, comparisons, brands named only in a
    URL or a hashtag, spam; read as a routed mention. Its writer then wrote Urdu and Telugu
    entries and the fifteen languages' words of asking for a recommendation
    (bot/enrich/lexicon_gaps.py) from its dev half's errors."""
    result = blind_set_scores(DATA / "blind_mixed4.tsv")
    assert result.intent.total == 120
    # measured 0.833 (macro-F1 0.851), polarity 0.883 (macro-F1 0.865), language 0.923, before
    # and after bot/enrich/lexicon_gaps.py
    assert result.intent.accuracy >= 0.81, result.intent.errors
    assert result.intent.macro_f1 >= 0.83
    assert result.polarity.accuracy >= 0.86, result.polarity.errors
    assert result.language.accuracy >= 0.90, result.language.confusions


def test_a_blind_set_row_keeps_its_line_breaks(tmp_path: Path) -> None:
    """A long post's paragraphs and a code block's lines are written ``\\n`` in a blind set's
    one-line rows, and read back as line breaks, the way the post reached the bot."""
    f = tmp_path / "blind.tsv"
    f.write_text("# lang\tintent\tpolarity\tregister\ttext\n"
                 "en\tcomplaint\tneutral\tcode\tbroke: ```\\nTypeError: x\\n``` since 4.2\n",
                 encoding="utf-8")
    assert blind_rows(f) == [("en", "complaint", "neutral",
                              "broke: ```\nTypeError: x\n``` since 4.2")]


def test_a_blind_set_of_what_a_support_team_meets() -> None:
    """tests/data/blind_mixed5.tsv is the test half (alternate lines) of 240 posts in 39
    languages written blind on 2026-12-01 (before their writer read any code or data of the
    project but tests/data/README.md, labelled by its label definitions alone; see
    tests/data/README.md): follow-ups in a ticket's thread ("any update?", "still not fixed,
    day 4", "ok that worked thanks"), complaints with no negative word ("order placed March 2,
    it's April"), accessibility complaints, pricing and plan questions from prospective
    customers and procurement leads, praise with a request, posts mostly a URL or a code block,
    long multi-paragraph posts, questions about the company rather than its product (careers,
    press), mixed-language posts, and controls; read as a routed mention. Its writer then made
    features v19 to v22 (question marks of Arabic script and Greek, a ticket's thread,
    English "show", writing for the third time) from its dev half's errors."""
    result = blind_set_scores(DATA / "blind_mixed5.tsv")
    assert result.intent.total == 120
    # measured 0.892 (macro-F1 0.853), polarity 0.800 (macro-F1 0.808), language 0.942 with
    # features v22; before any change: 0.833 (0.800), 0.783 (0.794), 0.942
    assert result.intent.accuracy >= 0.86, result.intent.errors
    assert result.intent.macro_f1 >= 0.82
    assert result.polarity.accuracy >= 0.77, result.polarity.errors
    assert result.language.accuracy >= 0.92, result.language.confusions


def test_a_blind_set_of_calm_complaints_rhetorical_questions_and_peers() -> None:
    """tests/data/blind_mixed6.tsv is the test half (alternate lines) of 240 posts in 39
    languages and emoji written blind on 2026-12-01 (before their writer read any code or data
    of the project but tests/data/README.md, labelled by its label definitions alone; see
    tests/data/README.md), weighted to registers the earlier sets lack: calm, factual
    complaints with no negative word ("Ordered on 3 Nov. Today is 28 Nov."), complaints phrased
    as questions ("is anyone actually reading these?"), a rival's praise that is a complaint
    about the company, careers, press and investor questions, posts mostly a link or a code
    block, reviews with a rating, emoji, negated praise ("not bad at all"), threats to leave,
    customers helping each other, a company's announcements and status updates, hashtag
    campaigns, and controls; read as a routed mention. Its writer then made features v23 to
    v26 ("at all" between a negation and its word; Slovak, Croatian, Serbian and Bulgarian
    entries; Vietnamese "đừng"; asking whether anyone reads or answers) and read a company's
    incident updates and announcements as its own posts, from its dev half's errors."""
    result = blind_set_scores(DATA / "blind_mixed6.tsv")
    assert result.intent.total == 120
    # measured 0.800 (macro-F1 0.780), polarity 0.758 (macro-F1 0.777), language 0.915 with
    # features v28 and a customer's tip read as other (lexicon_tips); 0.792 (0.768), 0.750
    # (0.769) with v28 (both made from blind_mixed7's dev half, whose complaints phrased as
    # questions follow this set's scenario); 0.733 (0.731), 0.700 (0.729) with v26 and v27; 0.692
    # (0.707), 0.625 (0.668) with v25 and the company's own posts; 0.683 (0.694), 0.625 with
    # v24; before any change (and with v23): 0.675 (0.690), 0.617 (0.658), 0.915 (the dev
    # half, kept out of the repository: 0.683 (0.721), 0.633, 0.941; 0.783 (0.801), 0.717 with
    # v26)
    assert result.intent.accuracy >= 0.70, result.intent.errors
    assert result.intent.macro_f1 >= 0.70
    assert result.polarity.accuracy >= 0.67, result.polarity.errors
    assert result.language.accuracy >= 0.89, result.language.confusions


def test_a_blind_set_of_tips_threats_and_languages_with_no_entries() -> None:
    """tests/data/blind_mixed7.tsv is the test half (alternate lines) of 240 posts in 43
    languages written blind on 2026-12-01 (before their writer read any code or data of the
    project but tests/data/README.md, labelled by its label definitions alone; see
    tests/data/README.md), weighted to customers' tips to each other, complaints phrased as
    questions, calm date-based complaints, a rival's praise, threats to leave, sarcasm with
    words of praise, late complaints in long posts, replies quoting the company, code-switching
    (Hinglish, Roman Urdu, Taglish, Spanglish, Franglais, Arabizi) and fifteen languages with no
    lexicon entries before (Yoruba to Welsh), with controls; read as a routed mention. Its
    writer then made features v27 (those fifteen languages' entries, their words of someone
    reading, leaving for a rival), v28 (asking whether anyone reads is a word of feeling too)
    and read a customer's tip to others as other (bot/enrich/lexicon_tips.py) from its dev
    half's errors."""
    result = blind_set_scores(DATA / "blind_mixed7.tsv")
    assert result.intent.total == 120
    # measured 0.867 (macro-F1 0.899), polarity 0.825 (macro-F1 0.836) with features v28 and
    # the tips read as other, language 0.908 with Hinglish, Hausa, Zulu, Yoruba and Nepali words
    # (0.825 before, the dev half 0.817 -> 0.925); 0.775 (0.819), 0.800 (0.817) with v28; 0.742
    # (0.799), 0.750 (0.779) with v27; before any change (v26): 0.608 (0.718), 0.625 (0.660),
    # 0.825 (the dev half, kept out of the repository: 0.550 (0.573), 0.575, 0.817; 0.700
    # (0.696), 0.708 with v27; 0.767 (0.731), 0.783 with v28; 0.842 (0.811), 0.808 with tips)
    assert result.intent.accuracy >= 0.84, result.intent.errors
    assert result.intent.macro_f1 >= 0.87
    assert result.polarity.accuracy >= 0.80, result.polarity.errors
    assert result.language.accuracy >= 0.88, result.language.confusions


def test_a_blind_set_of_reviews_rage_voice_typing_and_small_languages() -> None:
    """tests/data/blind_mixed8.tsv is the test half (alternate lines) of 240 posts in 35
    languages written blind on 2026-12-01 (before their writer read any code or data of the
    project but tests/data/README.md and blind_mixed7.tsv's header line, labelled by its label
    definitions alone; see tests/data/README.md) about companies of sectors the earlier sets
    barely touch (an insurer, an energy utility, a car maker, a hotel chain, a game studio, a
    ride-hailing app, a university, a public e-services portal), weighted to app-store reviews
    with star counts, emoji-heavy posts, all-caps rage, voice-typed run-on text, praise with a
    complaint, leads, feature wishes, outage reports by bystanders, job and news posts, and to
    twenty-two languages with few rows so far (Finnish to Punjabi, one template each); read as
    a routed mention. Its writer then made features v29 (entries for ten of those languages,
    the Slavic languages' "but" and wishes; bot/enrich/lexicon_ten.py) from its dev half's
    errors."""
    result = blind_set_scores(DATA / "blind_mixed8.tsv")
    assert result.intent.total == 120
    # measured 0.900 (macro-F1 0.883), polarity 0.900 (macro-F1 0.905) with features v29 and
    # v30, language 0.808 with Azerbaijani's ə, Uzbek's and Malay's words (0.800) and Serbian's
    # and Mongolian's Cyrillic words (0.775 before);
    # before any change (features v28): 0.833 (0.840), 0.842 (0.859), 0.775 (the dev half,
    # kept out of the repository: 0.825 (0.822), 0.850 (0.853), 0.800; 0.933 (0.956), 0.917
    # (0.923) with v30, language 0.900)
    assert result.intent.accuracy >= 0.87, result.intent.errors
    assert result.intent.macro_f1 >= 0.85
    assert result.polarity.accuracy >= 0.87, result.polarity.errors
    assert result.language.accuracy >= 0.79, result.language.confusions


def test_a_blind_set_of_informal_and_slang_writing_in_the_big_languages() -> None:
    """tests/data/blind_mixed9.tsv is the test half (alternate lines) of 240 posts in 26
    languages and emoji-only posts written blind on 2026-12-01 (before their writer read any
    code or data of the project but tests/data/README.md and blind_mixed8.tsv's header line,
    labelled by its label definitions alone; see tests/data/README.md) in informal writing as
    people type it: Brazilian Portuguese "vc", "pq", "kkkk", Spanish "q", "neta", French "jsp",
    "mdr", Indonesian "gak", "bgt", "wkwk", Vietnamese without its marks, Turkish without its
    dotless i, Russian "ппц", "спс", Arabic dialects, Hindi in both scripts, Taglish, Sheng,
    Nigerian Pidgin, Thai "555", Korean "ㅋㅋ", Japanese "草", Chinese "yyds", "无语", English
    gen-z slang ("ate", "mid", "lowkey slaps", "W"), with sarcasm, questions without a question
    mark, leads, spam, news, tips and "same"/"+1" replies; read as a routed mention. Its
    writer then made features v34 (slang entries, bot/enrich/lexicon_slang.py; Chinese "666")
    from its dev half's errors."""
    result = blind_set_scores(DATA / "blind_mixed9.tsv")
    assert result.intent.total == 120
    # measured 0.900 (macro-F1 0.862), polarity 0.975 (macro-F1 0.975) with features v35 (an
    # emoji after a negation not turned); 0.883 (0.854), 0.967 (0.966) with v34;
    # before any change (features v33): 0.750 (0.760), 0.808 (0.807), language 0.881 (the dev
    # half, kept out of the repository: 0.692 (0.711), 0.817 (0.820), 0.881; 0.867 (0.849),
    # 0.917 (0.919) with v34, language 0.932 with Vietnamese without marks, Indonesian chat,
    # Hinglish and Persian words; the test half's language the same; 0.867, 0.925 with v35;
    # the test half 0.892 (0.859), 0.975 with v36, the entries of v34 that were ordinary words
    # of a neighbour narrowed; 0.892 (0.859), 0.983 with v37, v36's collisions narrowed)
    assert result.intent.accuracy >= 0.85, result.intent.errors
    assert result.intent.macro_f1 >= 0.82
    assert result.polarity.accuracy >= 0.93, result.polarity.errors
    assert result.language.accuracy >= 0.85, result.language.confusions


def test_a_blind_set_of_long_and_noisy_posts_as_the_networks_carry_them() -> None:
    """tests/data/blind_mixed10.tsv is the test half (alternate lines) of 200 posts in 25
    languages written blind on 2026-12-02 (before their writer read any code or data of the
    project but tests/data/README.md and blind_mixed9.tsv's header line, labelled by its label
    definitions alone; see tests/data/README.md): long posts (Reddit self-posts and comments,
    Hacker News comments, Mastodon posts near 500 characters, RSS titles with their summary and
    HTML entities) whose intent is not in the first sentence (a story then a question, praise
    then the complaint that matters, a complaint then "update: fixed, thanks support", a
    quoted complaint answered in disagreement), with links, handles, hashtags, markdown,
    "edit:", "tl;dr", emoji runs, capitals and code-switching; read as a routed mention."""
    result = blind_set_scores(DATA / "blind_mixed10.tsv")
    assert result.intent.total == 100
    # measured 0.790 (macro-F1 0.778), polarity 0.880 (macro-F1 0.880) with features v40 (a
    # long post's last sentence asks without its mark); 0.780 (0.767), 0.870 (0.870) with v39
    # (an author's later word: after "edit:", "update:", "tl;dr", and the answer after a quote);
    # before any change (features v38): 0.760 (macro-F1 0.756), polarity 0.860 (macro-F1
    # 0.860), language 0.980 (the dev half, kept out of the repository: 0.710 (0.724), 0.750
    # (0.752), 0.960; 0.740 (0.742), 0.750 with v39; 0.760 (0.761), 0.770 with v40; 0.790
    # (0.778), 0.770 with v41, Arabic "بس" at a clause's end and three languages' faults;
    # 0.800 (0.782), 0.780 with v42, a label before what is asked; the test half the same;
    # v43, a review's narrowing of v39 and v41, and v44, v40's question words half as sure:
    # the test half the same, the dev half not read)
    assert result.intent.accuracy >= 0.77, result.intent.errors
    assert result.intent.macro_f1 >= 0.75
    assert result.polarity.accuracy >= 0.86, result.polarity.errors
    assert result.language.accuracy >= 0.96, result.language.confusions


def test_a_blind_set_of_short_replies_and_conversation_in_threads() -> None:
    """tests/data/blind_mixed11.tsv is the test half (alternate lines) of 200 posts in 30
    languages written blind on 2026-12-02 (before their writer read any code or data of the
    project but tests/data/README.md and blind_mixed10.tsv's header line, labelled by its label
    definitions alone; see tests/data/README.md): short replies that only make sense in a
    thread ("same here", "+1", "still broken for me", "that fixed it, thanks!", "any update",
    "@acme ??"), replies to the company's own post ("love the new logo", "bring back the old
    one"), email-style support replies quoted into posts, questions without a question mark,
    sarcasm with emoji, negated praise beside a failure, rhetorical questions that complain and
    status chatter ("läuft wieder", "valeu", "works now"); read as a routed mention."""
    result = blind_set_scores(DATA / "blind_mixed11.tsv")
    assert result.intent.total == 100
    # measured 0.790 (macro-F1 0.538), polarity 0.690 (macro-F1 0.655) with features v46 (a
    # short reply asking for news without its mark); 0.770 (0.501) with v45 (a thing
    # working again, a device that will not start, the old design back, Swahili "ila"; bare
    # status chatter read as other); before any change (features v44): 0.700 (macro-F1
    # 0.408), polarity 0.660 (macro-F1 0.623), language 0.900 (the dev half, kept out of the
    # repository: 0.790 (0.680), 0.750 (0.738), 0.950; 0.890 (0.846), 0.850 with v45; 0.940
    # (0.942), 0.870 with v46; 0.950 (0.949) with v47, Italian "che bello", the test half the
    # same; with v48, a review's narrowing of v45 to v47 from its own probes, the test half the
    # same, the dev half not read)
    assert result.intent.accuracy >= 0.77, result.intent.errors
    assert result.intent.macro_f1 >= 0.51
    assert result.polarity.accuracy >= 0.67, result.polarity.errors
    assert result.language.accuracy >= 0.88, result.language.confusions


def test_a_blind_set_of_code_switched_transliterated_and_sector_shifted_posts() -> None:
    """tests/data/blind_mixed12.tsv is the test half (alternate lines) of 200 posts in 25
    languages written blind on 2026-12-02 (before their writer read any code or data of the
    project but tests/data/README.md and blind_mixed11.tsv's header line, labelled by its label
    definitions alone; see tests/data/README.md): code-switching as customers write it
    (Singlish, Hinglish, Taglish, Spanglish, Arabizi, Manglish, Sheng, German with English,
    Maghreb French with Arabic, Indonesian with English), Russian, Greek, Urdu and Bengali in
    Latin letters, about banks and payments, an airline, a telco, an energy utility, an
    insurer, a health portal, public transport, a gaming platform and food delivery: refunds,
    chargebacks, delays, outages, billing shock, account locks, praise for a named agent,
    wishes and news; read as a routed mention."""
    result = blind_set_scores(DATA / "blind_mixed12.tsv")
    assert result.intent.total == 100
    # measured 0.930 (macro-F1 0.930), polarity 0.930 (macro-F1 0.930) with features v49
    # (Russian, greeklish, Arabizi and Bengali in Latin letters, billing shock); before any
    # change (features v48): intent accuracy 0.890 (macro-F1 0.895), polarity 0.890 (macro-F1
    # 0.900), language 0.830 (the dev half, kept out of the repository: 0.850 (0.856), 0.820
    # (0.824), 0.780; 0.940 (0.933), 0.930 (0.932) with v49); language 0.870 (the dev half
    # 0.840) with greeklish and more Russian translit words in the detector; the same with v50
    # (a review's narrowing of v49) and the detector's words counted once
    assert result.intent.accuracy >= 0.91, result.intent.errors
    assert result.intent.macro_f1 >= 0.91
    assert result.polarity.accuracy >= 0.91, result.polarity.errors
    assert result.language.accuracy >= 0.85, result.language.confusions


def test_a_blind_set_of_indirect_hedged_and_long_posts() -> None:
    """tests/data/blind_mixed13.tsv is the test half (alternate lines) of 200 posts in 32
    languages written blind on 2026-12-02 (before their writer read any code or data of the
    project but tests/data/README.md and blind_mixed12.tsv's header line, labelled by its label
    definitions alone; see tests/data/README.md): posts that do not say it plainly: hedged
    wishes ("would be nice if", "I wish": other), "not sure if it's just me but" and polite
    requests that carry a complaint, irony without emoji ("franchement chapeau", "innovation at
    its finest"), rhetorical questions, long posts with the complaint after the praise or the
    question after the story, comparisons with a rival, quoted complaints, news, job and stock
    posts; Arabizi, Banglish, Hinglish, Roman Urdu, Spanglish, Taglish and Manglish among
    them; read as a routed mention."""
    result = blind_set_scores(DATA / "blind_mixed13.tsv")
    assert result.intent.total == 100
    # measured 0.490 (macro-F1 0.369), polarity 0.530 (macro-F1 0.483) with features v51 to
    # v54 and the plain-wish rule (questions that ask nothing, a request's courtesy, plain
    # wishes, no apology); before any change (features v50): intent accuracy 0.480 (macro-F1 0.363),
    # polarity 0.500 (macro-F1 0.461), language 0.940 (the dev half, kept out of the
    # repository: 0.560 (0.613), 0.500 (0.472), 0.920; 0.750 (0.721), 0.640 after)
    assert result.intent.accuracy >= 0.47, result.intent.errors
    assert result.intent.macro_f1 >= 0.35
    assert result.polarity.accuracy >= 0.51, result.polarity.errors
    assert result.language.accuracy >= 0.92, result.language.confusions


def test_a_blind_set_of_romanised_unaccented_and_hurried_posts() -> None:
    """tests/data/blind_mixed14.tsv is the test half (alternate lines) of 200 posts in 24
    languages written blind on 2026-12-02 (before their writer read any code or data of the
    project but tests/data/README.md and blind_mixed13.tsv's header line, labelled by its label
    definitions alone; see tests/data/README.md): posts as people type them on phones: Arabizi
    with 3, 7 and 2 for letters, Banglish, Greeklish, Persian Finglish, Hinglish, Roman Urdu,
    Manglish, Taglish, Russian, Thai, Japanese romaji and pinyin without tones (each labelled
    by its language, not "en"), French, Spanish, Portuguese, German, Italian, Polish, Turkish
    and Vietnamese without their accents, text-speak ("pls", "thx", "smh", "mdr", "jajaja",
    "kkkk", "555", "www", "ㅋㅋ"), repeated letters, ALL CAPS, irony without emoji and praise
    then a fault without "but", about a ferry line, bike sharing, a trading app, flat rentals,
    a florist, car repair, dentists, vets and cinemas; read as a routed mention."""
    result = blind_set_scores(DATA / "blind_mixed14.tsv")
    assert result.intent.total == 100
    # before any change (features v61): intent accuracy 0.690 (macro-F1 0.662), polarity
    # 0.770 (macro-F1 0.788), language 0.650 (the dev half, kept out of the repository: 0.830
    # (0.799), 0.810 (0.817), 0.620); language 0.810 (the dev half 0.760) with the detector's
    # Arabizi digits and its Bengali, Persian, Urdu, romaji, pinyin and Thai words; the same
    # with features v62 (French "dont", "déteste"); with v63 (verdicts and thanks typed in
    # Latin letters): intent 0.760 (macro-F1 0.707), polarity 0.830 (macro-F1 0.848) (the dev
    # half 0.860 (0.826), 0.870 (0.879))
    assert result.intent.accuracy >= 0.74, result.intent.errors
    assert result.intent.macro_f1 >= 0.69
    assert result.polarity.accuracy >= 0.81, result.polarity.errors
    assert result.language.accuracy >= 0.79, result.language.confusions


def test_a_blind_set_of_what_a_listening_tool_reads_every_day() -> None:
    """tests/data/blind_mixed15.tsv is the test half (alternate lines) of 240 posts in 21
    languages written blind on 2026-12-05 (before their writer read any code or data of the
    project but tests/data/README.md and blind_mixed14.tsv's header line, labelled by its label
    definitions alone; see tests/data/README.md): a natural mix rather than hard cases, a third
    of it `other` (neutral business news, launches, job posts, passing mentions, a company's
    announcements, customers' tips), a quarter complaints, the rest questions, praise, leads and
    spam, 40% English, about a coffee chain, a supermarket, a carrier, a bank, an airline, a
    streaming service, a parcel carrier, food delivery, fashion, cars, games and a SaaS tool;
    read as a routed mention."""
    result = blind_set_scores(DATA / "blind_mixed15.tsv")
    assert result.intent.total == 120
    # before any change (features v63 and later, 2026-12-05): intent accuracy 0.808 (macro-F1
    # 0.846), polarity 0.825 (macro-F1 0.816), language 0.983 (the dev half, kept out of the
    # repository: 0.875 (0.900), 0.850 (0.852), 0.983); the same after a coffee or a lunch
    # in passing was read as other/neutral (lexicon_errand; the dev half 0.900 (0.917), 0.892)
    # and with a company's move told as news read so (lexicon_arrival: none of its posts;
    # the dev half 0.908 (0.923), 0.917)
    assert result.intent.accuracy >= 0.79, result.intent.errors
    assert result.intent.macro_f1 >= 0.82
    assert result.polarity.accuracy >= 0.80, result.polarity.errors
    assert result.language.accuracy >= 0.96, result.language.confusions

def test_a_second_natural_blind_set_mostly_in_other_languages() -> None:
    """tests/data/blind_mixed16.tsv is the test half (alternate lines) of 240 posts in 18
    languages written blind on 2026-12-05 by another writer under the same rules as
    blind_mixed15.tsv (it read tests/data/README.md and blind_mixed14.tsv's header line only):
    the same natural mix, 21% English, about a bus and train operator, a pharmacy chain, an
    electricity supplier, a mobile wallet, an insurer, a furniture store, cinemas, ride-hailing,
    gyms, hotel booking, a telecom and sneakers; read as a routed mention."""
    result = blind_set_scores(DATA / "blind_mixed16.tsv")
    assert result.intent.total == 120
    # before any change (2026-12-05, with the passing-errand rule): intent accuracy 0.858
    # (macro-F1 0.879), polarity 0.808 (macro-F1 0.803), language 0.975 (the dev half, kept
    # out of the repository: 0.875 (0.890), 0.875 (0.860), 0.975); the same with
    # sarcastic_fault (praise of a failure with sarcasm, no fix and no negation, a complaint)
    # and polarity 0.817 (macro-F1 0.806) with a company's move told as news read as
    # other/neutral (lexicon_arrival: 3 of its posts, one moved; the dev half 0.892, 0.883)
    assert result.intent.accuracy >= 0.84, result.intent.errors
    assert result.intent.macro_f1 >= 0.86
    assert result.polarity.accuracy >= 0.79, result.polarity.errors
    assert result.language.accuracy >= 0.95, result.language.confusions

def test_a_third_natural_blind_set_written_after_the_news_rule() -> None:
    """tests/data/blind_mixed17.tsv is the test half (alternate lines) of 240 posts in 27
    languages written blind on 2026-12-05 by a third writer under the same rules as
    blind_mixed15.tsv (it read tests/data/README.md and blind_mixed16.tsv's header line only):
    the same natural mix, 30% English, about car sharing, a bakery chain, an ISP, a budget
    airline, a bookshop chain, an e-bike maker, pet-food delivery, a neobank, concert tickets, a
    DIY store and a language-learning app; written after lexicon_arrival (a company's move told
    as news) and never used to choose anything; read as a routed mention."""
    result = blind_set_scores(DATA / "blind_mixed17.tsv")
    assert result.intent.total == 120
    # first reading (2026-12-05, 6db2cda): intent accuracy 0.850 (macro-F1 0.870), polarity
    # 0.875 (macro-F1 0.854), language 0.958 (the dev half, kept out of the repository: 0.933
    # (0.943), 0.875 (0.886), 1.000); without lexicon_arrival (28da4c2) the same (the rule
    # takes 3 of its posts, right either way; the dev half's polarity 0.858: 2 posts)
    assert result.intent.accuracy >= 0.83, result.intent.errors
    assert result.intent.macro_f1 >= 0.85
    assert result.polarity.accuracy >= 0.85, result.polarity.errors
    assert result.language.accuracy >= 0.94, result.language.confusions


def test_a_fourth_natural_blind_set() -> None:
    """tests/data/blind_mixed18.tsv is the test half (alternate lines) of 240 posts in 30
    languages written blind on 2026-12-05 by a fourth writer under the same rules as
    blind_mixed15.tsv (it read tests/data/README.md and blind_mixed17.tsv's header line only):
    the same natural mix, 30% English, about a ferry operator, a mattress brand, a pizza chain,
    a smartwatch maker, car rental, a coworking chain, an online-course platform, a water
    utility, parcel lockers, a dating app, a cosmetics brand and a password manager; read as a
    routed mention."""
    result = blind_set_scores(DATA / "blind_mixed18.tsv")
    assert result.intent.total == 120
    # first reading (2026-12-05, 81f6142): intent accuracy 0.858 (macro-F1 0.891), polarity
    # 0.842 (macro-F1 0.834), language 0.967 (the dev half, kept out of the repository: 0.867,
    # 0.925, 0.975); with lexicon_arrival.LAUNCHES and lexicon_again (both from the dev half)
    # the same (the dev half 0.892, 0.933)
    assert result.intent.accuracy >= 0.84, result.intent.errors
    assert result.intent.macro_f1 >= 0.87
    assert result.polarity.accuracy >= 0.82, result.polarity.errors
    assert result.language.accuracy >= 0.95, result.language.confusions

def test_a_fifth_natural_blind_set() -> None:
    """tests/data/blind_mixed19.tsv is the test half (alternate lines) of 240 posts in 30
    languages written blind on 2026-12-05 by a fifth writer (it read the corpus README's
    labelling guidelines and blind_mixed18.tsv's header line only): the same natural mix, 30%
    English, about sectors the earlier sets did not use (e-bikes, home solar, pet food, a game
    studio, furniture, ticketing, security cameras, web hosting, refurbished electronics,
    hotels, running shoes, EV charging); read as a routed mention."""
    result = blind_set_scores(DATA / "blind_mixed19.tsv")
    assert result.intent.total == 120
    # first reading (2026-12-05, 099a9de): intent accuracy 0.742 (macro-F1 0.729), polarity
    # 0.792 (macro-F1 0.773), language 0.967 (the dev half, kept out of the repository: 0.875,
    # 0.792, 0.975); the same with lexicon_arrival's openings in more languages (from the dev
    # half: its polarity 0.817)
    assert result.intent.accuracy >= 0.72, result.intent.errors
    assert result.intent.macro_f1 >= 0.70
    assert result.polarity.accuracy >= 0.77, result.polarity.errors
    assert result.language.accuracy >= 0.95, result.language.confusions


def test_a_reviewers_probes_of_words_a_neighbour_writes_too() -> None:
    """tests/data/probe_neighbours.tsv: 309 everyday posts in 22 languages written on
    2026-12-01 by a reviewer of that day's language rules and lexicon entries (commits e98620a
    to b320e44), using the words those commits added as the neighbour languages use them
    (Spanish "dos", Italian "pero", Portuguese "comprá-los", Hindi "भारी बारिश", Indonesian
    "ni"), and 136 by another reviewer the same day for the collisions the first left (Croatian
    "se ne otvara", Turkish "mümkündür", Italian "nega", Slovenian "najbolj", Hindi
    "मस्तिष्क"); and 385 by a third reviewer the same day for the slang entries of features v34,
    the detector's words of Vietnamese without marks, Indonesian chat, Hinglish and Persian, and
    v35's emoji after a negation (Swahili "na watu", Hebrew "הפסקת אש", Bengali "জটিল", French
    "valide", Portuguese "no lixo"); and 91 by a fourth the same day for the collisions left in
    v36 (Italian "spettacolo", Swahili "bomba", Malay "anjir", Chinese "人好多了"); and 178 by
    a fifth on 2026-12-02 for features v39 to v42 (release notes' "Update:", a complaint's
    "Edit: typo", Arabic "بس...", "patah hati", quiz and spam "Question:"); and 210 by a
    sixth on 2026-12-02 for features v45 to v47 (Turkish "3 ila 5 gün", "not working again",
    "the show won't start until 8", "they brought back the old menu!", "Update on my garden:",
    Portuguese "passar pano", sarcastic "che bello"); and 181 by a seventh on 2026-12-02 for
    features v49 and the greeklish language rule (Czech "pozor", Arabic "كود الخصم", Malay "apa
    ni?", Polish "tani", Swahili "wamekata bei", sincere "prosto mechta", English "Kyrie" and
    "kalimera", Hinglish "tha" twice); labelled before anything was run, read as a routed
    mention. A guard against collisions, not an estimate of accuracy (see
    tests/data/README.md)."""
    result = blind_set_scores(DATA / "probe_neighbours.tsv")
    assert result.intent.total == 1490
    # the first 309, measured before those commits (140fac2): language 243, intent 233,
    # polarity 230; after them 251, 255, 260; with the words both of a pair write left out of
    # language.py's pair rules, Indonesian's "ni" out of Malay's: language 260 (0.841); with
    # features v33: intent 258, polarity 261. All 445 with v32: language 363, intent 333,
    # polarity 363; with v33: 368 (0.827), 355 (0.798), 370 (0.831). The last 385 before
    # features v34 (ee5deb2): language 340, intent 296, polarity 289; with v34, the detector's
    # words and v35: 348, 304, 293; with v36 (those entries narrowed): 348, 321, 311 (the
    # first 445 then: 368, 358, 370). All 830 with v36: language 716 (0.863), intent 679
    # (0.818), polarity 681 (0.820); with v37 (v36's collisions narrowed): 716, 682, 682. The
    # last 91 with v36: 82, 64, 58; with v37: 82, 71, 76. All 921 with v37: language 798
    # (0.866), intent 753 (0.818), polarity 758 (0.823); with v38 (Croatian "ali" after a
    # comma): 798, 754 (0.819), 758. The last 178 with v38 and with v42: language 173, intent
    # 125, polarity 127; with v43 (v39 and v41 narrowed): 173, 133, 133. All 1099 with v43:
    # language 971 (0.884), intent 887 (0.807), polarity 891 (0.811); with v44 (v40's question
    # words half as sure): 971, 887, 893 (0.813), the last 178: 173, 133, 135; the first 1099
    # with v47: 971, 886, 894. The last 210 at 369201c (v44): intent 138, polarity 146; with
    # v47: 149, 157; with v48 (v45 to v47 narrowed from them): language 203, intent 161,
    # polarity 163. All 1309 with v48: language 1174 (0.897), intent 1047 (0.800), polarity
    # 1057 (0.807); with v49: 1174, 1047, 1059. The last 181 at bd2bd70 (v48): language 120,
    # intent 107, polarity 112; with v49 and the greeklish rule: 123, 129, 136. All 1490 with
    # v49: language 1297 (0.870), intent 1176 (0.789), polarity 1195 (0.802). With the
    # detector's words counted once (b1a16ac) and v50 (v49 narrowed from the last 181): the
    # last 181: 135, 135, 145; all 1490: 1309 (0.879), 1182 (0.793), 1204 (0.808)
    assert result.language.accuracy >= 0.84, result.language.confusions
    assert result.intent.accuracy >= 0.78, result.intent.errors
    assert result.polarity.accuracy >= 0.80, result.polarity.errors
