"""Entity typing without the statistical NER (attribution/nertype.py); invented sentences."""

import pytest
from quotewire_attribution.extractor import NER_MODES, Extractor
from quotewire_attribution.nertype import rule_entities


@pytest.fixture(scope="module")
def typed(extractor):
    nlp, lex = extractor.nlp, extractor._lex

    def run(text: str) -> dict[str, str]:
        doc = nlp(text, disable=["ner"])
        spans, _ = rule_entities(doc, lex)
        return {s.text: s.label_ for s in spans}

    return run


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        (
            "Yesterday Margaret Olsby said the plan was sound.",
            "Margaret Olsby",
            "PERSON",
        ),  # given name
        ("The plan was sound, Gov. Tarrow said on Monday.", "Tarrow", "PERSON"),  # title
        (
            "The tour was cancelled, singer Pellaquin said.",
            "Pellaquin",
            "PERSON",
        ),  # role noun before
        ("Dravic, 48, said he would appeal.", "Dravic", "PERSON"),  # age appositive
        (
            "Yesterday Korvath, a lawyer, said the case was weak.",
            "Korvath",
            "PERSON",
        ),  # role appositive
        (
            "The talks failed, Chief Fire Officer Anna Welk said.",
            "Anna Welk",
            "PERSON",
        ),  # capitalised roles
        ("Prices rose at Brindle Foods last year.", "Brindle Foods", "ORG"),  # organisation word
        (
            "Yesterday the Ministry of Canals said the works would end.",
            "the Ministry of Canals",
            "ORG",
        ),
        (
            "The vote pleased the Pottery and Glass Workers' Union greatly.",
            "the Pottery and Glass Workers' Union",
            "ORG",
        ),  # "and", possessive
        ("On Monday Zelkora said it would cut prices.", "Zelkora", "ORG"),  # "said it"
        ("A Velmont-based firm won the bid.", "Velmont", "GPE"),  # X-based
        ("Residents of Corrow Heights were evacuated.", "Corrow Heights", "FAC"),  # place word
        (
            "Voters backed the Liberal Democrats again.",
            "Liberal Democrats",
            "NORP",
        ),  # party members
        (
            "Later that day the Sorvanian delegation left.",
            "Sorvanian",
            "NORP",
        ),  # nationality adjective
    ],
)
def test_rules_type_names(typed, text, name, label):
    assert typed(text).get(name) == label


def test_person_of_organisation_is_split(typed):
    got = typed("The plan works, said Hilda Marsk of Quillon Research.")
    assert got.get("Hilda Marsk") == "PERSON" and got.get("Quillon Research") == "ORG"


def test_later_mention_takes_the_type_of_the_full_name(typed):
    got = typed("Tomas Brevik arrived late. Officials said Brevik had been delayed.")
    assert list(got.values()).count("PERSON") == 2


def test_in_place_is_a_weak_guess_an_organisation_mention_overrides(typed):
    got = typed("Quarvo Telecom grew. Shares in Quarvo rose 3 percent.")
    assert got.get("Quarvo") == "ORG"


def test_quoted_name_is_not_a_person(typed):
    assert (
        typed('Critics called the scheme the "Iron Ledger" last week.').get("Iron Ledger") == "ORG"
    )


@pytest.mark.parametrize("mode", NER_MODES)
def test_every_mode_extracts_the_same_simple_statement(extractor, mode):
    ex = Extractor(fast=True, ner=mode, nlp=extractor.nlp)
    text = 'Harbour rules\n\n"We will reopen the quay next week," said Ingrid Solvang, the port director.\n'
    out = ex.extract(text)
    assert [s.speaker_canonical for s in out] == ["Ingrid Solvang"]


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        Extractor(ner="guess")
