"""The edge causes of ``tools/attribution_errors.py --boundaries`` (invented contents)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parents[3] / "tools" / "attribution_errors.py"
_SPEC = importlib.util.spec_from_file_location("attribution_errors", _PATH)
errors_tool = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(errors_tool)
cause = errors_tool._edge_cause


def test_exact_after_trimming_quote_marks():
    assert cause("\u201cThe quay will reopen.\u201d", "The quay will reopen.") == "exact"


def test_converter_drops_a_subject_that():
    got = cause("was the wrong call for Ely", "that was the wrong call for Ely")
    assert got.startswith("converter: a pronoun")


def test_converter_keeps_that_before_a_comma():
    got = cause("that, if asked, she would run", "if asked, she would run")
    assert got.startswith("converter: 'that,'")


def test_gold_cut_inside_a_word():
    got = cause("he ferry will sail on Monday", "the ferry will sail on Monday")
    assert got.startswith("gold span cut inside a word")


def test_fifty_fifty_tail_and_other():
    assert cause("the levy was fair", "the levy was fair, which surprised nobody").startswith(
        "known 50/50"
    )
    assert cause("the levy was fair", "the levy was fair on Monday").startswith("other")


def _gold(speaker: str, cue: str, content: str) -> dict:
    return {"speaker": speaker, "cue": cue, "content": content, "type": "indirect"}


def test_miss_shapes_out_by_convention():
    shape = errors_tool.miss_shape
    assert shape(_gold("", "asked", "whether the quay would reopen")).startswith("out: no speaker")
    assert shape(_gold("Ruiz", "talked about", "the harbour levy")).startswith("out: a topic")
    assert shape(_gold("Ruiz", "said", "so")).startswith("out: a pronoun")
    assert shape(_gold("Ruiz", "attacked", "the harbour board")).startswith("mostly out")


def test_miss_shapes_that_rules_can_find():
    shape = errors_tool.miss_shape
    assert shape(_gold("Ruiz", "is claiming", "the levy will pay for the quay")).startswith(
        "a cue with a form of be"
    )
    got = shape(_gold("Ruiz", "according to", "the quay will reopen in May"))
    assert got.startswith("the rest")
