"""Judgements and appeals the parser splits up: "described X as Y" with the "as" read as the
mark of a clause or hung on an adjunct, "called on/upon X to Y" with the preposition left
without its object. One invented sentence each."""

import pytest

HEAD = "Harbour dispute\n\n"


@pytest.mark.parametrize(
    ("sentence", "content", "cue"),
    [
        # the parser reads "as" as the mark or adverb of a clause of the verb
        (
            "The mayor described the port as run by amateurs.",
            "the port as run by amateurs",
            "described",
        ),
        (
            "Coach Ray Lund described the squad as highly talented.",
            "the squad as highly talented",
            "described",
        ),
        # the "as" phrase hangs on the noun of an adjunct between the object and it
        (
            'The mayor described the ferry plan during a radio interview as "a waste of money."',
            'the ferry plan during a radio interview as "a waste of money."',
            "described",
        ),
        # "on" read as a particle of the verb: the cue's preposition all the same
        (
            "The mayor has called on harbour officials to add more lifeguards.",
            "harbour officials to add more lifeguards",
            "called on",
        ),
        # "called upon" as "called on"
        (
            "Ada Moss also called upon the board to publish the accounts.",
            "the board to publish the accounts",
            "called upon",
        ),
    ],
)
def test_a_split_judgement_or_appeal_is_one_statement(ex, sentence, content, cue):
    stmts = ex.extract(HEAD + sentence + "\n")
    assert [(s.content, s.cue) for s in stmts] == [(content, cue)]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        # the predicative read as a second object of the verb
        (
            "The harbour debate grew bitter, with Councillor Tom Neill calling Holt a crook.",
            "Holt a crook",
        ),
        # the object read as an open complement, the predicative as its object
        (
            "Tempers rose at the quay, with Ms. O’Hara calling Trump a fraud.",
            "Trump a fraud",
        ),
    ],
)
def test_a_predicative_read_as_an_object_is_the_judgement(ex, sentence, content):
    assert [s.content for s in ex.extract(HEAD + sentence + "\n")] == [content]


@pytest.mark.parametrize(
    ("sentence", "content", "speaker"),
    [
        (
            "The mayor issued a statement describing the talks as a step forward.",
            "the talks as a step forward",
            "The mayor",
        ),
        (
            "The ferry union issued a statement accusing the harbour board of bad faith.",
            "the harbour board of bad faith",
            "The ferry union",
        ),
        (
            "Ms. Vane gave a speech praising the lifeboat crews for their courage.",
            "the lifeboat crews for their courage",
            "Ms. Vane",
        ),
    ],
)
def test_a_participle_after_a_statement_says_what_it_says(ex, sentence, content, speaker):
    found = [(s.content, s.speaker) for s in ex.extract(HEAD + sentence + "\n")]
    assert found == [(content, speaker)]


@pytest.mark.parametrize(
    "sentence",
    [
        "A group called Friends of the Pier met on Monday.",  # a name given
        "Ms. Vane gave a speech praising the lifeboat crews.",  # the object alone: a topic
    ],
)
def test_a_participle_after_a_noun_without_complement_is_no_statement(ex, sentence):
    assert ex.extract(HEAD + sentence + "\n") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Ms. Vane called the mayor a week later.",  # a time, no judgement
        "Ms. Vane called her brother a second time.",
    ],
)
def test_a_time_after_the_object_is_no_judgement(ex, sentence):
    assert ex.extract(HEAD + sentence + "\n") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor described the plan as the crowd cheered.",  # "as" with a finite clause: a time
        "The mayor described the flood as she walked along the pier.",
    ],
)
def test_no_judgement_without_its_complement(ex, sentence):
    assert ex.extract(HEAD + sentence + "\n") == []


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        # typewriter quotes: the tagger reads the opening '' as a closing mark
        (
            "The union's lawyer called the ruling ''a gift to the owners.''",
            "the ruling ''a gift to the owners.''",
        ),
        # in a relative clause whose pronoun is the subject the object is after the cue
        (
            "Ada Moss, who has called the ferry timetable ''deeply confusing,'' will chair the review.",
            "the ferry timetable ''deeply confusing,''",
        ),
        # a demonstrative object right before the quote
        (
            'Asked about the toll, the skipper called this "past a joke."',
            'this "past a joke."',
        ),
        # a possessive phrase in quotes judges (a bare compound alone would name)
        (
            'The ferry crews groaned when she called him "everybody\'s tax collector."',
            'him "everybody\'s tax collector."',
        ),
    ],
)
def test_a_quoted_judgement_read_from_the_words(full_extractor, sentence, content):
    stmts = full_extractor.extract(HEAD + sentence + "\n")
    assert [(s.content, s.cue, s.type) for s in stmts] == [(content, "called", "mixed")]


