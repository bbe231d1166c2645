"""Speech acts whose content is an object and a complement, not a reported clause
(lexicon.toml "complements"): one invented sentence each."""

import pytest

HEAD = "Harbour dispute\n\n"

CASES = [
    (
        "Opposition leader Maria Tenn called on ministers to resign.",
        "ministers to resign",
        "called on",
    ),
    ("Maria Tenn accused the company of hiding losses.", "the company of hiding losses", "accused"),
    ("Senator Paul Ortega urged voters to stay home.", "voters to stay home", "urged"),
    ("Governor Ray Colt vowed to appeal.", "to appeal", "vowed"),
    ("Governor Ray Colt pledged to cut taxes by a tenth.", "to cut taxes by a tenth", "pledged"),
    ("Councillor Ida Brandt described the plan as reckless.", "the plan as reckless", "described"),
    ("Mayor Lena Fisk called the deal a disaster.", "the deal a disaster", "called"),
    (
        "Union chief Tom Hale blamed the owners for the strike.",
        "the owners for the strike",
        "blamed",
    ),
    (
        "Ida Brandt asked whether the vote would go ahead.",
        "whether the vote would go ahead",
        "asked",
    ),
    ("Tom Hale asked ministers to explain the delay.", "ministers to explain the delay", "asked"),
    (
        "The harbour master Jon Vik called for an inquiry into the fire.",
        "an inquiry into the fire",
        "called for",
    ),
    (
        "Tom Hale criticised the council for its silence.",
        "the council for its silence",
        "criticised",
    ),
    ("Ida Brandt slammed the plan as too vague.", "the plan as too vague", "slammed"),
    ("Tom Hale denounced the levy as theft.", "the levy as theft", "denounced"),
    ("Minister Ray Colt proposed to cut the levy.", "to cut the levy", "proposed"),
    # criticise/praise/condemn ... with no reason or judgement: the object alone (not a pronoun)
    ("The mayor praised the new harbour budget.", "the new harbour budget", "praised"),
    ("Ida Brandt once criticized the ferry contract.", "the ferry contract", "criticized"),
    (  # the parser hangs "deal" on the verb as its object: still inside "called for ..."
        (
            "To loud cheers from the dock, Hale called for the repeal of the harbour deal "
            "in reply to the fee rises by the board."
        ),
        "the repeal of the harbour deal in reply to the fee rises by the board",
        "called for",
    ),
    # a request: "asked for" as "called for"
    (
        "The ferry union asked for a pay rise of five percent.",
        "a pay rise of five percent",
        "asked for",
    ),
    (
        "Ida Brandt asked for the harbour accounts to be published.",
        "the harbour accounts to be published",
        "asked for",
    ),
    # the parser makes "for" the mark of an infinitive clause with its own subject
    (
        "Councillor Ida Brandt has called for the old bridge to be closed by spring.",
        "the old bridge to be closed by spring",
        "called for",
    ),
    (
        "The harbour master Jon Vik called for the board to publish the accounts.",
        "the board to publish the accounts",
        "called for",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "content", "cue"), CASES, ids=[c[2] + ": " + c[1] for c in CASES]
)
def test_object_and_complement_is_the_content(full_extractor, sentence, content, cue):
    stmts = full_extractor.extract(HEAD + sentence + "\n")
    assert [(s.content, s.cue, s.type) for s in stmts] == [(content, cue, "indirect")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ida Brandt called the police on Tuesday.",  # a phone call, no predicate
        "The group called Safe Streets met on Monday.",  # a name, not a speech act
        "Tom Hale was called a liar by the mayor.",  # passive
        "The mayor thanked the volunteers.",  # thanks without a reason: a courtesy
        "The mayor praised them.",  # praise of a pronoun alone
        "Ida Brandt attacked the last climb of the race.",  # attack without a reason
        "Ida Brandt asked for it.",  # a pronoun alone says nothing
        "Tom Hale described the flood.",  # describe without "as"
        "Ida Brandt called on Tuesday.",  # a date after "on"
        "Tom Hale attacked the council.",  # criticism without a reason or a judgement
        "Minister Ray Colt proposed a new budget.",  # a proposal without "to"
        "In May, the agency proposed a new levy.",  # an opening adjunct is no content
        "Meanwhile, Ray Colt has proposed several ways of saving.",
        "The club paid for the whole team to travel to the final.",  # "for" with no call
    ],
)
def test_no_statement_without_the_complement(full_extractor, sentence):
    assert full_extractor.extract(HEAD + sentence + "\n") == []


