"""One invented sentence (or a few) per attribution rule."""

import pytest
from qw_statements import one

HEAD = "Harbour plan approved\n\n"


# ---- direct quotes -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "open_, close",
    [("\u201c", "\u201d"), ('"', '"'), ("\u00ab", "\u00bb")],
    ids=["curly", "straight", "guillemets"],
)
def test_direct_quote_marks(extractor, open_, close):
    text = (
        HEAD
        + f"{open_}The pier will be rebuilt by June,{close} said Marta Lindgren, the harbour master.\n"
    )
    s = one(extractor.extract(text), "pier will be rebuilt")
    assert s.type == "direct"
    assert s.content == "The pier will be rebuilt by June,"
    assert s.speaker_canonical == "Marta Lindgren"
    assert s.cue == "said"


def test_nested_single_quotes_stay_inside(extractor):
    text = (
        HEAD
        + "\u201cMy father always said, \u2018Fix the roof before it rains,\u2019 and he was right,\u201d Olu Bakare told reporters.\n"
    )
    stmts = extractor.extract(text)
    s = one(stmts, "Fix the roof")
    assert s.content.startswith("My father always said")
    assert s.speaker_canonical == "Olu Bakare"
    assert s.cue == "told reporters"
    assert len(stmts) == 1  # the inner quote and its "said" are no statements


def test_split_quote_gives_two_statements_same_speaker(extractor):
    text = HEAD + '"We waited ten years," said Tomasz Wielki. "We can wait one more."\n'
    stmts = extractor.extract(text)
    a, b = one(stmts, "ten years"), one(stmts, "one more")
    assert a.speaker_canonical == b.speaker_canonical == "Tomasz Wielki"
    assert a.cue_span == b.cue_span


def test_split_quote_with_pronoun(extractor):
    text = (
        HEAD
        + "Councillor Anna Berg opposed the plan. \u201cIt costs too much,\u201d she said. \u201cAnd nobody asked the fishermen.\u201d\n"
    )
    stmts = extractor.extract(text)
    assert one(stmts, "costs too much").speaker_canonical == "Anna Berg"
    assert one(stmts, "nobody asked").speaker_canonical == "Anna Berg"


def test_multi_paragraph_quote(extractor):
    text = (
        HEAD
        + "Harbour master Piet de Wit said: \u201cThe storm moved the breakwater by a metre.\n\n"
        "\u201cWe will need divers before any ship can dock.\u201d\n\nThe port reopens on Monday.\n"
    )
    stmts = extractor.extract(text)
    s = one(stmts, "storm moved")
    assert "divers before any ship" in s.content
    assert "port reopens" not in s.content
    assert s.type == "direct"
    assert s.speaker_canonical == "Piet de Wit"


def test_unbalanced_quote_does_not_swallow_article(extractor):
    text = (
        HEAD + "\u201cThis is a mistake, said Rui Costa, the opposition leader.\n\n"
        "The council meets again in May. Officials expect a long session.\n\n"
        "Costa said the vote had been rushed.\n"
    )
    stmts = extractor.extract(text)
    for s in stmts:
        assert "council meets again" not in s.content
    assert one(stmts, "vote had been rushed").speaker_canonical == "Rui Costa"


def test_stray_marks_never_raise(extractor):
    for text in [
        '"',
        '""',
        "\u201d\u201c",
        'He said "',
        '"""""',
        "'",
        "\u00ab\u00ab",
        "A \u201cb\u201d \u201c",
    ]:
        assert isinstance(extractor.extract(text), list)


# ---- reported speech ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, cue",
    [
        ("Ilse Marten said the bridge would close in March.", "said"),
        ("Ilse Marten told reporters the bridge would close in March.", "told reporters"),
        ("Ilse Marten warned that the bridge would close in March.", "warned"),
        ("Ilse Marten insisted the bridge would close in March.", "insisted"),
        ("Ilse Marten claimed that the bridge would close in March.", "claimed"),
        ("Ilse Marten argued that the bridge would close in March.", "argued"),
        ("Ilse Marten wrote on her blog that the bridge would close in March.", "wrote"),
        ("Ilse Marten announced that the bridge would close in March.", "announced"),
        ("Ilse Marten tweeted that the bridge would close in March.", "tweeted"),
        ("Ilse Marten posted on Facebook that the bridge would close in March.", "posted"),
        (
            "Ilse Marten said in a statement that the bridge would close in March.",
            "said in a statement",
        ),
    ],
)
def test_reporting_verbs(extractor, sentence, cue):
    stmts = extractor.extract(HEAD + sentence + "\n")
    s = one(stmts, "bridge would close in March")
    assert s.content == "the bridge would close in March"
    assert s.cue == cue
    assert s.speaker_canonical == "Ilse Marten"
    assert s.type == "indirect"


def test_added_after_content(extractor):
    stmts = extractor.extract(HEAD + "Ferry fares will rise next year, Jonas Ek added.\n")
    s = one(stmts, "Ferry fares will rise")
    assert s.speaker_canonical == "Jonas Ek"
    assert s.cue == "added"


