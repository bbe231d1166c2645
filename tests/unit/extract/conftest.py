import json
from pathlib import Path

import pytest
from quotewire_extract.extractor import Extractor

DATA = Path(__file__).resolve().parents[3] / "data" / "attribution"


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


@pytest.fixture(scope="session")
def seed_doc() -> dict:
    return json.loads((DATA / "seed.jsonl").read_text(encoding="utf-8").splitlines()[0])
