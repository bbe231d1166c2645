"""Kafka TLS and SASL/SCRAM settings (QW_KAFKA_*) and how they reach kafka-python and faust."""

import ssl

import certifi
import faust
import pytest
from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient
from pydantic import ValidationError
from quotewire_common import kafka as qw_kafka
from quotewire_common.settings import KafkaSettings

SASL_ENV = {
    "QW_BOOTSTRAP_SERVERS": "kafka-1:9093,kafka-2:9093",
    "QW_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
    "QW_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
    "QW_KAFKA_SASL_USERNAME": "quotewire",
    "QW_KAFKA_SASL_PASSWORD": "s3cret",
    "QW_KAFKA_SSL_CAFILE": certifi.where(),
}


@pytest.fixture
def sasl_settings(monkeypatch) -> KafkaSettings:
    for name, value in SASL_ENV.items():
        monkeypatch.setenv(name, value)
    return KafkaSettings()


def test_plaintext_by_default():
    settings = KafkaSettings(bootstrap_servers="localhost:9092")
    assert settings.connection() == {
        "bootstrap_servers": ["localhost:9092"],
        "security_protocol": "PLAINTEXT",
    }
    assert settings.faust_credentials() is None and settings.ssl_context() is None


def test_sasl_ssl_from_the_environment_reaches_every_kafka_python_client(sasl_settings):
    config = sasl_settings.connection()
    assert config == {
        "bootstrap_servers": ["kafka-1:9093", "kafka-2:9093"],
        "security_protocol": "SASL_SSL",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "quotewire",
        "sasl_plain_password": "s3cret",
        "ssl_cafile": certifi.where(),
    }
    for client in (KafkaProducer, KafkaConsumer, KafkaAdminClient):  # names they all take
        assert set(config) <= set(client.DEFAULT_CONFIG), client.__name__
    assert "s3cret" not in repr(sasl_settings)  # a secret, never logged


def test_the_factories_pass_them_on(sasl_settings, monkeypatch):
    made = {}

    def capture(kind):
        def make(*args, **kwargs):
            made[kind] = kwargs
            raise RuntimeError("stop before connecting")

        return make

    monkeypatch.setattr(qw_kafka, "KafkaProducer", capture("producer"))
    monkeypatch.setattr(qw_kafka, "KafkaAdminClient", capture("admin"))
    for build in (
        lambda: qw_kafka.make_producer(sasl_settings, "t"),
        lambda: qw_kafka.make_admin(sasl_settings),
    ):
        with pytest.raises(RuntimeError, match="stop"):
            build()
    for kind in ("producer", "admin"):
        assert made[kind]["security_protocol"] == "SASL_SSL", kind
        assert made[kind]["sasl_plain_password"] == "s3cret", kind


def test_faust_gets_scram_credentials_over_tls(sasl_settings):
    credentials = sasl_settings.faust_credentials()
    assert isinstance(credentials, faust.SASLCredentials)
    assert credentials.username == "quotewire" and credentials.password == "s3cret"
    assert credentials.mechanism.value == "SCRAM-SHA-512"
    assert credentials.protocol.value == "SASL_SSL"
    assert isinstance(credentials.ssl_context, ssl.SSLContext)
    tls_only = KafkaSettings(kafka_security_protocol="SSL", kafka_ssl_cafile=certifi.where())
    assert isinstance(tls_only.faust_credentials(), faust.SSLCredentials)
    assert "sasl_mechanism" not in tls_only.connection()


def test_sasl_without_credentials_is_refused_at_start():
    with pytest.raises(ValidationError, match="QW_KAFKA_SASL_USERNAME"):
        KafkaSettings(kafka_security_protocol="SASL_PLAINTEXT")
