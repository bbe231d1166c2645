"""Reported clauses in constructions real reporters use every day; one invented text each."""

import pytest

from tests.support_attribution import contents


def test_negation_stays_with_its_own_verb(full_extractor):
    body = "Police have not released the name and said they were not looking for anyone else."
    assert contents(full_extractor, body) == [
        ("they were not looking for anyone else", "Police", "indirect")
    ]


def test_a_shared_negation_still_cancels_both_reports(full_extractor):
    assert (
        contents(full_extractor, "The ministry did not confirm or deny that talks had taken place.")
        == []
    )


def test_a_bare_clause_after_the_addressee(full_extractor):
    assert contents(full_extractor, "Tom Hale warned the nominee he had to apologise.") == [
        ("he had to apologise", "Tom Hale", "indirect")
    ]
    assert contents(full_extractor, "Ms. Vane told the board it had to act.") == [
        ("it had to act", "Ms. Vane", "indirect")
    ]


def test_a_relative_clause_without_its_pronoun_is_no_reported_clause(full_extractor):
    # the clause's verb lacks the object that the thing before it supplies
    body = "The ferry company announced a second route it would open in May."
    assert contents(full_extractor, body) == []
    body = "The ferry company announced a second route it will be opening in May."
    assert contents(full_extractor, body) == []
    # after people addressed, the same shape is what they were told
    assert contents(
        full_extractor, "The coach warned the players they would lose their places."
    ) == [("they would lose their places", "The coach", "indirect")]


def test_a_relative_clause_of_the_addressee_is_no_content(full_extractor):
    assert contents(full_extractor, "Ms. Vane thanked the board, which had hired her.") == []


def test_a_parenthetical_report_attributes_its_clause(full_extractor):
    for body in (
        "As the Gazette reported on Tuesday, the fund will close in May.",
        "The fund will close in May, as the Gazette reported on Tuesday.",
        "The fund will close in May, as the Gazette reported on its website.",
    ):
        got = contents(full_extractor, body)
        assert [(c.lower(), s) for c, s, _ in got] == [
            ("the fund will close in may", "the Gazette")
        ], body


@pytest.mark.parametrize(
    "body",
    [
        "The new toll would not raise nearly as much money as the mayor has promised.",
        "The ferry now carries twice as many riders as Ida Hale claimed.",
        "The crowds at the pier were not nearly as rowdy and angry as he suggested.",
    ],
)
def test_the_second_term_of_a_comparison_reports_nothing(full_extractor, body):
    # "as much money as the mayor promised": the as-clause completes "as much", it is no
    # parenthetical "as the Gazette reported" attributing the clause it hangs on
    assert contents(full_extractor, body) == []


def test_an_as_clause_with_its_own_topic_reports_nothing(ex):
    # "commented on the new rules": what the act was about, not the clause it hangs on
    body = "The board raised its fees as it commented on the new rules."
    assert contents(ex, body) == []


def test_a_cue_under_an_adjective_of_stance(full_extractor):
    assert contents(full_extractor, "Critics were quick to note that the fund had lost money.") == [
        ("the fund had lost money", "Critics", "indirect")
    ]


def test_an_adverbial_between_cue_and_that(full_extractor):
    assert contents(full_extractor, "Tom Hale insisted outside court that he was innocent.") == [
        ("he was innocent", "Tom Hale", "indirect")
    ]


# -- speaker lines ----------------------------------------------------------------------------
def test_a_headline_speaker_colon_quote(full_extractor):
    stmts = full_extractor.extract(
        'Senator Ruiz: "We will not back down"\n\nThe senate voted on Tuesday.\n'
    )
    assert [(s.content, s.speaker, s.cue, s.type) for s in stmts] == [
        ("We will not back down", "Senator Ruiz", ":", "direct")
    ]


def test_a_headline_group_colon_clause(extractor):
    stmts = extractor.extract(
        "Insiders: mayor will rebound in the spring\n\nThe mayor lost the vote.\n"
    )
    assert [(s.content, s.speaker, s.type) for s in stmts] == [
        ("mayor will rebound in the spring", "Insiders", "indirect")
    ]