def test_the_fast_path_finds_them_too(extractor):
    text = HEAD + "Maria Tenn accused the company of hiding losses. Ray Colt vowed to appeal.\n"
    assert [s.content for s in extractor.extract(text)] == [
        "the company of hiding losses",
        "to appeal",
    ]


def test_asked_not_to_be_named_is_no_statement(full_extractor):
    text = HEAD + "A dock worker, who asked not to be named, said the cranes were unsafe.\n"
    assert [s.content for s in full_extractor.extract(text)] == ["the cranes were unsafe"]


def test_an_appeal_coordinated_with_a_report_has_the_reports_speaker(full_extractor):
    text = HEAD + (
        'Industry group Portwatch said the new fee was "far too high for small boats" and urged '
        "the council to lower it before the summer.\n"
    )
    stmts = full_extractor.extract(text)
    assert [(s.content, s.speaker) for s in stmts] == [
        ('the new fee was "far too high for small boats"', "Portwatch"),
        ("the council to lower it before the summer", "Portwatch"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        'Fishermen have long called the fish "river pearls" for their sheen.',  # a bare compound noun: a name
        'Critics called her "the Iron Lady of Ports" for her style.',  # a proper noun with "the"
        'Fans called him "Big Sam".',  # a bare proper noun
        'Dockers called the old crane "Big Sam" for years.',  # a proper noun after the object
        'The club calls itself "the pride of the coast".',  # a name it gives itself
        "The baker calls himself Paul.",  # a first name
        "The band calls itself the Harbour Kings.",
        "Among the anglers, 41% call themselves cautious.",  # a share of a poll
    ],
)
def test_a_name_given_is_no_statement(full_extractor, sentence):
    assert full_extractor.extract(HEAD + sentence + "\n") == []


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ('Mayor Lena Fisk called the deal "a Trojan Horse".', 'the deal "a Trojan Horse"'),
        ('Mayor Lena Fisk called the work "elegant".', 'the work "elegant"'),
        # the parser makes the quote a word of the object, or a second object
        (
            'Councillor Ines Moreau called the sale of the ferry "quite reckless."',
            'the sale of the ferry "quite reckless."',
        ),
        (
            'The mayor replied, calling him "a disgrace to the harbour."',
            'him "a disgrace to the harbour."',
        ),
        # the parser makes the object a modifier of the quoted judgement after it
        ('Mayor Lena Fisk has called the ferry pact "madness."', 'the ferry pact "madness."'),
        (
            'Tom Hale called the dock owners "vandals" and "thugs" without evidence.',
            'the dock owners "vandals" and "thugs" without evidence',
        ),
    ],
)
def test_a_judgement_in_quote_marks_is_a_statement(full_extractor, sentence, content):
    assert [(s.content, s.type) for s in full_extractor.extract(HEAD + sentence + "\n")] == [
        (content, "mixed")
    ]


@pytest.mark.parametrize(
    ("sentence", "content", "cue"),
    [
        (
            "The Relief Network appealed for donations of blankets and dog food.",
            "donations of blankets and dog food",
            "appealed for",
        ),
        (
            "The family has asked that flowers be sent to the Footpaths Trust.",
            "flowers be sent to the Footpaths Trust",
            "asked",
        ),
    ],
)
def test_appeals_and_requests_in_a_that_clause(full_extractor, sentence, content, cue):
    assert [(s.content, s.cue) for s in full_extractor.extract(HEAD + sentence + "\n")] == [
        (content, cue)
    ]


def test_a_quoted_judgement_the_parser_made_an_apposition(full_extractor):
    stmts = full_extractor.extract(HEAD + 'Mayor Lena Fisk called the plan "a scandal".\n')
    assert [(s.content, s.type) for s in stmts] == [('the plan "a scandal"', "mixed")]


def test_a_quoted_judgement_after_an_apposed_speaker(full_extractor):
    """The parser hangs "called" on the speaker after the apposition's comma; the object and
    the quoted judgement after it are read from the words."""
    stmts = full_extractor.extract(
        HEAD + "Vera Lind, the union's lawyer, called the ruling “cruel.”\n"
    )
    assert [(s.content, s.type, s.speaker) for s in stmts] == [
        ("the ruling “cruel.”", "mixed", "Vera Lind")
    ]


