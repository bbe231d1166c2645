import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[3] / "data" / "attribution"


@pytest.fixture(scope="session")
def seed_doc() -> dict:
    return json.loads((DATA / "seed.jsonl").read_text(encoding="utf-8").splitlines()[0])
