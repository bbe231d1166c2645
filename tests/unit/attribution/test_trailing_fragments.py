"""A reported content the parser cut before a quoted fragment that goes on with it runs to
the end of its sentence. Invented sentences."""

from tests.support_attribution import contents


def test_a_lower_case_fragment_after_the_content_goes_on_with_it(ex):
    body = 'Mr. Pell described the budget as "thin" with "no room" for the ferry.'
    assert contents(ex, body) == [
        ('the budget as "thin" with "no room" for the ferry', "Mr. Pell", "mixed"),
    ]


def test_a_fragment_after_a_comma_and_a_clause_of_the_narration_is_left_out(ex):
    body = 'Ms. Ito said the tram was late, and the "new timetable" is on the board.'
    assert contents(ex, body) == [("the tram was late", "Ms. Ito", "indirect")]


def test_a_fragment_with_a_cue_of_its_own_is_not_taken(ex):
    body = (
        'The coach called the referee "blind" after the match, but the league said he was "fair."'
    )
    assert [c for c, _, _ in contents(ex, body)] == ['the referee "blind"', 'he was "fair."']


def test_a_fragment_in_the_next_sentence_is_not_taken(ex):
    body = 'Ms. Ito called the harbour fee "too high". Her "letters" went unanswered.'
    assert [c for c, _, _ in contents(ex, body)] == ['the harbour fee "too high"']


def test_a_fragment_after_a_second_verb_of_the_speaker_is_not_taken(ex):
    body = 'The critic called the opera "a bore" and rated its tenor "the worst in years."'
    assert ('the opera "a bore"', "The critic", "mixed") in contents(ex, body)


def test_a_fragment_whose_phrase_goes_on_after_its_mark_runs_to_the_phrase_end(ex):
    # the comma after "crab" keeps the rest of the sentence out as a whole; the phrase the
    # fragment belongs to ("on the boats "hauling" crab, or mending traps by hand") goes on
    body = 'One poster praised his years on the boats "hauling" crab, or mending traps by hand.'
    assert contents(ex, body) == [
        (
            'his years on the boats "hauling" crab, or mending traps by hand',
            "One poster",
            "mixed",
        ),
    ]


def test_a_fragment_whose_phrase_stops_at_a_dash_leaves_the_dash_out(ex):
    body = 'Mr. Pell praised the ferry crews "for their nerve" \u2014 and then he left the pier.'
    assert [c for c, _, _ in contents(ex, body)] == ['the ferry crews "for their nerve"']
