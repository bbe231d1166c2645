"""Command behaviour that needs no server: usage errors before any work, fast and clear
failures when nothing listens, report formatting."""

import socket
import time

import pytest
from quotewire_cli.main import build_app
from quotewire_common.dlq import dlq_headers
from quotewire_common.replay import DeadLetter
from quotewire_eval.metrics import Scores
from quotewire_eval.report import EMPTY, comparison_table, confidence_table
from quotewire_index.dlq_cli import letters_blocks, letters_table
from rich.console import Console
from typer.testing import CliRunner

APP = build_app()


def run(*args: str, columns: int = 200, env: dict | None = None):
    return CliRunner().invoke(APP, list(args), env={"COLUMNS": str(columns), **(env or {})})


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def test_dlq_show_refuses_a_topic_that_is_no_dlq():
    result = run("dlq", "show", "articles", "--bootstrap-servers", f"127.0.0.1:{closed_port()}")
    assert result.exit_code == 2
    assert "not a dead-letter topic" in flat(result.output) and "--force" in result.output


def test_dlq_show_without_broker_fails_fast_and_says_what_to_do():
    started = time.monotonic()
    result = run(
        "dlq", "show", "articles.dlq",
        "--bootstrap", f"127.0.0.1:{closed_port()}",  # the old option name still works
        "--connect-timeout", "1",
    )  # fmt: skip
    assert result.exit_code == 1
    text = flat(result.output)
    assert "no Kafka broker at 127.0.0.1:" in text and "quotewire stack status" in text
    assert "--bootstrap-servers" in text
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    "args",
    [
        ("feeds", "list"),
        ("feeds", "add", "https://news.example/feed.xml"),
        ("feeds", "remove", "https://news.example/feed.xml"),
        ("lag", "--interval", "0"),
    ],
    ids=" ".join,
)
def test_kafka_commands_without_broker_fail_fast_and_say_what_to_do(args):
    started = time.monotonic()
    result = run(*args, "--bootstrap-servers", f"127.0.0.1:{closed_port()}")
    assert result.exit_code == 1, result.output
    text = flat(result.output)
    assert "no Kafka broker at 127.0.0.1:" in text and "quotewire stack status" in text
    assert time.monotonic() - started < 10  # kafka-python alone waits 30 s


def letter(reason: str) -> DeadLetter:
    headers = dlq_headers(
        reason=reason,
        error_class="InvalidJson",
        service="extract",
        source_topic="articles",
        source_partition=2,
        source_offset=41,
    )
    return DeadLetter("articles.dlq", 1, 7, b"key-1", b"{", headers)


def render(renderable, width: int) -> str:
    console = Console(width=width, record=True)
    console.print(renderable)
    return console.export_text()


def test_dlq_show_layouts():
    d = letter("not JSON: Expecting value")
    wide = render(letters_table([d], 1, "articles.dlq"), 200)
    assert "partition:offset" in wide and "1:7" in wide and "articles/2/41" in wide
    narrow = render(letters_blocks([d], 1, "articles.dlq"), 80)
    assert "partition:offset 1:7" in narrow and "not JSON: Expecting value" in narrow
    assert "InvalidJson" in narrow and "articles/2/41" in narrow


def test_search_limit_is_capped_at_the_api_maximum():
    result = run("search", "x", "--limit", "500", "--api", f"http://127.0.0.1:{closed_port()}")
    assert result.exit_code == 2 and "--limit" in result.output


def test_search_without_api_names_the_url_and_a_hint():
    url = f"http://127.0.0.1:{closed_port()}"
    result = run("search", "x", "--api", url)
    assert result.exit_code == 1
    text = flat(result.output)
    assert url in text and "quotewire stack status" in text


def test_search_es_errors_are_one_clear_line():
    url = f"http://127.0.0.1:{closed_port()}"
    result = run("search", "x", "--es", url, env={"QW_ES_REQUEST_TIMEOUT_S": "1"})
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert url in flat(result.output)


def test_ingest_missing_file_is_a_usage_error(tmp_path):
    missing = tmp_path / "does-not-exist.jsonl"
    result = run("ingest", str(missing), "--api", f"http://127.0.0.1:{closed_port()}")
    assert result.exit_code == 2
    assert "no such file or directory" in flat(result.output)