def test_a_quoted_judgement_in_a_relative_clause(full_extractor):
    """The object is the relative pronoun before the cue: the quoted judgement alone is what
    was said."""
    stmts = full_extractor.extract(
        HEAD + "The pact, which the mayor had called a “farce,” was signed on Friday.\n"
    )
    assert [(s.content, s.type, s.speaker) for s in stmts] == [("a “farce,”", "mixed", "the mayor")]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (  # the possessive's apostrophe does not close a double quote
            "Ms. Ruiz called the ferry plan “the islands’ worst mistake.”",
            "the ferry plan “the islands’ worst mistake.”",
        ),
        (  # one lower-case word, which the tagger may read as a name
            'Tom Hale called the mayor\'s remarks on Sunday "childish."',
            'the mayor\'s remarks on Sunday "childish."',
        ),
        (  # a lower-case adjective after a capitalised word
            "Ms. Ruiz called the skipper “Pirates’ favourite captain.”",
            "the skipper “Pirates’ favourite captain.”",
        ),
        (  # an adjective before a compound: a description, not a name ("river spaghetti")
            "Ms. Ruiz called the charges “very costly ferry fares” at a meeting.",
            "the charges “very costly ferry fares”",
        ),
    ],
)
def test_a_quoted_judgement_read_from_the_words(full_extractor, sentence, content):
    stmts = full_extractor.extract(HEAD + sentence + "\n")
    assert [(s.content, s.type) for s in stmts] == [(content, "mixed")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ida Vass called the “greedy” owners to a meeting.",  # the quote is a word of the object
        "The toll, which critics call the “Harbour Tax,” rose again.",  # a name
        "Critics called her “the Duchess of Pauses.”",  # a name with "the"
        "Ms. Ruiz called the payments “hedge money.”",  # a bare compound: a name
    ],
)
def test_a_quote_inside_the_object_or_a_name_is_no_judgement(full_extractor, sentence):
    assert full_extractor.extract(HEAD + sentence + "\n") == []


@pytest.mark.parametrize(
    ("words", "judges"),
    [
        ("the ferry firm “reckless”", True),  # an adjective
        ("it their “lucky charm”", True),  # a possessive before the quote
        ("the pier “a death trap”", True),  # a determiner opening the quote
        ("the dock owners “thugs”", True),  # one bare noun
        ("the fish “river pearls”", False),  # a bare compound names
        ("the goalkeeper “Big Sam”", False),  # capitalised words name
        ("her “the Duchess of Pauses”", False),
        ("the captain an “Iron Duke”", True),  # "an" before capitalised words: a kind
        ("the remarks “childish”", True),  # one lower-case word, whatever its tag
        ("the skipper “Pirates’ favourite captain”", True),  # a lower-case adjective further on
    ],
)
def test_quoted_words_judge_or_name(extractor, words, judges):
    from quotewire_attribution.complements import _quoted_words_judge

    doc = extractor.nlp("Ida Vass called " + words + " on Monday.")
    opening = next(t.i for t in doc if t.tag_ == "``")
    close = next(t.i for t in doc if t.tag_ == "''")
    assert _quoted_words_judge(doc, opening, close) is judges


@pytest.mark.parametrize(
    "sentence", ["The club appealed the ruling.", "He appealed to voters in the north."]
)
def test_appeal_without_for_is_no_statement(full_extractor, sentence):
    assert full_extractor.extract(HEAD + sentence + "\n") == []


def test_a_request_inside_another_report_is_part_of_it(full_extractor):
    stmts = full_extractor.extract(
        HEAD + "The ministry said the minister had urged the mayor to resign.\n"
    )
    assert [(s.content, s.cue) for s in stmts] == [
        ("the minister had urged the mayor to resign", "said")
    ]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "Tom Hale has described himself as a harbour man at heart.",
            "himself as a harbour man at heart",
        ),
        ("The baker calls himself a proud socialist.", "himself a proud socialist"),
        ("The painter once called herself very lucky.", "herself very lucky"),
    ],
)
def test_a_self_description_with_as_is_a_statement(full_extractor, sentence, content):
    """described [himself as X], calls [himself a socialist]: a self-description is a statement
    ("calls itself X" with a name or "the" is a name)."""
    assert [s.content for s in full_extractor.extract(HEAD + sentence + "\n")] == [content]