def test_transcript_turns(extractor):
    text = (
        "Debate night\n\nThe two met on stage.\n\nHOLT: Your plan would cost billions, would it not?\n\n"
        "MARSH: It would pay for itself within five years.\n"
    )
    assert [(s.speaker, s.content) for s in extractor.extract(text)] == [
        ("HOLT", "Your plan would cost billions, would it not?"),
        ("MARSH", "It would pay for itself within five years"),
    ]


def test_a_label_before_a_colon_is_no_speaker(extractor):
    assert extractor.extract("Update: the vote was delayed\n\nThe senate met.\n") == []
    assert extractor.extract("Harbour fund\n\nPhoto: the pier at dawn, taken by a reader.\n") == []


def test_an_interviewers_question_is_no_statement(extractor):
    text = (
        "Talking to the harbour master\n\nWe met her on the quay.\n\n"
        "Q: Will the pier reopen this year?\n\nVIK: We hope so, if the weather holds.\n"
    )
    assert [(s.speaker, s.content) for s in extractor.extract(text)] == [
        ("VIK", "We hope so, if the weather holds")
    ]


def test_section_headings_of_a_list_are_no_statements(extractor):
    text = (
        "Where the race stands\n\nTom Hale: Win in a walk.\n\n"
        "Harbour chief Tom Hale has led every poll since May.\n\n"
        "Ida Brandt: A late surge.\n\nCouncillor Ida Brandt needs a miracle, Jon Vik said.\n"
    )
    assert [(s.speaker, s.content) for s in extractor.extract(text)] == [
        ("Jon Vik", "Councillor Ida Brandt needs a miracle")
    ]


def test_one_short_speaker_line_is_still_a_statement(extractor):
    text = "Harbour vote\n\nThe board met.\n\nTom Hale: Never again.\n\nThe vote was close.\n"
    assert [(s.speaker, s.content) for s in extractor.extract(text)] == [
        ("Tom Hale", "Never again")
    ]


# -- headlines --------------------------------------------------------------------------------
def test_title_case_headline_cues_are_read_as_verbs(full_extractor):
    stmts = full_extractor.extract(
        "Minister Warns Of Cuts To Rural Schools\n\nThe council met on Tuesday.\n"
    )
    assert [(s.content, s.speaker, s.cue) for s in stmts] == [
        ("Cuts To Rural Schools", "Minister", "Warns Of")
    ]
    stmts = full_extractor.extract(
        "Senator Ortega Urges Voters To Stay Home\n\nThe polls open at seven.\n"
    )
    assert [(s.content, s.cue) for s in stmts] == [("Voters To Stay Home", "Urges")]


def test_telegraphic_headlines(extractor):
    for title, content, speaker in (
        ("Mayor says budget balanced", "budget balanced", "Mayor"),
        ("Rates to stay high, bank says", "Rates to stay high", "bank"),
        ("\u2018Not over yet,\u2019 central bank warns", "Not over yet,", "central bank"),
    ):
        stmts = extractor.extract(title + "\n\nThe council met on Tuesday.\n")
        assert [(s.content, s.speaker) for s in stmts] == [(content, speaker)], title


def test_lowering_keeps_every_offset(extractor):
    from quotewire_attribution.headline import lower_headline_cues

    text = "Minister Warns Of Cuts\n\nThe Minister Warns Of nothing here.\n"
    out = lower_headline_cues(text, extractor.lexicon)
    assert (
        len(out) == len(text)
        and out.startswith("Minister warns of Cuts\n")
        and out.endswith(text[22:])
    )
    assert (
        lower_headline_cues("Mayor says budget balanced\n", extractor.lexicon)
        == "Mayor says budget balanced\n"
    )


def test_the_speakers_own_act_after_the_report_is_not_content(full_extractor):
    body = (
        'Mayor Tom Reed said the town had "never seen anything like it" and thanked volunteers who had '
        "worked all night. The commission said it was following the situation closely and offered to "
        "host talks in Oslo."
    )
    assert [c for c, _, _ in contents(full_extractor, body)] == [
        'the town had "never seen anything like it"',
        "it was following the situation closely",
    ]


