"""Colon forms: a name, a colon and a quote inside a line, a verb of dialogue before a colon
in shapes the parse makes harder (a coordinated verb, a gerund with its subject, "as X put
it:"), a transcript turn of several sentences on the fast path; interview lines and an outlet's
reporter before a colon stay out. One invented sentence each, on the fast and the full path."""

import pytest
from quotewire_attribution.quotes import opens_block_quotation

from tests.support_attribution import HEAD, contents


def test_two_names_each_with_a_colon_and_a_quote_on_one_line(ex):
    body = (
        "Ada Marlow and Tom Brandt met the fishing crews on Friday.\n\n"
        'Marlow: "We will dredge the channel before winter." '
        'Brandt: "Dredging can wait -- the crews need a cold store."'
    )
    assert contents(ex, body) == [
        ("We will dredge the channel before winter.", "Marlow", "direct"),
        ("Dredging can wait -- the crews need a cold store.", "Brandt", "direct"),
    ]


def test_a_name_and_a_colon_after_a_section_kicker(ex):
    body = (
        "HARBOUR VOTE GOES TO A RECOUNT - Ruth Kember: “Every ballot box from the east ward "
        "will be opened again. We expect a result on Monday.”"
    )
    out = ex.extract(HEAD + body + "\n")
    assert [(s.content, s.type) for s in out] == [
        (
            (
                "Every ballot box from the east ward will be opened again. We expect a result on "
                "Monday."
            ),
            "direct",
        )
    ]
    # the mention may take the capitalised kicker before the dash along (mention_tokens keeps
    # hyphenated names whole): it ends in the name all the same
    assert out[0].speaker.endswith("Ruth Kember")


def test_a_name_closing_a_clause_before_a_colon_and_a_quote(ex):
    body = (
        "The late swing does not surprise the pollster Ruth Kember: “Late deciders always "
        "break toward the challenger in a close race.”"
    )
    assert contents(ex, body) == [
        (
            "Late deciders always break toward the challenger in a close race.",
            "Ruth Kember",
            "direct",
        )
    ]


def test_a_name_with_a_party_in_brackets_before_the_colon(ex):
    body = 'Rep. Ada Hale (D-Ore.): "Nobody on the board has shown me those numbers. Where are they from?"'
    out = ex.extract(HEAD + body + "\n")
    assert [(s.content, s.speaker_canonical, s.type) for s in out] == [
        (
            "Nobody on the board has shown me those numbers. Where are they from?",
            "Ada Hale",
            "direct",
        )
    ]


@pytest.mark.parametrize(
    "body",
    [
        # a place or a thing before the colon is no speaker
        "The crowd carried signs for Harbour Watch: “Save our port” was the most common.",
        "The sign on the gate of Pier 4: “No entry after dark.”",
        # a lower-case quote continues the sentence: no statement of the name's
        "The fund owes money to Ada Marlow: “about forty thousand,” by one count.",
    ],
)
def test_no_name_colon_quote_statement(ex, body):
    assert [s for s in ex.extract(HEAD + body + "\n") if s.cue == ":"] == []


@pytest.mark.parametrize(
    "body, cue, speaker",
    [
        (
            (
                "The hall went quiet. Hale stood up and thundered: “The budget will pass before "
                "the summer.”"
            ),
            "thundered",
            "Hale",
        ),
        (
            (
                "The meeting ran past midnight, with Hale repeatedly shouting: “Let the fishermen "
                "speak!”"
            ),
            "shouting",
            "Hale",
        ),
        (
            (
                "Or, as Tom Brandt, a former port director, put it: “The ships are not coming back. "
                "They have gone south.”"
            ),
            "put",
            "Tom Brandt",
        ),
    ],
)
def test_a_verb_of_dialogue_before_a_colon_in_harder_parses(ex, body, cue, speaker):
    out = ex.extract(HEAD + body + "\n")
    assert [(s.type, s.cue, s.speaker) for s in out] == [("direct", cue, speaker)]


@pytest.mark.parametrize(
    "body, cue, speaker",
    [
        (
            (
                "After the vote the dockers' guild issued a short statement:\n\n"
                "“Our members go back to the quays on Monday. The dispute is over.”"
            ),
            "issued",
            "the dockers' guild",
        ),
        (
            "Ms. Okafor posted a photo of the flooded pier with a caption: “Three days, no pump.”",
            "posted",
            "Ms. Okafor",
        ),
        (
            # two spaces after the colon
            "Asked about the ferries, the harbourmaster shrugged:  “Ask the council.”",
            "shrugged",
            "the harbourmaster",
        ),
        (
            "Senator Brandt answered in two words: ''Not yet.''",
            "answered",
            "Senator Brandt",
        ),
    ],
)
def test_a_clause_with_an_object_or_a_phrase_before_a_colon_frames_the_quote(
    ex, body, cue, speaker
):
    out = ex.extract(HEAD + body + "\n")
    assert [(s.type, s.cue, s.speaker) for s in out] == [("direct", cue, speaker)]


