"""A statement its attribution interrupts (one mechanism, ``interrupted.with_second_pieces``):
the predicate after a cue set off after its subject, the opening before a cue set off inside
its clause, and the rest of the sentence after '..., the warden said, and "..."' when it
carries quoted words, never a scene, a gloss, a date or the speaker's second act. One
invented sentence each."""

from tests.support_attribution import contents


def test_the_rest_after_an_interrupting_attribution_with_a_quote_is_a_second_piece(ex):
    body = '"Bring water and a torch," the warden said, and "stay on the marked path."'
    assert contents(ex, body) == [
        ("Bring water and a torch,", "the warden", "direct"),
        ('and "stay on the marked path."', "the warden", "mixed"),
    ]


def test_a_reported_first_piece_and_a_quoted_second_piece(ex):
    body = (
        "Most lanes reopen by Friday, the engineer said, but the tunnel "
        '"needs another month of pumping."'
    )
    assert contents(ex, body) == [
        ("Most lanes reopen by Friday", "the engineer", "indirect"),
        ('but the tunnel "needs another month of pumping."', "the engineer", "mixed"),
    ]


def test_a_scene_after_the_attribution_is_not_a_second_piece(ex):
    """'as the choir sang "..."' sets the scene; 'adding that' is the speaker's second act;
    an apposition after an inverted cue describes the speaker."""
    scene = '"We open at dawn," the baker said, as the choir sang "Morning Has Broken."'
    assert contents(ex, scene) == [("We open at dawn,", "the baker", "direct")]
    apposition = (
        '"The kilns stay lit," said Mira Osei, the potter who wrote "Clay and Fire," on Sunday.'
    )
    assert contents(ex, apposition) == [("The kilns stay lit,", "Mira Osei", "direct")]


def test_the_second_piece_starts_after_its_complementiser(ex):
    body = '"The vote was close," the clerk wrote in her notes, that the count "ran past midnight."'
    assert contents(ex, body)[1:] == [
        ('the count "ran past midnight."', "the clerk", "mixed"),
    ]


def test_a_date_gloss_or_second_act_after_the_attribution_is_not_a_second_piece(ex):
    """The comma of a date does not close the attribution; "or" glosses the quote; a
    participle after an adverb is the speaker's second act."""
    date = (
        '"The lease ends soon," the tenant wrote to the landlord in a June 3, 2021 note '
        'headed "urgent."'
    )
    assert contents(ex, date) == [("The lease ends soon,", "the tenant", "direct")]
    gloss = "“Basta,” the chef said, or “That is enough.”"
    assert [c for c, _, _ in contents(ex, gloss)] == ["Basta,"]
    act = '"Prices will fall," the broker said, instead urging buyers to "wait for spring."'
    assert [c for c, _, _ in contents(ex, act)][:1] == ["Prices will fall,"]
    assert all(not c.startswith("instead") for c, _, _ in contents(ex, act))


def test_an_unquoted_reason_or_predicate_after_the_attribution_is_a_second_piece(ex):
    """No quote is needed when the rest gives a reason or a contrast ('because ...', 'but
    ...'), is the predicate of a subject the attribution interrupts, or the main clause after
    an opening clause."""
    because = "The road stays shut, the sheriff said, because the bridge is unsafe."
    assert contents(ex, because) == [
        ("The road stays shut", "the sheriff", "indirect"),
        ("because the bridge is unsafe", "the sheriff", "indirect"),
    ]
    contrast = "Tolls go up in May, the bridge trust said, but pensioners ride free."
    assert [c for c, _, _ in contents(ex, contrast)][1:] == ["but pensioners ride free"]
    main = "If the dam holds, the engineer wrote in a memo, the town will stay dry."
    assert [c for c, _, _ in contents(ex, main)] == ["If the dam holds", "the town will stay dry"]
    predicate = "Sleeping outdoors in January, the ranger warned, can kill within hours."
    assert [c for c, _, _ in contents(ex, predicate)] == [
        "Sleeping outdoors in January",
        "can kill within hours",
    ]


def test_an_unquoted_rest_that_may_be_the_reporters_is_no_second_piece(ex):
    """'and ...' without a quote, a place, an apposition, a participle or a phrase after the
    attribution, the rest after "according to", and a rest cut at an abbreviation's period."""
    for body, rest in (
        (
            "Ferry fares will rise in March, the harbour board said, and the night boat stops.",
            "and",
        ),
        ("Rents keep climbing, Ms. Halvorsen told tenants in Tromso, Norway, on Friday.", "Norway"),
        ("The choir will sing twice, Lena Moss said, then the parish organist.", "then"),
        ("Water levels fell, the warden said, to the lowest mark since 1990.", "to"),
        ("Bids close at noon, the auctioneer said, flanked by two porters.", "flanked"),
        ("The ward reopens soon, the nurse said, a plan her deputy backs.", "a plan"),
        ("The ward will reopen, the nurse said, because Dr. Imre signed.", "because"),
    ):
        found = [c for c, _, _ in contents(ex, body)]
        assert found and not any(c.startswith(rest) for c in found), body


