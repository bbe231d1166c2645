"""Issue 15: who or what each statement is about (``mentions``), on sentences written here."""

import unicodedata

import pytest
from quotewire_attribution import Extractor
from quotewire_attribution.mentions import _capitalised_runs


def statement_of(extractor, text: str, fragment: str):
    found = [s for s in extractor.extract(text) if fragment in s.content]
    assert len(found) == 1, [s.content for s in extractor.extract(text)]
    return found[0]


def named(statement) -> dict[str, str]:
    return {m.name: m.type for m in statement.mentions}


@pytest.mark.parametrize(
    "lead, expected",
    [
        ("President Joe Biden met union leaders on Tuesday.", ["Joe Biden"]),
        (  # two presidents: "the president" is neither
            "President Joe Biden and President Emmanuel Macron met in Paris on Tuesday.",
            [],
        ),
    ],
    ids=["one-president", "two-presidents"],
)
def test_the_president_is_the_one_president_of_the_article(extractor, lead, expected):
    text = lead + "\n\nSenator Maria Lopez said the president had broken his promise to them."
    st = statement_of(extractor, text, "broken his promise")
    assert st.speaker_canonical == "Maria Lopez"
    described = [m for m in st.mentions if m.text == "the president"]
    assert [m.name for m in described] == expected
    assert all(m.type == "person" and text[slice(*m.span)] == m.text for m in described)
    assert not {"Joe Biden", "Emmanuel Macron"} & {m.name for m in st.mentions} - set(expected)


@pytest.mark.parametrize(
    "lead, expected",
    [
        ("Harlow Foods cut 200 jobs at its Westbrook plant on Monday.", ("Harlow Foods",)),
        (
            "Harlow Foods cut 200 jobs on Monday, a week after Brennan Logistics closed a depot.",
            (),  # two companies: "the company" is neither
        ),
    ],
    ids=["one-company", "two-companies"],
)
def test_the_company_is_the_one_company_of_the_article(extractor, lead, expected):
    text = lead + "\n\nUnion leader Tom Briggs said the company had betrayed its workers."
    st = statement_of(extractor, text, "betrayed its workers")
    assert tuple(m.name for m in st.mentions) == expected
    assert all((m.type, m.text) == ("organization", "the company") for m in st.mentions)


def test_a_platform_is_an_organisation_not_a_person(extractor):
    st = statement_of(
        extractor,
        "The singer Ava Stone said Instagram had removed her posts without warning.",
        "removed her posts",
    )
    assert named(st) == {"Instagram": "organization"}


@pytest.mark.parametrize(
    "text, fragment, speaker, expected",
    [
        (  # the speaker is not a mention of its own statement
            (
                "Ann Lee, the mayor, met Tom Briggs on Friday.\n\n"
                "Ann Lee said critics of Ann Lee and Tom Briggs were wrong about the plan."
            ),
            "were wrong about the plan",
            "Ann Lee",
            [("Tom Briggs", "person", "Tom Briggs")],
        ),
        (  # a surname resolves to the article's full name; places are typed
            (
                "Russian President Vladimir Putin spoke to reporters in Moscow.\n\n"
                "Kremlin spokesman Dmitry Peskov said Putin had no plans to visit Ukraine."
            ),
            "no plans to visit",
            "Dmitry Peskov",
            [("Vladimir Putin", "person", "Putin"), ("Ukraine", "place", "Ukraine")],
        ),
    ],
    ids=["speaker-left-out", "surname-and-place"],
)
def test_mentions_of_one_statement(extractor, text, fragment, speaker, expected):
    st = statement_of(extractor, text, fragment)
    assert st.speaker_canonical == speaker
    assert [(m.name, m.type, m.text) for m in st.mentions] == expected


def test_names_inside_an_elided_quote_are_found(extractor):
    """The fast path does not parse a direct quote's interior; its names are still found
    (the registry, rules, else the NER on a few words around each)."""
    text = (
        "Ukrainian President Volodymyr Zelensky spoke in Kyiv.\n\n"
        '"We will never accept what Vladimir Putin is demanding from our country in these '
        'talks, and Nguyễn Văn An agrees with Harlow Foods on that," Zelensky said.'
    )
    st = statement_of(extractor, text, "never accept")
    assert st.speaker_canonical == "Volodymyr Zelensky"
    assert named(st) == {
        "Vladimir Putin": "person",
        "Nguyễn Văn An": "person",
        "Harlow Foods": "organization",
    }
    for m in st.mentions:
        assert text[m.span[0] : m.span[1]] == m.text
        assert st.content_span[0] <= m.span[0] < m.span[1] <= st.content_span[1]


def test_decomposed_accents_map_to_the_given_text_and_an_nfc_name(extractor):
    text = unicodedata.normalize(
        "NFD",
        "Senator Maria Lopez said Nguyễn Văn An had misled the committee about the contract.",
    )
    st = statement_of(extractor, text, "misled the committee")
    (m,) = [m for m in st.mentions if m.type == "person"]
    assert text[m.span[0] : m.span[1]] == m.text
    assert m.name == unicodedata.normalize("NFC", "Nguyễn Văn An")


def test_mentions_change_nothing_else(extractor, seed_doc):
    plain = Extractor(fast=True, nlp=extractor.nlp, mentions=False)
    with_mentions = extractor.extract(seed_doc["text"])
    without = plain.extract(seed_doc["text"])
    assert [s.as_dict() | {"mentions": []} for s in with_mentions] == [s.as_dict() for s in without]
    assert all(s.mentions == () for s in without)
    assert sum(len(s.mentions) for s in with_mentions) >= 10


def test_seed_article_mentions(extractor, seed_doc):
    text = seed_doc["text"]
    stmts = extractor.extract(text)
    (peskov,) = [s for s in stmts if "simply false information" in s.content][:1]
    assert named(peskov) == {"Washington Post": "organization"}
    (putin,) = [s for s in stmts if "Ukraine withdraw from swathes" in s.content]
    assert putin.speaker_canonical == "Vladimir Putin" and named(putin) == {"Ukraine": "place"}
    (reminded,) = [s for s in stmts if "reminded Mr. Putin of Washington" in s.content]
    assert named(reminded)["Vladimir Putin"] == "person"  # not "Putin of Washington"
    (talk,) = [s for s in stmts if "talk directly with" in s.content]
    assert talk.speaker_canonical == "Donald Trump"
    assert named(talk) == {"Vladimir Putin": "person"}  # "Mr. Putin", the speaker left out


@pytest.mark.parametrize(
    "text, runs",
    [
        ("what Vladimir Putin wants", ["Vladimir Putin"]),
        ("the Ministry of Transport and Mr. Macron", ["Ministry of Transport", "Mr. Macron"]),
        ('he told "Harlow Foods" that U.S. workers', ["Harlow Foods", "U.S."]),
        ("Putin's demands, Kyiv said", ["Putin", "Kyiv"]),
    ],
)
def test_capitalised_runs(text, runs):
    assert [text[s:e] for s, e in _capitalised_runs(text, 0, len(text))] == runs
