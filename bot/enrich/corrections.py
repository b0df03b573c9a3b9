"""Corrections: a team relabels a post, and the deployment learns from it.

``Correction`` (``bot.core.models``) is the record: who changed which label of which post,
when. ``learn`` turns
the shipped model plus a deployment's corrections into an adjusted model, and
``precision_recall`` measures a model on corrected posts (``socialops model eval``).

Method: online logistic-regression steps on each corrected post, replayed in order at start-up
(a few hundred microseconds each). For one post, the step moves the weights of the post's
specific character grams and words (those in at most 1 % of the training posts, or never seen
in training) towards the corrected label, repeated until the model gives that
label with at least ``TARGET`` probability (at most ``MAX_STEPS`` steps). The changes are a
delta on top of the shipped table, so the shipped weights stay as trained and a deployment
can drop its corrections at any time.

Why this and not retraining or a nearest-neighbour override: retraining needs the corpus and
scikit-learn at run time; an override only catches near-identical posts. A step on the post's
grams changes the next prediction for posts that share most of them (the same complaint from
another customer, the same spam template), and little else: the shared cue features (question
mark, links, concept words) and the bias are left alone, so one correction cannot turn every
question into a lead. The measured cost on the held-out split is in the tests.

Corrections against the company-reply rule: ``TextModel.predict`` reads a post with a phrase
a company writes to a customer as ``other``/not negative (``model.as_company_reply``) after
the model has spoken, so a step on the weights cannot reach such a post, and often there is
no step to make (the model already read the customer's "'sorry to hear that, DM us' is all
Acme ever says" as a complaint; the rule made it ``other``). When a team relabels a post the
rule takes against it (an intent other than ``other``, or ``negative``), the team has said
the post is not a company's reply: the adjusted model records the post's specific grams (an
``Exemption``, in memory like the delta) and does not apply the rule to that post nor to a
post whose specific grams are nearly the same (cosine at least ``model.NEAR``: the same
complaint with another brand, order number or handle), which the model then reads as it
does any other post. A later correction of the same post that agrees with the rule lifts the
exemption. Rejected: skipping the rule wherever the delta touches a post (there is no delta
when the model was already right, and a delta touches many posts a little, company replies
with the same formula too), and skipping it when the adjusted model is confident (the model
reads a company's apology as a confident complaint: that is why the rule exists). A real
company reply with the same formula shares only the formula's grams with a customer's post
quoting it (cosine 0.34 to 0.61 for four replies measured against such a post, 0.87 to
0.92 for its near-identical variants), so it stays ``other``; a deployment with no
such correction applies the rule to every post it takes, as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.core.models import INTENTS, Correction
from bot.core.models import LabelField as Field
from bot.enrich.features import prepare
from bot.enrich.lexicon import awaited_wish, plain_wish, told_plainly
from bot.enrich.lexicon_again import again_as_praise
from bot.enrich.model import (
    N_INTENTS,
    POLARITIES,
    Exemption,
    Floats,
    TextModel,
    encode,
    rule_takes,
    sarcastic_fault,
)

TARGET = 0.9
MAX_STEPS = 40
RATE = 1.0


def _vader(text: str, language: str | None) -> float | None:
    if language != "en":
        return None
    from bot.enrich.sentiment import vader_compound

    return vader_compound(text)


def _columns(field: Field) -> slice:
    return slice(0, N_INTENTS) if field == "intent" else slice(N_INTENTS, None)


def _softmax(z: Floats) -> Floats:
    e = np.exp(z - z.max())
    out: Floats = (e / e.sum()).astype(np.float32)
    return out


def against_the_rule(correction: Correction) -> bool:
    """Whether the corrected label is one ``model.as_company_reply`` cannot give, or for a
    plain wish (``lexicon.plain_wish``), an errand told in passing or a company's move told as
    news (``lexicon.told_plainly``) one ``model.as_plain_wish`` cannot give, or for a wish for
    the company's answer (``lexicon.awaited_wish``) one ``model.as_awaited_wish`` cannot."""
    text = prepare(correction.text).text
    waiting = awaited_wish(text)
    if waiting is not None:
        if correction.field == "intent":
            return correction.new != waiting
        return correction.new != ("negative" if waiting == "complaint" else "neutral")
    if correction.field == "intent":
        return correction.new != "other"
    if plain_wish(text) or told_plainly(text):
        return correction.new != "neutral"
    return correction.new == "negative"


