"""Unit-test fixtures shared across areas: the extractor, loaded once per session."""

import pytest
from quotewire_attribution.extractor import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The fast-path extractor, loaded once per test session."""
    return Extractor(fast=True).load()


@pytest.fixture(scope="session")
def windows_extractor(extractor) -> Extractor:
    """The fast path with the model NER on windows: the same entities as a full parse, so
    its statements must equal the full parse's (what shortening the text may not change)."""
    return Extractor(fast=True, ner="windows", nlp=extractor.nlp)


@pytest.fixture(scope="session")
def full_extractor(extractor) -> Extractor:
    """Full-parse mode sharing the same loaded pipeline."""
    return Extractor(fast=False, nlp=extractor.nlp)
