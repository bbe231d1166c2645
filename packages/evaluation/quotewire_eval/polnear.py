"""PolNeAR (BRAT standoff) to gold documents, in memory, with the project's conventions.

PolNeAR: Newell, Margolin & Ruths, "An attribution relations corpus for political news",
LREC 2018 (github.com/networkdynamics/PolNeAR). Its texts carry no licence: this module
reads a local checkout and never writes the text anywhere; nothing converted from it is
committed. Develop on ``train`` only; ``dev`` and ``test`` are the blind evaluation's.

The conventions follow the project's reference converter (``shared/tools/polnear_to_jsonl.py``):

- A content of several fragments (BRAT ``;`` ranges, or a ``Content2`` argument) becomes
  one statement per fragment, fragments split only by punctuation joined: a broken quote
  ``"X," she said, "Y."`` is two statements (``split_fragments``).
- A leading complementiser ``that`` leaves indirect and mixed content (``trim_that``).
- Type from double quotation marks, scanned per paragraph: every word character of the
  content inside quotes -> direct, some -> mixed, none -> indirect.
- An article annotated by several annotators is read from the first annotator listed in
  ``metadata.tsv``.

Layout read: ``<root>/data/metadata.tsv`` (or ``<root>/metadata.tsv``) and
``<data>/<split>/text/<name>.txt`` + ``<data>/<split>/attributions/<name>_<annotator>.ann``.
The gold has no ``speaker_canonical`` (PolNeAR marks mentions only), so canonical
accuracy is not meaningful on it; speaker accuracy (mention overlap) is.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SPLITS = ("train", "dev", "test")
_OPEN_Q = frozenset("\u201c\u00ab\u201e")
_CLOSE_Q = frozenset("\u201d\u00bb")
_OPEN_CONTEXT = frozenset(" \t\n([{\u2014\u2013-/")
_WORD = re.compile(r"\w")
_THAT = re.compile(r"that\s+", re.IGNORECASE)
_ANN_LINE = re.compile(r"[TEAR#]\d*\t")


class PolnearError(ValueError):
    """The path is not a PolNeAR checkout, or the split is missing."""


@dataclass
class Conversion:
    docs: list[dict]
    stats: Counter


def data_dir(root: Path) -> Path:
    """The directory holding ``metadata.tsv``: ``root`` itself or ``root/data``."""
    for cand in (root, root / "data"):
        if (cand / "metadata.tsv").is_file():
            return cand
    raise PolnearError(f"{root}: no metadata.tsv here or in data/ (not a PolNeAR checkout)")


def is_checkout(path: Path) -> bool:
    try:
        data_dir(path)
    except PolnearError:
        return False
    return True


def quote_mask(text: str) -> list[bool]:
    """Per character: inside a double-quoted region (the marks count as inside); the
    state resets at every newline."""
    mask = [False] * len(text)
    inside = False
    n = len(text)
    for i, ch in enumerate(text):
        if ch == "\n":
            inside = False
        elif ch in _OPEN_Q:
            inside = mask[i] = True
        elif ch in _CLOSE_Q:
            mask[i] = True
            inside = False
        elif ch == '"':
            inside = _straight_quote_state(text, i, n, inside)
            mask[i] = True
        else:
            mask[i] = inside
    return mask


def _straight_quote_state(text: str, i: int, n: int, inside: bool) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < n else " "
    opens = prev in _OPEN_CONTEXT and not nxt.isspace()
    closes = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
    if opens != closes:
        return opens
    return not inside


def classify(text: str, mask: list[bool], frags: list[tuple[int, int]]) -> str:
    inside = outside = 0
    for s, e in frags:
        for m in _WORD.finditer(text, s, e):
            if mask[m.start()]:
                inside += 1
            else:
                outside += 1
    if inside and not outside:
        return "direct"
    return "mixed" if inside else "indirect"


def parse_ann(path: Path) -> tuple[dict[str, dict], list[list[tuple[str, str]]]]:
    """Text-bound entities (id -> type, fragments) and events (role, entity id) of a .ann file."""
    ents: dict[str, dict] = {}
    events: list[list[tuple[str, str]]] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not _ANN_LINE.match(line):
                continue  # blank, or the rest of a multi-line entity text
            if line.startswith("T"):
                tid, mid, _ = line.split("\t", 2)
                etype, ranges = mid.split(" ", 1)
                frags = [tuple(int(x) for x in r.split()) for r in ranges.split(";")]
                ents[tid] = {"type": etype, "frags": frags}
            elif line.startswith("E"):
                _, args = line.split("\t", 1)
                events.append([tuple(a.split(":", 1)) for a in args.split()])
    return ents, events


def _span_of(ents: list[dict]) -> tuple[int, int]:
    frags = sorted(f for ent in ents for f in ent["frags"])
    return frags[0][0], max(b for _, b in frags)


def _merged_fragments(text: str, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in frags:
        if merged and not _WORD.search(text[merged[-1][1] : a]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _trim_that(text: str, st: dict) -> dict:
    if st["type"] == "direct":
        return st
    a, b = st["content_span"]
    m = _THAT.match(text, a, b)
    if m and m.end() < b:
        st = dict(st, content=text[m.end() : b], content_span=[m.end(), b])
    return st


def _frame(text: str, roles: dict[str, list[dict]]) -> dict:
    st: dict = {}
    for role, key in (("Source", "speaker"), ("Cue", "cue")):
        if roles.get(role):
            s, e = _span_of(roles[role])
            st[key], st[key + "_span"] = text[s:e], [s, e]
        else:
            st[key], st[key + "_span"] = None, None
    return st


def convert_doc(
    text: str,
    ents: dict[str, dict],
    events: list,
    stats: Counter,
    *,
    split_fragments: bool = True,
    trim_that: bool = True,
) -> list[dict]:
    """Gold statements of one article (see the module docstring for the conventions)."""
    mask = quote_mask(text)
    out: list[dict] = []
    for args in events:
        roles: dict[str, list[dict]] = {}
        for role, ref in args:
            if ref in ents:
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(ents[ref])
        if "Content" not in roles:
            stats["skipped_event_no_content"] += 1
            continue
        frags = sorted(f for ent in roles["Content"] for f in ent["frags"])
        base = _frame(text, roles)
        pieces = (
            _merged_fragments(text, frags) if split_fragments else [(frags[0][0], frags[-1][1])]
        )
        for a, b in pieces:
            typ = classify(text, mask, [(a, b)] if split_fragments else frags)
            st = dict(base, content=text[a:b], content_span=[a, b], type=typ)
            out.append(_trim_that(text, st) if trim_that else st)
        stats["statements"] += 1
    out.sort(key=lambda x: tuple(x["content_span"]))
    return out


def _metadata(ddir: Path) -> list[dict]:
    with open(ddir / "metadata.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def iter_split(
    root: Path,
    split: str = "train",
    stats: Counter | None = None,
    *,
    split_fragments: bool = True,
    trim_that: bool = True,
) -> Iterator[dict]:
    """Gold documents ``{doc_id, text, statements, annotator}`` of one split, by file name."""
    if split not in SPLITS:
        raise PolnearError(f"split must be one of {SPLITS}, not {split!r}")
    ddir = data_dir(root)
    stats = Counter() if stats is None else stats
    rows = sorted(
        (r for r in _metadata(ddir) if r["compartment"] == split), key=lambda r: r["filename"]
    )
    if not rows or not (ddir / split / "text").is_dir():
        raise PolnearError(f"{ddir}: no {split!r} split here")
    for row in rows:
        name = row["filename"]
        anns = [
            (a, ddir / split / "attributions" / f"{name}_{a}.ann")
            for a in row["annotators"].split("|")
        ]
        anns = [(a, p) for a, p in anns if p.is_file()]
        if not anns:
            stats["missing_ann"] += 1
            continue
        annotator, path = anns[0]
        text = (ddir / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        ents, events = parse_ann(path)
        stats["docs"] += 1
        yield {
            "doc_id": name,
            "text": text,
            "annotator": annotator,
            "statements": convert_doc(
                text, ents, events, stats, split_fragments=split_fragments, trim_that=trim_that
            ),
        }


def load_split(root: Path, split: str = "train", **kw) -> Conversion:
    stats: Counter = Counter()
    docs = list(iter_split(root, split, stats, **kw))
    return Conversion(docs, stats)
