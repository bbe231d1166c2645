"""Reporting verbs and verb forms added to lexicon.toml, each with its content choice: one
invented sentence per choice, and the uses that must stay no statement."""

import pytest
from quotewire_attribution.cues import load_lexicon

HEAD = "Harbour dispute\n\n"

CASES = [
    # forms of entries already in the lexicon, with their lemma's content
    (
        "Mayor Lena Fisk spoke for an hour, emphasizing that the ferry would keep running.",
        "the ferry would keep running",
        "emphasizing",
    ),
    (
        "Tom Hale closed the meeting, mentioning that the docks would reopen in May.",
        "the docks would reopen in May",
        "mentioning",
    ),
    (
        "Ida Brandt often boasts that her port is the cleanest on the coast.",
        "her port is the cleanest on the coast",
        "boasts",
    ),
    (
        "Ray Colt bragged that the harbour had never been busier.",
        "the harbour had never been busier",
        "bragged",
    ),
    # a gerund clause with no object before it is what was recalled, lamented, mentioned,
    # acknowledged or admitted (as "reported raising ...")
    (
        "Tom Hale, the harbour master, recalled sitting in on the talks when the ferry line was sold.",
        "sitting in on the talks when the ferry line was sold",
        "recalled",
    ),
    (
        "Mayor Lena Fisk laments hosting the regatta every single summer.",
        "hosting the regatta every single summer",
        "laments",
    ),
    (
        "Ida Brandt briefly mentioned raising the pier toll.",
        "raising the pier toll",
        "mentioned",
    ),
    (  # a parenthesis closing the gerund's content is the writer's aside
        (
            "Guests yawned as Tom Hale mentioned raising the pier toll (with far less passion "
            "than his rival) and described the new quay."
        ),
        "raising the pier toll",
        "mentioned",
    ),
    (
        "The ferry captain acknowledged urging his crew to skip the safety drill.",
        "urging his crew to skip the safety drill",
        "acknowledged",
    ),
    (
        "Councillor Ray Colt admitted lying to the harbour board about the fees.",
        "lying to the harbour board about the fees",
        "admitted",
    ),
    # rarer verbs of saying with a reported clause only
    (
        "Ida Brandt, a pollster for the union, posited that for poorer crews the fuel price is what matters.",
        "for poorer crews the fuel price is what matters",
        "posited",
    ),
    (
        "Ray Colt outlined how the fund would pay for the new pier.",
        "how the fund would pay for the new pier",
        "outlined",
    ),
    # new verbs: a reported clause, a wh-clause or a judgement after "as"
    (
        "Senator Ida Brandt questioned whether the port could pay for the new crane.",
        "whether the port could pay for the new crane",
        "questioned",
    ),
    (
        "Councillor Ida Brandt emailed that the office would stay closed until Monday.",
        "the office would stay closed until Monday",
        "emailed",
    ),
    (
        "The harbour master informed the board that the crane had failed twice.",
        "the crane had failed twice",
        "informed",
    ),
    (
        "Tom Hale swore that he had never seen the contract.",
        "he had never seen the contract",
        "swore",
    ),
    # cite: the object and its predicative after "as", never the object alone
    (
        "Councillor Ida Brandt cited the new levy as the main reason for the deficit.",
        "the new levy as the main reason for the deficit",
        "cited",
    ),
    (
        "Mayor Lena Fisk dismissed the report as pure fiction.",
        "the report as pure fiction",
        "dismissed",
    ),
    # a denial: the object noun and the that-clause it rejects
    (
        "Mayor Lena Fisk rejected the idea that the levy would hurt the fishing fleet.",
        "the idea that the levy would hurt the fishing fleet",
        "rejected",
    ),
    (
        "Tom Hale dismissed claims that the harbour vote was rigged.",
        "claims that the harbour vote was rigged",
        "dismissed",
    ),
    # comment and charge: a reported clause only
    (
        "The ferry captain commented that the crossing had never been rougher.",
        "the crossing had never been rougher",
        "commented",
    ),
    (
        "Local beekeepers charge that the new spray is killing their hives.",
        "the new spray is killing their hives",
        "charge",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "denial", "said"),
    [
        (
            (
                "Tom Hale rejected the idea that the levy would hurt the fleet, saying the port had "
                "never been busier."
            ),
            "the idea that the levy would hurt the fleet",
            "the port had never been busier",
        ),
        (  # the parser hangs "saying" on the noun
            (
                "Tom Hale rejected the notion that the audit was finished, saying that if the board "
                "had hidden anything he would reopen it."
            ),
            "the notion that the audit was finished",
            "if the board had hidden anything he would reopen it",
        ),
    ],
)
def test_a_denial_ends_before_the_speakers_own_participle(full_extractor, sentence, denial, said):
    stmts = full_extractor.extract(HEAD + sentence + "\n")
    assert [(s.content, s.cue) for s in stmts] == [(denial, "rejected"), (said, "saying")]


