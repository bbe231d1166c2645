"""Cues whose speaker is not their own subject: a participle's noun, an infinitive's or a
gerund's controller, a conjunct after "but"; one invented text each."""

from tests.support_attribution import contents


def test_a_participle_on_a_noun_speaks_for_that_noun(ex):
    body = "The poll found most farmers saying the levy was too high."
    assert contents(ex, body) == [("the levy was too high", "most farmers", "indirect")]


def test_the_noun_of_coordinated_participles_without_the_first_participle(ex):
    body = "She met pickets holding signs and shouting that the mill must stay open."
    assert contents(ex, body) == [("the mill must stay open", "pickets", "indirect")]


def test_a_statement_a_verb_issues_still_speaks_for_its_issuer(ex):
    body = "The council issued a statement saying the pool would reopen."
    assert contents(ex, body) == [("the pool would reopen", "The council", "indirect")]


def test_a_gerund_after_to_speaks_for_the_active_verbs_subject(ex):
    body = (
        "The union turned to arguing that the tenants had paid. "
        "She has taken to warning that the dam is unsafe."
    )
    assert contents(ex, body) == [
        ("the tenants had paid", "The union", "indirect"),
        ("the dam is unsafe", "She", "indirect"),
    ]


def test_a_report_after_but_keeps_no_negation_of_the_first_conjunct(ex):
    body = (
        "The mayor would not discuss the price, but did confirm that the pier was sold. "
        "The coach did not criticise the referee, but told reporters the pitch was poor. "
        "The ministry did not confirm or deny that talks had taken place."
    )
    assert contents(ex, body) == [
        ("the pier was sold", "The mayor", "indirect"),
        ("the pitch was poor", "The coach", "indirect"),
    ]


def test_continued_with_a_that_clause_reports_it(ex):
    body = "The coach continued that the pitch was poor. The council continued that trend."
    assert contents(ex, body) == [("the pitch was poor", "The coach", "indirect")]


def test_an_infinitive_after_a_causing_verb_speaks_for_its_object(ex):
    body = (
        "The leak led the minister to admit that the tender was rigged. "
        "The ruling prompted the union to say it would appeal. "
        "Ms. Vane was forced to concede that the pier had closed."
    )
    assert contents(ex, body) == [
        ("the tender was rigged", "the minister", "indirect"),
        ("it would appeal", "the union", "indirect"),
        ("the pier had closed", "Ms. Vane", "indirect"),
    ]


def test_taking_to_calling_something_a_name_is_no_statement(ex):
    body = 'Commuters have taken to calling the delays the "Monday crawl".'
    assert contents(ex, body) == []


def test_a_contracted_has_read_as_a_passive_keeps_its_speaker(ex):
    body = "She's said the pool will reopen in June."
    assert contents(ex, body) == [("the pool will reopen in June", "She", "indirect")]


def test_a_contracted_has_with_a_curly_apostrophe_is_no_speaker(ex):
    """The parser may read a curly "’s" as the cue's subject, with the true one hung on it."""
    body = "He\u2019s said the bakery will close in March."
    assert contents(ex, body) == [("the bakery will close in March", "He", "indirect")]


def test_a_subject_set_off_from_its_cue_by_an_apposition_still_speaks(ex):
    """After an opening phrase the parser may leave the cue without a subject when an
    apposition stands between them: the noun the apposition belongs to speaks."""
    body = (
        "With the lights out across town, her deputy, Sam Obi, said the grid would be back by noon."
    )
    assert contents(ex, body) == [("the grid would be back by noon", "Sam Obi", "indirect")]


def test_a_passive_report_with_an_infinitive_has_no_speaker(ex):
    assert contents(ex, "He's said to be furious with the board.") == []


def test_a_placeholder_it_before_a_contracted_has_is_no_speaker(ex):
    assert contents(ex, "It's been reported that the ferry will stop in May.") == []