def learn(model: TextModel, corrections: Iterable[Correction], *, target: float = TARGET,
          max_steps: int = MAX_STEPS, rate: float = RATE) -> TextModel:
    """``model`` adjusted by ``corrections``, applied in order (see the module docstring)."""
    delta: dict[int, Floats] = defaultdict(lambda: np.zeros(model.bias.shape, np.float32))
    exemptions = dict(model.exemptions)
    applied = 0
    for correction in corrections:
        encoded = encode(correction.text, vader=_vader(correction.text, correction.language))
        # the post's specific grams only: not the shared cues, and not grams that most posts
        # have (" th", "?", "does"), which would carry the change to every post
        features, values = model.specific(encoded)
        key = (correction.text, correction.field)
        length = float(np.linalg.norm(values))
        prepared = prepare(correction.text)
        if length and ((against_the_rule(correction)
                        and (rule_takes(prepared) or told_plainly(prepared.text)))
                       or (sarcastic_fault(prepared.text)
                           and correction.new != ("complaint" if correction.field == "intent"
                                                  else "negative"))
                       or (again_as_praise(prepared.text)  # lexicon_again: praise
                           and correction.new != ("praise" if correction.field == "intent"
                                                  else "positive"))):
            exemptions[key] = Exemption(features, (values / length).astype(np.float32))
        else:
            exemptions.pop(key, None)
        post = _Post(model.scores(encoded), features, values)
        post.step(delta, correction.field, correction.new, target=target, max_steps=max_steps,
                  rate=rate)
        if (correction.field == "intent" and correction.new == "praise"
                and post.label(delta, "polarity") == "negative"):
            # praise is positive (the corpus's guidelines): a post the team calls praise
            # that the polarity head reads negative would be read a complaint again
            # (``model.praise_read_negative``)
            post.step(delta, "polarity", "positive", target=target, max_steps=max_steps,
                      rate=rate)
        applied += 1
    return (model.with_delta(dict(delta), meta={"corrections": applied})
            .with_exemptions(exemptions))


@dataclass(frozen=True)
class _Post:
    """A corrected post as ``learn`` steps it: its scores without the delta, and its specific
    grams (sorted features and their values)."""

    base: Floats
    features: npt.NDArray[np.int64]
    values: Floats

    def _change(self, delta: Mapping[int, Floats], cols: slice) -> Floats:
        """What ``delta`` adds to the post's scores in ``cols``."""
        if not len(self.features):
            return np.zeros(self.base[cols].shape, dtype=np.float32)
        out: Floats = self.values @ np.stack([delta[int(f)][cols] for f in self.features])
        return out

    def label(self, delta: Mapping[int, Floats], field: Field) -> str:
        """The label the head of ``field`` gives the post with ``delta``."""
        cols = _columns(field)
        best = int(np.argmax(self.base[cols] + self._change(delta, cols)))
        return (INTENTS if field == "intent" else POLARITIES)[best]

    def step(self, delta: dict[int, Floats], field: Field, label: str, *, target: float,
             max_steps: int, rate: float) -> None:
        """Online logistic-regression steps on the post's grams, added to ``delta``, until
        the head of ``field`` gives ``label`` with at least ``target`` probability (at most
        ``max_steps``)."""
        cols = _columns(field)
        wanted = (INTENTS if field == "intent" else POLARITIES).index(label)
        change = self._change(delta, cols)
        norm = float(self.values @ self.values) or 1.0
        for _ in range(max_steps):
            p = _softmax(self.base[cols] + change)
            if int(p.argmax()) == wanted and p[wanted] >= target:
                break
            gradient = -p
            gradient[wanted] += 1.0
            # each feature moves by rate * value * gradient; the scores move by that times
            # the squared norm of the values
            for f, v in zip(self.features.tolist(), self.values.tolist(), strict=True):
                delta[f][cols] += rate * v * gradient
            change = change + rate * norm * gradient


@dataclass(frozen=True)
class LabelScores:
    precision: float
    recall: float
    support: int  # corrected posts whose corrected label is this one
    predicted: int  # corrected posts the model gives this label


@dataclass(frozen=True)
class FieldScores:
    field: Field
    total: int
    correct: int
    labels: Mapping[str, LabelScores]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def precision_recall(corrections: Sequence[Correction],
                     model: TextModel) -> dict[Field, FieldScores]:
    """How ``model`` does on corrected posts, taking each post's corrected label as the
    truth; the latest correction of a post and field wins."""
    latest: dict[tuple[str, Field], Correction] = {}
    for c in sorted(corrections, key=lambda c: c.at):
        latest[(c.text, c.field)] = c
    out: dict[Field, FieldScores] = {}
    fields: tuple[Field, ...] = ("intent", "polarity")
    for field in fields:
        items = [c for (_, f), c in latest.items() if f == field]
        labels = INTENTS if field == "intent" else POLARITIES
        tp: dict[str, int] = defaultdict(int)
        predicted: dict[str, int] = defaultdict(int)
        support: dict[str, int] = defaultdict(int)
        for c in items:
            prediction = model.predict(c.text, vader=_vader(c.text, c.language))
            got = prediction.intent if field == "intent" else prediction.polarity
            predicted[got] += 1
            support[c.new] += 1
            tp[c.new] += got == c.new
        scores: dict[str, LabelScores] = {
            label: LabelScores(tp[label] / predicted[label] if predicted[label] else 0.0,
                               tp[label] / support[label] if support[label] else 0.0,
                               support[label], predicted[label])
            for label in labels}
        out[field] = FieldScores(field, len(items), sum(tp.values()), scores)
    return out
