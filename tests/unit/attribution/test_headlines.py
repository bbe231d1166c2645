"""Headlines (issue #8 item 4): telegraphic and Title Case titles whose cue the first parse
reads as a noun; one invented headline each, above an invented body."""

import pytest

BODY = "\n\nThe harbour board met on Tuesday in Kelso, where the levy was discussed again.\n"


def headline_statements(ex, title, body=BODY):
    return [(s.content, s.speaker, s.cue) for s in ex.extract(title + body)]


@pytest.mark.parametrize(
    "title, content, speaker, cue",
    [
        # "Trump calls" read as the subject noun phrase: the cue is a verb in the second parse
        (
            "Trump calls for closing the old ferry terminal.",
            "closing the old ferry terminal",
            "Trump",
            "calls for",
        ),
        # a plural subject's present tense read as a noun
        (
            "Harbour experts rebuke Marlow plan for more ferries.",
            "Marlow plan for more ferries",
            "Harbour experts",
            "rebuke",
        ),
    ],
)
def test_a_present_tense_cue_read_as_a_noun(
    full_extractor, extractor, title, content, speaker, cue
):
    for ex in (full_extractor, extractor):
        assert (content, speaker, cue) in headline_statements(ex, title), title


def test_the_text_and_offsets_stay_as_given(extractor):
    text = "Trump calls for closing the old ferry terminal." + BODY
    (st,) = extractor.extract(text)
    assert text[st.content_span[0] : st.content_span[1]] == "closing the old ferry terminal"
    assert text[st.cue_span[0] : st.cue_span[1]] == "calls for"


def test_a_noun_that_is_no_cue_is_left_alone(full_extractor):
    # "Attacks" is the subject here, not an act of speech
    assert headline_statements(full_extractor, "Attacks renew harbour debate in Kelso") == []


def test_the_body_keeps_its_own_parse(extractor):
    from quotewire_attribution.headline import reparse_headline

    doc = extractor.nlp("Trump calls for closing the terminal\n\nOkafor said the fee was fair.\n")
    assert doc[1].dep_ != "ROOT"
    before = [(t.tag_, t.dep_, t.head.i) for t in doc[7:]]
    assert reparse_headline(doc, extractor.nlp, extractor.lexicon)
    assert doc[1].tag_ == "VBZ" and doc[1].dep_ == "ROOT"
    assert [(t.tag_, t.dep_, t.head.i) for t in doc[7:]] == before
    assert [s.text.strip() for s in doc.sents][-1] == "Okafor said the fee was fair."


@pytest.mark.parametrize(
    "title",
    [
        "Peat fires released more smoke than all of Kelso's buses last year",
        "Small harbour states stage walkout as ferry talks stall",
    ],
)
def test_a_headline_with_its_main_verb_keeps_its_parse(extractor, title):
    from quotewire_attribution.headline import reparse_headline

    doc = extractor.nlp(title + BODY)
    assert not reparse_headline(doc, extractor.nlp, extractor.lexicon)


@pytest.mark.parametrize(
    "title, content, speaker",
    [
        ("Ruiz camp: the levy will sink the port.", "the levy will sink the port", "Ruiz camp"),
        (
            "Report: Harbour chief used private email for port deals.",
            "Harbour chief used private email for port deals",
            "Report",
        ),
        ("Kelso Herald editorial: 'Scrap the levy.'", "Scrap the levy.", "Kelso Herald editorial"),
        (
            "EXCLUSIVE \u2013 Ida Brandt: Don't trust the ferry timetable.",
            "Don't trust the ferry timetable",
            "Ida Brandt",
        ),
        (
            "Historians: Marlow and Hale linked no matter what.",
            "Marlow and Hale linked no matter what",
            "Historians",
        ),
    ],
)
def test_a_source_noun_or_kicker_before_the_colon(extractor, title, content, speaker):
    assert [(c, s) for c, s, _ in headline_statements(extractor, title)] == [(content, speaker)]