@pytest.mark.parametrize(
    ("sentence", "content", "cue"),
    [
        (
            "Councillor Ida Brandt chided the port board for its silence.",
            "the port board for its silence",
            "chided",
        ),
        (
            "Union chief Tom Hale hailed the ruling as a victory for crews.",
            "the ruling as a victory for crews",
            "hailed",
        ),
        ("Mayor Lena Fisk commended the volunteers.", "the volunteers", "commended"),
        ("Ada Marlow assailed the harbour levy.", "the harbour levy", "assailed"),
    ],
)
def test_judgements_of_praise_and_blame(full_extractor, sentence, content, cue):
    """chided, assailed, derided, applauded, hailed, ... take the criticise/praise complements:
    the object with its reason or judgement, or the object alone."""
    stmts = full_extractor.extract(HEAD + sentence + "\n")
    assert [(s.content, s.cue) for s in stmts] == [(content, cue)]


def test_applause_without_an_object_is_no_statement(full_extractor):
    assert full_extractor.extract(HEAD + "The crowd in Kelso applauded.\n") == []


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "Ida Brandt asked Hale whether he had practised his speech.",
            "whether he had practised his speech",
        ),
        ("Host Tom Hale asked the mayor what the levy would cost.", "what the levy would cost"),
    ],
)
def test_the_addressee_of_a_question_is_no_content(full_extractor, sentence, content):
    """asked [the mayor] what ...: the question is the content, the one asked is not (an
    infinitive keeps its object: "asked ministers to explain the delay")."""
    assert [s.content for s in full_extractor.extract(HEAD + sentence + "\n")] == [content]


@pytest.mark.parametrize(
    ("sentence", "content", "speaker"),
    [
        (
            'The club wants to escape what Hale called "a credibility gap."',
            "a credibility gap.",
            "Hale",
        ),
        (
            (
                "The guild is a circle which he called “a private club for the mill owners.” It meets "
                "each spring."
            ),
            "a private club for the mill owners.",
            "he",
        ),
        (
            'The plan, which the judge called "distasteful," was dropped.',
            "distasteful,",
            "the judge",
        ),
        (
            'She faced what one aide called "a hand-to-hand combat."',
            "a hand-to-hand combat.",
            "one aide",
        ),
        (  # typewriter quotes: the parser may tag the opening '' as a closing mark
            "The toll, which the skipper called ''a disgrace,'' went up again.",
            "a disgrace,",
            "the skipper",
        ),
        (
            "The pier sank to a depth which one diver called ''absurdly deep.''",
            "absurdly deep.",
            "one diver",
        ),
    ],
)
def test_a_quoted_judgement_in_a_relative_clause_is_a_direct_statement(
    ex, sentence, content, speaker
):
    # the cue's object is the relative pronoun: the quote after the cue alone is what was said
    assert [(s.content, s.speaker, s.type) for s in ex.extract(HEAD + sentence + "\n")] == [
        (content, speaker, "direct")
    ]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (  # "the" opens the judgement; the quote stops before the predicative's adjunct
            (
                "The council stalled what the harbour master called “the worst tender in a "
                "decade” in her annual report."
            ),
            "the worst tender in a decade",
        ),
        (  # a possessive opens it; the quote takes in the cue's time adjunct
            (
                "Ms. Varga was blunter about the delay - what she called “our slowest summer "
                "this century.” The ferry still runs."
            ),
            "our slowest summer this century.",
        ),
        (  # an adjective before a compound noun describes, it does not name
            "The grant paid for what the mayor calls “sensible flood defence work.”",
            "sensible flood defence work.",
        ),
        (  # the parser read the relative "that" as a complementiser
            "Hale repeated rumours that the harbour master called “wild guesses.”",
            "wild guesses.",
        ),
    ],
)
def test_a_relative_quoted_judgement_opened_by_the_or_a_possessive(ex, sentence, content):
    assert [(s.content, s.type) for s in ex.extract(HEAD + sentence + "\n")] == [
        (content, "direct")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        'The fund sells what its owners call "Harbour Gold" to tourists.',  # a name in quotes
        'The plan, which was called "a scandal" by the press, was dropped.',  # passive
        "The town faced what the mayor called a hard winter.",  # no quote: left to the parse
        'They built what we call "infrastructure" today.',  # a bare noun in quotes: a term
        'The firm builds what it calls "smart" maps of the coast.',  # the quote is one word of it
        "The ferry docks at what sailors call “the Old Steps” each night.",  # a name with "the"
    ],
)
def test_a_relative_name_or_passive_is_no_statement(ex, sentence):
    assert [s.cue for s in ex.extract(HEAD + sentence + "\n") if s.cue.startswith("call")] == []


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        ("Tom Hale, asked for his view, said the quay was unsafe.", "the quay was unsafe"),
        ("Asked for comment, the harbour master said the quay was unsafe.", "the quay was unsafe"),
        ("Tom Hale, asked whether the quay would close, said it was unsafe.", "it was unsafe"),
    ],
)
def test_the_person_asked_is_not_the_one_who_asked(full_extractor, sentence, content):
    """A passive "asked" between commas (the parser may read it as a clause of "said")."""
    assert [s.content for s in full_extractor.extract(HEAD + sentence + "\n")] == [content]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            'Ida Brandt called the toll "a scandal" because ferries are free.',
            'the toll "a scandal" because ferries are free',
        ),
        (
            "Tom Hale calls the levy unfair, mainly because fishermen pay twice.",
            "the levy unfair, mainly because fishermen pay twice",
        ),
    ],
)
def test_a_judgement_keeps_its_reason(ex, sentence, content):
    # "called X Y because Z": the reason given for the judgement is part of what was said
    assert [s.content for s in ex.extract(HEAD + sentence + "\n")] == [content]


