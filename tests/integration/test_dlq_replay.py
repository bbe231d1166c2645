"""``quotewire dlq show|replay`` against the session broker: dead letters (as the workers
write them: original bytes + ``dlq_headers``) go back to their source topic once, with
the original key, value and headers and without the ``qw-dlq-*`` headers."""

import pytest
from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata
from quotewire_cli.main import build_app
from quotewire_common.dlq import dlq_headers
from typer.testing import CliRunner

pytestmark = pytest.mark.integration

DLQ = "articles.dlq"


@pytest.fixture
def group(kafka_settings, unique_id):
    """A replay group committed at the current end of articles.dlq: it sees only the
    letters this test writes (the broker is shared by the session)."""
    name = "qw-dlq-replay-" + unique_id
    consumer = KafkaConsumer(
        bootstrap_servers=kafka_settings.bootstrap_list, group_id=name, enable_auto_commit=False
    )
    tps = [TopicPartition(DLQ, p) for p in consumer.partitions_for_topic(DLQ)]
    consumer.assign(tps)
    consumer.seek_to_end(*tps)
    consumer.commit({tp: OffsetAndMetadata(consumer.position(tp), "", -1) for tp in tps})
    yield name, consumer
    consumer.close(autocommit=False)


@pytest.fixture
def cli(kafka_settings):
    app = build_app()

    def run(*args: str):
        result = CliRunner().invoke(
            app, [*args, "--bootstrap", kafka_settings.bootstrap_servers], env={"COLUMNS": "250"}
        )
        return result

    return run


def dead_letter(
    producer,
    key: bytes,
    value: bytes,
    source_topic: str | None = "articles",
    truncated_from: int | None = None,
):
    headers = dlq_headers(
        reason="not JSON: poison for the replay test",
        error_class="InvalidJson",
        service="extract",
        source_topic=source_topic or "",
        source_partition=2,
        source_offset=41,
        original_headers=[("trace-id", b"abc-123")],
    )
    if source_topic is None:
        headers = [(k, v) for k, v in headers if k != "qw-dlq-source-topic"]
    if truncated_from is not None:  # as fit_dead_letter marks a value it cut
        headers = [*headers, ("qw-dlq-truncated", str(truncated_from).encode())]
    return producer.send(DLQ, key=key, value=value, headers=headers).get(timeout=30)


def committed(consumer, meta) -> int | None:
    return consumer.committed(TopicPartition(DLQ, meta.partition))


def test_show_dry_run_replay_and_no_second_send(producer, read_topic, group, cli, unique_id):
    name, offsets = group
    key, value = unique_id.encode(), b'{"title": "poison ' + unique_id.encode() + b'"'
    meta = dead_letter(producer, key, value)

    shown = cli("dlq", "show", DLQ, "--group", name)
    assert shown.exit_code == 0, shown.output
    assert unique_id in shown.output and "InvalidJson" in shown.output
    assert "articles/2/41" in shown.output and "1 dead letter" in shown.output

    dry = cli("dlq", "replay", DLQ, "--group", name, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "would replay 1 of 1" in dry.output and "1 → articles" in dry.output
    assert committed(offsets, meta) == meta.offset  # nothing committed
    assert read_topic("articles", lambda r: r.key == key, timeout_s=1) == []

    real = cli("dlq", "replay", DLQ, "--group", name)
    assert real.exit_code == 0, real.output
    assert "replayed 1 of 1" in real.output
    assert committed(offsets, meta) == meta.offset + 1
    (replayed,) = read_topic("articles", lambda r: r.key == key, timeout_s=20)
    assert replayed.value == value  # the original bytes
    assert list(replayed.headers) == [("trace-id", b"abc-123")]  # no qw-dlq-* headers

    again = cli("dlq", "replay", DLQ, "--group", name)
    assert again.exit_code == 0, again.output
    assert "replayed 0 of 0" in again.output
    assert len(read_topic("articles", lambda r: r.key == key, count=2, timeout_s=2)) == 1
    assert cli("dlq", "show", DLQ, "--group", name).output.count(unique_id) == 0


def test_unroutable_letter_stops_after_the_acknowledged_ones(
    producer, read_topic, group, cli, unique_id
):
    name, offsets = group
    key = unique_id.encode()  # same key: same partition, in this order
    first = dead_letter(producer, key, b"first " + key)
    second = dead_letter(producer, key, b"second " + key, source_topic=None)
    assert first.partition == second.partition

    stopped = cli("dlq", "replay", DLQ, "--group", name)
    assert stopped.exit_code == 1
    assert "replayed 1 of 2" in stopped.output and "--to" in stopped.output
    assert committed(offsets, second) == second.offset  # past the first, not the second

    routed = cli("dlq", "replay", DLQ, "--group", name, "--to", "articles", "--limit", "5")
    assert routed.exit_code == 0, routed.output
    assert "replayed 1 of 1" in routed.output
    values = [r.value for r in read_topic("articles", lambda r: r.key == key, count=2)]
    assert values == [b"first " + key, b"second " + key]

    refused = cli("dlq", "replay", DLQ, "--group", name, "--to", DLQ)
    assert refused.exit_code == 1 and "dead-letter topic" in refused.output


def test_truncated_letters_are_skipped_unless_included(producer, read_topic, group, cli, unique_id):
    name, offsets = group
    key = unique_id.encode()  # same key: same partition, in this order
    dead_letter(producer, key, b'{"title": "cut', truncated_from=2_000_000)
    whole = dead_letter(producer, key, b"whole " + key)

    shown = cli("dlq", "show", DLQ, "--group", name)
    assert shown.exit_code == 0, shown.output
    assert (
        " ".join(shown.output.replace("│", " ").split()).count(
            "TRUNCATED (value cut from 2000000 bytes; replay skips it)"
        )
        == 1
    )

    included = cli("dlq", "replay", DLQ, "--group", name, "--dry-run", "--include-truncated")
    assert included.exit_code == 0 and "would replay 2 of 2" in included.output, included.output

    dry = cli("dlq", "replay", DLQ, "--group", name, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "would replay 1 of 2" in dry.output and "would skip 1 truncated" in dry.output

    real = cli("dlq", "replay", DLQ, "--group", name)
    assert real.exit_code == 0, real.output
    assert "replayed 1 of 2" in real.output and "skipped 1 truncated" in real.output
    assert "--include-truncated" in real.output and "0 left" in real.output
    assert committed(offsets, whole) == whole.offset + 1  # past both
    values = [r.value for r in read_topic("articles", lambda r: r.key == key, count=2, timeout_s=5)]
    assert values == [b"whole " + key]


def test_include_truncated_sends_them(producer, read_topic, group, cli, unique_id):
    name, _offsets = group
    key = unique_id.encode()
    dead_letter(producer, key, b"cut " + key, truncated_from=2_000_000)
    sent = cli("dlq", "replay", DLQ, "--group", name, "--include-truncated")
    assert sent.exit_code == 0, sent.output
    assert "replayed 1 of 1" in sent.output and "truncated" not in sent.output
    (replayed,) = read_topic("articles", lambda r: r.key == key, timeout_s=20)
    assert replayed.value == b"cut " + key