@pytest.mark.parametrize(("sentence", "content", "cue"), CASES, ids=[c[2] for c in CASES])
def test_new_cues_report_their_content(full_extractor, extractor, sentence, content, cue):
    for ex in (full_extractor, extractor):
        stmts = ex.extract(HEAD + sentence + "\n")
        assert [(s.content, s.cue, s.type) for s in stmts] == [(content, cue, "indirect")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The court dismissed the case on Friday.",  # dismissal without a judgement
        "The club dismissed its coach after the defeat.",
        "Tom Hale was dismissed by the board.",  # passive
        "Ida Brandt emailed the mayor for help with the permit.",  # an email's addressee, no clause
        "The council informed residents of the delay.",  # "informed of": no clause
        "Residents made an informed choice.",
        "Ray Colt was sworn in as mayor on Monday.",  # an oath of office
        "Police questioned the driver for an hour.",  # questioning a person: no content
        "Tom Hale questioned his judgement.",  # a doubt without a wh-clause
        "The strike threatened to close the harbour for the summer.",  # a thing threatens
        "The harbour was cited as an example in the report.",  # passive
        "The court rejected the appeal on Friday.",  # a decision, no that-clause
        "The board rejected the plan that Tom Hale had drawn up.",  # a relative, not a claim
        "Ida Brandt commented on the harbour budget at length.",  # a topic, no clause
        "The ferry firm charges a small fee for bicycles.",  # a price, no clause
        "The harbour master would not comment.",  # no content
        "Tom Hale recalled the flood of last spring.",  # a memory's object alone: no content
        "Ray Colt outlined his plan for the new pier.",  # a topic, no clause
        "The old pier keeps recalling a busier age.",  # a thing recalls, no gerund clause
    ],
)
def test_no_statement_without_their_content(full_extractor, sentence):
    assert full_extractor.extract(HEAD + sentence + "\n") == []


# "called out": a phrasal cue beside "called" (lexicon.toml [cues.call_out], Lexicon.phrasal)
@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "Councillor Mara Tull called out the port board for its silence on ferry fares.",
            "the port board for its silence on ferry fares",
        ),
        (
            "Ida Brandt called out the harbour trust over its winter fees.",
            "the harbour trust over its winter fees",
        ),
    ],
)
def test_called_out_reports_a_rebuke_with_its_reason(full_extractor, extractor, sentence, content):
    for ex in (full_extractor, extractor):
        stmts = ex.extract(HEAD + sentence + "\n")
        assert [(s.content, s.cue, s.type) for s in stmts] == [(content, "called out", "indirect")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The governor called out the coastguard after the storm.",  # a summons
        "Mara Tull called out the names of the winners.",  # read aloud, no rebuke
    ],
)
def test_called_out_alone_is_no_statement(full_extractor, sentence):
    assert full_extractor.extract(HEAD + sentence + "\n") == []


def test_called_keeps_its_own_entry_beside_called_out(full_extractor):
    stmts = full_extractor.extract(HEAD + "Mara Tull called the harbour levy a disgrace.\n")
    assert [(s.content, s.cue) for s in stmts] == [("the harbour levy a disgrace", "called")]


def test_only_the_forms_of_phrasal_cues_are_checked_for_a_particle():
    """``is_cue`` reads a token's children for a particle only when its form belongs to a
    phrasal entry (``Lexicon.phrasal_forms``): "called" (for "called out"), never "said"."""
    lex = load_lexicon()
    assert "called" in lex.phrasal_forms
    assert "said" not in lex.phrasal_forms
    assert {form for form, _ in lex.phrasal} == lex.phrasal_forms
