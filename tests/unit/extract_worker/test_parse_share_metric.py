"""The fast path's parse share, exported by the extract service's extractor."""

from prometheus_client import REGISTRY
from quotewire_extract.extractor import Extractor


def sample(name: str, labels: dict | None = None) -> float:
    return REGISTRY.get_sample_value(name, labels or {}) or 0.0


def test_every_prepared_article_counts_its_parse_and_its_characters():
    extractor = Extractor()  # _prepare needs the lexicon only, not the model
    short = 'Budget vote\n\n"We will win," she said.'
    filler = " ".join(f"The index rose {i} points on Tuesday in quiet trading." for i in range(30))
    quote = '"We expect more growth this year and next year and the year after," Ana Lopez said.'
    long = f"Markets\n\n{filler}\n\n{quote}"  # its quote interior is elided
    before = {
        p: sample("quotewire_extract_parses_total", {"parse": p})
        for p in ("every_word", "shortened")
    }
    text0 = sample("quotewire_extract_text_chars_total")
    parsed0 = sample("quotewire_extract_parsed_chars_total")

    jobs = [extractor._prepare(short), extractor._prepare(long)]

    assert sample("quotewire_extract_parses_total", {"parse": "every_word"}) == (
        before["every_word"] + 1
    )
    assert sample("quotewire_extract_parses_total", {"parse": "shortened"}) == (
        before["shortened"] + 1
    )
    assert sample("quotewire_extract_text_chars_total") - text0 == len(short) + len(long)
    parsed = sample("quotewire_extract_parsed_chars_total") - parsed0
    assert parsed == sum(len(j.sel.text) for j in jobs) < len(short) + len(long)
