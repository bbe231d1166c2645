"""Scoring of predicted statements against gold (see data/attribution/README.md "Metrics").

Content matching works on ``\\w+`` word tokens of the gold text. Lenient pairs are made
greedily one-to-one by best token Jaccard (>= 0.5); exact pairs need equal spans after
trimming whitespace, punctuation and quote marks. Speaker checks run on lenient pairs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

WORD = re.compile(r"\w+")
TRIM = set(
    " \t\n\r.,;:!?\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u2039\u203a\u201e()[]-\u2013\u2014\u2026"
)
_ARTICLES = {"the", "a", "an"}
LENIENT_THRESHOLD = 0.5


def trim_span(text: str, span) -> tuple[int, int]:
    s, e = int(span[0]), int(span[1])
    while s < e and text[s] in TRIM:
        s += 1
    while e > s and text[e - 1] in TRIM:
        e -= 1
    return s, e


def token_set(words: list[tuple[int, int]], span) -> frozenset[int]:
    s, e = span
    return frozenset(i for i, (ws, we) in enumerate(words) if ws < e and we > s)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def norm(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).lower()
    words = re.findall(r"\w+", text)
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def suffix_match(a: str, b: str) -> bool:
    """Equal, or one is a whole-word suffix of the other ("peskov" / "dmitry peskov")."""
    if not a or not b:
        return False
    if a == b:
        return True
    return a.endswith(" " + b) or b.endswith(" " + a)


def _overlaps(a, b) -> bool:
    return bool(a) and bool(b) and a[0] < b[1] and b[0] < a[1]


def speaker_lenient(pred: dict, gold: dict) -> bool:
    gs, ps = gold.get("speaker_span"), pred.get("speaker_span")
    if gs and ps and _overlaps(gs, ps):
        return True
    golds = [norm(gold.get("speaker_canonical")), norm(gold.get("speaker"))]
    preds = [norm(pred.get("speaker_canonical")), norm(pred.get("speaker"))]
    return any(suffix_match(p, g) for p in preds if p for g in golds if g)


def speaker_strict(pred: dict, gold: dict, text: str) -> bool:
    gs, ps = gold.get("speaker_span"), pred.get("speaker_span")
    return bool(gs and ps) and trim_span(text, gs) == trim_span(text, ps)


def canonical_right(pred: dict, gold: dict) -> bool:
    g, p = norm(gold.get("speaker_canonical")), norm(pred.get("speaker_canonical"))
    if suffix_match(p, g):
        return True
    if gold.get("speaker_type") == "unknown":
        return _overlaps(gold.get("speaker_span"), pred.get("speaker_span")) and (
            norm(pred.get("speaker")) == norm(pred.get("speaker_canonical"))
        )
    return False


def cue_right(pred: dict, gold: dict) -> bool:
    g, p = norm(gold.get("cue")), norm(pred.get("cue"))
    return bool(g and p and (g == p or g.split()[0] == p.split()[0]))


@dataclass
class PRF:
    tp_pred: int = 0
    tp_gold: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def p(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def r(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def add(self, other: PRF) -> None:
        self.tp_pred += other.tp_pred
        self.tp_gold += other.tp_gold
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold


@dataclass
class Scores:
    docs: int = 0
    exact: PRF = field(default_factory=PRF)
    lenient: PRF = field(default_factory=PRF)
    e2e: PRF = field(default_factory=PRF)
    e2e_exact: PRF = field(default_factory=PRF)
    e2e_canonical: PRF = field(default_factory=PRF)
    matched: int = 0
    speaker_ok: int = 0
    speaker_strict_ok: int = 0
    canonical_ok: int = 0
    cue_ok: int = 0
    type_ok: int = 0
    type_gold: Counter = field(default_factory=Counter)
    type_gold_matched: Counter = field(default_factory=Counter)
    type_pred: Counter = field(default_factory=Counter)
    type_pred_right: Counter = field(default_factory=Counter)
    # gold statements by subset ("speech_act", "headline"; see ``gold_subsets``) and those matched
    gold_canonical: int = 0  # gold statements with a canonical speaker (PolNeAR has none)
    subset_gold: Counter = field(default_factory=Counter)
    subset_lenient: Counter = field(default_factory=Counter)
    subset_exact: Counter = field(default_factory=Counter)
    confidence_pairs: list[tuple[float, bool]] = field(
        default_factory=list
    )  # (conf, e2e-canonical correct)
    errors: list[dict] = field(default_factory=list)

    def acc(self, n: int) -> float:
        return n / self.matched if self.matched else 0.0

    def type_recall(self, t: str) -> float:
        return self.type_gold_matched[t] / self.type_gold[t] if self.type_gold[t] else 0.0

    def subset_recall(self, name: str, exact: bool = False) -> float:
        hits = self.subset_exact if exact else self.subset_lenient
        return hits[name] / self.subset_gold[name] if self.subset_gold[name] else 0.0

    def type_prf(self, t: str) -> PRF:
        return PRF(
            self.type_pred_right[t], self.type_gold_matched[t], self.type_pred[t], self.type_gold[t]
        )

    def as_dict(self) -> dict:
        out = {"docs": self.docs}
        for name in ("exact", "lenient", "e2e", "e2e_exact", "e2e_canonical"):
            m = getattr(self, name)
            out[name] = {"p": round(m.p, 4), "r": round(m.r, 4), "f1": round(m.f1, 4)}
        out["matched"] = self.matched
        out["speaker_acc"] = round(self.acc(self.speaker_ok), 4)
        out["speaker_strict_acc"] = round(self.acc(self.speaker_strict_ok), 4)
        out["canonical_acc"] = round(self.acc(self.canonical_ok), 4)
        out["cue_acc"] = round(self.acc(self.cue_ok), 4)
        out["type_acc"] = round(self.acc(self.type_ok), 4)
        out["type_recall"] = {
            t: round(self.type_recall(t), 4) for t in ("direct", "indirect", "mixed")
        }
        out["subsets"] = {
            name: {
                "gold": n,
                "recall": round(self.subset_recall(name), 4),
                "recall_exact": round(self.subset_recall(name, exact=True), 4),
            }
            for name, n in sorted(self.subset_gold.items())
        }
        return out


def headline_end(text: str) -> int:
    """End of the first line that holds a word: the headline (title) of an article text."""
    m = re.search(r"\w", text)
    if m is None:
        return 0
    nl = text.find("\n", m.start())
    return len(text) if nl < 0 else nl


def gold_subsets(text: str, g: dict, title_end: int | None = None) -> list[str]:
    """The subsets a gold statement belongs to: "speech_act" (its cue is an act of speaking
    or writing, see ``speech_acts.toml``) and "headline" (its content is in the title)."""
    from .speech_acts import load_speech_acts

    out = []
    if load_speech_acts().is_speech_act(g.get("cue")):
        out.append("speech_act")
    end = headline_end(text) if title_end is None else title_end
    if int(g["content_span"][0]) < end:
        out.append("headline")
    return out


def _greedy(pairs: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def score_document(
    text: str, gold: list[dict], pred: list[dict], scores: Scores, doc_id: str = ""
) -> None:
    words = [m.span() for m in WORD.finditer(text)]
    gsets = [token_set(words, g["content_span"]) for g in gold]
    psets = [token_set(words, p["content_span"]) for p in pred]
    gtrim = [trim_span(text, g["content_span"]) for g in gold]
    ptrim = [trim_span(text, p["content_span"]) for p in pred]
    n_g, n_p = len(gold), len(pred)
    scores.docs += 1

    exact_pairs = _greedy(
        [(1.0, gi, pi) for gi in range(n_g) for pi in range(n_p) if gtrim[gi] == ptrim[pi]]
    )
    cand = []
    for gi in range(n_g):
        for pi in range(n_p):
            j = jaccard(gsets[gi], psets[pi])
            if j >= LENIENT_THRESHOLD:
                cand.append((j, gi, pi))
    len_pairs = _greedy(cand)

    def prf(pairs) -> PRF:
        return PRF(len(pairs), len(pairs), n_p, n_g)

    scores.exact.add(prf(exact_pairs))
    scores.lenient.add(prf(len_pairs))
    spk = [(g, p) for g, p in len_pairs if speaker_lenient(pred[p], gold[g])]
    scores.e2e.add(prf(spk))
    scores.e2e_exact.add(prf([(g, p) for g, p in exact_pairs if speaker_lenient(pred[p], gold[g])]))
    can = [(g, p) for g, p in len_pairs if canonical_right(pred[p], gold[g])]
    scores.e2e_canonical.add(prf(can))
    can_set = {p for _, p in can}
    for p in range(n_p):
        scores.confidence_pairs.append((float(pred[p].get("confidence", 1.0) or 0.0), p in can_set))
    for g in gold:
        scores.type_gold[g["type"]] += 1
        scores.gold_canonical += bool(g.get("speaker_canonical"))
    title_end = headline_end(text)
    exact_g = {g for g, _ in exact_pairs}
    lenient_g = {g for g, _ in len_pairs}
    for gi, g in enumerate(gold):
        for name in gold_subsets(text, g, title_end):
            scores.subset_gold[name] += 1
            scores.subset_lenient[name] += gi in lenient_g
            scores.subset_exact[name] += gi in exact_g
    for p in pred:
        scores.type_pred[p.get("type", "direct")] += 1
    matched_p = set()
    for gi, pi in len_pairs:
        g, p = gold[gi], pred[pi]
        matched_p.add(pi)
        scores.matched += 1
        scores.speaker_ok += speaker_lenient(p, g)
        scores.speaker_strict_ok += speaker_strict(p, g, text)
        scores.canonical_ok += canonical_right(p, g)
        scores.cue_ok += cue_right(p, g)
        scores.type_ok += p.get("type") == g["type"]
        scores.type_gold_matched[g["type"]] += 1
        if p.get("type") == g["type"]:
            scores.type_pred_right[p["type"]] += 1
        if not canonical_right(p, g):
            scores.errors.append(
                {"doc_id": doc_id, "kind": "speaker", "gold": _brief(g), "pred": _brief(p)}
            )
    matched_g = {g for g, _ in len_pairs}
    for gi, g in enumerate(gold):
        if gi not in matched_g:
            scores.errors.append({"doc_id": doc_id, "kind": "missed", "gold": _brief(g)})
    for pi, p in enumerate(pred):
        if pi not in matched_p:
            scores.errors.append({"doc_id": doc_id, "kind": "spurious", "pred": _brief(p)})


def _brief(s: dict) -> dict:
    return {
        k: s.get(k)
        for k in ("speaker", "speaker_canonical", "cue", "type", "content", "confidence")
        if k in s
    }


def score_corpus(gold_docs: Iterable[dict], pred_by_id: dict[str, list[dict]]) -> Scores:
    scores = Scores()
    for doc in gold_docs:
        score_document(
            doc["text"],
            doc.get("statements", []),
            pred_by_id.get(doc["doc_id"], []),
            scores,
            doc["doc_id"],
        )
    return scores


def precision_at_confidence(
    scores: Scores, thresholds=(0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9)
) -> list[tuple[float, int, float]]:
    """(threshold, predictions kept, e2e-canonical precision of those kept)."""
    rows = []
    for t in thresholds:
        kept = [ok for c, ok in scores.confidence_pairs if c >= t]
        rows.append((t, len(kept), sum(kept) / len(kept) if kept else 0.0))
    return rows