def test_denied_with_gerund(extractor):
    stmts = extractor.extract(
        HEAD + "Contractor Bram Hollis denied cutting corners on the seawall.\n"
    )
    s = one(stmts, "cutting corners")
    assert s.speaker_canonical == "Bram Hollis"


def test_according_to(extractor):
    stmts = extractor.extract(
        HEAD + "According to the Port Authority of Velmar, 40 boats were damaged.\n"
    )
    s = one(stmts, "40 boats were damaged")
    assert s.cue == "According to"
    assert "Port Authority" in s.speaker_canonical
    assert s.speaker_type == "organization"


def test_according_to_trailing(extractor):
    stmts = extractor.extract(
        HEAD + "Repairs will cost $3 million, according to the Velmar Harbour Board.\n"
    )
    s = one(stmts, "Repairs will cost")
    assert "Velmar Harbour Board" in s.speaker_canonical


def test_passive_reporting_with_agent(extractor):
    stmts = extractor.extract(
        HEAD + "It was announced by the Velmar Harbour Board that the pier would reopen.\n"
    )
    s = one(stmts, "pier would reopen")
    assert "Velmar Harbour Board" in s.speaker_canonical


def test_participle_cue_takes_main_subject(extractor):
    stmts = extractor.extract(
        HEAD + "Dock workers walked out on Friday, saying their contracts had been ignored.\n"
    )
    s = one(stmts, "contracts had been ignored")
    assert s.cue == "saying"
    assert s.speaker == "Dock workers"
    assert s.speaker_type == "group"


def test_coordinated_cue_shares_subject(extractor):
    stmts = extractor.extract(
        HEAD
        + "Olga Brant insisted the dredging was safe and said the fish stocks were recovering.\n"
    )
    assert one(stmts, "dredging was safe").speaker_canonical == "Olga Brant"
    assert one(stmts, "fish stocks were recovering").speaker_canonical == "Olga Brant"


def test_mixed_statement(extractor):
    stmts = extractor.extract(
        HEAD
        + "Mayor Lena Holt said the plan was \u201cthe best deal we could get\u201d for the town.\n"
    )
    s = one(stmts, "best deal")
    assert s.type == "mixed"
    assert s.speaker_canonical == "Lena Holt"


# ---- speakers ----------------------------------------------------------------------------
def test_surname_and_title_resolve_to_full_name(extractor):
    text = (
        HEAD + "Harbour commissioner Eva Lindqvist opened the meeting.\n\n"
        "Lindqvist said the pier was unsafe.\n\nMs. Lindqvist added that repairs would start soon.\n"
    )
    stmts = extractor.extract(text)
    assert one(stmts, "pier was unsafe").speaker_canonical == "Eva Lindqvist"
    assert one(stmts, "repairs would start").speaker_canonical == "Eva Lindqvist"


def test_pronoun_respects_gender(extractor):
    text = (
        HEAD
        + "Council leader Margaret Olsen and engineer Thomas Reyes inspected the pier on Monday. "
        "She said the timber was rotten, while he said the steel was sound.\n"
    )
    stmts = extractor.extract(text)
    assert one(stmts, "timber was rotten").speaker_canonical == "Margaret Olsen"
    assert one(stmts, "steel was sound").speaker_canonical == "Thomas Reyes"


def test_pronoun_prefers_subject_over_quoted_person(extractor):
    text = (
        HEAD + "Engineer Pavel Novak said the harbour needed help from Ms. Ruth Ames.\n\n"
        "The work could take two years, he said.\n"
    )
    stmts = extractor.extract(text)
    assert one(stmts, "take two years").speaker_canonical == "Pavel Novak"


def test_descriptor_through_apposition(extractor):
    text = (
        HEAD + "Ruben Falk, the harbour spokesman, met reporters at noon.\n\n"
        "The spokesman said the cranes were idle.\n"
    )
    stmts = extractor.extract(text)
    assert one(stmts, "cranes were idle").speaker_canonical == "Ruben Falk"


def test_descriptor_through_role_premodifier(extractor):
    text = (
        HEAD + "Velmar Port chief executive Dana Koss visited the site.\n\n"
        "The chief executive said the budget was fixed.\n"
    )
    stmts = extractor.extract(text)
    assert one(stmts, "budget was fixed").speaker_canonical == "Dana Koss"


def test_age_descriptor_to_recent_person(extractor):
    text = (
        HEAD + "Fisherman Aldo Ricci lost his boat in the storm.\n\n"
        "The 67-year-old said he would not buy another one.\n"
    )
    stmts = extractor.extract(text)
    assert one(stmts, "not buy another").speaker_canonical == "Aldo Ricci"


def test_company_descriptor_to_organisation(extractor):
    text = (
        HEAD + "Shipping firm Nordlys Marine Holdings won the contract.\n\n"
        "The company said work would begin in April.\n"
    )
    stmts = extractor.extract(text)
    s = one(stmts, "work would begin")
    assert "Nordlys Marine" in s.speaker_canonical
    assert s.speaker_type == "organization"


