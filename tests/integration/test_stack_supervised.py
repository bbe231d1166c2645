"""`quotewire stack up` as an operator runs it: a supervised, durable stack in the
background.

The real commands in their own processes, on free ports, with a data directory: a
record the broker acknowledged is still there after a kill -9 of the broker, which the
supervisor restarts by itself (and `stack status` says how often and why); `stack
restart` restarts on request; `stack down` stops everything it started and keeps the
data."""

import os
import signal
import subprocess
import time

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from quotewire_devstack.servers import free_port
from quotewire_devstack.services import script
from quotewire_devstack.state import StackState

pytestmark = pytest.mark.integration


def qw(*args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run(
        [script("quotewire"), "stack", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )


def read_values(bootstrap: str, topic: str) -> list[bytes]:
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, consumer_timeout_ms=3000
    )
    try:
        tps = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        return [r.value for r in consumer]
    finally:
        consumer.close()


def wait_for(predicate, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError("condition not reached in time")


def test_supervised_stack_restarts_a_killed_service_and_reports_it(tmp_path):
    state_dir = tmp_path / "qw"
    sd = ["--state-dir", str(state_dir)]
    ports = [
        "--kafka-port",
        str(free_port()),
        "--es-port",
        str(free_port()),
        "--ingest-port",
        str(free_port()),
        "--search-port",
        str(free_port()),
    ]
    up = qw("up", "--data-dir", str(tmp_path / "data"), *sd, *ports)
    assert up.returncode == 0, up.stdout + up.stderr
    try:
        state = StackState.load(state_dir)
        assert state is not None and state.supervisor_alive() and state.durable
        producer = KafkaProducer(bootstrap_servers=state.kafka, acks="all")
        producer.send("articles.dlq", key=b"probe", value=b"kept").get(30)
        producer.close()
        killed = state.pids["kafka"]
        os.kill(killed, signal.SIGKILL)

        def restarted() -> bool:
            rec = StackState.load(state_dir).units["kafka"]
            return rec.restarts == 1 and rec.state == "up"

        wait_for(restarted)
        status = qw("status", *sd)
        row = next(line for line in status.stdout.splitlines() if line.startswith("kafka "))
        assert row.split()[-3:] == ["1", "-9", "(SIGKILL)"], status.stdout
        assert str(killed) not in row
        assert "quotewire stack down" not in status.stdout
        assert read_values(state.kafka, "articles.dlq") == [b"kept"]

        again = qw("restart", "search-api", *sd)
        assert again.returncode == 0 and "search-api restarted" in again.stdout, again.stdout
    finally:
        last = StackState.load(state_dir)
        down = qw("down", *sd)
    assert down.returncode == 0, down.stdout + down.stderr
    assert StackState.load(state_dir) is None
    assert not last.supervisor_alive()
    assert not [name for name, up in last.alive().items() if up]
    assert "data kept" in down.stdout