@pytest.mark.parametrize(
    "title",
    [
        "Ferry strike fallout: what happens next to the port.",
        "Poll: Marlow leads Hale in Kelso.",  # a poll measures opinion; nobody says it
        "Marlow said this: the port needs a new chief.",
        # a kicker or a by-line in the title line is no speaker
        "BOOM: Marlow just fired back at Hale over the levy.",
        "WATCH THIS: Ferry crews cheer the new timetable.",
        "BYLINE: Ada Marlow.",
    ],
)
def test_a_topic_or_poll_before_the_colon_is_no_speaker(extractor, title):
    assert headline_statements(extractor, title) == []


# a body that writes the headline's common words in lower case (and its names capitalised)
COMMON_BODY = (
    "\n\nAda Marlow, the mayor, said on Tuesday that crews hacked the computers at the port and"
    " that the levy was a disaster. She denounces what Okafor backs, Rose Hale said.\n"
)


@pytest.mark.parametrize(
    "title, content, speaker, cue",
    [
        # the reported clause's verb is a common word, not a name: "crews hacked computers"
        (
            "Marlow Says Ferry Crews Hacked Port Computers.",
            "Ferry Crews Hacked Port Computers",
            "Marlow",
            "Says",
        ),
        # the object predicative of "calling" parses once "Levy" and "Disaster" are nouns
        (
            "Mayor Is Now Calling The Levy A \u2018Disaster\u2019 For Kelso.",
            "The Levy A \u2018Disaster\u2019",
            "Mayor",
            "Calling",
        ),
        # a second verb joined by "And" ("Backs ... And Denounces")
        ("Okafor Backs Levy And Denounces Hale.", "Hale", "Okafor", "Denounces"),
    ],
)
def test_title_case_common_words_are_lower_cased_by_the_body(ex, title, content, speaker, cue):
    assert (content, speaker, cue) in headline_statements(ex, title, COMMON_BODY), title


def test_title_case_names_the_body_capitalises_keep_their_capitals(extractor):
    from quotewire_attribution.headline import lower_headline_cues

    text = "Rose Hale Says Ferry Crews Hacked The Port Computers" + COMMON_BODY
    out = lower_headline_cues(text, extractor.lexicon)
    assert len(out) == len(text)
    # "Rose" and "Hale" are capitalised inside a body sentence, the body never writes "Ferry":
    # they keep their capitals; "crews", "hacked", "port", "computers" are the body's words
    assert out.startswith("Rose Hale says Ferry crews hacked the port computers\n")


@pytest.mark.parametrize(
    "title",
    [
        # a passive with its "is" left out: the subject is the one accused, blamed or praised
        "Harbour Chief Accused Of Hiding Ferry Losses.",
        "Mayor criticised over ferry levy.",
        "Ferry crews praised for rescue at sea.",
    ],
)
def test_a_headline_passive_without_is_has_no_speaker(ex, title):
    assert headline_statements(ex, title) == []


@pytest.mark.parametrize(
    "sentence, content, speaker",
    [
        # the active verb with its object, or a relative clause whose object comes first
        ("Marlow accused Hale of hiding ferry losses.", "Hale of hiding ferry losses", "Marlow"),
        (
            "Hale, whom Marlow accused of hiding ferry losses, resigned on Friday.",
            "of hiding ferry losses",
            "Marlow",
        ),
        # a preposition the verb takes straight after it
        ("Marlow called for an inquiry into the ferry losses.", None, "Marlow"),
    ],
)
def test_an_active_complement_keeps_its_speaker(ex, sentence, content, speaker):
    found = headline_statements(ex, sentence)
    assert [s for _, s, _ in found] == [speaker], sentence
    if content is not None:
        assert found[0][0] == content


def test_a_second_cue_after_a_comma_is_a_statement_of_its_own(extractor):
    # the parser reads "calls" as a clause reported by "says"; it is the headline's second verb
    found = headline_statements(extractor, "Marlow says crews hacked port, calls levy 'reckless'.")
    assert ("crews hacked port", "Marlow", "says") in found
    assert ("levy 'reckless'", "Marlow", "calls") in found