def test_a_reason_after_an_appeal_is_not_added(ex):
    text = HEAD + "Tom Hale urged voters to stay home because the roads were icy.\n"
    assert [s.content for s in ex.extract(text)] == ["voters to stay home"]


@pytest.mark.parametrize(
    ("sentence", "content", "speaker"),
    [
        (
            "The minister was asked by a student whether the pool would reopen.",
            "whether the pool would reopen",
            "a student",
        ),
        ("The tenants were urged by the council to save water.", "to save water", "the council"),
    ],
)
def test_a_passive_request_names_its_asker_after_by(full_extractor, sentence, content, speaker):
    """ "was asked by X whether ...": the agent asked; the clause or infinitive alone is the
    content (the one asked is not)."""
    found = [(s.content, s.speaker) for s in full_extractor.extract(HEAD + sentence + "\n")]
    assert found == [(content, speaker)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The chef was asked to leave the kitchen.",  # nobody named asks
        "Asked whether the bakery would close, Tomas Berg shrugged.",
        # a participle opening the sentence sets the scene for the answer (as "Asked whether")
        "Asked by the host to name a rival, Ines Waller laughed.",
        "When asked by a neighbour if the bakery would close, Tomas Berg shrugged.",
        "The coach was asked by reporters about the injury.",  # a topic, no question
        "The stadium was built by the city to host the games.",  # no request
    ],
)
def test_a_passive_without_asker_or_question_is_no_statement(full_extractor, sentence):
    assert full_extractor.extract(HEAD + sentence + "\n") == []


def test_the_complement_may_hang_on_the_last_of_coordinated_objects(full_extractor):
    text = HEAD + "The auditors accused the board and its chair of hiding the costs for years.\n"
    assert [s.content for s in full_extractor.extract(text)] == [
        "the board and its chair of hiding the costs for years"
    ]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "The ferry union has blamed the port, the council, and the harbour board for the delays.",
            "the port, the council, and the harbour board for the delays",
        ),
        (
            "The tenants accused the landlord, his agent and the bailiff of ignoring the damp.",
            "the landlord, his agent and the bailiff of ignoring the damp",
        ),
    ],
)
def test_the_complement_may_hang_on_the_last_of_a_list_of_objects(
    full_extractor, sentence, content
):
    """The parser chains a list's conjuncts (each on the one before it)."""
    assert [s.content for s in full_extractor.extract(HEAD + sentence + "\n")] == [content]


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "The union urged the board to sell the old pier, which would pay off the loan.",
            "the board to sell the old pier",
        ),
        (
            "Mayor Ilse Dorn vowed to cut the ferry fare, drawing cheers from the dock.",
            "to cut the ferry fare",
        ),
        (  # a relative clause inside a question is part of it
            "Ida Brandt asked whether the levy, which farmers pay, would rise.",
            "whether the levy, which farmers pay, would rise",
        ),
    ],
)
def test_the_writers_comment_after_a_request_or_promise_is_no_content(
    full_extractor, sentence, content
):
    """A trailing ", which ..." or stance participle comments on the request or promise."""
    assert [s.content for s in full_extractor.extract(HEAD + sentence + "\n")] == [content]