def test_the_speaker_after_a_fronted_participle_phrase_is_not_the_participle(ex):
    """A participle phrase that opens the sentence may swallow the speaker in the parse (as an
    apposition or conjunct of the phrase's last noun) and stand as the cue's subject, or leave
    the cue with none: the first noun phrase set off after that noun speaks."""
    body = (
        "Alarmed by the flood in Ely, Ann Roe, the mayor, said the dam would be inspected. "
        "Encouraged by the turnout in Tessby, Brenda Lor, the candidate, told supporters "
        "she would win. "
        "Speaking in Ely, Ann Roe, the mayor, said the dam was safe."
    )
    assert contents(ex, body) == [
        ("the dam would be inspected", "Ann Roe", "indirect"),
        ("she would win", "Brenda Lor", "indirect"),
        ("the dam was safe", "Ann Roe", "indirect"),
    ]


def test_a_medium_put_out_speaks_for_who_put_it_out(ex):
    """A statement or medium that someone releases, sends or posts, with the cue in a relative
    clause on it or a participle after it, speaks for its issuer."""
    body = (
        "Senator Ivo Bran has released a video that accuses the mayor of hiding the report. "
        "The dockers' union put out a release saying the strike would go on. "
        "The campaign is releasing an ad that urges voters to reject the levy."
    )
    assert contents(ex, body) == [
        ("the mayor of hiding the report", "Senator Ivo Bran", "indirect"),
        ("the strike would go on", "The dockers' union", "indirect"),
        ("voters to reject the levy", "The campaign", "indirect"),
    ]


def test_a_cue_coordinated_with_a_passive_verb_shares_its_subject_not_its_agent(ex):
    """ "X were angered by Y and predicted ...": the coordinated cue's speaker is the passive
    verb's subject; a passive cue itself still names its asker after "by"."""
    body = (
        "Officials in Ely were annoyed by the merger and predicted that it would collapse. "
        "The ferry crew was praised by the minister and said the storm had been the worst in years."
    )
    assert contents(ex, body) == [
        ("it would collapse", "Officials in Ely", "indirect"),
        ("the storm had been the worst in years", "The ferry crew", "indirect"),
    ]


def test_a_report_coordinated_inside_a_belief_speaks_for_the_believer(ex):
    """The parser may coordinate a second report with the clause a belief verb holds; its
    speaker is the one who believes, not the subject of that clause."""
    body = (
        "Local traders believe the mayor has sold the pier, and admit that the market will close. "
        "Some councillors fear that the mayor has missed a chance and warn that the budget will fail."
    )
    assert contents(ex, body) == [
        ("the market will close", "Local traders", "indirect"),
        ("the budget will fail", "Some councillors", "indirect"),
    ]


def test_a_tensed_verb_joined_to_an_infinitive_speaks_for_the_tensed_verb_above(ex):
    # the parser coordinates "accused" / "blamed" with the infinitive inside the object
    # ("her plan to widen ...") instead of with "campaigned" / "built"
    body = (
        "The harbour master campaigned on her plan to widen the channel and accused the "
        "council of wasting the dredging fund. "
        "Ms. Okafor built her career on a promise to clean the river and blamed the mill "
        "owners for the spills."
    )
    assert contents(ex, body) == [
        ("the council of wasting the dredging fund", "The harbour master", "indirect"),
        ("the mill owners for the spills", "Ms. Okafor", "indirect"),
    ]


def test_a_subject_the_parser_hung_on_a_clause_before_the_cue_still_speaks(ex):
    body = (
        'A buyer for the Orla Dairy brand - a small firm pitched as "the farm on your table" - '
        "noted that the company pays its drivers weekly. "
        'Pollster Ada Verne is glad to be the town\'s "gold standard," says she warned about '
        "the flood. "
        "Ivo Brandt jokingly offered the boy a seat at the table, then says he will hire anyone "
        "who can fix the boiler."
    )
    assert contents(ex, body) == [
        ("the company pays its drivers weekly", "A buyer for the Orla Dairy brand", "indirect"),
        ("she warned about the flood", "Pollster Ada Verne", "indirect"),
        ("he will hire anyone who can fix the boiler", "Ivo Brandt", "indirect"),
    ]