@pytest.mark.parametrize(
    "body",
    [
        # a copula, a pronoun subject that names no one, a negated verb
        "The ferry rules are simple: “No ticket, no boarding.”",
        "It came down to one line on the poster: “Save the pier.”",
        "The council never published the figure: “Forty thousand tonnes.”",
    ],
)
def test_a_clause_before_a_colon_without_a_speaker_frames_nothing(ex, body):
    assert ex.extract(HEAD + body + "\n") == []


def test_a_thing_put_before_a_colon_is_no_speaker(ex):
    body = "She put it plainly in her letter: the fund would close. The vote is next week."
    assert [s for s in ex.extract(HEAD + body + "\n") if s.cue == "put"] == []


def test_interview_lines_are_no_statements(ex):
    text = (
        "Harbour pilot looks back\n\nPilot Marta Okonkwo retires on Friday.\n\n"
        "Q: What was your first day like?\n\nA: I was terrified, and the captain shouted.\n"
    )
    assert [s for s in ex.extract(text) if s.cue == ":"] == []


def test_an_outlets_reporter_before_a_colon_introduces_an_excerpt(ex):
    body = "Variety's Gordon Hale: “The musical will open in the spring at the Harbour Theatre.”"
    assert [s for s in ex.extract(HEAD + body + "\n") if s.cue == ":"] == []


def test_a_transcript_turn_of_several_sentences_is_whole(ex):
    body = (
        "The mayor spoke to the radio host on Monday.\n\n"
        "HOST: Will you try again next year?\n\n"
        "VANE: Well, I think the whole town has to pull together. People are worried. They "
        "want good jobs. They want the port to stay open."
    )
    assert contents(ex, body)[-1] == (
        (
            "Well, I think the whole town has to pull together. People are worried. They want good "
            "jobs. They want the port to stay open"
        ),
        "VANE",
        "indirect",
    )


def test_a_transcript_turn_runs_on_until_the_next_name_line(ex):
    body = (
        "The radio host Tom Reed spoke to the mayor on Monday.\n\n"
        "REED: Will you try again next year? Many voters doubt the port plan.\n\n"
        "I have heard from the fishing crews, the ferry staff and the shop owners. Tell them "
        "why.\n\n"
        "VANE: Well, I think the whole town has to pull together. People are worried.\n\n"
        "(MUSIC PLAYS.)\n\n"
        "REED: And the ferry?\n\n"
        "VANE: The ferry stays, and the timetable will not change this winter.\n\n"
        "The station will air the rest of the talk on Friday evening."
    )
    got = [(c, s) for c, s, _ in contents(ex, body) if s in ("REED", "VANE")]
    assert got == [
        (
            (
                "Will you try again next year? Many voters doubt the port plan.\n\nI have heard "
                "from the fishing crews, the ferry staff and the shop owners. Tell them why"
            ),
            "REED",
        ),
        # a stage direction ends the turn at its own line
        ("Well, I think the whole town has to pull together. People are worried", "VANE"),
        ("And the ferry?", "REED"),
        # the last turn keeps its own line: the writer's text follows
        ("The ferry stays, and the timetable will not change this winter", "VANE"),
    ]


def test_a_line_between_feature_sections_keeps_its_own_line(ex):
    # the paragraphs after the line name its speaker: the writer's text, not the speaker's turn
    body = (
        "Three rivals left ideas behind.\n\n"
        "Ada Marlow: Ferries should run all night in the summer months.\n\n"
        "Marlow wanted the harbour board to pay for the late crews from the berth fees.\n\n"
        "Tom Brandt: Every pier needs a cold store for the catch.\n"
    )
    got = [(c, s) for c, s, _ in contents(ex, body) if s.endswith(("Marlow", "Brandt"))]
    assert got[0] == ("Ferries should run all night in the summer months", "Ada Marlow")


def test_a_surname_line_after_the_full_name_in_a_transcript(ex):
    body = (
        "The panel was led by Ada Marlow and Tom Brandt of the Harbour Gazette.\n\n"
        "Tom Brandt: The board is right on paper, but nobody likes a levy.\n\n"
        "Marlow: Well, levies are never loved by anybody.\n\n"
        "Brandt: Nobody here thinks the pier is a luxury at all."
    )
    got = [(c, s) for c, s, _ in contents(ex, body)]
    assert ("Well, levies are never loved by anybody", "Marlow") in got
    assert ("Nobody here thinks the pier is a luxury at all", "Brandt") in got


