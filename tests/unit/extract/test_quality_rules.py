"""Quality rules added for speakers, content spans and cues; one invented text each."""

import pytest
from qw_statements import find, one

HEAD = "Ferry service cut\n\n"


# ---- cues ---------------------------------------------------------------------------------
def test_particle_cue_read_as_adverb(extractor):
    # content-boundary category: "fired back that" (the parser may call "back" an adverb)
    text = (
        HEAD
        + "Senator Ilsa Varga criticised the plan. The Democrat fired back that Mr. Orlov's firm had sold two ferries to a friend.\n"
    )
    s = one(extractor.extract(text), "had sold two ferries")
    assert s.cue == "fired back"
    assert s.speaker_canonical == "Ilsa Varga"


def test_foreign_particle_is_no_cue(extractor):
    text = (
        HEAD
        + "Shares fell. According to a regulatory filing, the company also wrote down the value of its boat unit by $40 million.\n"
    )
    stmts = extractor.extract(text)
    assert not [s for s in stmts if s.cue and s.cue.startswith("wrote")]


def test_conditional_report_is_hypothetical(extractor):
    text = (
        HEAD
        + "The Harbour Pilots Union said the strike would last a week unless the operator agreed to hire more crew.\n"
    )
    stmts = extractor.extract(text)
    s = one(stmts, "the strike would last a week")
    assert "unless the operator agreed to hire more crew" in s.content
    assert not [x for x in stmts if x.cue == "agreed"]


def test_conjunct_with_own_subject_keeps_its_report(extractor):
    text = (
        HEAD
        + "Mayor Tobias Renn did not say whether he would sign the order, but a spokesperson for "
        "the Harbour Front party said its councillors would vote against it.\n"
    )
    stmts = extractor.extract(text)
    s = one(stmts, "its councillors would vote against it")
    assert s.speaker_canonical.startswith("Harbour Front")
    assert not find(stmts, "he would sign")


def test_quote_word_nobody_is_no_negated_subject(extractor):
    text = (
        HEAD
        + 'Councillor Maria Oyelaran spoke first.\n\n"Nobody in this chamber wants to cut the ferry," Oyelaran said.\n'
    )
    s = one(extractor.extract(text), "Nobody in this chamber")
    assert s.speaker_canonical == "Maria Oyelaran"


# ---- content spans --------------------------------------------------------------------------
def test_but_that_clause_stays_in_content(extractor):
    text = (
        HEAD
        + "Transport Minister Aleksander Novak told reporters that the ferry was ready to sail \u201ctomorrow\u201d but that the port had raised \u201cnew objections at the last minute.\u201d\n"
    )
    stmts = extractor.extract(text)
    s = one(stmts, "the ferry was ready to sail")
    assert "but that the port had raised" in s.content
    assert s.type == "mixed"


def test_split_ccomp_that_is_not_content(extractor):
    text = (
        HEAD
        + "The company added that calls from passengers wanting refunds had risen by 40 percent since May.\n"
    )
    s = one(extractor.extract(text), "had risen by 40 percent")
    assert s.content.startswith("calls from passengers")


def test_backshifted_would_conjunct_stays_in_content(extractor):
    text = (
        HEAD
        + "Energy Minister Katja Brunner said in a statement that the ministry was \u00abwatching the reservoirs closely\u00bb and would present a rationing plan in June.\n"
    )
    s = one(extractor.extract(text), "watching the reservoirs closely")
    assert s.content.endswith("would present a rationing plan in June")


def test_coordinated_appeal_is_not_content(extractor):
    text = (
        HEAD
        + 'Local councillor Amos Tetteh said residents were "angry and tired" and called for more ferries at night.\n'
    )
    s = one(extractor.extract(text), "residents were")
    assert "called for" not in s.content


def test_participle_with_subjectless_clause_is_no_report(extractor):
    text = HEAD + "A nurse at the clinic said two of the passengers admitted had needed stitches.\n"
    stmts = extractor.extract(text)
    assert not [s for s in stmts if s.cue == "admitted"]
    one(stmts, "two of the passengers admitted had needed stitches")


def test_conference_call_that_clause(extractor):
    text = (
        HEAD
        + "Chief executive Oskar Lindahl told analysts on a conference call that the ferry line had been \u201ctoo cautious\u201d about prices.\n"
    )
    s = one(extractor.extract(text), "too cautious")
    assert s.speaker_canonical == "Oskar Lindahl"
    assert s.cue == "told analysts"


# ---- speakers -------------------------------------------------------------------------------
def test_second_report_coordinated_with_content(extractor):
    text = (
        HEAD
        + "Captain Liesel Haugen agreed that more inspections were needed and said the crew had asked "
        "for two extra days.\n"
    )
    s = one(extractor.extract(text), "the crew had asked")
    assert s.speaker_canonical == "Liesel Haugen"


