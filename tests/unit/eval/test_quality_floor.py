"""Quality floor: the extractor, scored on every gold file, stays above the issue's targets.

A regression guard, not a tuning target: the floors are the targets of the attribution
issue (e2e canonical F1 >= 0.85, content exact F1 >= 0.70, speaker accuracy on matched
>= 0.90), and the seed article must score e2e 1.0. Every gold file is scored in one
batched run with the session's fast-path extractor (about 15 s).
"""

import json
from pathlib import Path

import pytest
from quotewire_eval.runner import run_quotewire, score

GOLD_DIR = Path(__file__).resolve().parents[3] / "data" / "attribution"
GOLD_FILES = sorted(GOLD_DIR.glob("*.jsonl"))


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def scores(extractor) -> dict[str, object]:
    out = {}
    for path in GOLD_FILES:
        docs = load(path)
        failures: list[str] = []
        out[path.stem] = (score(docs, run_quotewire(docs, extractor, failures=failures)), failures)
    return out


def test_every_gold_file_is_scored():
    assert {p.stem for p in GOLD_FILES} >= {"dev", "seed"}


@pytest.mark.parametrize("name", [p.stem for p in GOLD_FILES])
def test_gold_file_meets_the_targets(scores, name):
    s, failures = scores[name]
    assert failures == [], f"documents raised: {failures}"
    assert s.exact.f1 >= 0.70, f"{name}: content exact F1 {s.exact.f1:.3f}"
    assert s.e2e_canonical.f1 >= 0.85, f"{name}: e2e canonical F1 {s.e2e_canonical.f1:.3f}"
    assert s.acc(s.speaker_ok) >= 0.90, f"{name}: speaker accuracy {s.acc(s.speaker_ok):.3f}"


def test_seed_article_scores_one_end_to_end(scores):
    s, _ = scores["seed"]
    assert s.e2e.f1 == 1.0
    assert s.e2e_canonical.f1 == 1.0
