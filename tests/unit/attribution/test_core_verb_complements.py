"""Core reporting verbs with a content that is no reported clause (lexicon.toml "complements"
of report, claim, warn, argue): one invented sentence each, and the uses that stay out."""

import pytest

HEAD = "Lighthouse fund\n\n"


@pytest.mark.parametrize(
    ("sentence", "content", "cue"),
    [
        # a gerund clause after "reported": a filing's or a witness's report
        (
            "The rowing club reported raising about $12,500 from a raffle.",
            "raising about $12,500 from a raffle",
            "reported",
        ),
        (
            "Two ferry passengers reported seeing smoke below deck.",
            "seeing smoke below deck",
            "reported",
        ),
        (  # the writer's word on the figure after a dash is no part of it
            "The rowing club reported raising $9,000 at the fair - twice last year's sum.",
            "raising $9,000 at the fair",
            "reported",
        ),
        # an infinitive after "claim"
        ("Ms. Obi claims to speak for every tenant.", "to speak for every tenant", "claims"),
        # what was warned against or argued for or against (the preposition is the cue's)
        (
            "The harbour master warned against closing the slipway.",
            "closing the slipway",
            "warned against",
        ),
        (  # a dare, as "urged X to Y": the one challenged and the infinitive
            "The ferry union challenged the harbour master to publish the tide logs.",
            "the harbour master to publish the tide logs",
            "challenged",
        ),
        (
            "Professor Lund argued for smaller classes in rural schools.",
            "smaller classes in rural schools",
            "argued for",
        ),
        (  # a hyphen inside a word sets off nothing
            "Dockers argued against a ten-storey hotel on the quay.",
            "a ten-storey hotel on the quay",
            "argued against",
        ),
        (  # a name the writer adds after a dash is no part of what was argued for
            "Ferry crews argued for a night timetable - twelve sailings.",
            "a night timetable",
            "argued for",
        ),
    ],
)
def test_the_complement_is_the_content(ex, sentence, content, cue):
    stmts = ex.extract(HEAD + sentence + "\n")
    assert [(s.content, s.cue, s.type) for s in stmts] == [(content, cue, "indirect")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The rowing club reported its yearly accounts on Friday.",  # an object alone: a topic
        "A teenage sailor was reported missing near the reef.",  # a passive: nobody reports
        "The bakery claimed first prize in the contest.",  # an object alone: no claim made
        # "to" before a noun is no infinitive: seats won, not a claim
        "The tenants' list won the board election, claiming nine seats to the landlords' two.",
        "The two cousins argued for hours about the menu.",  # how long, not what for
        "The goalkeeper argued with the referee.",  # a quarrel
        "The rowing club challenged the result in court.",  # an object alone: no dare
        "It was a challenging winter for the ferry crews.",  # an adjective
    ],
)
def test_no_statement(ex, sentence):
    assert ex.extract(HEAD + sentence + "\n") == []