def test_a_coordinated_verb_of_the_report_stays_in_it(full_extractor):
    body = "Ivanov said the council had rushed the vote and ignored a petition. Ms. Vane said prices had risen and then declined."
    assert [c for c, _, _ in contents(full_extractor, body)] == [
        "the council had rushed the vote and ignored a petition",
        "prices had risen and then declined",
    ]


def test_a_clause_after_the_cue_with_its_complementiser_is_the_content(full_extractor):
    # the clause before a colon is narration; the that-clause after the cue is what was said
    body = "It was no idle worry: soon the mayor had declared that she would close the pier."
    assert contents(full_extractor, body) == [("she would close the pier", "the mayor", "indirect")]


@pytest.mark.parametrize(
    ("body", "content"),
    [
        (
            "Attendance has dropped, the librarians say the new hours confuse readers.",
            "the new hours confuse readers",
        ),
        (
            "Ticket sales were slow, the promoter said the band would still play.",
            "the band would still play",
        ),
    ],
)
def test_a_clause_before_the_speaker_does_not_outweigh_the_one_after_the_cue(ex, body, content):
    # a clause (or a phrase the parser read as one) ending before the cue's own subject is
    # narration; the clause with its own subject after the cue is what was said
    assert [c for c, _, _ in contents(ex, body)] == [content]


@pytest.mark.parametrize(
    ("body", "content"),
    [
        # "he believed" says nothing of its own
        ("The dam will hold, the engineer said he believed.", "The dam will hold"),
        # an interrupting attribution: the clause before it is the statement's first piece
        (
            "The bridge is so old, the inspector said, that trucks must detour.",
            "The bridge is so old",
        ),
    ],
)
def test_the_clause_before_the_speaker_stays_when_the_one_after_is_no_report(ex, body, content):
    assert contents(ex, body)[0][0] == content


def test_a_complementiser_read_as_a_determiner(full_extractor):
    # "that" parsed as the determiner of the clause's subject, the clause left without one
    body = "Ms. Lund and Mr. Okoro stress that weather is only one reason among many."
    got = contents(full_extractor, body)
    assert [(c, t) for c, _, t in got] == [("weather is only one reason among many", "indirect")]


def test_a_cue_after_a_whole_clause_still_reports_that_clause(full_extractor):
    assert [
        c
        for c, _, _ in contents(
            full_extractor, "It was hopeless, Ivanov said, so the board split the berths."
        )
    ] == ["It was hopeless"]


def test_reported_content_that_is_one_whole_quote_is_direct(full_extractor):
    assert contents(full_extractor, 'Mayor Lena Fisk said "the port is closed."') == [
        ("the port is closed.", "Mayor Lena Fisk", "direct")
    ]


def test_a_second_that_clause_whose_verb_is_a_cue_word_stays_in_the_content(full_extractor):
    body = (
        'The operator said in a statement that its offer was "fair and affordable" and that the claim '
        "would add 4 million pounds a year to costs."
    )
    assert [c for c, _, _ in contents(full_extractor, body)] == [
        'its offer was "fair and affordable" and that the claim would add 4 million pounds a year to costs'
    ]


def test_a_trailing_cue_after_a_whole_clause_keeps_one_statement(full_extractor):
    assert contents(full_extractor, "The pier was never safe, Ivanov said.") == [
        ("The pier was never safe", "Ivanov", "indirect")
    ]


def test_reports_to_an_addressee_of_stance_verbs(full_extractor):
    assert contents(full_extractor, "Ms. Vane assured the crowd she would not quit.") == [
        ("she would not quit", "Ms. Vane", "indirect")
    ]
    assert contents(
        full_extractor, "Tom Hale reminded the board that the deadline was Friday."
    ) == [("the deadline was Friday", "Tom Hale", "indirect")]
    assert contents(full_extractor, "The mayor lamented that the pier had been neglected.") == [
        ("the pier had been neglected", "The mayor", "indirect")
    ]


