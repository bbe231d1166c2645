"""Speaker-resolution rules (documents, org short forms, anonymous sources, descriptors,
trailing appositive speakers); one invented text each."""

from qw_statements import one


def test_survey_by_named_firm_and_later_definite_survey(extractor):
    text = (
        "Bakery prices climb\n\n"
        "Bread now costs a fifth more than a year ago, according to a survey by consumer group Brenlow Watch "
        "published on Monday.\n\nMost shoppers had switched brands. According to the survey, "
        "four in ten households now bake at home.\n"
    )
    stmts = extractor.extract(text)
    assert one(stmts, "Bread now costs").speaker_canonical == "Brenlow Watch"
    assert one(stmts, "four in ten households").speaker_canonical == "Brenlow Watch"


def test_document_published_by_organisation(extractor):
    text = (
        "Canal repairs\n\nThe lock gates failed twice last winter. According to that review, published by the "
        "Ostrava Waterways Board in May, nine locks need new gates.\n"
    )
    s = one(extractor.extract(text), "nine locks need new gates")
    assert s.speaker_canonical == "Ostrava Waterways Board"


def test_its_report_is_the_owner(extractor):
    text = (
        "Drone maker grows\n\nHalvard Robotics on Monday opened a factory in Tilsbury. "
        "Halvard Robotics employs 900 people. The factory will build drones. "
        "Chief executive Oren Castile said demand was strong. He said exports would double. "
        "The drones are loud. Neighbours have complained. A council meeting is planned.\n\n"
        "According to its latest annual report, Halvard sold 12,000 drones last year.\n"
    )
    s = one(extractor.extract(text), "sold 12,000 drones")
    assert s.speaker_canonical == "Halvard Robotics"


def test_spokesperson_of_short_form_organisation(extractor):
    text = (
        "Lamp recall\n\nQuintara Lighting on Friday recalled 40,000 desk lamps. "
        "A Quintara spokesperson said no injuries had been reported.\n"
    )
    s = one(extractor.extract(text), "no injuries had been reported")
    assert s.speaker_canonical == "Quintara Lighting"
    assert s.speaker_type == "organization"


def test_anonymous_person_with_relative_clause_naming_a_place(extractor):
    text = (
        "Museum flood\n\nWater poured into the basement on Sunday. A guide who has worked at Stellwick Hall "
        "for ten years said the pumps had failed before. \u201cNobody listened,\u201d she said.\n"
    )
    stmts = extractor.extract(text)
    s = one(stmts, "the pumps had failed before")
    assert s.speaker_type == "unknown"
    assert s.speaker_canonical.startswith("A guide who has worked at Stellwick Hall")
    assert one(stmts, "Nobody listened").speaker_canonical == s.speaker_canonical


def test_acronym_organisation_read_as_common_noun(extractor):
    text = (
        "Port fees\n\nHarbour minister Lidia Roscoe defended the fees. She said they were fair.\n\n"
        'Shipping group VORMAK, which represents ferry owners, said the fees were "far too high" for small firms.\n'
    )
    s = one(extractor.extract(text), "the fees were")
    assert s.speaker_canonical == "VORMAK"
    assert s.speaker_type == "organization"


def test_business_descriptor_noun(extractor):
    text = (
        "Truck maker cuts outlook\n\nBrakstad Motors on Tuesday cut its forecast for the year.\n\n"
        "The carmaker said sales of its electric trucks had fallen by a fifth.\n"
    )
    s = one(extractor.extract(text), "sales of its electric trucks")
    assert s.speaker_canonical == "Brakstad Motors"


def test_society_descriptor_noun(extractor):
    text = (
        "Botanist honoured\n\nIn 2009 she received a medal from the Western Orchid Society. "
        "The society said it would plant a garden in her name.\n"
    )
    s = one(extractor.extract(text), "plant a garden")
    assert s.speaker_canonical == "Western Orchid Society"


def test_trailing_appositive_speaker_after_place(extractor):
    text = (
        "Floods close roads\n\nHeavy rain closed 30 roads overnight as the river rose towards the village of "
        "Marrowby, the county highways agency said on Friday.\n\n"
        "The agency said crews were clearing the worst routes. No injuries were reported, it said.\n"
    )
    stmts = extractor.extract(text)
    lead = one(stmts, "Heavy rain closed 30 roads")
    assert lead.speaker == "the county highways agency"
    assert one(stmts, "crews were clearing").speaker_canonical == lead.speaker_canonical
    assert one(stmts, "No injuries were reported").speaker_canonical == lead.speaker_canonical
    assert "Marrowby" not in lead.speaker_canonical


def test_age_apposition_makes_a_person(extractor):
    text = (
        "Cinema reopens\n\nThe organist is Teodric Vallance, a 41-year-old bus driver who learned to play "
        "from his aunt. He said he still practises every night.\n\n"
        "\u201cThe old songs matter,\u201d Vallance said.\n"
    )
    s = one(extractor.extract(text), "he still practises every night")
    assert s.speaker_canonical == "Teodric Vallance"


def test_age_descriptor_prefers_the_last_speaker(extractor):
    text = (
        "Final won at the buzzer\n\nMarisol Quennell scored as time ran out to beat the Dunmore Hawks, "
        "with a late run led by Quennell and guard Tamsin Ellery.\n\n"
        '"I just shut my eyes," Quennell said.\n\n'
        "The 23-year-old said she had practised the shot all week.\n"
    )
    s = one(extractor.extract(text), "practised the shot")
    assert s.speaker_canonical.endswith("Quennell")


def test_lead_indefinite_descriptor_matches_later_role(extractor):
    text = (
        "Bridge inspector on trial\n\n"
        "The owner of a bridge firm ignored safety reports for months, a prosecutor told a jury on Monday.\n\n"
        "Ansel Greaves, 61, the director of Greaves Bridgeworks, denies the charge.\n\n"
        "Prosecutor Miriam Holloway-Tate said the firm had received six warnings.\n"
    )
    s = one(extractor.extract(text), "ignored safety reports")
    assert s.speaker_canonical == "Miriam Holloway-Tate"


def test_lead_descriptor_with_country_matches_later_apposition(extractor):
    text = (
        "Dam talks fail\n\nTalks on the Varn dam collapsed on Friday after Oskaria's trade minister said "
        "his country would not sign.\n\n"
        '"We remain ready to talk," Brellish Trade Minister Anouk Tessaro told reporters.\n\n'
        "Oskaria's trade minister, Radovan Kestrel, said the offer had come too late.\n"
    )
    s = one(extractor.extract(text), "his country would not sign")
    assert s.speaker_canonical == "Radovan Kestrel"


def test_boss_headline_descriptor_is_the_chief_executive(extractor):
    text = (
        "Sales will stay weak, Dorvane boss warns\n\nDorvane Foods cut its forecast on Monday.\n\n"
        '"We see no quick recovery," chief executive Ilse Marchetti told analysts.\n\n'
        "Chief financial officer Tomas Brenn said the company had enough cash.\n"
    )
    s = one(extractor.extract(text), "Sales will stay weak")
    assert s.speaker_canonical == "Ilse Marchetti"


def test_first_person_quote_makes_a_place_name_a_person(extractor):
    text = (
        "Rower wins gold\n\nThe race was won by Nkemdirim, who led from the start.\n\n"
        '"I could not feel my arms," Nkemdirim said.\n'
    )
    s = one(extractor.extract(text), "feel my arms")
    assert s.speaker_type == "person"