def test_a_no_break_space_between_the_cue_and_the_quote(ex):
    # the text's no-break spaces make the one before the quote a token of its own
    body = (
        "The harbour chief,\u00a0Ada Hale, wrote in her weekly column,\u00a0\u201cNobody will "
        "pay more for a ticket this winter. The board has found the money elsewhere.\u201d"
    )
    out = ex.extract(HEAD + body + "\n")
    assert [(s.type, s.cue, s.speaker) for s in out] == [("direct", "wrote", "Ada Hale")]


@pytest.mark.parametrize(
    "body,content,speaker,ctype",
    [
        # a possessed speech noun that is all the clause before the colon
        (
            "The ferry timetable changes in May. The growers' plea: keep the reservoir open.",
            "keep the reservoir open",
            "growers",
            "indirect",
        ),
        (
            'Okafor\'s answer was: "Ask the harbour board."',
            "Ask the harbour board.",
            "Okafor",
            "direct",
        ),
        # the subject of a verb that hands the noun over
        (
            "Fishing crews gave the minister a short answer: the quota is too low.",
            "the quota is too low",
            "crews",
            "indirect",
        ),
    ],
)
def test_a_speech_noun_before_a_colon_speaks_for_its_owner(ex, body, content, speaker, ctype):
    out = [s for s in ex.extract(HEAD + body + "\n") if s.cue == ":"]
    assert [(s.content, s.type) for s in out] == [(content, ctype)]
    assert speaker in out[0].speaker.split()


@pytest.mark.parametrize(
    "body",
    [
        # nobody's name on the noun, a possessive deeper in the sentence, a negated verb
        "The dredging report is out. One conclusion: the channel silts up in winter.",
        "Much depends on the strength of Okafor's promise: the berth opens in June.",
        "The crews did not send the board a message: the quota stands.",
    ],
)
def test_a_speech_noun_before_a_colon_without_an_owner_is_nothing(ex, body):
    assert [s for s in ex.extract(HEAD + body + "\n") if s.cue == ":"] == []


@pytest.mark.parametrize(
    "body, content, speaker",
    [
        (
            (
                "In a long post on her blog, Ada Marlow wrote:\n\n"
                "The dredger has sat idle since March. Every week it waits costs the crews a catch."
            ),
            "The dredger has sat idle since March. Every week it waits costs the crews a catch",
            "Ada Marlow",
        ),
        # lines broken by single newlines run to the blank line; an excerpt opening with "..."
        (
            (
                "The harbour board met on Monday. In a speech in June, she said:\n\n"
                "Let nobody doubt it: the new toll is a burden on every family on the island.\n"
                "It will not be forgotten at the next election.\n\nThe board did not respond."
            ),
            (
                "Let nobody doubt it: the new toll is a burden on every family on the island.\n"
                "It will not be forgotten at the next election"
            ),
            "she",
        ),
        (
            (
                "The Kelso Weekly reports:\n\n\u2026at least four ferries were held in port after "
                "the harbour master found cracks in their hulls."
            ),
            (
                "\u2026at least four ferries were held in port after the harbour master found cracks "
                "in their hulls"
            ),
            "The Kelso Weekly",
        ),
        # an object that only points at the paragraph after the colon
        (
            (
                "Tom Brandt, who skippers the night ferry, argued that:\n\n"
                "No crew can keep a timetable when the channel silts up every winter."
            ),
            "No crew can keep a timetable when the channel silts up every winter",
            "Tom Brandt",
        ),
    ],
)
def test_a_paragraph_after_a_cue_and_a_colon_is_its_block_quotation(ex, body, content, speaker):
    assert contents(ex, body) == [(content, speaker, "indirect")]


@pytest.mark.parametrize(
    "body",
    [
        # a cue with an object of its own, a negated cue, a list after the colon
        (
            "The harbour board also noted the poor turnout:\n\n"
            "Only eleven skippers came to the meeting in the fish hall on Monday."
        ),
        "Ada Marlow did not write:\n\nThe dredger has sat idle since March, whatever the board says.",
        "Ada Marlow wrote:\n\n- the dredger, idle since March;\n- the cold store, still unbuilt.",
    ],
)
def test_a_paragraph_after_other_colons_is_no_block_quotation(ex, body):
    assert contents(ex, body) == []


@pytest.mark.parametrize(
    ("line", "opens"),
    [
        ("The dredger has sat idle since March.", True),
        ("1998 was the last dry winter on the island.", True),
        ("\u2026and the sea came in over the wall.", True),
        ("...and the sea came in over the wall.", True),
        ("\u201cThe dredger has sat idle,\u201d she said.", False),
        ("<tweet from the harbour board>", False),
        ("- the dredger, idle since March;", False),
        ("* the cold store, still unbuilt.", False),
    ],
)
def test_which_lines_can_open_a_block_quotation(line, opens):
    """The test of the opening line that ``colon.paragraph_lead_ins`` and the fast path's
    ``_block_quotations`` share."""
    text = "Ada Marlow wrote:\n\n" + line
    assert opens_block_quotation(text, text.index(line)) is opens
