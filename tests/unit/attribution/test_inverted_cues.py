"""A cue that closes its sentence after the content ("CONTENT, said SPEAKER", "CONTENT, SPEAKER
said") when the parser did not read the content as the cue's clause; invented texts."""

from spacy.lang.en import English
from spacy.tokens import Doc

from tests.support_attribution import contents


def _parsed(words, tags, heads, deps):
    return Doc(English().vocab, words=words, tags=tags, heads=heads, deps=deps)


def test_a_content_read_as_a_second_subject_of_an_inverted_cue_is_the_content(ex):
    # "fuel" read as a noun: the words before the comma become a subject of "said"
    body = "Cheap flights fuel demand for new runways, said Nadia Okafor."
    assert contents(ex, body) == [
        ("Cheap flights fuel demand for new runways", "Nadia Okafor", "indirect")
    ]


def test_an_inverted_cue_hung_inside_the_content_takes_the_words_before_its_comma(extractor):
    from quotewire_attribution.openings import trailing_cue_content

    # "Fees rise every spring , said Ivo Brandt ." with "said" hung on the content's verb
    words = ["Fees", "rise", "every", "spring", ",", "said", "Ivo", "Brandt", "."]
    tags = ["NNS", "VBP", "DT", "NN", ",", "VBD", "NNP", "NNP", "."]
    heads = [1, 1, 3, 1, 1, 1, 7, 5, 1]
    deps = ["nsubj", "ROOT", "det", "npadvmod", "punct", "advcl", "compound", "nsubj", "punct"]
    doc = _parsed(words, tags, heads, deps)
    assert trailing_cue_content(doc[5], extractor.lexicon) == (0, 4, "parataxis")


def test_a_cue_with_a_clause_after_its_speaker_takes_nothing_before_it(extractor):
    from quotewire_attribution.openings import trailing_cue_content

    # "After the vote , said Ruiz , the mill closed ." : the clause after the speaker is the
    # sentence's own; the opening before the cue is no content
    words = ["After", "the", "vote", ",", "said", "Ruiz", ",", "the", "mill", "closed", "."]
    tags = ["IN", "DT", "NN", ",", "VBD", "NNP", ",", "DT", "NN", "VBD", "."]
    heads = [9, 2, 0, 9, 9, 4, 9, 8, 9, 9, 9]
    deps = ["prep", "det", "pobj", "punct", "parataxis", "nsubj", "punct", "det", "nsubj"]
    deps += ["ROOT", "punct"]
    doc = _parsed(words, tags, heads, deps)
    assert trailing_cue_content(doc[4], extractor.lexicon) is None


def test_the_speaker_is_the_subject_nearest_before_a_trailing_cue(extractor):
    from quotewire_attribution.openings import trailing_cue_content

    # "Ferries that run late , sadly , lose riders , she said ." with "Ferries" hung on "said"
    # as a second subject
    words = ["Ferries", "that", "run", "late", ",", "sadly", ",", "lose", "riders", ",", "she"]
    words += ["said", "."]
    tags = ["NNS", "WDT", "VBP", "RB", ",", "RB", ",", "VBP", "NNS", ",", "PRP", "VBD", "."]
    heads = [11, 2, 0, 2, 11, 7, 7, 0, 7, 11, 11, 11, 11]
    deps = ["nsubj", "nsubj", "relcl", "advmod", "punct", "advmod", "punct", "dep", "dobj"]
    deps += ["punct", "nsubj", "ROOT", "punct"]
    doc = _parsed(words, tags, heads, deps)
    assert trailing_cue_content(doc[11], extractor.lexicon) == (0, 9, "parataxis")
