"""Metric definitions on hand-made documents."""

import json

import pytest
from quotewire_eval.io import InputError, read_jsonl
from quotewire_eval.metrics import (
    canonical_right,
    jaccard,
    norm,
    precision_at_confidence,
    score_corpus,
    speaker_lenient,
    suffix_match,
    trim_span,
)

TEXT = 'Title\n\n"We will win," said Dmitry Peskov. He said the report was false.\n'


def st(content, speaker, canonical, stype="person", typ="direct", conf=0.9):
    s = TEXT.index(content)
    sp = TEXT.index(speaker) if speaker in TEXT else None
    return {
        "content": content,
        "content_span": [s, s + len(content)],
        "speaker": speaker,
        "speaker_span": [sp, sp + len(speaker)] if sp is not None else None,
        "speaker_canonical": canonical,
        "speaker_type": stype,
        "cue": "said",
        "type": typ,
        "confidence": conf,
    }


GOLD = [
    st("We will win,", "Dmitry Peskov", "Dmitry Peskov"),
    st("the report was false", "He", "Dmitry Peskov", typ="indirect"),
]


def doc(pred):
    return [{"doc_id": "x", "text": TEXT, "statements": GOLD}], {"x": pred}


def test_perfect_prediction_scores_one():
    s = score_corpus(*doc(GOLD))
    assert s.exact.f1 == s.lenient.f1 == s.e2e.f1 == s.e2e_canonical.f1 == 1.0
    assert s.type_recall("direct") == s.type_recall("indirect") == 1.0


def test_exact_ignores_quote_marks_and_punctuation():
    q = TEXT.index('"We will win,"')
    pred = dict(GOLD[0], content_span=[q, q + len('"We will win,"')])
    s = score_corpus(*doc([pred, GOLD[1]]))
    assert s.exact.f1 == 1.0


def test_lenient_needs_half_the_tokens():
    start = TEXT.index("the report")
    half = dict(GOLD[1], content_span=[start, start + len("the report")])  # 2 of 4 tokens
    s = score_corpus(*doc([GOLD[0], half]))
    assert s.lenient.tp_gold == 2 and s.exact.tp_gold == 1
    third = dict(GOLD[1], content_span=[start, start + len("the")])
    s = score_corpus(*doc([GOLD[0], third]))
    assert s.lenient.tp_gold == 1


def test_unresolved_pronoun_fails_only_canonical():
    pred = dict(GOLD[1], speaker_canonical="he")
    s = score_corpus(*doc([GOLD[0], pred]))
    assert s.e2e.f1 == 1.0
    assert s.e2e_canonical.tp_gold == 1


def test_surname_counts_as_suffix():
    assert suffix_match(norm("Peskov"), norm("Dmitry Peskov"))
    assert not suffix_match(norm("Pesk"), norm("Dmitry Peskov"))
    assert canonical_right(
        {"speaker_canonical": "The Washington Post"}, {"speaker_canonical": "Washington Post"}
    )


def test_spurious_and_missing_lower_precision_and_recall():
    extra = st("Title", "Title", "Nobody")
    s = score_corpus(*doc([GOLD[0], extra]))
    assert s.lenient.p == 0.5 and s.lenient.r == 0.5


def test_one_to_one_matching():
    s = score_corpus(*doc([GOLD[0], GOLD[0]]))
    assert s.lenient.tp_pred == 1 and s.lenient.n_pred == 2


def test_speaker_lenient_by_span_overlap():
    g = GOLD[0]
    p = dict(
        g,
        speaker="Peskov",
        speaker_canonical="x",
        speaker_span=[g["speaker_span"][0] + 7, g["speaker_span"][1]],
    )
    assert speaker_lenient(p, g)


def test_precision_at_confidence_is_monotone_input():
    low = dict(GOLD[1], speaker_canonical="wrong", confidence=0.2)
    s = score_corpus(*doc([GOLD[0], low]))
    rows = {t: p for t, _, p in precision_at_confidence(s, (0.0, 0.5))}
    assert rows[0.0] == 0.5 and rows[0.5] == 1.0


def test_helpers():
    assert trim_span(' "Hi," ', (0, 7)) == (2, 4)
    assert jaccard(frozenset({1, 2}), frozenset({2, 3})) == pytest.approx(1 / 3)


def test_read_jsonl_reports_line_numbers(tmp_path):
    p = tmp_path / "g.jsonl"
    p.write_text(json.dumps({"doc_id": "a"}) + "\nnot json\n")
    with pytest.raises(InputError, match=":2:"):
        read_jsonl(p)
