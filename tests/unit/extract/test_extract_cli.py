"""``quotewire extract`` file handling (bad lines are reported, not fatal)."""

import json
from pathlib import Path

from quotewire_extract.cli import extract_file


def test_extract_file_writes_gold_shape(tmp_path, extractor):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"doc_id": "a", "text": 'T\n\n"Go now," said Ilse Marten.\n'})
        + "\n"
        + "{broken\n"
        + json.dumps({"text": "no id"})
        + "\n"
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


def test_out_path_is_checked_before_the_model_loads(tmp_path):
    from quotewire_extract.cli import check_out_path

    src = tmp_path / "in.jsonl"
    src.write_text("{}\n")
    assert check_out_path(tmp_path / "out.jsonl", src) is None
    assert "does not exist" in check_out_path(Path("/nonexistent/dir/x.jsonl"), src)
    assert "directory" in check_out_path(tmp_path, src)
    assert "input file" in check_out_path(src, src)


def test_extract_command_usage_error_and_exit_1_on_skipped_lines(tmp_path, extractor):
    import typer
    from quotewire_extract.cli import register
    from typer.testing import CliRunner

    app = typer.Typer()
    app.callback()(lambda: None)
    register(app)
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"doc_id": "a", "text": "T\n\nBody."}) + "\n\nnot json\n")
    bad = CliRunner().invoke(app, ["extract", "--in", str(src), "--out", "/nonexistent/d/x.jsonl"])
    assert bad.exit_code == 2 and "does not exist" in bad.output
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app, ["extract", "--in", str(src), "--out", str(out)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 1
    assert "line 3: not JSON" in result.output  # 1-based, blank line 2 counted
    assert "skipped" in result.output and out.read_text().count("\n") == 1
