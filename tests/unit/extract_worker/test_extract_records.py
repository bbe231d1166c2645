"""The service's extractor turns attribution output into contract records (issue 15: mentions)."""

from quotewire_attribution import RawStatement
from quotewire_attribution.mentions import Mention
from quotewire_extract.extractor import Extractor


def raw(**over) -> RawStatement:
    fields = {
        "speaker": "Ann Lee",
        "speaker_span": (0, 7),
        "speaker_canonical": "Ann Lee",
        "speaker_type": "person",
        "cue": "said",
        "cue_span": (8, 12),
        "content": "Tom Briggs was wrong",
        "content_span": (13, 33),
        "type": "indirect",
        "confidence": 0.8,
    }
    return RawStatement(**{**fields, **over})


def test_mentions_become_contract_mentions():
    record = Extractor()._record(
        raw(mentions=(Mention("Tom Briggs", "person", "Tom Briggs", (13, 23)),))
    )
    assert record is not None
    (m,) = record.mentions
    assert (m.name, m.type, m.text, m.span) == ("Tom Briggs", "person", "Tom Briggs", (13, 23))


def test_invalid_mentions_are_dropped_not_the_statement():
    record = Extractor()._record(raw(mentions=(Mention(" ", "person", "Tom", (23, 13)),)))
    assert record is not None and record.mentions == [] and record.content == "Tom Briggs was wrong"


def test_an_invalid_statement_is_still_dropped():
    assert Extractor()._record(raw(content_span=(5, 5))) is None
