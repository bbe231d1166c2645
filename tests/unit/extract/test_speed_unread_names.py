"""Fast path: people and organisations named only in text the model does not read.

Each article prefilters (most sentences hold no cue) or elides a quote; the fast path must
give the statements of the full parse.
"""

import pytest
from quotewire_attribution import load_lexicon
from quotewire_attribution.fastpath import unread_names

LEX = load_lexicon()
FILL = (
    "Snow fell all day. Traffic was slow on every road. Schools were closed. Shops opened late. "
    "Buses ran on time. Trains were full. "
)

TEXTS = {
    # a. a name said only inside an elided quote
    "quoted_name": "Harbour plan approved\n\n\u201cOur friend Daniel Okafor built every boat in this harbour "
    "with his own two hands,\u201d said Marta Lindgren.\n\nOkafor said the pier was safe.\n",
    # b. a party or title word before the name in a skipped sentence
    "party_name": "Budget talks collapse\n\nDemocrat Renata Solis met lawmakers on Monday. "
    + FILL
    + "\n\nTraffic was slow. Solis said the budget was dead.\n",
    "title_name": "Budget talks collapse\n\nGov. Ann Lee met lawmakers on Monday. "
    + FILL
    + "\n\nTraffic was slow. Lee said the budget was dead.\n",
    # c. organisations in a skipped sentence
    "org_names": "Depot plan rejected\n\nMembers of the Westbrook town council met on Monday. Harlow Foods "
    "wants a new depot. " + FILL + "\n\nTraffic was slow. The council said it would appeal. "
    "Harlow said it was disappointed.\n",
    # d. the lead's indefinite subject is named in the next sentence
    "delayed_name": "Man charged over fire\n\nA 34-year-old man was arrested on Friday. Police named him as "
    "Tomasz Wielki. " + FILL + "\n\nTraffic was slow. The 34-year-old said he was innocent.\n",
}
EXPECTED = {
    "quoted_name": {"Okafor": "Daniel Okafor"},
    "party_name": {"Solis": "Renata Solis"},
    "title_name": {"Lee": "Ann Lee"},
    "org_names": {"The council": "Westbrook town council", "Harlow": "Harlow Foods"},
    "delayed_name": {"The 34-year-old": "Tomasz Wielki"},
}


def key(stmts):
    return sorted(
        (s.content_span, s.speaker_span, s.speaker_canonical, s.speaker_type, s.cue_span, s.type)
        for s in stmts
    )


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_fast_path_resolves_names_from_unread_text_like_the_full_parse(
    extractor, full_extractor, name
):
    text = TEXTS[name]
    fast = extractor.extract(text)
    assert key(fast) == key(full_extractor.extract(text))
    got = {s.speaker: s.speaker_canonical for s in fast}
    for speaker, canonical in EXPECTED[name].items():
        assert got.get(speaker) == canonical, (name, got)


def test_the_fast_path_really_skips_text_in_these_articles(extractor):
    for name, text in TEXTS.items():
        sel = extractor._prepare(text).sel
        assert not sel.is_identity, name
        assert len(sel.text) < len(text), name


def test_unread_names_strips_party_and_title_words_and_keeps_them_as_roles():
    text = (
        "Democrat Renata Solis and Republican Tom Becker met Gov. Ann Lee. Anna Berg of Harlow Foods Inc. "
        "spoke for the Ministry of Transport. The Westbrook District Council and the Westbrook town "
        "council agreed."
    )
    names, orgs, roles = unread_names(text, [(0, len(text))], LEX)
    assert names == ("Renata Solis", "Tom Becker", "Ann Lee", "Anna Berg")
    assert dict(roles) == {
        "Renata Solis": ("democrat",),
        "Tom Becker": ("republican",),
        "Ann Lee": ("gov",),
    }
    assert set(orgs) == {
        "Harlow Foods Inc.",
        "Ministry of Transport",
        "Westbrook District Council",
        "Westbrook town council",
    }


def test_unread_names_only_reads_the_given_ranges():
    text = "Daniel Okafor spoke. Marta Lindgren listened."
    names, _, _ = unread_names(text, [(21, len(text))], LEX)
    assert names == ("Marta Lindgren",)
