"""The Kafka SASL/SCRAM + TLS option (docker-compose.kafka-sasl.yml), statically: it
validates, every Kafka client of the stack gets the QW_KAFKA_* settings, and those
settings make SASL_SSL clients."""

import yaml
from quotewire_common.settings import KafkaSettings

from tests.deploy.conftest import (
    ENV_EXAMPLE,
    REPO,
    TEST_SECRETS,
    compose_raw,
    interpolate,
    parse_env_file,
)
from tests.deploy.test_compose import env_of, schema_errors

OVERRIDE = REPO / "docker-compose.kafka-sasl.yml"
SECRETS = {**TEST_SECRETS, "QW_KAFKA_SASL_PASSWORD": "scramTestPassword1"}


def override() -> dict:
    env = {**parse_env_file(ENV_EXAMPLE), **SECRETS}
    return interpolate(yaml.safe_load(OVERRIDE.read_text()), env)


def test_the_override_validates_and_overlays_known_services():
    raw = yaml.safe_load(OVERRIDE.read_text())
    assert schema_errors(raw) == []
    assert set(raw["services"]) - set(compose_raw()["services"]) == {"kafka-users"}


def test_every_kafka_client_logs_in_over_tls():
    base = compose_raw()["services"]
    over = override()["services"]
    clients = {
        name
        for name, svc in base.items()
        if "QW_BOOTSTRAP_SERVERS" in env_of(svc) and name != "kibana-objects"  # no Kafka use
    }
    assert clients >= {
        "init", "ingest", "feeds", "extract", "index", "derived", "search-api", "alerts",
    }  # fmt: skip
    for name in clients:
        env = {k: v for k, v in env_of(over[name]).items() if k.startswith("QW_")}
        assert env["QW_KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL", name
        assert env["QW_KAFKA_SASL_PASSWORD"] == SECRETS["QW_KAFKA_SASL_PASSWORD"], name
        ca = env["QW_KAFKA_SSL_CAFILE"]
        assert any(v.split(":")[1] == ca for v in over[name]["volumes"]), name
        # the names are the settings' own: they make a SASL_SSL client
        settings = KafkaSettings(
            bootstrap_servers="kafka:9092",
            **{k.removeprefix("QW_").lower(): v for k, v in env.items()},
        )
        config = settings.connection()
        assert config["security_protocol"] == "SASL_SSL"
        assert config["sasl_mechanism"] == "SCRAM-SHA-512" and config["ssl_cafile"] == ca


def test_only_the_loopback_listener_is_plaintext_for_clients():
    kafka = env_of(override()["services"]["kafka"])
    protocols = dict(p.split(":") for p in kafka["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
    listeners = dict(
        item.split("://") for item in kafka["KAFKA_LISTENERS"].split(",")
    )  # name -> host:port
    advertised = kafka["KAFKA_ADVERTISED_LISTENERS"]
    assert protocols["CLIENTS"] == "SASL_SSL" and "CLIENTS://kafka:9092" in advertised
    for name, protocol in protocols.items():
        if protocol == "PLAINTEXT" and name != "CONTROLLER":
            assert listeners[name].startswith("127.0.0.1:"), name
    users = override()["services"]["kafka-users"]
    assert users["network_mode"] == "service:kafka"  # reaches the loopback listener
    init = override()["services"]["init"]
    assert init["depends_on"]["kafka-users"]["condition"] == "service_completed_successfully"
