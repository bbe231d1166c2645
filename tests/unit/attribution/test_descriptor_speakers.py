"""Descriptor speakers ("the judge", "the 45-year-old", "the defence ministry") name the right
entity or stay unresolved, never the nearest wrong name. Invented texts."""

import pytest

HEAD = "Harbour inquiry\n\n"


def canonical(ex, body, content_start):
    found = [
        (s.speaker, s.speaker_canonical)
        for s in ex.extract(HEAD + body + "\n")
        if s.content.startswith(content_start)
    ]
    assert len(found) == 1, found
    return found[0]


def test_a_role_descriptor_is_not_someone_known_by_another_role(ex):
    body = (
        "Mayor Lena Dahl said the city would appeal. The judge said the case would be heard in May."
    )
    assert canonical(ex, body, "the case") == ("The judge", "The judge")
    body = (
        "Lawyer Maria Ruiz said the trial had been unfair. The judge said the appeal had no merit."
    )
    assert canonical(ex, body, "the appeal") == ("The judge", "The judge")


#: (why, text, the content's first words, the speaker mention, its canonical name)
NAMED = [
    (
        "a role descriptor still names the one with that role",
        (
            "Lawyer Maria Ruiz said the trial had been unfair. Judge Ingrid Salo heard the case. "
            "The judge said the appeal had no merit."
        ),
        "the appeal",
        "The judge",
        "Ingrid Salo",
    ),
    (
        "the judge may be a justice",
        (
            "Justice Gregor Vane dissented. In a long opinion, the judge wrote that the ruling "
            "went too far."
        ),
        "the ruling",
        "the judge",
        "Gregor Vane",
    ),
    (
        "an age descriptor names the one given that age",
        (
            "Tom Hale, 45, was charged on Friday. His neighbour, Anna Berg, 52, said he was a "
            'quiet man.\n\n"I did nothing wrong," the 45-year-old said.'
        ),
        "I did nothing",
        "the 45-year-old",
        "Tom Hale",
    ),
    (
        "an abbreviated title is the same role",
        "Sen. Ada Moss said the bill would pass. Later the senator said the vote was close.",
        "the vote",
        "the senator",
        "Ada Moss",
    ),
]


@pytest.mark.parametrize(
    ("why", "body", "content", "mention", "name"), NAMED, ids=[c[0] for c in NAMED]
)
def test_a_descriptor_names_the_entity_it_describes(ex, why, body, content, mention, name):
    assert canonical(ex, body, content) == (mention, name), why


def test_a_ministry_with_its_own_modifier_is_not_another_ministry(ex):
    body = (
        "The Lisvanian foreign ministry said the fence was a breach of the deal.\n\n"
        "According to the Lisvanian defence ministry, the fence already stretches 9 kilometres."
    )
    assert canonical(ex, body, "the fence was") == (
        "The Lisvanian foreign ministry",
        "Lisvanian foreign ministry",
    )
    assert canonical(ex, body, "the fence already")[1] == "Lisvanian defence ministry"


def test_a_ministry_descriptor_with_a_word_of_the_name_is_that_ministry(ex):
    body = (
        "The Ministry of Health and Social Care said the clinics would reopen. "
        "The health ministry said the cost was not yet known."
    )
    assert canonical(ex, body, "the cost")[1] == "Ministry of Health and Social Care"