def test_a_cue_after_a_comma_with_its_own_subject_stays_reported(extractor):
    from quotewire_attribution.headline import coordinate_headline_cues

    doc = extractor.nlp("Marlow says crews hacked port, calls levy 'reckless'." + BODY)
    assert coordinate_headline_cues(doc, extractor.lexicon) == 1
    assert doc[6].text == "calls" and doc[6].dep_ == "conj"
    # a cue with a subject of its own is no second verb of the headline's speaker
    doc = extractor.nlp("Marlow says crews hacked port, Hale claims." + BODY)
    assert coordinate_headline_cues(doc, extractor.lexicon) == 0


@pytest.mark.parametrize(
    "title, content, speaker",
    [
        # the object read as the subject of its predicative: "Hale" <- "unqualified"
        ("Tempers flare after Okafor calls Hale unqualified;", "Hale unqualified", "Okafor"),
        # the object read as a second predicative
        ("Tensions rise after Ortiz calls Marlow unqualified;", "Marlow unqualified", "Ortiz"),
    ],
)
def test_calls_with_an_object_predicative_misread(extractor, title, content, speaker):
    assert (content, speaker, "calls") in headline_statements(extractor, title), title


def test_a_cue_read_as_an_auxiliary_is_parsed_again(extractor):
    from quotewire_attribution.headline import reparse_headline

    doc = extractor.nlp("Okafor blasts Ruiz over the ferry levy" + BODY)
    # the first parse's misreading, as seen on real headlines: the cue an auxiliary of the
    # object, read as the main verb
    doc[2].head, doc[2].dep_, doc[2].tag_ = doc[2], "ROOT", "VBP"
    doc[1].head, doc[1].dep_ = doc[2], "aux"
    doc[0].head = doc[2]
    assert reparse_headline(doc, extractor.nlp, extractor.lexicon)
    assert doc[1].dep_ == "ROOT" and doc[1].tag_ == "VBZ"
    assert doc[0].dep_ == "nsubj" and doc[0].head.i == 1


def test_a_title_case_cue_word_the_body_capitalises_is_part_of_a_name(extractor):
    from quotewire_attribution.headline import lower_headline_cues

    body = "\n\nAda Marlow wrote in the Kelso Post on Sunday that crews will strike again.\n"
    title = "Kelso Post: Ferry Crews Will Strike Again On Monday"
    # "post" is a cue word ("posted online"), but the body writes it as part of a name
    assert lower_headline_cues(title + body, extractor.lexicon).startswith("Kelso Post: ")
    assert ("Ferry Crews Will Strike Again On Monday", "Kelso Post", ":") in headline_statements(
        extractor, title, body
    )


def test_a_plural_subject_read_as_the_verb_is_parsed_again(ex):
    # the tagger reads "bellringers" as the verb (VBZ) and the cue "mock" as a noun
    assert headline_statements(ex, "Kelso bellringers mock Marlow.") == [
        ("Marlow", "Kelso bellringers", "mock")
    ]


def test_a_plural_subject_read_as_the_verb_is_parsed_again_whatever_the_first_parse(extractor):
    from quotewire_attribution.headline import reparse_headline

    doc = extractor.nlp("Harbour pipers mock Okafor" + BODY)
    # the misreading seen on real headlines, forced: the plural noun the root verb, the cue
    # its object
    doc[1].head, doc[1].dep_, doc[1].tag_ = doc[1], "ROOT", "VBZ"
    doc[2].head, doc[2].dep_, doc[2].tag_ = doc[1], "dobj", "NN"
    doc[0].head, doc[0].dep_ = doc[1], "nsubj"
    doc[3].head, doc[3].dep_ = doc[1], "dobj"
    assert reparse_headline(doc, extractor.nlp, extractor.lexicon)
    assert doc[2].tag_ == "VBP" and doc[1].dep_ == "nsubj" and doc[1].head.i == 2


@pytest.mark.parametrize(
    "present, past",
    [
        ("slams", "slammed"),  # a doubled final consonant
        ("slam", "slammed"),  # the plural's present: "dockers slam"
        ("admits", "admitted"),
        ("blasts", "blasted"),
        ("denies", "denied"),
        ("deny", "denied"),
        ("say", "said"),
        ("tell", "told"),
    ],
)
def test_the_past_tense_of_a_present_cue(extractor, present, past):
    from quotewire_attribution.headline import _past_form

    assert _past_form(present, extractor.lexicon) == past