BODY = "\n\nAda Marlow, the harbour master, said on Sunday that the levy was fair.\n"


def _headline(ex, title):
    return [
        (s.content, s.speaker, s.speaker_canonical, s.cue, s.type) for s in ex.extract(title + BODY)
    ][:-1]


def test_a_headline_surname_colon_named_in_the_story(extractor):
    assert _headline(extractor, "Marlow: Harbour levy is here to stay") == [
        ("Harbour levy is here to stay", "Marlow", "Ada Marlow", ":", "indirect")
    ]


def test_a_headline_speaker_to_an_addressee_colon(extractor):
    assert _headline(extractor, "Marlow to harbour board: the levy will go") == [
        ("the levy will go", "Marlow", "Ada Marlow", ":", "indirect")
    ]


def test_a_single_quoted_headline_after_the_colon_is_direct(extractor):
    assert _headline(extractor, "Marlow on the levy: 'We will not back down.'") == [
        ("We will not back down.", "Marlow", "Ada Marlow", ":", "direct")
    ]


def test_a_topic_before_a_colon_is_no_speaker(extractor):
    for title in ("Brexit: what happens next for the harbour", "Guide to the levy: what you pay"):
        assert _headline(extractor, title) == [], title


def test_a_broken_quote_whose_second_part_opens_in_lower_case(full_extractor):
    body = '"We will fight this," Tom Hale said, "and we will win the appeal."'
    assert contents(full_extractor, body) == [
        ("We will fight this,", "Tom Hale", "direct"),
        ("and we will win the appeal.", "Tom Hale", "direct"),
    ]


def test_a_lower_case_quote_inside_a_clause_is_no_direct_quote(full_extractor):
    body = 'Tom Hale said the levy was "far too high" and would hurt small boats.'
    assert [t for _, _, t in contents(full_extractor, body)] == ["mixed"]


def test_a_question_put_to_the_speaker_is_no_statement_the_answer_is(full_extractor):
    for body in (
        "Asked whether the pier would reopen, Ms. Vane said it would not.",
        "Ms. Vane was asked whether the pier would reopen. She said it would not.",
    ):
        assert [(c, t) for c, _, t in contents(full_extractor, body)] == [
            ("it would not", "indirect")
        ], body


def test_a_not_inside_the_quote_does_not_negate_the_cue(full_extractor):
    stmts = full_extractor.extract("'Not over yet', central bank warns\n\nThe bank met.\n")
    assert [(s.content, s.speaker, s.type) for s in stmts] == [
        ("Not over yet", "central bank", "direct")
    ]


def test_a_participle_on_an_issued_statement_speaks_for_its_issuer(full_extractor):
    body = (
        "On Friday, Senator Ada Moss issued a statement saying that the council should wait. "
        "The mayor later posted a video claiming the pier was safe."
    )
    assert contents(full_extractor, body) == [
        ("the council should wait", "Senator Ada Moss", "indirect"),
        ("the pier was safe", "The mayor", "indirect"),
    ]


def test_a_statement_someone_else_wrote_is_not_the_readers(full_extractor):
    # the letter is the source (a document as source, as in "according to council documents")
    assert contents(full_extractor, "Tom Hale read out a letter saying the fund was closed.") == [
        ("the fund was closed", "a letter", "indirect")
    ]


def test_a_gerund_cue_after_a_preposition_speaks_for_the_verbs_subject(full_extractor):
    body = "Ms. Vane slipped up in claiming that the loan was repaid in March."
    assert contents(full_extractor, body) == [
        ("the loan was repaid in March", "Ms. Vane", "indirect")
    ]


def test_the_speaker_faulted_for_saying_is_not_the_critic(full_extractor):
    got = contents(full_extractor, "Mr. Bell faulted the mayor for saying the pier was safe.")
    assert all(s != "Mr. Bell" or c != "the pier was safe" for c, s, _ in got)