def test_a_long_quoted_judgement_after_its_object(full_extractor):
    """A quote of more than a dozen words after the object is still read from the words."""
    sentence = (
        "The ferry captain likes Ruiz and calls her \u201can unusually gifted manager with a "
        "long record and a great deal of patience.\u201d"
    )
    content = sentence[sentence.index("her \u201c") :]
    stmts = full_extractor.extract(HEAD + sentence + "\n")
    assert [(s.speaker, s.content, s.type) for s in stmts] == [
        ("The ferry captain", content, "mixed")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Fans called him ''Big Sam''.",  # a name in typewriter quotes
        "Locals called the old crane ''Big Sam'' for years.",
    ],
)
def test_a_name_in_typewriter_quotes_is_no_judgement(full_extractor, sentence):
    assert full_extractor.extract(HEAD + sentence + "\n") == []


@pytest.mark.parametrize(
    ("text", "span", "kept"),
    [
        # a span that stops inside a parenthesis it opened ends before the parenthesis
        (
            "Most anglers call themselves cautious (41% to 30% in May).",
            "themselves cautious (41% to 30%",
            "themselves cautious",
        ),
        # one that closes right after the span keeps it (the trimmed form of "(D-Ore.)")
        (
            "She would back Sen. Tom Roe (D-Ore.) in May.",
            "back Sen. Tom Roe (D-Ore.",
            "back Sen. Tom Roe (D-Ore.",
        ),
    ],
)
def test_a_span_ends_before_a_parenthesis_it_leaves_open(extractor, text, span, kept):
    from quotewire_attribution.bounds import trim_span

    doc = extractor.nlp(text)
    chars = doc.char_span(text.index(span), text.index(span) + len(span))
    s, e = trim_span(doc, chars.start, chars.end)
    assert doc[s:e].text == kept


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "The mayor urged the board to sell the old pier, which has cost the town millions.",
            "the board to sell the old pier",
        ),
        (
            "Ada Moss called on the council to publish the report, which it did on Friday.",
            "the council to publish the report",
        ),
    ],
)
def test_a_trailing_which_clause_is_the_writers_note(ex, sentence, content):
    stmts = ex.extract(HEAD + sentence + "\n")
    assert [s.content for s in stmts] == [content]


def test_a_trailing_which_clause_with_a_report_inside_is_no_part_of_the_judgement(ex):
    """ "..., which she says will ...": the "which" belongs to the clause reported inside the
    relative clause; the relative clause still closes the first content, and its own report is
    a statement of its own."""
    text = (
        HEAD + "Mara Tull called out the port board for raising fares, which she says will "
        "empty the ferries.\n"
    )
    stmts = ex.extract(text)
    assert [(s.content, s.cue) for s in stmts] == [
        ("the port board for raising fares", "called out"),
        ("will empty the ferries", "says"),
    ]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        # the that-clause of a speech noun hung on the verb, past an apposition with an aside
        (
            (
                "The mayor has denounced suggestions by the two harbour front-runners, Ann Lowe"
                " and Sen. Tom Birch (D-Port), that they would close all the rural schools."
            ),
            (
                "suggestions by the two harbour front-runners, Ann Lowe and Sen. Tom Birch"
                " (D-Port), that they would close all the rural schools"
            ),
        ),
    ],
)
def test_a_speech_nouns_that_clause_on_the_verb_completes_the_object(ex, sentence, content):
    assert [s.content for s in ex.extract(HEAD + sentence + "\n")] == [content]
