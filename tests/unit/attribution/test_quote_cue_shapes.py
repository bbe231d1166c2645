"""Direct quotes whose cue after them comes in shapes the parse misreads: a cue the tagger
read as a noun ('"...," the leaflet states.'); "one" before a speaker the parser made the verb's
object ('"...," wrote one commenter', on the fast path's elided quote); a capitalised participle
after a quote's full stop opens the next sentence, it is not that quote's cue; a hyphenated
age in a long speaker ("71-year-old") is one word on the way to the cue; a surname in "-ly"
the tagger read as an adverb ('"...," said Skelly') is the speaker. One invented sentence each."""

import pytest

from tests.support_attribution import contents


def test_a_cue_read_as_a_noun_after_a_quote(ex):
    body = "“No dogs beyond this gate,” the old sign at the orchard states."
    assert [(c, t) for c, _, t in contents(ex, body)] == [("No dogs beyond this gate,", "direct")]


def test_one_before_the_speaker_read_as_an_object(ex):
    quote = "If the ferry stops in winter, the island school will close for good,"
    body = f"“{quote}” posted one islander."
    assert contents(ex, body) == [(quote, "one islander", "direct")]


def test_a_capitalised_participle_after_a_full_stop_is_not_the_quotes_cue(ex):
    body = (
        "“The nets came up empty,” the skipper said. “We will try the northern banks next.” "
        "Asked about the quotas, he said: “Ask the ministry.”"
    )
    assert contents(ex, body) == [
        ("The nets came up empty,", "the skipper", "direct"),
        ("We will try the northern banks next.", "the skipper", "direct"),
        ("Ask the ministry.", "he", "direct"),
    ]


def test_a_hyphenated_age_in_the_speaker_is_one_word_of_the_way_to_the_cue(ex):
    quote = "Since the first week, I put the quay repairs ahead of everything,"
    body = f"“{quote}” the weathered, 64-year-old skipper said over a mug of tea."
    assert contents(ex, body) == [(quote, "the weathered, 64-year-old skipper", "direct")]


def test_a_surname_read_as_an_adverb_after_the_cue_is_the_speaker(ex):
    body = "“The maps help a lot,” said Skelly, who runs the survey office."
    assert contents(ex, body) == [("The maps help a lot,", "Skelly", "direct")]


@pytest.mark.parametrize(
    "body",
    [
        'The coach went as far as to say: "Leeds will go down."',
        'Rather than dodge, the coach took the chance to say: "Leeds will go down."',
    ],
)
def test_a_name_opening_the_quote_is_never_the_speaker_of_a_cue_before_it(ex, body):
    """With no subject found for the cue, the names right after a cue BEFORE the quote are
    the quote's own words, not an inverted speaker ('"...," said Kelly')."""
    assert all(s[1] != "Leeds" for s in contents(ex, body))
