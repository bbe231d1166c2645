"""A quote in curly marks nested inside a guillemet quote stays part of the outer quote."""

from quotewire_attribution.quotes import find_quotes

from tests.support_attribution import contents


def test_curly_quote_inside_guillemets_is_not_a_quote_of_its_own():
    text = "«My aunt used to say, “Never lend a boat,” and she was right,» Ilse Marrow said.\n"
    assert [text[q.start : q.end] for q in find_quotes(text)] == [
        "My aunt used to say, “Never lend a boat,” and she was right,"
    ]


def test_guillemet_quote_with_a_nested_quote_goes_to_the_outer_speaker(ex):
    body = (
        "The ferry operator Ilse Marrow defended the timetable. «On the first morning a "
        "skipper warned me, “Nobody crosses before nine,” and he was wrong,» Marrow said."
    )
    assert contents(ex, body) == [
        (
            (
                "On the first morning a skipper warned me, “Nobody crosses before nine,” "
                "and he was wrong,"
            ),
            "Marrow",
            "direct",
        ),
    ]


def test_a_guillemet_never_closed_keeps_the_inner_quote():
    text = "«The harbour, she wrote, was “a lost cause,” Ilse Marrow said.\n"
    assert "a lost cause," in [text[q.start : q.end] for q in find_quotes(text)]
