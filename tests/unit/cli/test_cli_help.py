"""``quotewire ... --help`` at 80 columns: no type tags, no brace placeholders, env hints."""

import pytest
from quotewire_cli.main import build_app, reflow
from typer.main import get_command
from typer.testing import CliRunner

ARTEFACTS = ("<bool>", "<str>", "<int", "<float", "<path>", "<file>", "<list[", "{gold}", "{paths}")


def command_paths(command, prefix=()):
    yield prefix
    for name, sub in (getattr(command, "commands", None) or {}).items():
        yield from command_paths(sub, (*prefix, name))


APP = build_app()
PATHS = list(command_paths(get_command(APP)))


def help_of(*path: str) -> str:
    result = CliRunner().invoke(APP, [*path, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_is_covered():
    names = {" ".join(p) for p in PATHS}
    for expected in ("ingest", "search", "extract", "eval", "dlq show", "dlq replay", "stack up"):
        assert expected in names


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "quotewire")
def test_help_has_no_type_tags(path):
    text = help_of(*path)
    for artefact in ARTEFACTS:
        assert artefact not in text, f"{artefact!r} in `quotewire {' '.join(path)} --help`"


def test_usage_names_arguments_plainly():
    assert "quotewire eval [OPTIONS] GOLD [PRED]" in help_of("eval")
    assert "quotewire ingest [OPTIONS] PATHS..." in help_of("ingest")


def test_env_hints_and_defaults_show():
    search = help_of("search")
    assert "QW_SEARCH_API" in search and "http://localhost:8001" in search
    assert "--es" in search and "URL" in search
    show = help_of("dlq", "show")
    assert "--bootstrap-servers" in show and "QW_BOOTSTRAP_SERVERS" in show
    ingest = help_of("ingest")
    assert "QW_INGEST_API" in ingest and "doc_id" in ingest and "--connect-timeout" in ingest
    assert "for comparison" in " ".join(help_of("eval").replace("│", " ").split())


def test_command_summaries_have_no_hard_breaks():
    text = help_of("dlq")
    replay_line = next(line for line in text.splitlines() if line.startswith("│ replay"))
    assert "Send dead letters back to their source topic" in replay_line


def test_stack_up_shows_the_port_options():
    text = help_of("stack", "up")
    assert "--kafka-port" in text and "9092" in text and "--es-port" in text and "9200" in text


def test_reflow_joins_lines_but_keeps_marked_blocks():
    text = "First line\n  goes on.\n\n\b\nkept:\n- one\n  two"
    assert reflow(text) == "First line goes on.\n\nkept:\n- one\n  two"


def test_help_uses_only_typer_s_public_api():
    """The help tidying builds on typer.Context and typer.core's classes, never on a
    private module (``typer.main._click``, ``typer._click``) an upgrade may move."""
    import re
    from pathlib import Path

    import quotewire_cli.main

    source = Path(quotewire_cli.main.__file__).read_text()
    assert not re.search(r"typer\.(main\.)?_click", source)
