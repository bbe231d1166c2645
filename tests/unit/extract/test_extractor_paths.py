"""Extractor: fast path = full parse, offsets index the given text, failures raise."""

import json

import pytest
import quotewire_attribution.extractor as extractor_mod
from quotewire_eval.runner import run_quotewire
from quotewire_extract.cli import extract_file
from quotewire_extract.extractor import ExtractionError

HEAD = "Harbour plan approved\n\n"

TEXTS = {
    "direct": HEAD
    + "\u201cWe have waited for this pier for ten long years and we will not wait any longer,\u201d "
    "said Marta Lindgren, the harbour master.\n",
    "split": HEAD + '"We waited ten long years for a decision like this one," said Tomasz Wielki. '
    '"We can wait one more if the council keeps every one of its promises."\n',
    "mixed": HEAD
    + "Council leader Priya Nair said the plan was \u201ca reckless gamble with public money and trust\u201d "
    "and would fail within a year.\n",
    "multi_paragraph": HEAD + "Mayor Ana Ruiz described the night in detail.\n\n"
    "\u201cThe water came up faster than anyone in the village had ever seen before.\n\n"
    "\u201cBy morning the whole lower town was under a metre of brown water,\u201d Ruiz said.\n",
    "nested": HEAD
    + "\u201cMy father always said, \u2018Fix the roof before it rains,\u2019 and he was right "
    "about that for forty years,\u201d Olu Bakare told reporters.\n",
    "pronoun": HEAD + "Harbour master Marta Lindgren opened the new pier on Monday.\n\n"
    "\u201cThis pier will carry the fishing fleet for the next fifty years at the very least,\u201d she said. "
    "She added that repairs to the old breakwater would start in spring.\n",
    "according": HEAD
    + "According to the port authority, the pier cost 14 million euros and took three years to build.\n",
}


def test_default_fast_path_types_names_by_rules_where_the_model_errs(extractor):
    """The default (hybrid) types "Tomasz Wielki" from the given-name table; the small
    model's NER calls it an organisation."""
    (first, *_) = extractor.extract(TEXTS["split"])
    assert (first.speaker_canonical, first.speaker_type) == ("Tomasz Wielki", "person")


def key(stmts):
    return sorted(
        (
            s.content_span,
            s.content,
            s.speaker_span,
            s.speaker_canonical,
            s.speaker_type,
            s.cue_span,
            s.type,
        )
        for s in stmts
    )


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_fast_path_equals_full_parse(windows_extractor, full_extractor, name):
    text = TEXTS[name]
    fast = windows_extractor.extract(text)
    assert fast, name
    assert key(fast) == key(full_extractor.extract(text))
    for s in fast:
        assert text[s.content_span[0] : s.content_span[1]] == s.content
        if s.speaker_span:
            assert text[s.speaker_span[0] : s.speaker_span[1]] == s.speaker


def test_batched_fast_path_equals_full_parse(windows_extractor, full_extractor):
    texts = list(TEXTS.values())
    fast = list(windows_extractor.extract_many(texts, batch_size=3))
    full = list(full_extractor.extract_many(texts, batch_size=3))
    assert [key(a) for a in fast] == [key(b) for b in full]


def test_direct_content_exact_despite_elision(extractor):
    (s,) = extractor.extract(TEXTS["direct"])
    assert (
        s.content
        == "We have waited for this pier for ten long years and we will not wait any longer,"
    )
    assert s.speaker_canonical == "Marta Lindgren" and s.cue == "said"


@pytest.mark.parametrize("ex", ["extractor", "full_extractor"])
def test_decomposed_accent_spans_index_the_given_text(request, ex):
    ex = request.getfixturevalue(ex)
    text = (
        "Cafe\u0301 owners protest\n\nThe owner of the cafe\u0301 on Rue Neuve spoke on Monday.\n\n"
        "\u201cThe rent has doubled in a single year and nobody at the town hall listens,\u201d said Rene\u0301e Dubois.\n"
    )
    stmts = ex.extract(text)
    s = next(s for s in stmts if "rent has doubled" in s.content)
    assert text[s.content_span[0] : s.content_span[1]] == s.content
    assert s.content.startswith("The rent has doubled")
    assert text[s.speaker_span[0] : s.speaker_span[1]] == s.speaker == "Rene\u0301e Dubois"
    assert text[s.cue_span[0] : s.cue_span[1]] == "said"


@pytest.fixture
def broken_rules(monkeypatch):
    """The rule code fails on texts mentioning "BOOM"."""
    real = extractor_mod.extract_statements

    def flaky(doc, *args, **kwargs):
        if "BOOM" in doc.text:
            raise KeyError("rule bug")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(extractor_mod, "extract_statements", flaky)


def test_rule_failure_raises_extraction_error(extractor, broken_rules):
    with pytest.raises(ExtractionError) as info:
        extractor.extract(HEAD + '"BOOM goes the pier," said Ilse Marten.\n')
    assert isinstance(info.value.__cause__, KeyError)
    assert "KeyError" in str(info.value)


def test_extract_many_raises_after_earlier_documents(extractor, broken_rules):
    texts = [TEXTS["split"], HEAD + '"BOOM," said Ilse Marten.\n', TEXTS["according"]]
    it = extractor.extract_many(texts, batch_size=8)
    assert next(it)
    with pytest.raises(ExtractionError):
        next(it)


def test_extract_many_errors_return_goes_on(extractor, broken_rules):
    texts = [TEXTS["split"], HEAD + '"BOOM," said Ilse Marten.\n', TEXTS["according"]]
    out = list(extractor.extract_many(texts, batch_size=2, errors="return"))
    assert len(out) == 3
    assert isinstance(out[0], list) and out[0]
    assert isinstance(out[1], ExtractionError)
    assert isinstance(out[2], list) and out[2]


def test_cli_and_eval_count_a_failing_document(tmp_path, extractor, broken_rules):
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            json.dumps({"doc_id": i, "text": t})
            for i, t in (("ok", TEXTS["split"]), ("bad", HEAD + '"BOOM," said Ilse Marten.\n'))
        )
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    n_docs, n_stmts, errors = extract_file(src, out)
    assert n_docs == 2 and n_stmts == 2
    assert len(errors) == 1 and "bad" in errors[0]
    assert [json.loads(line)["doc_id"] for line in out.read_text().splitlines()] == ["ok"]

    docs = [
        {"doc_id": "ok", "text": TEXTS["split"]},
        {"doc_id": "bad", "text": HEAD + '"BOOM," he said.\n'},
    ]
    failures: list[str] = []
    preds = run_quotewire(docs, extractor, failures=failures)
    assert preds["bad"] == [] and len(preds["ok"]) == 2
    assert len(failures) == 1 and failures[0].startswith("bad:")


def test_empty_and_odd_input_is_no_error(extractor):
    assert extractor.extract("") == []
    assert extractor.extract("   \n\n  ") == []
    assert extractor.extract(None) == []
