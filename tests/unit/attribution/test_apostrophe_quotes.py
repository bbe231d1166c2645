"""Quotes typed with pairs of apostrophes ('' for a double mark) around a nested single quote."""

from quotewire_attribution.quotes import find_quotes

from tests.support_attribution import contents


def test_three_apostrophes_close_the_nested_quote_then_the_pair():
    text = "''I call it 'the pit,''' said Ada Hale.\n"
    assert [text[q.start : q.end] for q in find_quotes(text)] == ["I call it 'the pit,'"]


def test_the_cue_after_three_apostrophes_is_outside_the_quote(ex):
    body = "''The clerk told me, 'come back on Monday,''' Ms. Ruiz recalled. ''So I did.''"
    assert contents(ex, body) == [
        ("The clerk told me, 'come back on Monday,'", "Ms. Ruiz", "direct"),
        ("So I did.", "Ms. Ruiz", "direct"),
    ]