def test_responded_and_joked_with_a_that_clause_report_it(full_extractor):
    body = (
        "Mr. Ruiz responded that the figures were wrong. "
        "The mayor responded to the letter on Friday. "
        "At the rally, she joked that she would bring a cake to the council."
    )
    assert contents(full_extractor, body) == [
        ("the figures were wrong", "Mr. Ruiz", "indirect"),
        ("she would bring a cake to the council", "she", "indirect"),
    ]


def test_an_infinitive_cue_after_a_lead_in_verb_speaks_for_its_subject(full_extractor):
    body = (
        "He went on to say that the ferry crews felt ignored by the board. "
        "Ms. Vane tweeted on Friday to say she had never backed the levy. "
        "The mayor is expected to say the pier will close."
    )
    assert contents(full_extractor, body) == [
        ("the ferry crews felt ignored by the board", "He", "indirect"),
        ("she had never backed the levy", "Ms. Vane", "indirect"),
    ]


@pytest.mark.parametrize(
    "body, content, speaker",
    [
        (
            (
                'Tom Lund, a former ferry captain, interjected to say: "The pier is rotten. '
                'Every crew on the island knows it."'
            ),
            "The pier is rotten. Every crew on the island knows it.",
            "Tom Lund",
        ),
        (
            'The harbour master interrupted the meeting to announce, "The last ferry has sailed."',
            "The last ferry has sailed.",
            "The harbour master",
        ),
    ],
)
def test_an_infinitive_cue_after_a_verb_of_breaking_in_speaks_for_its_subject(
    ex, body, content, speaker
):
    assert contents(ex, body) == [(content, speaker, "direct")]


def test_an_infinitive_cue_of_purpose_speaks_for_the_subject_of_its_verb(full_extractor):
    body = (
        "Lund drove to the harbour at dawn to say the pier would close. "
        "Mira did not phone her sister to tell her that the farm was sold."
    )
    assert contents(full_extractor, body) == [("the pier would close", "Lund", "indirect")]


def test_a_comma_joined_clause_before_the_cue_stays_the_content(full_extractor):
    got = contents(full_extractor, "It is no wonder, Mr. Okoro said, that the fund closed.")
    assert got[0][:2] == ("It is no wonder", "Mr. Okoro")


def test_declaring_oneself_something_is_no_statement(full_extractor):
    body = "In 2007 he declared himself an independent. The mayor said she was lucky."
    assert contents(full_extractor, body) == [("she was lucky", "The mayor", "indirect")]


def test_coordinated_that_clauses_after_a_comma_or_but_are_one_content(full_extractor):
    body = (
        "The port authority said that the berths would reopen in May, and that the levy would "
        "stay. Ms. Vane argued that the fund was solvent but that its managers had erred."
    )
    assert [c for c, _, _ in contents(full_extractor, body)] == [
        "the berths would reopen in May, and that the levy would stay",
        "the fund was solvent but that its managers had erred",
    ]


def test_a_report_in_a_relative_clause_gives_the_rest_of_the_clause(full_extractor):
    # the relative pronoun is the reported clause's subject: the content is what follows the cue
    body = "The new toll, which he has often said was unfair, will stay."
    assert contents(full_extractor, body) == [("was unfair", "he", "indirect")]


def test_a_present_perfect_conjunct_after_a_backshifted_report_is_narration(full_extractor):
    body = (
        "The mayor said she would visit the pier later, and so far has only sent a letter. "
        "Ms. Vane said the port has closed and has moved its staff."
    )
    assert [c for c, _, _ in contents(full_extractor, body)] == [
        "she would visit the pier later",
        "the port has closed and has moved its staff",
    ]


def test_a_conjunct_in_the_cues_own_form_is_the_speakers_second_act(ex):
    body = (
        "The farmers' union denies the harvest was poor and publishes its own figures every week. "
        "Ms. Okafor suggested the ferry timetable be changed and visited the depot on Friday. "
        "The council is urging residents to save water and promising to fix the pipes."
    )
    assert [c for c, _, _ in contents(ex, body)] == [
        "the harvest was poor",
        "the ferry timetable be changed",
        "residents to save water",
        "to fix the pipes",
    ]


