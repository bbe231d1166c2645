"""Confidence of a statement from how it was found (0..1, monotone in evidence)."""

from __future__ import annotations

FRAME_BASE = {
    "direct_after": 0.93,
    "direct_before": 0.9,
    "direct_inherited": 0.85,
    "direct_inherited_para": 0.45,
    "ccomp": 0.82,
    "according": 0.8,
    "colon": 0.75,
    "object": 0.7,
    "parataxis": 0.7,
}

RESOLUTION_FACTOR = {
    "name": 1.0,
    "surname": 1.0,
    "org": 0.97,
    "anonymous": 0.95,
    "pronoun": 0.9,
    "pronoun_ambiguous": 0.72,
    "pronoun_far": 0.6,
    "group": 0.85,
    "descriptor": 0.8,
    "descriptor_weak": 0.62,
    "unresolved": 0.35,
}


def score(
    frame_how: str,
    resolution_how: str,
    *,
    unbalanced: bool = False,
    shallow_speaker: bool = False,
    headline: bool = False,
) -> float:
    s = FRAME_BASE.get(frame_how, 0.6) * RESOLUTION_FACTOR.get(resolution_how, 0.5)
    if unbalanced:
        s *= 0.6
    if shallow_speaker:
        s *= 0.85
    if headline:
        s *= 0.9
    return round(max(0.01, min(1.0, s)), 3)
