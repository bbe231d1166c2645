"""Mixed and direct statements whose shape the parse hides: a content before ", said NAME"
whose verb the tagger read as a noun. One invented example each."""

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