def test_ingest_direct_without_broker_fails_fast(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nBody.\n")
    started = time.monotonic()
    result = run(
        "ingest", str(tmp_path), "--direct",
        "--bootstrap-servers", f"127.0.0.1:{closed_port()}", "--connect-timeout", "1",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "no Kafka broker at" in flat(result.output)
    assert time.monotonic() - started < 10


def test_eval_empty_confidence_bucket_prints_a_dash():
    scores = Scores(confidence_pairs=[(0.5, True), (0.65, False)])
    text = render(confidence_table(scores), 80)
    rows = {line.split("│")[1].strip(): line for line in text.splitlines() if line.count("│") >= 4}
    assert "0.500" in rows["0.0"] and EMPTY in rows["0.9"] and "0.000" not in rows["0.9"]
    assert "0.000" in rows["0.6"]  # a bucket with predictions keeps its number, even 0


def test_eval_headers_are_short_and_the_caption_has_the_full_names():
    systems = {"quotewire-attribution/0.2": Scores(), "textacy-0.13 direct_quotations": Scores()}
    text = render(comparison_table("gold.jsonl: 0 docs", systems), 80)
    header = next(line for line in text.splitlines() if "metric" in line)
    assert "quotewire" in header and "textacy baseline" in header and "…" not in header
    assert "quotewire-attribution/0.2" in flat(text)
    assert EMPTY in text  # recall of a type without gold statements


def test_version_lists_the_installed_quotewire_packages():
    from importlib.metadata import version

    from quotewire_cli.main import installed_versions

    result = run("--version")
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.strip().splitlines()]
    assert lines[0] == ["quotewire-cli", version("quotewire-cli")]
    names = [name for name, _ in lines]
    assert {"quotewire-ingest", "quotewire-index", "quotewire-common"} <= set(names)
    assert names[1:] == sorted(names[1:]) and all(n.startswith("quotewire-") for n in names)
    assert [tuple(line) for line in lines] == installed_versions()
    assert "--version" in run("--help").output


def test_ingest_help_documents_json_files_and_the_date_line():
    text = flat(run("ingest", "--help", columns=100).output)
    assert ".json: one article object, or a JSON array of them" in text
    assert "`date YYYY-MM-DD` line" in text and "`published`" in text
    assert "--retries" in text and "503" in text


def test_dlq_replay_help_documents_include_truncated():
    text = flat(run("dlq", "replay", "--help", columns=100).output)
    assert "--include-truncated" in text and "qw-dlq-truncated" in text


def test_search_table_has_source_and_url_and_says_what_speaker_meant():
    from quotewire_index.cli import api_params, describe_match, render
    from quotewire_index.models import SpeakerLink, SpeakerMatch, StatementHit, StatementsPage
    from quotewire_index.query import StatementSearch

    hit = StatementHit(
        statement_id="s",
        article_id="a",
        article_version="v",
        speaker_canonical="Putin",
        type="direct",
        content="words",
        source="Wire A",
        url="https://wirea.example/x",
    )
    table = render(StatementsPage(total=1, page=1, size=20, hits=[hit], speakers=[]))
    assert [c.header for c in table.columns][4:6] == ["source", "url"]
    out = Console(width=200, record=True)
    out.print(table)
    assert "https://wirea.example/x" in out.export_text()
    link = SpeakerLink(
        speaker_id="donald-trump", name="Donald Trump", statements=3, confidence=0.5, via="surname"
    )
    said = describe_match(
        SpeakerMatch(
            query="Trump",
            speaker_id="trump",
            name="Trump",
            links=[],
            ambiguous=True,
            candidates=[link],
        )
    )
    assert "ambiguous" in said and "Donald Trump (3)" in said
    assert api_params(StatementSearch(speaker="X", collapse=False), paged=False) == {
        "speaker": "X",
        "collapse": "false",
    }


def test_search_format_and_speakers_show_are_documented():
    assert "csv" in run("search", "--help").output
    result = run("speakers", "show", "--help")
    assert result.exit_code == 0 and "alias" in result.output
