"""Mixed and direct statements whose shape the parse or the quote scan hides: a content
before ", said NAME" whose verb the tagger read as a noun; a quote left open at a paragraph's
end when the next paragraph's quote has a cue of its own; a reported clause that ends in a
colon before the quote spelling it out; a quote its sentence frames with one speaker's cue
before it and another source's cue after it. One invented example each."""

from tests.support_attribution import contents


def test_a_content_with_its_verb_read_as_a_noun_before_an_inverted_cue(ex):
    body = (
        'The ruling signals "a new chapter" for the tenants, said Omar Haddad, head of the union.'
    )
    assert contents(ex, body) == [
        ('The ruling signals "a new chapter" for the tenants', "Omar Haddad", "mixed")
    ]


def test_an_opening_phrase_before_an_inverted_cue_is_no_content(ex):
    assert contents(ex, "In a statement on Monday, said the union.") == []


def test_a_quote_left_open_ends_with_its_paragraph_when_the_next_quote_has_its_own_cue(ex):
    body = (
        "“We sold the boat in May,” Berg said. “The engine was finished.\n"
        "“Nobody would buy the nets either,” Berg said. “We burned them.”"
    )
    assert [c for c, _, _ in contents(ex, body)] == [
        "We sold the boat in May,",
        "The engine was finished.",
        "Nobody would buy the nets either,",
        "We burned them.",
    ]


def test_a_reported_clause_ending_in_a_colon_runs_over_the_quote_it_introduces(ex):
    body = (
        "Ms. Quill argued that the tender was never meant to be secret: "
        '"We posted it on the harbour board for a month."'
    )
    said = (
        'the tender was never meant to be secret: "We posted it on the harbour board for a month."'
    )
    assert contents(ex, body) == [(said, "Ms. Quill", "mixed")]


def test_a_quote_after_a_colon_with_a_cue_of_its_own_stays_apart_from_the_clause(ex):
    body = (
        "Ms. Quill argued that the tender was never meant to be secret: "
        '"We posted it on the harbour board," her deputy said.'
    )
    assert ("We posted it on the harbour board,", "her deputy", "direct") in contents(ex, body)


def test_a_reported_clause_ending_in_a_colon_runs_over_a_quote_no_cue_before_it_took(ex):
    body = (
        "Ms. Vane, who runs a bakery on the quay, said in an interview on Friday that she sent "
        "the council the same letter every week: ''Please fix the north light. Nobody listens "
        "to us.''"
    )
    said = (
        "she sent the council the same letter every week: ''Please fix the north light. Nobody "
        "listens to us.''"
    )
    assert contents(ex, body) == [(said, "Ms. Vane", "mixed")]


def test_a_past_perfect_passive_conjunct_after_a_past_perfect_clause_goes_on_with_it(ex):
    text = (
        "Ferry inquiry\n\nThe court heard from the ferry's engineer, Ole Marten, who said he had "
        'reported the leak "at least twice a month" and had been told to "keep quiet and mop it '
        'up."\n'
    )
    content = (
        'he had reported the leak "at least twice a month" and had been told to "keep quiet and '
        'mop it up."'
    )
    assert [s.content for s in ex.extract(text)] == [content]


def test_a_framed_quote_with_another_sources_cue_after_it_is_that_sources_report(ex):
    """'..., Hale said: "...," the Courier reported': the Courier reports the whole sentence
    (one mixed statement); the quote is not the Courier's words alone."""
    body = (
        "Asked about the winter timetable, the ferry manager said: "
        "“Nobody will sail before March,” the Lindholm Courier reported."
    )
    assert contents(ex, body) == [
        (
            (
                "Asked about the winter timetable, the ferry manager said: "
                "“Nobody will sail before March,”"
            ),
            "the Lindholm Courier",
            "mixed",
        )
    ]


def test_a_quote_shouted_in_the_scene_before_another_speakers_cue_stays_a_quote(ex):
    body = "When a man at the back shouted, “Lower the fares,” the ferry manager laughed."
    # the shouted words stay a quote of their own, not part of a mixed report of the sentence
    assert [(c, t) for c, _, t in contents(ex, body)] == [("Lower the fares,", "direct")]


def test_a_phrase_right_after_a_quoted_judgement_completes_it(ex):
    # the parser hangs the phrase after the closing mark on the verb
    body = (
        "Many sailors called him “the calmest head on the quay” amidst the quarrel over the ferry."
    )
    assert contents(ex, body) == [
        (
            "him “the calmest head on the quay” amidst the quarrel over the ferry",
            "Many sailors",
            "mixed",
        )
    ]


def test_a_comparison_right_after_a_quoted_judgement_completes_it(ex):
    body = "Ruiz described the job as “a different kettle of fish” than the usual harbour work."
    assert contents(ex, body) == [
        ("the job as “a different kettle of fish” than the usual harbour work", "Ruiz", "mixed")
    ]


def test_the_time_or_occasion_after_a_quoted_judgement_stays_out(ex):
    body = "Hale called the ferry board “a shambles” over the weekend."
    assert contents(ex, body) == [("the ferry board “a shambles”", "Hale", "mixed")]


def test_the_second_piece_of_a_broken_quote_shares_the_first_pieces_speaker(ex):
    # the parser makes the inverted speaker the subject of the verb inside the second piece
    body = "“The risk,” said Ann Lund, an economist at the fund, “is that the ferries will stop.”"
    assert contents(ex, body) == [
        ("The risk,", "Ann Lund", "direct"),
        ("is that the ferries will stop.", "Ann Lund", "direct"),
    ]


def test_a_long_apposition_after_an_inverted_cue_still_frames_the_second_piece(ex):
    body = (
        '"The risk," said Ann Lund, an economist who runs the harbour fund for the island '
        'council, "is that the ferries will stop."'
    )
    assert contents(ex, body) == [
        ("The risk,", "Ann Lund", "direct"),
        ("is that the ferries will stop.", "Ann Lund", "direct"),
    ]