@pytest.mark.parametrize(
    ("sentence", "content", "cue"),
    [
        (
            "Mayor Ilse Dorn suggested closing the old ferry pier.",
            "closing the old ferry pier",
            "suggested",
        ),
        (
            "Councillor Jon Vik proposes levying a fee on sugary drinks.",
            "levying a fee on sugary drinks",
            "proposes",
        ),
        (  # a finite verb joined to the gerund is the speaker's next act
            "Councillor Jon Vik proposed closing the pier and signed a bill for the ferry.",
            "closing the pier",
            "proposed",
        ),
        (  # a time or purpose clause the parser hung on the cue is the gerund's
            "Mayor Ilse Dorn suggested hiring guards to watch the pier at night.",
            "hiring guards to watch the pier at night",
            "suggested",
        ),
    ],
)
def test_a_gerund_after_suggest_or_propose_is_the_content(ex, sentence, content, cue):
    """ "suggested [hiring more nurses]": a gerund without a subject of its own is the proposal
    (lexicon.toml "gerund")."""
    found = [(s.content, s.cue) for s in ex.extract(HEAD + sentence + "\n")]
    assert found == [(content, cue)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Councillor Jon Vik proposed a budget for the harbour.",
        "The coach Ida Brandt recalled the players for a second practice.",
    ],
)
def test_the_object_of_propose_or_recall_is_no_content(ex, sentence):
    """ "proposed a budget", "recalled the players": an object noun names a topic or a thing."""
    assert ex.extract(HEAD + sentence + "\n") == []


@pytest.mark.parametrize(
    ("sentence", "content", "cue"),
    [
        ("Mayor Ilse Dorn pledged a full recount.", "a full recount", "pledged"),
        (  # the verb's adjuncts after the object say when and to whom it is pledged
            "Councillor Jon Vik pledged his vote to Ida Brandt as a delegate to the congress.",
            "his vote to Ida Brandt as a delegate to the congress",
            "pledged",
        ),
        (  # the ones promised to (an indirect object) are no content
            "Mayor Ilse Dorn promised the fishermen a new pier by next summer.",
            "a new pier by next summer",
            "promised",
        ),
        (
            "Councillor Jon Vik would halve the ferry levy, promising faster growth in return.",
            "faster growth in return",
            "promising",
        ),
        (  # a pledge of backing: what is backed is the content
            "Two of the harbour delegates have pledged their support to Ida Brandt.",
            "Ida Brandt",
            "pledged",
        ),
    ],
)
def test_what_is_promised_as_an_object_is_the_content(ex, sentence, content, cue):
    """ "pledged [her vote to Ruiz]", "promised [a new pier by May]": the object of a promise
    and the verb's adjuncts after it (lexicon.toml "object_adjuncts")."""
    found = [(s.content, s.cue) for s in ex.extract(HEAD + sentence + "\n")]
    assert found == [(content, cue)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Ida Brandt leads Jon Vik by 212 pledged delegates in the count.",
        "Ida Brandt won most of the party's pledged delegates after the vote in Lorn.",
        "The river militia pledged allegiance to the old warlord.",
    ],
)
def test_a_pledged_noun_or_an_oath_is_no_promise(ex, sentence):
    """ "pledged delegates" (a premodifier the parser read as a verb) and "pledged allegiance"
    (the oath itself) promise nothing."""
    assert ex.extract(HEAD + sentence + "\n") == []


