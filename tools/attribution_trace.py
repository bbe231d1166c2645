"""The stage at which each missed reported statement was lost, on a PolNeAR split.

    .venv/bin/python tools/attribution_trace.py /work/polnear --split train
    .venv/bin/python tools/attribution_trace.py /work/polnear --limit 60 --show "no content"

For each gold statement of speech or writing (indirect or mixed) that the extractor misses,
the article is parsed in full (every sentence, every component) and the gold's cue is traced
through the steps of ``core._reported_frame``: is the cue word in the lexicon, inside a quote,
tagged as a verb, negated, does it find a content clause (and if not, how the cue hangs in the
parse), a speaker, does the frame's content overlap the gold. A cue whose frame the full parse
finds but the fast path does not is lost to the fast path (or to the steps after the frames).
Prints the counts per stage, and with ``--show STAGE`` the sentences of one stage (PolNeAR text:
print it, never commit it).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from quotewire_attribution import Extractor
from quotewire_attribution.clauses import clause_content
from quotewire_attribution.core import find_frames
from quotewire_attribution.cueverbs import is_according, is_cue, negated
from quotewire_attribution.quotes import find_quotes
from quotewire_attribution.subjects import subject_of
from quotewire_eval.metrics import LENIENT_THRESHOLD, WORD, _greedy, jaccard, token_set
from quotewire_eval.polnear import iter_split
from quotewire_eval.speech_acts import load_speech_acts


def _missed(text: str, gold: list[dict], pred: list[dict]) -> list[int]:
    """Indices of the gold statements no prediction matches leniently (as the eval pairs them)."""
    words = [m.span() for m in WORD.finditer(text)]
    gsets = [token_set(words, g["content_span"]) for g in gold]
    psets = [token_set(words, p["content_span"]) for p in pred]
    cand = [
        (j, gi, pi)
        for gi in range(len(gold))
        for pi in range(len(pred))
        if (j := jaccard(gsets[gi], psets[pi])) >= LENIENT_THRESHOLD
    ]
    matched = {g for g, _ in _greedy(cand)}
    return [gi for gi in range(len(gold)) if gi not in matched]


def _cue_token(doc, span: tuple[int, int], lex):
    """The token of the gold's cue the rules would look at: a lexicon word, else its first verb."""
    toks = [t for t in doc if span[0] <= t.idx < span[1]]
    for t in toks:
        if lex.cue(t.lower_) is not None or is_according(t, lex):
            return t, True
    verbs = [t for t in toks if t.pos_ in ("VERB", "AUX")]
    return (verbs or toks or [None])[0], False


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _shape(tok) -> str:
    """How a cue with no content hangs in the parse: its relation and its clause children."""
    kids = sorted({c.dep_ for c in tok.children if c.dep_ not in ("punct", "aux", "cc", "neg")})
    return f"{tok.dep_} [{' '.join(kids)}]"


def stage(doc, g: dict, lex, frames, fast_pred: list[dict]) -> tuple[str, str]:
    """(stage, detail) at which gold statement ``g`` was lost."""
    cue_span = tuple(g["cue_span"])
    if any(p.get("cue_span") and _overlaps(tuple(p["cue_span"]), cue_span) for p in fast_pred):
        return "cue found, content does not match", ""
    tok, known = _cue_token(doc, cue_span, lex)
    if tok is None:
        return "cue not tokenised", ""
    if not known:
        return "cue word not in lexicon", tok.lower_
    text = doc.text
    if any(q.open_at < tok.idx < (q.close_at or q.end) for q in find_quotes(text)):
        return "cue inside a quote", tok.lower_
    if is_according(tok, lex):
        return "according to: no frame", _shape(tok)
    spec = is_cue(tok, lex)
    if spec is None:
        return "cue not read as a verb (tag/particle)", f"{tok.lower_}/{tok.tag_}"
    if spec.direct_only and not spec.complements:
        return "direct-only cue", tok.lower_
    if negated(tok, lex):
        return "negated or modal", tok.lower_
    if clause_content(tok, spec, lex) is None:
        return "no content clause", f"{tok.lower_}: {_shape(tok)}"
    subj = subject_of(tok, lex)
    if subj is None:
        return "no speaker", f"{tok.lower_}: {tok.dep_} <- {tok.head.dep_}"
    mine = [f for f in frames if _overlaps((f.cue_start, f.cue_end), cue_span)]
    if not mine:
        return "frame dropped (direct overlap, speaker in content, nested)", ""
    gs = set(range(*g["content_span"]))
    best = max(len(gs & set(range(f.content_start, f.content_end))) for f in mine)
    if best == 0:
        return "full-parse frame, other content", ""
    return "found by the full parse, lost on the fast path or later", ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("polnear", type=Path, help="PolNeAR checkout (or its data directory)")
    ap.add_argument("--split", default="train", choices=("train",))
    ap.add_argument("--limit", type=int, default=0, help="articles to read (0: all)")
    ap.add_argument("--show", help="print the cases of the stages starting with this text")
    ap.add_argument("--detail", type=int, default=25, help="rows of the per-stage details")
    args = ap.parse_args()
    acts = load_speech_acts()
    ex = Extractor(fast=True).load()
    lex = ex.lexicon
    stages: Counter = Counter()
    details: Counter = Counter()
    for n, gdoc in enumerate(iter_split(args.polnear, args.split)):
        if args.limit and n >= args.limit:
            break
        text, gold = gdoc["text"], gdoc["statements"]
        pred = [s.as_dict() if hasattr(s, "as_dict") else s for s in ex.extract(text)]
        targets = [
            gold[gi]
            for gi in _missed(text, gold, pred)
            if gold[gi]["type"] in ("indirect", "mixed") and acts.is_speech_act(gold[gi]["cue"])
        ]
        if not targets:
            continue
        doc = ex.nlp(text)
        frames = find_frames(doc, lex)
        for g in targets:
            st, det = stage(doc, g, lex, frames, pred)
            stages[st] += 1
            details[(st, det)] += 1
            if args.show is not None and st.startswith(args.show):
                sent = doc.char_span(*g["cue_span"], alignment_mode="expand")
                where = sent.sent.text if sent is not None else ""
                print(f"--- {st} [{det}] cue={g['cue']!r}\n  {where}\n  GOLD: {g['content']}")
    total = sum(stages.values())
    print(f"missed indirect/mixed speech acts: {total}")
    for st, k in stages.most_common():
        print(f"  {k:6d}  {st}")
        rows = [(det, m) for (s2, det), m in details.most_common() if s2 == st and det]
        for det, m in rows[: args.detail]:
            print(f"  {'':6s}    {m:5d}  {det}")


if __name__ == "__main__":
    main()