def test_a_cue_with_a_doubled_consonant_is_parsed_again(extractor):
    from quotewire_attribution.headline import reparse_headline

    doc = extractor.nlp("Okafor slams Ruiz over the ferry levy" + BODY)
    # the first parse's misreading, forced: the cue a plural noun, the object the root
    doc[2].head, doc[2].dep_ = doc[2], "ROOT"
    doc[1].head, doc[1].dep_, doc[1].tag_ = doc[2], "compound", "NNS"
    doc[0].head = doc[2]
    assert reparse_headline(doc, extractor.nlp, extractor.lexicon)
    assert doc[1].dep_ == "ROOT" and doc[1].tag_ == "VBZ"


def test_the_article_a_of_a_title_case_headline_is_lower_cased(extractor):
    from quotewire_attribution.headline import lower_headline_cues

    title = "Okafor Wins A Third Term As U.S. Envoy J. Hale Resigns"
    out = lower_headline_cues(title + BODY, extractor.lexicon)[: len(title)]
    # the article is lower-cased like the other function words; capitals alone are initials
    assert " a Third " in out
    assert "U.S." in out and " J. Hale" in out


# a body that names the headline's speaker in full
NAMED_BODY = "\n\nThe quay at Kelso stayed shut on Sunday, Mayor Ada Okafor said.\n"


@pytest.mark.parametrize(
    "title, content",
    [
        ("Okafor Visits Flooded Kelso Docks: \u2018We Will Rebuild.\u2019", "We Will Rebuild."),
        ("Ada Okafor tours the flooded docks: 'We will rebuild.'", "We will rebuild."),
    ],
)
def test_a_headline_clause_before_a_quote_names_its_speaker(ex, title, content):
    found = [s for c, s, _ in headline_statements(ex, title, NAMED_BODY) if c == content]
    assert found and found[0] in ("Okafor", "Ada Okafor"), title


def test_a_group_noun_after_a_name_is_no_verb(ex):
    # "Supporters" is the speaker line's group noun, not a verb of "Okafor"
    found = headline_statements(ex, "Okafor Supporters: 'Keep the ferries running.'", NAMED_BODY)
    assert [s for _, s, _ in found] != ["Okafor"]


def test_a_headline_clause_before_a_name_line_content_names_its_speaker(ex):
    # the name line took the whole clause "Ada Okafor Backs Ruiz" as its speaker
    title = "Ada Okafor Backs Ruiz: The Pier Will Reopen In May"
    found = [s for c, s, _ in headline_statements(ex, title, NAMED_BODY) if "Pier" in c]
    assert found == ["Ada Okafor"]


@pytest.mark.parametrize(
    "title, content, speaker, cue",
    [
        # a Title Case headline: what was announced is the verb's object, not a clause
        (
            "Harbour Board Announces Night Ferry For Kelso Islanders.",
            "Night Ferry For Kelso Islanders",
            "Harbour Board",
            "Announces",
        ),
        # a plural subject and a lower-case headline
        (
            "Port auditors reveal ferry levy rebate for fishermen.",
            "ferry levy rebate for fishermen",
            "Port auditors",
            "reveal",
        ),
    ],
)
def test_the_object_of_an_announcement_in_a_headline_is_its_content(
    ex, title, content, speaker, cue
):
    assert (content, speaker, cue) in headline_statements(ex, title)


def test_the_object_of_an_announcement_in_the_body_is_no_content(ex):
    body = "\n\nThe harbour board announced a night ferry for Kelso islanders on Tuesday.\n"
    assert headline_statements(ex, "Ferries in Kelso", body) == []


@pytest.mark.parametrize(
    "title, content, speaker, cue",
    [
        # a Title Case headline's endorsement: whom it endorses is the content
        (
            "Harbour Union Endorses Delia Marlow For Mayor.",
            "Delia Marlow For Mayor",
            "Harbour Union",
            "Endorses",
        ),
        # a lower-case headline's defence of a plan
        (
            "Okafor defends new ferry levy.",
            "new ferry levy",
            "Okafor",
            "defends",
        ),
    ],
)
def test_a_public_stance_in_a_headline_is_a_statement(ex, title, content, speaker, cue):
    assert (content, speaker, cue) in headline_statements(ex, title)


