"""Issue 3: the seed article's hard cases."""

from quotewire_eval.metrics import score_corpus


def by_content(statements, fragment):
    return [s for s in statements if fragment in s.content]


def test_peskov_mixed_statement(extractor, seed_doc):
    stmts = extractor.extract(seed_doc["text"])
    hits = by_content(stmts, "simply false information")
    assert hits
    assert all(s.speaker_canonical == "Dmitry Peskov" and s.type == "mixed" for s in hits)


def test_pronoun_he_said_is_zelensky(extractor, seed_doc):
    stmts = extractor.extract(seed_doc["text"])
    (s,) = by_content(stmts, "Ceding land")
    assert s.speaker == "he"
    assert s.speaker_canonical == "Volodymyr Zelensky"
    assert s.speaker_type == "person"


def test_washington_post_is_organisation(extractor, seed_doc):
    stmts = extractor.extract(seed_doc["text"])
    (s,) = by_content(stmts, "talked by phone on Thursday")
    assert s.speaker_type == "organization"
    assert "Washington Post" in s.speaker_canonical
    (later,) = by_content(stmts, "reminded Mr. Putin")
    assert "Washington Post" in later.speaker_canonical  # "The Post report" -> The Washington Post


def test_republican_resolves_to_trump(extractor, seed_doc):
    stmts = extractor.extract(seed_doc["text"])
    (s,) = by_content(stmts, "could end the fighting")
    assert s.speaker == "The Republican"
    assert s.speaker_canonical == "Donald Trump"


def test_negated_speech_is_not_a_statement(extractor, seed_doc):
    stmts = extractor.extract(seed_doc["text"])
    assert not by_content(stmts, "intends to strike a peace deal")


def test_seed_scores_full_e2e(extractor, seed_doc):
    preds = {seed_doc["doc_id"]: [s.as_dict() for s in extractor.extract(seed_doc["text"])]}
    scores = score_corpus([seed_doc], preds)
    assert scores.e2e_canonical.f1 >= 0.94