def test_the_first_piece_before_an_interrupting_cue_starts_after_a_dash(ex):
    """The clause before a dash is the reporter's: the first piece is the words from the dash
    on (without a leading "and"); a hyphen inside a word is no dash."""
    spaced = "Rain fell all week - and the river, the mayor said, rose past the old mark."
    assert contents(ex, spaced) == [
        ("the river", "the mayor", "indirect"),
        ("rose past the old mark", "the mayor", "indirect"),
    ]
    em = "The orchard froze twice — the worst frost, the grower recalled, came in April."
    assert [c for c, _, _ in contents(ex, em)] == ["the worst frost", "came in April"]
    hyphen = "The semi-final, the coach said, was the hardest game of the season."
    assert [c for c, _, _ in contents(ex, hyphen)][:1] == ["The semi-final"]


def test_a_one_word_adverb_before_an_interposed_cue_is_the_first_piece(ex):
    """An adverb alone before a set-off cue is the first piece; a conjunction is none."""
    adverb = "Instead, the ranger explained, the trail will close at dusk."
    assert contents(ex, adverb) == [
        ("Instead", "the ranger", "indirect"),
        ("the trail will close at dusk", "the ranger", "indirect"),
    ]
    conjunction = "But, the ranger explained, the trail will close at dusk."
    assert [c for c, _, _ in contents(ex, conjunction)] == ["the trail will close at dusk"]


def test_a_cue_set_off_after_an_opening_splits_the_content_in_two_fragments(full_extractor):
    # like a broken quote: the opening and the main clause are two fragments of one report
    body = (
        "In the end, Mr. Lane said, dock workers almost always vote for the union. "
        "If Smith is the nominee, Ms. Vane said, she would vote for a minor party. "
        "But, Ms. Vane said, the party has no candidate yet."
    )
    assert [(c, s) for c, s, _ in contents(full_extractor, body)] == [
        ("In the end", "Mr. Lane"),
        ("dock workers almost always vote for the union", "Mr. Lane"),
        ("If Smith is the nominee", "Ms. Vane"),
        ("she would vote for a minor party", "Ms. Vane"),
        ("the party has no candidate yet", "Ms. Vane"),
    ]


def test_a_cue_between_subject_and_predicate_gives_two_fragments(full_extractor):
    # like a broken quote: two statements, same speaker and cue
    assert contents(full_extractor, "The pier, Ivanov said, was never safe.") == [
        ("The pier", "Ivanov", "indirect"),
        ("was never safe", "Ivanov", "indirect"),
    ]
    assert contents(full_extractor, "The new plan, a senior aide said, is to close the depot.") == [
        ("The new plan", "a senior aide", "indirect"),
        ("is to close the depot", "a senior aide", "indirect"),
    ]


def test_an_interrupted_subject_whatever_follows_the_predicate(full_extractor):
    body = "The sale, Mr. Okoro explained, was the fruit of a long winter of talks — a head start."
    assert [c for c, _, _ in contents(full_extractor, body)] == [
        "The sale",
        "was the fruit of a long winter of talks",
    ]


def test_a_parsed_second_piece_stays_beside_a_report_inside_it(ex):
    """The predicate after a set-off cue comes from the cue's own clause: it is the second
    piece even when it holds a cue of its own; a rest read from the punctuation alone yields
    to a frame inside it."""
    parsed = "The union, Ms. Arden said, called the offer an insult."
    assert contents(ex, parsed) == [
        ("The union", "Ms. Arden", "indirect"),
        ("called the offer an insult", "Ms. Arden", "indirect"),
    ]
    read = "Rents will rise, the clerk said, but the mayor said they would fall."
    assert contents(ex, read) == [
        ("Rents will rise", "the clerk", "indirect"),
        ("they would fall", "the mayor", "indirect"),
    ]


def test_the_clause_a_placeholder_it_stands_for_after_the_attribution_is_a_second_piece(ex):
    body = (
        "It is no surprise, Mr. Okoro said, that the ferry lost money. "
        "So it makes sense, the planners said, for the town to buy the pier."
    )
    assert contents(ex, body) == [
        ("It is no surprise", "Mr. Okoro", "indirect"),
        ("the ferry lost money", "Mr. Okoro", "indirect"),
        ("So it makes sense", "the planners", "indirect"),
        ("for the town to buy the pier", "the planners", "indirect"),
    ]


def test_the_complement_after_a_cue_set_off_after_its_verb_is_a_second_piece(ex):
    """The verb's predicate or a "by" phrase of means finishes the reported clause; a
    phrase of the reporter's ("in a statement on Monday") or a conjunct does not."""
    body = (
        "The winter was, she said, one of the coldest the valley had known. "
        "The guild has been blocking the sale, she said, by lobbying every councillor in the town."
    )
    assert contents(ex, body) == [
        ("The winter was", "she", "indirect"),
        ("one of the coldest the valley had known", "she", "indirect"),
        ("The guild has been blocking the sale", "she", "indirect"),
        ("by lobbying every councillor in the town", "she", "indirect"),
    ]
    scene = "The ferry will run all winter, the captain said, in a statement on Monday."
    assert contents(ex, scene) == [("The ferry will run all winter", "the captain", "indirect")]
    gloss = (
        "Rainfall was 80 millimetres, the weather office said, the highest for a June since 1998."
    )
    assert contents(ex, gloss) == [
        ("Rainfall was 80 millimetres", "the weather office", "indirect")
    ]