@pytest.mark.parametrize(
    "title, body",
    [
        # in the body an endorsement is support, not a statement
        ("Ferries in Kelso", "\n\nThe harbour union endorsed Delia Marlow for mayor last week.\n"),
        # a reflexive object names no content
        ("Okafor defends himself in Kelso", BODY),
    ],
)
def test_a_public_stance_elsewhere_is_no_statement(ex, title, body):
    assert headline_statements(ex, title, body) == []


def test_a_stance_verb_before_a_colon_keeps_the_name_line(ex):
    # the colon rules read "Ada Okafor Endorses Ruiz" in its Title Case: the speaker is the name
    title = "Ada Okafor Endorses Ruiz: The Pier Will Reopen In May"
    found = [s for c, s, _ in headline_statements(ex, title, NAMED_BODY) if "Pier" in c]
    assert found == ["Ada Okafor"]


@pytest.mark.parametrize(
    "title, content, speaker, cue",
    [
        # "No" read as an interjection and "To Ferry Levy" as the verb's adjunct; the clause
        # with its own subject after "As" is no part of what was said
        (
            "Okafor Says No To Ferry Levy As Ruiz Turns Up The Pressure.",
            "No To Ferry Levy",
            "Okafor",
            "Says",
        ),
        # a predicative without "a": "Ruiz" read as a verb, "risk" as its object
        (
            "Marlow calls Ruiz risk to harbour safety;",
            "Ruiz risk to harbour safety",
            "Marlow",
            "calls",
        ),
    ],
)
def test_the_rest_of_a_telegraphic_headline_is_its_content(ex, title, content, speaker, cue):
    assert (content, speaker, cue) in headline_statements(ex, title)


@pytest.mark.parametrize(
    "title, body",
    [
        # a pro-form alone reports nothing
        ("Okafor says so.", BODY),
        # in the body the verb's adjunct is no content
        (
            "Ferries in Kelso",
            "\n\nOkafor says no to the ferry levy as Ruiz turns up the pressure.\n",
        ),
    ],
)
def test_the_rest_of_a_headline_needs_words_of_content(ex, title, body):
    assert headline_statements(ex, title, body) == []


@pytest.mark.parametrize(
    "title, content, speaker, cue",
    [
        # a revelation in a clause after "after", with a subject of its own
        (
            "Okafor calls for inquiry after report reveals pier costs.",
            "pier costs",
            "report",
            "reveals",
        ),
        # a tweet in a clause after "while": what was tweeted is its object
        (
            "Ferry Crews Strike While Owners Tweet Thanks To Passengers.",
            "Thanks",
            "Owners",
            "Tweet",
        ),
        # an infinitive of purpose after the object belongs to the content
        (
            "Okafor tweets a doctored chart to portray crews as idle.",
            "a doctored chart to portray crews as idle",
            "Okafor",
            "tweets",
        ),
    ],
)
def test_the_object_of_a_headline_verb_in_a_subordinate_clause_or_with_a_purpose(
    ex, title, content, speaker, cue
):
    assert (content, speaker, cue) in headline_statements(ex, title)


def test_a_tweeted_object_in_the_body_is_no_content(ex):
    body = "\n\nThe owners tweeted thanks to the passengers on Tuesday.\n"
    assert headline_statements(ex, "Ferries in Kelso", body) == []


@pytest.mark.parametrize(
    "title, content, speaker, cue",
    [
        # "Said" hung as the clausal complement of the verb after the dash, with its own subject
        (
            "Wow: Ada Hale Just Said Something Odd About The Pier – It Might Surprise You.",
            "Something Odd About The Pier",
            "Ada Hale",
            "Said",
        ),
    ],
)
def test_a_headline_say_hung_on_a_later_verb_keeps_its_content(ex, title, content, speaker, cue):
    assert (content, speaker, cue) in headline_statements(ex, title)
