"""PolNeAR conversion (on a tiny hand-written BRAT checkout), speech-act cues, subset recall.

The articles here are invented for this test; no PolNeAR text is used or committed.
"""

from pathlib import Path

import pytest
from quotewire_eval.metrics import gold_subsets, headline_end, score_corpus
from quotewire_eval.polnear import PolnearError, is_checkout, load_split
from quotewire_eval.speech_acts import inflections, load_speech_acts

TEXT = (
    "Council Votes On Budget\n\n"
    '"We are ready," Mayor Ann Holt said, "and the money is there."\n'
    "The treasurer said that the reserve would last. Critics believe the plan is late.\n"
)


def _at(text: str, s: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(s, i + 1)
    return i, i + len(s)


def _ann() -> str:
    q1, q2 = _at(TEXT, "We are ready,"), _at(TEXT, "and the money is there.")
    src1, cue1 = _at(TEXT, "Mayor Ann Holt"), _at(TEXT, "said")
    src2, cue2 = _at(TEXT, "The treasurer"), _at(TEXT, "said", 1)
    c2 = _at(TEXT, "that the reserve would last")
    src3, cue3, c3 = _at(TEXT, "Critics"), _at(TEXT, "believe"), _at(TEXT, "the plan is late")

    def t(n, typ, *spans):
        ranges = ";".join(f"{a} {b}" for a, b in spans)
        return f"T{n}\t{typ} {ranges}\t{' '.join(TEXT[a:b] for a, b in spans)}"

    return (
        "\n".join(
            [
                t(1, "Source", src1),
                t(2, "Cue", cue1),
                t(3, "Content", q1, q2),
                t(4, "Source", src2),
                t(5, "Cue", cue2),
                t(6, "Content", c2),
                t(7, "Source", src3),
                t(8, "Cue", cue3),
                t(9, "Content", c3),
                "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3",
                "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6",
                "E3\tAttribution:T8 Source:T7 Cue:T8 Content:T9",
            ]
        )
        + "\n"
    )


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "train" / "text").mkdir(parents=True)
    (data / "train" / "attributions").mkdir()
    (data / "metadata.tsv").write_text(
        "compartment\tfilename\tannotators\ntrain\tart1\tann9|ann2\ntest\tart2\tann9\n",
        encoding="utf-8",
    )
    (data / "train" / "text" / "art1.txt").write_text(TEXT, encoding="utf-8")
    (data / "train" / "attributions" / "art1_ann9.ann").write_text(_ann(), encoding="utf-8")
    return tmp_path


def test_a_broken_quote_is_two_statements_and_that_is_trimmed(checkout):
    conv = load_split(checkout, "train")
    assert [d["doc_id"] for d in conv.docs] == ["art1"]
    sts = conv.docs[0]["statements"]
    assert [(s["content"], s["type"]) for s in sts] == [
        ("We are ready,", "direct"),
        ("and the money is there.", "direct"),
        ("the reserve would last", "indirect"),
        ("the plan is late", "indirect"),
    ]
    assert sts[0]["speaker"] == sts[1]["speaker"] == "Mayor Ann Holt"
    for s in sts:
        for k in ("speaker", "cue", "content"):
            a, b = s[k + "_span"]
            assert TEXT[a:b] == s[k]
    assert conv.stats["statements"] == 3


def test_checkout_detection_and_missing_split(checkout, tmp_path):
    assert is_checkout(checkout) and is_checkout(checkout / "data")
    assert not is_checkout(tmp_path / "data" / "train")
    with pytest.raises(PolnearError, match="no 'test' split"):
        load_split(checkout, "test")
    with pytest.raises(PolnearError, match="split must be"):
        load_split(checkout, "validation")


def test_speech_act_cues():
    sa = load_speech_acts()
    for cue in (
        "said",
        "told reporters",
        "has vowed",
        "according to",
        "Senator:",
        "urging",
        "tweeted",
        "accused",
        "called on",
        "pointed out",
        "wrote",
        "denies",
        "is warning",
        "replied",
    ):
        assert sa.is_speech_act(cue), cue
    for cue in (
        "believes",
        "thinks",
        "polls show",
        "is known as",
        "declined to comment",
        "did not respond to",
        "hopes",
        "",
        None,
    ):
        assert not sa.is_speech_act(cue), cue


def test_inflections():
    assert inflections("deny") == {"deny", "denies", "denied", "denying"}
    assert inflections("urge") == {"urge", "urges", "urged", "urging"}
    assert inflections("stress") == {"stress", "stresses", "stressed", "stressing"}


def test_subset_recall_counts_speech_acts_and_headlines():
    text = "Mayor says budget balanced\n\nThe mayor said taxes would fall. Officials believe it works.\n"

    def st(content, cue):
        s = text.index(content)
        return {
            "content": content,
            "content_span": [s, s + len(content)],
            "cue": cue,
            "type": "indirect",
            "speaker": None,
            "speaker_span": None,
        }

    gold = [
        st("budget balanced", "says"),
        st("taxes would fall", "said"),
        st("it works", "believe"),
    ]
    assert headline_end(text) == len("Mayor says budget balanced")
    assert gold_subsets(text, gold[0]) == ["speech_act", "headline"]
    assert gold_subsets(text, gold[2]) == []
    s = score_corpus([{"doc_id": "d", "text": text, "statements": gold}], {"d": [gold[1]]})
    assert s.subset_gold == {"speech_act": 2, "headline": 1}
    assert s.subset_recall("speech_act") == 0.5 and s.subset_recall("speech_act", exact=True) == 0.5
    assert s.subset_recall("headline") == 0.0
    assert s.as_dict()["subsets"]["speech_act"] == {"gold": 2, "recall": 0.5, "recall_exact": 0.5}


def test_canonical_rows_are_empty_without_gold_canonical_names():
    from quotewire_eval.report import EMPTY, ROWS

    text = "Title\n\nThe mayor said taxes would fall.\n"
    s0 = text.index("taxes")
    g = {
        "content": "taxes would fall",
        "content_span": [s0, s0 + 16],
        "cue": "said",
        "type": "indirect",
        "speaker": "The mayor",
        "speaker_span": [7, 16],
    }
    s = score_corpus([{"doc_id": "d", "text": text, "statements": [g]}], {"d": [g]})
    rows = {label: fn(s) for label, fn in ROWS}
    assert s.gold_canonical == 0
    assert rows["e2e canonical F1"] == rows["canonical acc (matched)"] == EMPTY
    assert rows["content exact F1"] == 1.0