def test_the_later_bare_verbs_of_an_infinitive_list_stay_in_the_content(ex):
    body = (
        "The mayor pledged to enact zoning reform, fix the leaky water mains and hire teachers. "
        "Ms. Okafor urged the council to scrap its parking levy, replace the transit board and "
        "open the library on Sundays. "
        "Ms. Vance is urging residents to save water, fix leaking taps and report broken mains. "
        "The union urged members to reject the offer and walked out of the talks. "
        "The director said funding is badly needed to build a clinic, train nurses and buy "
        "ambulances. "
        "Mr. Hale pledged to cut ferry fares, widen the canal and he later said the depot would "
        "close."
    )
    assert [c for c, _, _ in contents(ex, body)] == [
        "to enact zoning reform, fix the leaky water mains and hire teachers",
        "the council to scrap its parking levy, replace the transit board and open the library on"
        + " Sundays",
        "residents to save water, fix leaking taps and report broken mains",
        "members to reject the offer",
        "funding is badly needed to build a clinic, train nurses and buy ambulances",
        "to cut ferry fares, widen the canal",
        "the depot would close",
    ]


def test_a_present_conjunct_shares_the_subject_it_agrees_with(ex):
    body = (
        'Ms. Brandt told the board the tide tables might be "badly out," and have failed twice this year. '
        "The mayor said the buses are late and need new engines."
    )
    assert [c for c, _, _ in contents(ex, body)] == [
        'the tide tables might be "badly out," and have failed twice this year',
        "the buses are late and need new engines",
    ]


def test_a_past_was_or_were_conjunct_shares_the_subject_it_agrees_with(ex):
    """ "were" cannot go with a single speaker: it shares the reported clause's plural subject,
    or a group noun's ("the crew were"); "was" after a plural speaker likewise."""
    body = (
        "The skipper, Lena Varga, said her crew were \u201cshaken\u201d and were helping the "
        "coastguard with its inquiry. "
        "The wardens said the gate was \u201cjammed\u201d and was being mended by a smith. "
        "Ms. Varga said the nets were \u201cruined\u201d and was asking the insurer to pay."
    )
    assert [c for c, _, _ in contents(ex, body)] == [
        "her crew were \u201cshaken\u201d and were helping the coastguard with its inquiry",
        "the gate was \u201cjammed\u201d and was being mended by a smith",
        "the nets were \u201cruined\u201d",
        "the insurer to pay",
    ]


def test_a_conjunct_withholding_more_words_is_the_speakers_act(ex):
    body = (
        "The club confirmed the striker had signed a new deal but would not give details of his "
        "wages. The bakery says its ovens pass inspection and declines to share the report."
    )
    assert [c for c, _, _ in contents(ex, body)] == [
        "the striker had signed a new deal",
        "its ovens pass inspection",
    ]


def test_a_negated_conjunct_that_is_no_disclosure_stays_in_the_content(ex):
    body = "The minister said the plan was fair and would not hurt pensioners."
    assert [c for c, _, _ in contents(ex, body)] == [
        "the plan was fair and would not hurt pensioners"
    ]


def test_a_conjunct_in_the_content_verbs_own_form_stays_in_the_content(full_extractor):
    body = (
        "The clerk said the roof leaked and needed repairs. "
        "The clerk says the roof leaks and needs repairs."
    )
    assert [c for c, _, _ in contents(full_extractor, body)] == [
        "the roof leaked and needed repairs",
        "the roof leaks and needs repairs",
    ]


def test_a_but_clause_right_after_the_content_goes_on_with_what_was_said(ex):
    body = "The coach said the pitch was heavy, but his players had trained on worse."
    assert contents(ex, body) == [
        ("the pitch was heavy, but his players had trained on worse", "The coach", "indirect")
    ]


