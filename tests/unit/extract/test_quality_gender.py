"""Given-name gender prior, pronoun centering, descriptor kinds, documents and coordinated
cues; one invented text each."""

import time

from quotewire_attribution import gender, gender_table, load_lexicon
from qw_statements import one


# -- the data -----------------------------------------------------------------------------
def test_prior_table_is_checked_in_and_compact():
    import importlib.util

    table = load_lexicon().name_genders
    assert importlib.util.find_spec("nomquamgender") is None  # not a runtime dependency
    assert 20_000 < len(table) < 200_000
    assert set(table.values()) == {"f", "m"}
    head = gender_table.TABLE.read_text(encoding="utf-8").splitlines()[:3]
    assert all(line.startswith("#") for line in head)
    assert "nomquamgender 0.1.4" in head[1] and "MIT licence" in head[1]
    assert gender_table.TABLE.with_name("name_genders.LICENSE").is_file()
    assert gender.prior("Mary", table) == "f" and gender.prior("John", table) == "m"
    assert gender.prior("Zoë", table) == gender.prior("Zoe", table)  # ASCII-folded key
    assert gender.prior("Qwxzv", table) is None


def test_parse_keeps_only_clear_well_attested_names():
    raw = (
        b'{"anna": [5, 900, 0.99, 3], "alex": [9, 5000, 0.4, 3], "rare": [1, 3, 1.0, 3], '
        b'"bo": [3, 40, 0.02, 3], "&amp;x": [4, 99, 1.0, 3]}'
    )
    table = gender_table.parse(raw)
    assert table == {"anna": "f", "bo": "m"}
    rendered = gender_table.render(table)
    assert rendered.splitlines()[-2:] == ["anna\tf", "bo\tm"]


def test_fold():
    assert gender.fold("Oisín") == "oisin" and gender.fold("Łukasz") in ("lukasz", "ukasz")


def test_lexicon_is_built_once_per_process():
    t = time.perf_counter()
    assert load_lexicon() is load_lexicon()
    assert time.perf_counter() - t < 0.05


# -- pronouns -----------------------------------------------------------------------------
def test_she_skips_a_nearer_man_by_the_given_name_prior(extractor):
    text = (
        "Library hours cut\n\n"
        "Mayor Gwendolyn Arkwright-Soames said the library budget had to shrink.\n\n"
        "Councillor Torvald Brennick-Hale said the cut would hurt pupils most.\n\n"
        "The two met again on Friday. She said evening hours would return in spring, while he "
        "said families could not wait that long.\n"
    )
    stmts = extractor.extract(text)
    assert (
        one(stmts, "evening hours would return").speaker_canonical == "Gwendolyn Arkwright-Soames"
    )
    assert one(stmts, "families could not wait").speaker_canonical == "Torvald Brennick-Hale"


def test_far_pronoun_goes_to_the_main_person_of_that_gender(full_extractor):
    text = (
        "A quiet return\n\n"
        "Marisol Quenby-Vatt spent twelve years away from the stage. She says the break saved her.\n\n"
        "The theatre was built in 1911. Its roof was mended in 1950. The seats were replaced in 1988. "
        "A new bar opened last year. The foyer now holds an exhibition. Tickets sold out in a day.\n\n"
        "\u201cI was tired of my own voice,\u201d she says.\n"
    )
    s = one(full_extractor.extract(text), "tired of my own voice")
    assert s.speaker_canonical == "Marisol Quenby-Vatt"
    assert s.confidence < 0.8  # a far antecedent is a guess


def test_coordinated_cue_after_told_object_is_the_subject(extractor):
    text = (
        "Fraud case\n\n"
        "Magistrate Odile Ferrand-Kow told the three drivers they would be fined on Friday and warned "
        "that \u201clicences are at stake.\u201d\n"
    )
    s = one(extractor.extract(text), "licences are at stake")
    assert s.speaker_canonical == "Odile Ferrand-Kow"


def test_hyphenated_surname_the_ner_cut_is_kept_whole(extractor):
    text = (
        "Peat study\n\n"
        "\u201cThe bog is drying,\u201d said Professor Ilse Marrow-Tate of Dunhaven University.\n"
    )
    s = one(extractor.extract(text), "The bog is drying")
    assert s.speaker_canonical == "Ilse Marrow-Tate"


