"""JSONL reading with line-numbered errors."""

from __future__ import annotations

import json
from pathlib import Path


class InputError(ValueError):
    pass


def read_jsonl(path: Path, require: tuple[str, ...] = ("doc_id",)) -> list[dict]:
    docs = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: not JSON ({exc.msg})") from exc
            if not isinstance(obj, dict):
                raise InputError(f"{path}:{n}: expected a JSON object")
            missing = [k for k in require if k not in obj]
            if missing:
                raise InputError(f"{path}:{n}: missing field(s) {', '.join(missing)}")
            docs.append(obj)
    return docs