@pytest.mark.parametrize(
    ("sentence", "content", "speaker"),
    [
        (
            "Councillor Lund was asked by a driver why the old mill had closed.",
            "why the old mill had closed",
            "a driver",
        ),
        (
            "Mira Vance asked the ferryman why the crossing had closed.",
            "why the crossing had closed",
            "Vance",
        ),
    ],
)
def test_a_question_read_as_a_relative_clause_is_asked(ex, sentence, content, speaker):
    """ "asked the ferryman why ...": the parser made the question a relative clause of the one
    asked; "why", "how", "whether" and "if" open no relative clause on a noun."""
    stmts = ex.extract(HEAD + sentence + "\n")
    assert [s.content for s in stmts] == [content]
    assert speaker in stmts[0].speaker


def test_a_report_with_its_own_subject_ends_a_charge(full_extractor):
    """ "accused X of Y while Z warned of ...": Z's report is no part of the charge."""
    text = (
        HEAD + "The tenants accused the landlord of ignoring the damp while doctors warned "
        "of a rise in mould and asthma.\n"
    )
    assert [(s.speaker, s.content) for s in full_extractor.extract(text)] == [
        ("The tenants", "the landlord of ignoring the damp"),
        ("doctors", "a rise in mould and asthma"),
    ]


@pytest.mark.parametrize(
    ("sentence", "content", "speaker"),
    [
        (
            "The pier deal was first reported by the Fenland Courier.",
            "The pier deal",
            "the Fenland Courier",
        ),
        (
            "The council's plan to sell the quay was reported by two local papers on Monday.",
            "The council's plan to sell the quay",
            "two local papers",
        ),
    ],
)
def test_a_passive_report_names_its_source_after_by(ex, sentence, content, speaker):
    """ "X was first reported by the Courier": the passive subject is what was reported, the
    agent its source."""
    assert [(s.content, s.speaker) for s in ex.extract(HEAD + sentence + "\n")] == [
        (content, speaker)
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "It was reported by the Courier.",  # a pronoun content
        "The ledger, which was reported by the Courier, named three clerks.",
        "The pier deal was reported last week.",  # no source named
    ],
)
def test_a_passive_report_without_a_content_or_a_source_is_no_statement(ex, sentence):
    assert ex.extract(HEAD + sentence + "\n") == []


@pytest.mark.parametrize(
    ("sentence", "content", "speaker"),
    [
        (
            "The ferry company cancelled the crossing, citing high winds and a broken ramp.",
            "high winds and a broken ramp",
            "The ferry company",
        ),
        (
            "Ms. Orr shut the kiosk early, citing her worry about the tide tables and the wind.",
            "her worry about the tide tables and the wind",
            "Ms. Orr",
        ),
        (
            (
                "He cited reports of rising thefts from boats in recent years, including last"
                " week's break-in at the marina."
            ),
            (
                "reports of rising thefts from boats in recent years, including last week's"
                " break-in at the marina"
            ),
            "He",
        ),
    ],
)
def test_what_is_cited_is_the_object_with_its_phrases(ex, sentence, content, speaker):
    """ "citing [high winds]", "cited [reports of thefts in recent years]": the grounds or the
    source cited, with the verb's prepositional phrases right after the object."""
    found = [(s.content, s.speaker) for s in ex.extract(HEAD + sentence + "\n")]
    assert found == [(content, speaker)]


def test_a_gloss_on_what_is_cited_stays_out_and_keeps_its_own_report(ex):
    text = HEAD + "They cited the case of Ulla Berg, a clerk who the auditors say took the fees.\n"
    assert [(s.cue, s.content) for s in ex.extract(text)] == [
        ("cited", "the case of Ulla Berg"),
        ("say", "took the fees"),
    ]


def test_a_thing_that_cites_is_no_speaker(ex):
    text = HEAD + "The mayor read a leaflet that cites his plan for the quay.\n"
    assert [s.cue for s in ex.extract(text)] == []


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "Police asked anyone who witnessed the crash to come forward.",
            "anyone who witnessed the crash to come forward",
        ),
        (
            "The coastguard asked anyone with photographs of the boat to call the harbour office.",
            "anyone with photographs of the boat to call the harbour office",
        ),
    ],
)
def test_a_request_whose_infinitive_the_parser_hung_inside_the_object(ex, sentence, content):
    assert [s.content for s in ex.extract(HEAD + sentence + "\n")] == [content]


def test_a_demonstrative_object_the_parser_read_as_a_complementiser(ex):
    text = HEAD + "She now calls that “the worst idea I have ever had on a boat.”\n"
    assert [s.content for s in ex.extract(text)] == ["the worst idea I have ever had on a boat."]