def test_headline_says_after_news_clause(extractor):
    text = "Singer Nadia Kross cancels spring tour, says fans \u2018deserve a rested voice\u2019\n\nThe tour was due to start in May.\n"
    s = one(extractor.extract(text), "deserve a rested voice")
    assert s.speaker_canonical == "Nadia Kross"


def test_age_descriptor_without_subject_parse(extractor):
    text = (
        HEAD
        + "Ferry captain Ingrid Solberg, 61, retired on Friday.\n\nIn an interview with The Harbour Post, "
        "the 61-year-old said she had never missed a crossing in thirty years.\n"
    )
    s = one(extractor.extract(text), "never missed a crossing")
    assert s.speaker_canonical == "Ingrid Solberg"


def test_definite_mention_of_anonymous_source(extractor):
    text = (
        HEAD
        + "Captain Rosa Delgado said the timetable was under review. A senior port official, speaking on "
        "condition of anonymity, said two routes would close. The official said the cuts could be reversed.\n"
    )
    s = one(extractor.extract(text), "cuts could be reversed")
    assert s.speaker_canonical == "A senior port official"


def test_anonymous_source_with_relative_clause(extractor):
    text = (
        HEAD
        + "A deckhand who has worked on the line for 20 years said he earned less than in 2010. "
        '"My father did this job and bought a house," he said.\n'
    )
    stmts = extractor.extract(text)
    a = one(stmts, "earned less")
    assert a.speaker_canonical == "A deckhand who has worked on the line for 20 years"
    assert a.speaker_type == "unknown"
    assert one(stmts, "bought a house").speaker_canonical == a.speaker_canonical


def test_hyphenated_surname_kept_whole(extractor):
    text = (
        HEAD + "\u201cWhat do I tell my son?\u201d asked Amelie Laurent-Okoro, a mother of two.\n"
    )
    s = one(extractor.extract(text), "What do I tell my son?")
    assert s.speaker == "Amelie Laurent-Okoro"


def test_research_group_as_authors(extractor):
    text = (
        "Microbes eat plastic\n\nResearchers at the Tiber Institute of Marine Biology said on Monday that "
        "they had found microbes on deep-sea plastic.\n\nIn the paper, the authors wrote that the findings "
        "were preliminary. They cautioned that the tests had been run only in a laboratory.\n"
    )
    stmts = extractor.extract(text)
    group = "Researchers at the Tiber Institute of Marine Biology"
    assert one(stmts, "findings were preliminary").speaker_canonical == group
    assert one(stmts, "only in a laboratory").speaker_canonical == group


# ---- organisations --------------------------------------------------------------------------
def test_short_form_of_organisation_in_headline(extractor):
    text = (
        "Outage caused by a bad update, Nimbus says\n\nA six-hour outage was caused by a faulty update, "
        "Nimbus Data Services said on Tuesday.\n\nNimbus said it would roll out updates in stages.\n"
    )
    stmts = extractor.extract(text)
    for frag in ("caused by a bad update", "roll out updates in stages"):
        assert one(stmts, frag).speaker_canonical == "Nimbus Data Services"


@pytest.mark.parametrize("noun, org", [("force", "Eastdale Police"), ("airline", "Corvid Airways")])
def test_descriptor_matches_name_word_synonym(extractor, noun, org):
    text = (
        HEAD + f"Two men were arrested after a break-in at the terminal, {org} said on Sunday.\n\n"
        f"The {noun} said the men would appear in court on Monday.\n"
    )
    s = one(extractor.extract(text), "appear in court")
    assert s.speaker_canonical == org


def test_possessive_descriptor_is_not_its_possessor(extractor):
    text = (
        "Runway closure\n\nBrackley International Airport will close its main runway for six weeks, "
        "the airport\u2019s operator said on Monday.\n\nBrackley Airports Group said cracks had been found in the runway.\n"
    )
    s = one(extractor.extract(text), "close its main runway")
    assert s.speaker_canonical == "Brackley Airports Group"


def test_passing_mention_is_not_the_company(extractor):
    text = (
        "Kelda Telecom profit rises\n\nKelda Telecom said on Thursday that profit rose 9 percent.\n\n"
        "\u201cIt\u2019s a clean beat,\u201d said Ola Brandvik, an analyst at Fjell Securities.\n\n"
        "The company said it would consider a share buyback.\n"
    )
    s = one(extractor.extract(text), "share buyback")
    assert s.speaker_canonical == "Kelda Telecom"


def test_quoted_nickname_is_no_organisation(extractor):
    text = (
        "Cup semi-final\n\nHarwick Rovers beat Tolland Athletic 2-1 on Saturday. Tolland striker Jonas Vik, "
        'nicknamed "the Lighthouse" by fans, scored late.\n\nTolland manager Emil Strand was furious. '
        "The club said in a statement that it would write to the league.\n"
    )
    s = one(extractor.extract(text), "write to the league")
    assert s.speaker_canonical == "Tolland Athletic"
