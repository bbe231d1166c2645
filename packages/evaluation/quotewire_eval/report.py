"""Rich tables for evaluation results."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .metrics import Scores, precision_at_confidence

#: Printed for a value over nothing (no gold statement of a type, no prediction that confident).
EMPTY = "—"

ROWS = [
    ("content exact F1", lambda s: s.exact.f1),
    ("content exact P / R", lambda s: f"{s.exact.p:.3f} / {s.exact.r:.3f}"),
    ("content lenient F1", lambda s: s.lenient.f1),
    ("content lenient P / R", lambda s: f"{s.lenient.p:.3f} / {s.lenient.r:.3f}"),
    ("e2e F1 (lenient + speaker)", lambda s: s.e2e.f1),
    ("e2e exact F1", lambda s: s.e2e_exact.f1),
    ("e2e canonical F1", lambda s: s.e2e_canonical.f1 if s.gold_canonical else EMPTY),
    (
        "e2e canonical P / R",
        lambda s: (
            f"{s.e2e_canonical.p:.3f} / {s.e2e_canonical.r:.3f}" if s.gold_canonical else EMPTY
        ),
    ),
    ("speaker acc (matched)", lambda s: s.acc(s.speaker_ok) if s.matched else EMPTY),
    ("speaker strict acc (matched)", lambda s: s.acc(s.speaker_strict_ok) if s.matched else EMPTY),
    (
        "canonical acc (matched)",
        lambda s: s.acc(s.canonical_ok) if s.matched and s.gold_canonical else EMPTY,
    ),
    ("cue acc (matched)", lambda s: s.acc(s.cue_ok) if s.matched else EMPTY),
    ("type acc (matched)", lambda s: s.acc(s.type_ok) if s.matched else EMPTY),
    ("recall direct", lambda s: s.type_recall("direct") if s.type_gold["direct"] else EMPTY),
    ("recall indirect", lambda s: s.type_recall("indirect") if s.type_gold["indirect"] else EMPTY),
    ("recall mixed", lambda s: s.type_recall("mixed") if s.type_gold["mixed"] else EMPTY),
    ("speech-act recall lenient / exact", lambda s: _subset(s, "speech_act")),
    ("headline recall lenient / exact", lambda s: _subset(s, "headline")),
    ("matched / gold / pred", lambda s: f"{s.matched} / {s.lenient.n_gold} / {s.lenient.n_pred}"),
]


def _subset(s: Scores, name: str) -> str:
    if not s.subset_gold[name]:
        return EMPTY
    return f"{s.subset_recall(name):.3f} / {s.subset_recall(name, exact=True):.3f} (of {s.subset_gold[name]})"


def _fmt(v) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def short_name(name: str) -> str:
    """A column header that fits 80 columns: ``quotewire`` / ``textacy baseline``; other
    names (a predictions file) as they are."""
    if name.startswith("quotewire-attribution"):
        return "quotewire"
    if name.startswith("textacy"):
        return "textacy baseline"
    return name


def comparison_table(title: str, systems: dict[str, Scores]) -> Table:
    """Metrics per system; short headers, the full system names in the caption."""
    table = Table(title=title)
    table.add_column("metric")
    renamed = []
    for name in systems:
        short = short_name(name)
        table.add_column(short, justify="right")
        if short != name:
            renamed.append(f"{short} = {name}")
    if renamed:
        table.caption = "; ".join(renamed)
    if not any(s.gold_canonical for s in systems.values()):
        table.caption = (
            (table.caption or "") + f"; {EMPTY} canonical: the gold names no canonical speakers"
        ).lstrip("; ")
    for label, fn in ROWS:
        table.add_row(label, *[_fmt(fn(s)) for s in systems.values()])
    return table


def confidence_table(
    scores: Scores, title: str = "precision at confidence (e2e canonical)"
) -> Table:
    """Per threshold: statements kept and their precision (``—`` when none is kept)."""
    rows = precision_at_confidence(scores)
    table = Table(title=title)
    table.add_column("confidence >=", justify="right")
    table.add_column("statements", justify="right")
    table.add_column("precision", justify="right")
    for t, n, p in rows:
        table.add_row(f"{t:.1f}", str(n), f"{p:.3f}" if n else EMPTY)
    if any(n == 0 for _, n, _ in rows):
        table.caption = f"{EMPTY} = no statement that confident"
    return table


def print_errors(console: Console, scores: Scores, limit: int) -> None:
    for err in scores.errors[:limit]:
        console.print(err)
