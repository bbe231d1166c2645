"""No report nested in a report (issue 8): the outer frame is the statement and a cue inside
its content is part of what was said. Every sentence is written here."""

import pytest

HEAD = "Harbour fund\n\n"


def found(ex, body):
    return [(s.cue, s.content) for s in ex.extract(HEAD + body + "\n")]


@pytest.mark.parametrize(
    "body, cue, content",
    [
        (
            "The auditor said the mayor had told staff that the fund was empty.",
            "said",
            "the mayor had told staff that the fund was empty",
        ),
        (
            "A port spokeswoman said the harbour master had warned that the pier was unsafe.",
            "said",
            "the harbour master had warned that the pier was unsafe",
        ),
    ],
)
def test_a_report_inside_a_report_is_part_of_it(ex, body, cue, content):
    assert found(ex, body) == [(cue, content)]


def test_a_trailing_outer_cue_is_not_lost(ex):
    """The outer cue follows the content; the inner frame's content may run over it (each
    frame then holds the other's cue): neither is dropped for nesting."""
    body = "Two councillors said the vote was rigged, the Ledger reported on Friday."
    assert "reported" in [c for c, _ in found(ex, body)]


def test_a_direct_quote_inside_a_report_stays(ex):
    body = (
        'The mayor said her deputy had told the board: "We will not sell the pier." She left early.'
    )
    contents = [c for _, c in found(ex, body)]
    assert "We will not sell the pier." in contents


@pytest.mark.parametrize(
    "body",
    [
        "The skipper said the town, which he called “a lost cause,” would sink by May.",
        (
            "The skipper said he could back Ida Vass, whom he called “the most stubborn figure "
            "in the port,” or stay home."
        ),
        (
            "The mayor said the board had hired Tom Reed, whom she called \u201ca careless"
            " builder,\u201d on Friday."
        ),
    ],
)
def test_a_quoted_complement_inside_a_report_is_part_of_it(ex, body):
    """The quote is a judging verb's complement ("which he called "…"", "whom she called "…""),
    not a quote of its own: inside another frame's content it is part of that statement."""
    assert [c for c, _ in found(ex, body)] == ["said"]


def test_an_outlets_report_of_its_sources_is_two_statements(ex):
    """A report ("reported") that is wholly its sources' statement: the report, and the words."""
    body = "The Ledger reported on Friday that two councillors said the vote was rigged."
    assert found(ex, body) == [
        ("reported", "two councillors said the vote was rigged"),
        ("said", "the vote was rigged"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        (
            "\u201cWe will not close the pier,\u201d Hale said of the harbour plan, according to a"
            " council transcript."
        ),
        '"The ferries will run all winter," the skipper told the crew, according to two deckhands.',
    ],
)
def test_a_quote_a_source_tells_is_the_sources_statement(ex, body):
    """A quote whose frame (quote, cue, speaker) is the content of a trailing "according to" is
    the source's account: one statement, the "according to" (PolNeAR annotates it so)."""
    assert [c for c, _ in found(ex, body)] == ["according to"]


def test_a_report_with_its_cue_after_its_sources_words_is_one_statement(ex):
    """Sources' words with the outlet's cue after them: the sentence is the outlet's account,
    one statement (with the cue first it is two, the seed's convention)."""
    body = "Two councillors said the vote was rigged, the Ledger reported on Friday."
    assert found(ex, body) == [("reported", "Two councillors said the vote was rigged")]


def test_a_poll_in_an_opening_phrase_speaks_for_the_share_it_reports(ex):
    """'In a POLL, SHARE said X': one statement of the poll (cue "In"), the share's report
    inside its content; not a report of a share alone, nor a speaker's own "In a statement"."""
    body = (
        "In a Harbour Gazette poll released Monday, 61 percent of anglers said the levy was fair."
    )
    assert [(s.speaker, s.cue, s.content) for s in ex.extract(HEAD + body + "\n")] == [
        (
            "a Harbour Gazette poll released Monday",
            "In",
            "61 percent of anglers said the levy was fair",
        )
    ]
    statement = "In a statement, the harbour master said the levy was fair."
    assert found(ex, statement) == [("said", "the levy was fair")]
    negated = "In the same survey, most anglers did not say whether the levy was fair."
    assert found(ex, negated) == []