def test_a_but_clause_that_reports_or_names_another_party_is_not_the_content(ex):
    body = (
        "The mayor said the bridge was safe, but engineers said it needed repairs. "
        "The warden said the levy would rise, but the Greens wanted a recount."
    )
    assert [c for c, _, _ in contents(ex, body)] == [
        "the bridge was safe",
        "it needed repairs",
        "the levy would rise",
    ]


def test_a_clause_closed_by_a_colon_before_the_speaker_is_no_content(full_extractor):
    body = (
        "Right or not, the doubt has had an effect: some 20 percent said they believe the mayor "
        "was born abroad."
    )
    assert [c for c, _, _ in contents(full_extractor, body)] == [
        "they believe the mayor was born abroad"
    ]


def _parsed(words, tags, heads, deps):
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    return Doc(Vocab(), words=words, tags=tags, heads=heads, deps=deps)


def test_a_clause_right_after_the_cue_that_the_parser_did_not_attach_is_the_content():
    from quotewire_attribution.openings import clause_follows

    # "In May , Bell said he is sure ." with "is" hung on the opening, not on "said"
    words = ["In", "May", ",", "Bell", "said", "he", "is", "sure", "."]
    tags = ["IN", "NNP", ",", "NNP", "VBD", "PRP", "VBZ", "JJ", "."]
    heads = [4, 0, 4, 4, 4, 6, 0, 6, 4]
    deps = ["prep", "pobj", "punct", "nsubj", "ROOT", "nsubj", "conj", "acomp", "punct"]
    assert clause_follows(_parsed(words, tags, heads, deps)[4])
    # "The pier is unsafe , Bell said as he left ." : a subordinate clause after the cue
    words = ["The", "pier", "is", "unsafe", ",", "Bell", "said", "as", "he", "left", "."]
    tags = ["DT", "NN", "VBZ", "JJ", ",", "NNP", "VBD", "IN", "PRP", "VBD", "."]
    heads = [1, 2, 2, 2, 6, 6, 2, 9, 9, 6, 2]
    deps = [
        "det",
        "nsubj",
        "ROOT",
        "acomp",
        "punct",
        "nsubj",
        "parataxis",
        "mark",
        "nsubj",
        "advcl",
        "punct",
    ]
    assert not clause_follows(_parsed(words, tags, heads, deps)[6])


def test_a_headline_feature_title_after_the_colon_is_no_statement(extractor):
    # a noun phrase opening with an article, or a verbless question: the title of a feature
    for title in (
        "Marlow: A life at sea",
        "Marlow: The trouble with ferries",
        "Marlow: Reformer or career politician?",
    ):
        assert _headline(extractor, title) == [], title
    # a verbless claim, an imperative and a quoted phrase stay statements
    for title, content in (
        ("Marlow: No cuts to ferries this year", "No cuts to ferries this year"),
        ("Marlow: Deport the harbour board", "Deport the harbour board"),
        ("Marlow: Time for 'tough love' on ferries", "Time for 'tough love' on ferries"),
    ):
        assert [c for c, *_ in _headline(extractor, title)] == [content], title


def test_the_same_said_of_another_thing_is_the_content(full_extractor):
    body = (
        "Most anglers said the lake was too warm, and a third said the same of the river. "
        "Ortiz said the same."
    )
    assert contents(full_extractor, body) == [
        ("the lake was too warm", "Most anglers", "indirect"),
        ("the same of the river", "a third", "indirect"),
    ]


def test_an_object_with_a_set_off_phrase_before_a_subjectless_clause_is_its_subject(
    full_extractor,
):
    body = "Two harbour pilots say Councillor Jon Vik, has never sailed a boat in a storm."
    assert contents(full_extractor, body) == [
        ("Councillor Jon Vik, has never sailed a boat in a storm", "Two harbour pilots", "indirect")
    ]


def test_a_relative_clause_without_a_relative_word_reports_the_rest_of_its_clause(
    full_extractor,
):
    body = "The audit recalls the fraud inquiry, a probe the county said was closed last spring."
    assert contents(full_extractor, body) == [("was closed last spring", "the county", "indirect")]