def test_inverted_cue_speaker_is_the_name_after_it(extractor):
    text = (
        "Camera row\n\n"
        "\u201cNobody wants drivers to be fined,\u201d said Tomasz Kreel-Varga, director of the motoring "
        "group Fair Roads.\n"
    )
    s = one(extractor.extract(text), "Nobody wants drivers")
    assert s.speaker_canonical == "Tomasz Kreel-Varga"


# -- descriptors and documents ------------------------------------------------------------
def test_the_forum_is_an_organisation_not_a_person(extractor):
    text = (
        "Parking fees\n\n"
        "Pensioner Edna Holloway, 81, said she could not afford the new fee.\n\n"
        "The Marlow Valley Residents Forum said in a statement that it would fight the fee. "
        "The forum added that 300 shops had signed its letter.\n"
    )
    s = one(extractor.extract(text), "300 shops had signed")
    assert s.speaker_canonical == "Marlow Valley Residents Forum"
    assert s.speaker_type == "organization"


def test_union_descriptor_finds_an_alliance(extractor):
    text = (
        "Rail strike\n\n"
        "The Signal Workers Alliance said members had backed a walkout. Trains stopped at Westford station. "
        "The union says the pay offer is too low.\n"
    )
    s = one(extractor.extract(text), "pay offer is too low")
    assert s.speaker_canonical == "Signal Workers Alliance"


def test_watchdog_headline_and_definite_mentions(extractor):
    text = (
        "Kettle maker recalls 5,000 kettles, watchdog says\n\n"
        "Brimwell Appliances is recalling 5,000 kettles, the Home Goods Safety Office said on Monday.\n\n"
        "Firefighter Ruth Calloway of Dunmere Fire Service said the fires spread fast.\n\n"
        "Asked about the delay, the watchdog said it had waited for lab results. It said the results came "
        "in May.\n"
    )
    stmts = extractor.extract(text)
    assert one(stmts, "Kettle maker recalls").speaker_canonical == "Home Goods Safety Office"
    assert one(stmts, "waited for lab results").speaker_canonical == "Home Goods Safety Office"
    assert one(stmts, "results came in May").speaker_canonical == "Home Goods Safety Office"


def test_headline_descriptor_with_modifier_finds_the_named_body(extractor):
    text = (
        "Flu cases rise to 40, transport agency says\n\n"
        "Forty bus drivers have caught flu, Mobility Transport Kelso said on Friday.\n\n"
        "The agency said 12 routes were cut.\n"
    )
    stmts = extractor.extract(text)
    assert one(stmts, "Flu cases rise").speaker_canonical == "Mobility Transport Kelso"
    assert one(stmts, "12 routes were cut").speaker_canonical == "Mobility Transport Kelso"


def test_presentation_to_investors_is_the_company(extractor):
    text = (
        "Brewer buys rival\n\n"
        "Halloway Brewing said on Monday it would buy Stint Ales. Halloway will pay $9 a share. "
        "The merged group will sell 40 beers, according to a presentation to investors.\n"
    )
    s = one(extractor.extract(text), "sell 40 beers")
    assert s.speaker_canonical == "Halloway Brewing"


def test_research_from_university_and_judgment_of_court(extractor):
    text = (
        "Frogs and courts\n\n"
        "Frogs hear thunder first, according to research from Orlen University published on Monday.\n\n"
        "The High Court of Vessmark ruled on Tuesday. According to the judgment, the cameras "
        "scanned two million faces.\n"
    )
    stmts = extractor.extract(text)
    assert one(stmts, "Frogs hear thunder").speaker_canonical == "Orlen University"
    assert one(stmts, "scanned two million faces").speaker_canonical == "High Court of Vessmark"


def test_spokesperson_for_the_company(extractor):
    text = (
        "Store cameras\n\n"
        "Tarlow Retail Group said it would appeal. A spokesperson for the company said thefts had fallen.\n"
    )
    s = one(extractor.extract(text), "thefts had fallen")
    assert s.speaker_canonical == "Tarlow Retail Group"


def test_document_the_organisation_published(extractor):
    text = (
        "Heater recall\n\n"
        "The Consumer Goods Board said owners should unplug the heaters. According to the notice it "
        "published, a faulty switch can overheat.\n"
    )
    s = one(extractor.extract(text), "a faulty switch can overheat")
    assert s.speaker_canonical == "Consumer Goods Board"


def test_neither_subject_negates(extractor):
    text = "Summit\n\nNeither club has said whether it would attend the hearing.\n"
    assert not [s for s in extractor.extract(text) if "attend" in s.content]
