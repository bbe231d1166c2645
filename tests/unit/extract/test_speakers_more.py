"""Speaker resolution rules (descriptors, organisations, documents, delayed leads, misread
names, cue variety, non-statements) on invented sentences, plus a set of invented
mini-articles (data/speakers_mini.jsonl) as a generalisation check."""

import json
from pathlib import Path

import pytest
from qw_statements import one

MINI = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "speakers_mini.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


@pytest.mark.parametrize("article", MINI, ids=[a["id"] for a in MINI])
def test_mini_articles_full_parse(full_extractor, article):
    stmts = full_extractor.extract(article["text"])
    for fragment, canonical in article["expect"]:
        s = one(stmts, fragment)
        assert canonical.lower() in s.speaker_canonical.lower(), (
            fragment,
            s.speaker,
            s.speaker_canonical,
        )
    for fragment in article["absent"]:
        assert not [s for s in stmts if fragment in s.content], fragment


def test_party_descriptor_skips_the_other_party(full_extractor):
    text = (
        "Debate night\n\nRepublican Walter Grieg and Democrat Ana Pereira met in Dover on Friday.\n\n"
        "Grieg said the state had wasted money. The Democrat replied that schools had improved.\n"
    )
    assert (
        one(full_extractor.extract(text), "schools had improved").speaker_canonical == "Ana Pereira"
    )


def test_age_descriptor_uses_age_apposition(full_extractor):
    text = (
        "Two held after fire\n\nPolice arrested Rhys Calder, 29, and Owen Tate, 41, on Sunday.\n\n"
        "Tate's lawyer said the men were innocent. The 29-year-old said he had been at home.\n"
    )
    assert one(full_extractor.extract(text), "at home").speaker_canonical == "Rhys Calder"


def test_company_descriptor_prefers_business_over_place(extractor):
    text = (
        "Plant closes\n\nBolton Glassworks said on Monday it would shut its plant in Marwick.\n\n"
        "The company said 300 jobs would be lost.\n"
    )
    assert one(extractor.extract(text), "300 jobs").speaker_canonical == "Bolton Glassworks"


def test_role_premodifier_makes_an_organisation(extractor):
    text = (
        "Phone launch\n\nSmartphone maker Kavi unveiled a new handset on Tuesday.\n\n"
        "The company said the phone would cost $399.\n"
    )
    assert one(extractor.extract(text), "cost $399").speaker_canonical == "Kavi"


def test_descriptor_stem_matches_organisation_name(extractor):
    text = (
        "Fares rise, regulator says\n\nRail fares will rise 4 percent, the Office of Rail Regulation said.\n\n"
        "The regulator said the rise was the lowest in five years.\n"
    )
    stmts = extractor.extract(text)
    assert one(stmts, "lowest in five years").speaker_canonical == "Office of Rail Regulation"
    assert one(stmts, "Fares rise").speaker_canonical == "Office of Rail Regulation"


def test_org_descriptor_with_own_modifier_names_itself(extractor):
    text = "Talks\n\nThe Velian general staff denied moving troops. The summit secretariat said talks would go on.\n"
    stmts = extractor.extract(text)
    assert one(stmts, "moving troops").speaker_canonical == "Velian general staff"
    assert one(stmts, "talks would go on").speaker_canonical == "summit secretariat"


def test_it_skips_platform_names(extractor):
    text = "Strikes\n\nThe Velian general staff denied hitting homes. In a post on Telegram, it said only depots were hit.\n"
    assert one(extractor.extract(text), "only depots").speaker_canonical == "Velian general staff"


def test_study_by_named_institute(extractor):
    text = "Sleep study\n\nTeenagers sleep less than a decade ago, according to a study by the Norrland Institute for Sleep Research.\n"
    s = one(extractor.extract(text), "Teenagers sleep less")
    assert s.speaker_canonical == "Norrland Institute for Sleep Research"
    assert s.speaker_type == "organization"


def test_documents_resolve_to_council_phrase(full_extractor):
    text = (
        "Pool plan\n\nThe Ashby parish council voted on Monday to rebuild the pool.\n\n"
        "The work will take a year, according to council documents.\n"
    )
    assert (
        "Ashby parish council" in one(full_extractor.extract(text), "take a year").speaker_canonical
    )


def test_delayed_lead_identification(full_extractor):
    text = (
        "Former treasurer charged\n\nA former treasurer of the Brookfield Rowing Club denied taking club funds on Tuesday.\n\n"
        "Helen Ashworth told the court that every payment had been approved.\n"
    )
    stmts = full_extractor.extract(text)
    assert one(stmts, "taking club funds").speaker_canonical == "Helen Ashworth"
    assert one(stmts, "every payment").speaker_canonical == "Helen Ashworth"


def test_misread_given_name(extractor):
    text = 'Results\n\n"Sales were strong," finance director Per Lindqvist told analysts. Lindqvist said costs fell.\n'
    stmts = extractor.extract(text)
    assert one(stmts, "Sales were strong").speaker_canonical == "Per Lindqvist"
    assert one(stmts, "costs fell").speaker_canonical == "Per Lindqvist"


@pytest.mark.parametrize(
    "sentence",
    [
        "Nadia Park acknowledged that the launch had slipped.",
        "Nadia Park conceded that the launch had slipped.",
        "Nadia Park noted that the launch had slipped.",
        "Nadia Park stressed that the launch had slipped.",
        "Nadia Park conceded in an interview that the launch had slipped.",
        "Nadia Park wrote in a blog post that the launch had slipped.",
        "Nadia Park told the Evening Courier that the launch had slipped.",
        "Nadia Park pointed out that the launch had slipped.",
        "Nadia Park reiterated that the launch had slipped.",
    ],
)
def test_cue_variety(extractor, sentence):
    s = one(extractor.extract("Launch\n\n" + sentence + "\n"), "launch had slipped")
    assert s.speaker_canonical == "Nadia Park"


def test_long_appositive_before_cue(extractor):
    text = "Budget\n\nIrene Falk, who chairs the finance committee and has served since 2018, said the deficit had doubled.\n"
    assert one(extractor.extract(text), "deficit had doubled").speaker_canonical == "Irene Falk"


def test_descriptor_fallback_is_less_confident(extractor):
    text = (
        "Vote\n\nRuth Adler and Simon Kale debated on Monday. Kale said taxes were too high.\n\n"
        "The candidate said spending had to fall.\n"
    )
    s = one(extractor.extract(text), "spending had to fall")
    named = one(extractor.extract(text), "taxes were too high")
    assert s.confidence < named.confidence
