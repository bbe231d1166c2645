"""``quotewire extract`` file handling (bad lines are reported, not fatal)."""

import json

from quotewire_extract.cli import extract_file


def test_extract_file_writes_gold_shape(tmp_path, extractor):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"doc_id": "a", "text": 'T\n\n"Go now," said Ilse Marten.\n'}) + "\n"
        + "{broken\n" + json.dumps({"text": "no id"}) + "\n"
    )
    out = tmp_path / "out.jsonl"
    n_docs, n_stmts, errors = extract_file(src, out)
    assert (n_docs, n_stmts) == (1, 1)
    assert len(errors) == 2 and "line 2" in errors[0]
    row = json.loads(out.read_text().splitlines()[0])
    assert row["doc_id"] == "a"
    s = row["statements"][0]
    assert s["speaker_canonical"] == "Ilse Marten" and s["speaker_type"] == "person"
    assert 0 <= s["confidence"] <= 1