def test_ministry_descriptor(extractor):
    text = (
        HEAD + "The Ministry of Fisheries said quotas would be cut.\n\n"
        "The ministry added that inspectors would visit every port.\n"
    )
    stmts = extractor.extract(text)
    assert "Ministry of Fisheries" in one(stmts, "inspectors would visit").speaker_canonical


def test_short_organisation_name(extractor):
    text = (
        HEAD + "The Velmar Daily Courier reported that the mayor had resigned.\n\n"
        "The Courier said the resignation letter was dated Friday.\n"
    )
    stmts = extractor.extract(text)
    s = one(stmts, "letter was dated")
    assert "Velmar Daily Courier" in s.speaker_canonical
    assert s.speaker_type == "organization"


def test_spokesperson_speaks_for_organisation(extractor):
    stmts = extractor.extract(
        HEAD + "A spokesperson for Nordlys Marine said the ships were insured.\n"
    )
    s = one(stmts, "ships were insured")
    assert s.speaker_canonical == "Nordlys Marine"
    assert s.speaker_type == "organization"


def test_anonymous_sources(extractor):
    text = (
        HEAD + "An official said the harbour would stay closed.\n\n"
        "People familiar with the talks said a deal was close.\n"
    )
    stmts = extractor.extract(text)
    a = one(stmts, "stay closed")
    assert a.speaker_type == "unknown" and a.speaker_canonical.lower() == "an official"
    b = one(stmts, "deal was close")
    assert b.speaker_type == "unknown" and b.speaker_canonical.startswith("People familiar")


def test_it_resolves_to_organisation(extractor):
    text = (
        HEAD
        + "Nordlys Marine Holdings cancelled the order. In a letter, it said the price was too high.\n"
    )
    stmts = extractor.extract(text)
    assert "Nordlys Marine" in one(stmts, "price was too high").speaker_canonical


# ---- headlines ---------------------------------------------------------------------------
def test_headline_attribution(extractor):
    text = "Storm damage worse than feared, an official says\n\nThe harbour remains closed.\n"
    s = one(extractor.extract(text), "Storm damage worse")
    assert s.speaker == "an official"
    assert s.speaker_type == "unknown"


# ---- not statements ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "Mayor Lena Holt has not said how the repairs will be paid for.",
        "Mayor Lena Holt declined to say whether the pier would reopen.",
        "Neither candidate would say how they planned to vote.",
        "Mayor Lena Holt did not say when the pier would reopen.",
        "The so-called \u201cgolden pier\u201d was built in 1902.",
        "The crowd watched the film \u201cHigh Water\u201d on the quay.",
        "Protesters carried banners reading \u201cSave Our Pier\u201d outside the hall.",
        "Photo Credit: Velmar Press Agency",
        "Mayor Lena Holt declared a state of emergency.",
    ],
)
def test_not_statements(extractor, sentence):
    assert extractor.extract(HEAD + sentence + "\n") == []


# ---- confidence and robustness -----------------------------------------------------------
def test_confidence_ranks_named_above_unresolved(extractor):
    text = HEAD + "\u201cWe are ready,\u201d said Ines Moura.\n\nThey said the tide was late.\n"
    stmts = extractor.extract(text)
    named = one(stmts, "We are ready")
    assert 0.0 <= named.confidence <= 1.0
    for s in stmts:
        if s.speaker_type == "unknown" and s.speaker and s.speaker.lower() == "they":
            assert s.confidence < named.confidence


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "\u201c\u201d",
        "said said said",
        "\n" * 50,
        "A" * 5000,
        "\u201c" + "word " * 3000,
        ("He said it. " * 2000),
    ],
)
def test_odd_inputs_never_raise(extractor, text):
    out = extractor.extract(text)
    assert isinstance(out, list)
    for s in out:
        assert 0 <= s.content_span[0] < s.content_span[1] <= len(text)


def test_spans_point_into_text(extractor, seed_doc):
    text = seed_doc["text"]
    for s in extractor.extract(text):
        assert text[s.content_span[0] : s.content_span[1]] == s.content
        if s.speaker_span:
            assert text[s.speaker_span[0] : s.speaker_span[1]] == s.speaker
        if s.cue_span:
            assert text[s.cue_span[0] : s.cue_span[1]] == s.cue


def test_fast_path_matches_full_parse_on_seed(extractor, full_extractor, seed_doc):
    fast = {(s.content_span, s.speaker_canonical) for s in extractor.extract(seed_doc["text"])}
    full = {(s.content_span, s.speaker_canonical) for s in full_extractor.extract(seed_doc["text"])}
    assert len(fast & full) >= 0.9 * len(full)


def test_extract_many_keeps_order(extractor):
    texts = [
        HEAD + "Ilse Marten said the bridge would close.\n",
        "",
        HEAD + '"Go now," said Anders Holm.\n',
    ]
    out = list(extractor.extract_many(texts, batch_size=2))
    assert len(out) == 3
    assert out[0][0].speaker_canonical == "Ilse Marten"
    assert out[1] == []
    assert out[2][0].speaker_canonical == "Anders Holm"
