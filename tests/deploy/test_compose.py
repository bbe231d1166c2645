"""The production compose stack, checked statically (there is no Docker engine here).

Schema: the Compose Specification JSON schema vendored in deploy/compose-spec/, applied
to the file as written and after interpolation (what `docker compose config` validates).
Properties: start order without races, scaling of extract, published ports, secrets,
pinned images, KRaft, volumes, and that the init service runs the index setup code.
"""

import re
import tomllib

import jsonschema
import pytest
import yaml
from quotewire_contracts import ALL_TOPICS, Topic

from tests.deploy.conftest import (
    COMPOSE,
    COMPOSE_DEV,
    DOCKERFILES,
    ENV_EXAMPLE,
    REPO,
    TEST_SECRETS,
    MissingVariable,
    compose_raw,
    compose_rendered,
    compose_schema,
    parse_env_file,
    variables,
)

LONG_RUNNING = {
    "kafka", "elasticsearch", "kibana", "ingest", "feeds", "extract", "index", "derived",
    "search-api", "alerts",
}  # fmt: skip
ONE_SHOTS = {"es-users", "init", "kibana-objects"}
QUOTEWIRE = {"ingest", "feeds", "extract", "index", "derived", "search-api", "alerts"}
PUBLISHED = {"ingest", "search-api", "kibana"}
SECRET_KEY = re.compile(r"PASSWORD|SECRET|TOKEN|ENCRYPTIONKEY|API_KEY|APIKEY", re.IGNORECASE)
REQUIRED_REF = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*:\?[^}]*\}$")
# Secrets that switch a feature on when set: a reference with an empty default.
OPTIONAL_SECRETS = {"QW_WEBHOOK_SECRET"}
OPTIONAL_REF = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*:-\}$")


def validator():
    schema = compose_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def schema_errors(doc) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(doc)
    ]


def env_of(service: dict) -> dict:
    env = service.get("environment") or {}
    if isinstance(env, list):
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


# --- schema ------------------------------------------------------------------------


def test_compose_file_validates_against_the_compose_spec_schema():
    assert schema_errors(compose_raw()) == []


def test_rendered_compose_model_validates_too(rendered):
    assert schema_errors(rendered) == []


def test_dev_override_validates_and_only_overlays_known_services():
    dev = yaml.safe_load(COMPOSE_DEV.read_text())
    assert schema_errors(dev) == []
    assert set(dev["services"]) <= set(compose_raw()["services"])


def test_schema_rejects_a_broken_file():
    """The validator is live: a typo'd key and a bad condition are reported."""
    broken = {
        "services": {
            "a": {"image": "x:1", "helthcheck": {}},
            "b": {"image": "x:1", "depends_on": {"a": {"condition": "service_ready"}}},
        }
    }
    errors = schema_errors(broken)
    assert any("helthcheck" in e for e in errors)
    assert any("service_ready" in e for e in errors)


# --- start order -------------------------------------------------------------------


def test_services_are_the_expected_set(rendered):
    assert set(rendered["services"]) == LONG_RUNNING | ONE_SHOTS


def test_every_long_running_service_has_a_healthcheck(rendered):
    for name in LONG_RUNNING:
        hc = rendered["services"][name].get("healthcheck")
        assert hc and not hc.get("disable") and hc.get("test"), f"{name} has no healthcheck"
        assert hc["test"][0] in ("CMD", "CMD-SHELL"), name


def test_one_shots_run_once_and_something_waits_for_their_completion(rendered):
    services = rendered["services"]
    for name in ONE_SHOTS:
        assert services[name].get("restart") == "no", name
        waiters = [
            other
            for other, svc in services.items()
            if (svc.get("depends_on") or {}).get(name, {}).get("condition")
            == "service_completed_successfully"
        ]
        if name != "kibana-objects":  # a leaf: nothing may wait for Kibana
            assert waiters, f"nothing waits for {name} to complete"


def test_every_dependency_has_the_right_condition(rendered):
    services = rendered["services"]
    for name, svc in services.items():
        deps = svc.get("depends_on") or {}
        assert isinstance(deps, dict), f"{name}: depends_on must use the long form"
        for dep, spec in deps.items():
            expected = "service_completed_successfully" if dep in ONE_SHOTS else "service_healthy"
            assert spec.get("condition") == expected, f"{name} -> {dep}"


def test_start_order_is_acyclic_and_brings_the_stack_up_in_order(rendered):
    services = rendered["services"]
    deps = {n: set(s.get("depends_on") or {}) for n, s in services.items()}

    def closure(name, seen=()):
        out = set()
        for d in deps[name]:
            assert d not in seen and d != name, f"dependency cycle through {name}"
            out |= {d} | closure(d, (*seen, name))
        return out

    for name in QUOTEWIRE:
        assert {"init", "kafka", "elasticsearch"} <= closure(name), name
    assert {"kafka", "elasticsearch"} <= closure("init")
    assert "es-users" in closure("kibana")
    # a Kibana outage never stops the pipeline: nothing of it waits for Kibana
    for name in QUOTEWIRE | {"init"}:
        assert not {"kibana", "kibana-objects"} & closure(name), name
    assert {"kibana", "init"} <= closure("kibana-objects")


# --- scaling, ports ----------------------------------------------------------------


def test_no_service_has_a_fixed_container_name(rendered):
    for name, svc in rendered["services"].items():
        assert "container_name" not in svc, name


def test_extract_scales(rendered):
    extract = rendered["services"]["extract"]
    for key in ("container_name", "ports", "hostname"):
        assert key not in extract, key
    # worker processes per replica: one by default (replicas x workers share the partitions)
    assert str(env_of(extract)["QW_EXTRACT_WORKERS"]) == "1"
    assert extract["build"]["dockerfile"] == "deploy/extract.Dockerfile"


def test_articles_has_partitions_for_scaling():
    partitions = {spec.topic: spec.partitions for spec in ALL_TOPICS}
    assert partitions[Topic.ARTICLES] >= 12
    assert partitions[Topic.STATEMENTS] >= 12
    assert {Topic.ARTICLES_DLQ, Topic.STATEMENTS_DLQ} <= set(partitions)


def test_only_ingest_search_api_and_kibana_publish_ports_on_loopback(rendered):
    publishing = {n for n, s in rendered["services"].items() if s.get("ports")}
    assert publishing == PUBLISHED
    for name in PUBLISHED:
        for port in rendered["services"][name]["ports"]:
            assert isinstance(port, str) and port.startswith("127.0.0.1:"), (name, port)
            assert port.count(":") == 2, (name, port)


def test_bind_address_is_configurable():
    env = {**parse_env_file(ENV_EXAMPLE), **TEST_SECRETS, "BIND_ADDRESS": "10.0.0.5"}
    ports = compose_rendered(env)["services"]["ingest"]["ports"]
    assert ports == ["10.0.0.5:8000:8000"]


# --- secrets -----------------------------------------------------------------------


def test_no_plain_text_secret_in_the_compose_file():
    """Every secret-looking variable is a required reference to .env, never a value."""
    checked = 0
    for name, svc in compose_raw()["services"].items():
        for key, value in env_of(svc).items():
            if SECRET_KEY.search(key) and not key.endswith("_FILE"):  # a path, not a secret
                checked += 1
                ref = OPTIONAL_REF if key in OPTIONAL_SECRETS else REQUIRED_REF
                assert isinstance(value, str) and ref.match(value), (
                    f"{name}.{key} must be a reference to .env, got {value!r}"
                )
    assert checked >= 5
    text = COMPOSE.read_text()
    for secret in ("changeme", "password123", "secret123"):
        assert secret not in text.lower()


def test_compose_refuses_to_start_without_the_secrets():
    env = parse_env_file(ENV_EXAMPLE)
    for var in TEST_SECRETS:
        assert env[var] == "", f".env.example must leave {var} empty"
    with pytest.raises(MissingVariable):
        compose_rendered(env)
    for var in TEST_SECRETS:
        partial = {**env, **TEST_SECRETS, var: ""}
        with pytest.raises(MissingVariable, match=var):
            compose_rendered(partial)


def test_env_example_documents_every_variable_and_nothing_else():
    used = variables(COMPOSE.read_text())
    documented = set(parse_env_file(ENV_EXAMPLE))
    commented = set(re.findall(r"^#\s*([A-Z_][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.MULTILINE))
    required = {name for name, ops in used.items() if ":?" in ops or "?" in ops}
    assert required <= documented
    assert set(used) <= documented | commented, set(used) - documented - commented
    assert documented <= set(used) | {"QW_PARTITIONS"}, documented - set(used)


def test_dot_env_is_git_ignored():
    ignored = (REPO / ".gitignore").read_text().split()
    assert "/.env" in ignored or ".env" in ignored
    assert ".env" in (REPO / ".dockerignore").read_text().split()


# --- images ------------------------------------------------------------------------


def test_images_are_pinned(rendered):
    for name, svc in rendered["services"].items():
        image = svc.get("image")
        assert image, f"{name} has no image"
        repo, _, tag = image.rpartition(":")
        assert repo and "/" not in tag, f"{name}: {image} has no tag"
        assert tag != "latest" and re.search(r"\d", tag), f"{name}: {image} is not pinned"


def test_elastic_stack_versions_match_and_kafka_is_the_official_image(rendered):
    services = rendered["services"]
    es_tag = services["elasticsearch"]["image"].rpartition(":")[2]
    kibana_tag = services["kibana"]["image"].rpartition(":")[2]
    assert es_tag == kibana_tag
    assert int(es_tag.split(".")[0]) in (8, 9)
    assert services["kafka"]["image"].startswith("apache/kafka:")


def test_quotewire_images_are_built_from_this_repository(rendered):
    services = rendered["services"]
    for name in ("ingest", "extract", "index"):
        build = services[name]["build"]
        assert build["context"] == "."
        assert (REPO / build["dockerfile"]) == DOCKERFILES[name]
    # search-api and init run the index image (built once, by `index`)
    for name in ("search-api", "init", "derived"):
        assert services[name]["image"] == services["index"]["image"]
        assert services[name].get("pull_policy") == "never"


# --- Kafka, Elasticsearch, Kibana --------------------------------------------------


def test_kafka_runs_in_kraft_mode_without_zookeeper(rendered):
    assert not any("zookeeper" in n for n in rendered["services"])
    env = env_of(rendered["services"]["kafka"])
    assert not any("ZOOKEEPER" in k for k in env)
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    assert "INTERNAL://kafka:9092" in env["KAFKA_ADVERTISED_LISTENERS"]
    assert env["CLUSTER_ID"]


def test_replication_factor_is_configurable(rendered):
    env = {**parse_env_file(ENV_EXAMPLE), **TEST_SECRETS, "QW_REPLICATION_FACTOR": "3"}
    model = compose_rendered(env)
    assert env_of(model["services"]["init"])["QW_REPLICATION_FACTOR"] == "3"
    assert env_of(model["services"]["kafka"])["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "3"


def test_elasticsearch_runs_with_security_on(rendered):
    env = env_of(rendered["services"]["elasticsearch"])
    assert env["xpack.security.enabled"] == "true"
    assert env["ELASTIC_PASSWORD"] == TEST_SECRETS["ELASTIC_PASSWORD"]
    assert env["discovery.type"] == "single-node"
    kibana = env_of(rendered["services"]["kibana"])
    assert kibana["ELASTICSEARCH_USERNAME"] == "kibana_system"
    assert kibana["ELASTICSEARCH_PASSWORD"] == TEST_SECRETS["KIBANA_PASSWORD"]
    for name in QUOTEWIRE | {"init"}:
        qw = env_of(rendered["services"][name])
        assert qw["QW_BOOTSTRAP_SERVERS"] == "kafka:9092", name
        if name in ("index", "derived", "search-api", "init", "alerts"):
            assert qw["QW_ES_PASSWORD"], name  # which user: test_least_privilege.py
            assert qw["QW_ES_URL"] == "http://elasticsearch:9200", name
        else:  # least privilege: no Elasticsearch credentials where none are needed
            assert not any(k.startswith("QW_ES_") for k in qw), name


def test_data_lives_in_named_volumes(rendered):
    volumes = set(rendered["volumes"])
    mounts = {
        name: [v.split(":")[0] for v in rendered["services"][name].get("volumes", [])]
        for name in ("kafka", "elasticsearch")
    }
    assert "kafka-data" in mounts["kafka"] and "kafka-data" in volumes
    assert "es-data" in mounts["elasticsearch"] and "es-data" in volumes
    assert env_of(rendered["services"]["kafka"])["KAFKA_LOG_DIRS"] == "/var/lib/kafka/data"


# --- the init service runs the index setup code -------------------------------------


def console_scripts(service_dir: str) -> set[str]:
    meta = tomllib.loads((REPO / service_dir / "pyproject.toml").read_text())
    return set(meta["project"].get("scripts", {}))


def dockerfile_cmd(name: str) -> list[str]:
    cmd = re.search(r"^CMD (\[.*\])$", DOCKERFILES[name].read_text(), re.MULTILINE)
    return yaml.safe_load(cmd.group(1))


def test_each_service_runs_a_console_script_of_its_image(rendered):
    services = rendered["services"]
    image_pkg = {
        "ingest": "services/ingest",
        "extract": "services/extract",
        "index": "services/index",
        "alerts": "services/alerts",
    }
    built_by = {svc["image"]: name for name, svc in services.items() if "build" in svc}
    for name in QUOTEWIRE | {"init"}:
        image_of = built_by[services[name]["image"]]
        command = services[name].get("command") or dockerfile_cmd(image_of)
        assert command[0] in console_scripts(image_pkg[image_of]), (name, command)


def test_init_runs_the_index_setup_and_kibana_objects_the_import(rendered):
    init = rendered["services"]["init"]
    assert init["command"] == ["quotewire-index-setup"]
    assert "QW_KIBANA_URL" not in env_of(init)
    objects = rendered["services"]["kibana-objects"]
    assert objects["command"] == ["quotewire-kibana-import"]
    assert objects["image"] == init["image"]
    env = env_of(objects)
    assert env["QW_KIBANA_URL"] == "http://kibana:5601"
    assert env.get("QW_KIBANA_OVERWRITE") in (None, "false")  # missing objects only
    # the saved objects are copied into the index image at exactly that path
    copy = f"COPY deploy/kibana/saved_objects.ndjson {env['QW_KIBANA_OBJECTS']}"
    assert copy in DOCKERFILES["index"].read_text()
    env = env_of(init)
    assert "QW_PARTITIONS" not in env or env["QW_PARTITIONS"] is None  # pass-through only


def test_healthchecks_use_the_script_copied_into_the_images(rendered):
    for name in QUOTEWIRE:
        test = rendered["services"][name]["healthcheck"]["test"]
        assert test[:3] == ["CMD", "python", "/app/healthcheck.py"], name
    for dockerfile in DOCKERFILES.values():
        assert "COPY deploy/healthcheck.py /app/healthcheck.py" in dockerfile.read_text()
    # extract touches QW_HEALTH_FILE from its event loop (quotewire_extract.app), the
    # indexer from its poll loop (quotewire_index.loop): both use heartbeat mode
    for name in ("extract", "index"):
        assert env_of(rendered["services"][name])["QW_HEALTH_FILE"], name
        assert rendered["services"][name]["healthcheck"]["test"][3:] == ["heartbeat"], name
    index_dockerfile = DOCKERFILES["index"].read_text()
    assert 'CMD ["python", "/app/healthcheck.py", "heartbeat"]' in index_dockerfile
    assert "QW_HEALTH_FILE=" in index_dockerfile


def test_feeds_runs_the_poller_from_the_ingest_image_without_a_published_port(rendered):
    feeds = rendered["services"]["feeds"]
    assert feeds["command"] == ["quotewire-ingest", "feeds"]
    assert feeds["image"] == rendered["services"]["ingest"]["image"]
    assert not feeds.get("ports")
    env = env_of(feeds)
    assert env["QW_BOOTSTRAP_SERVERS"] == "kafka:9092"
    # the healthcheck asks the poller's own /healthz, on the port it serves metrics on
    test = feeds["healthcheck"]["test"]
    assert test[3:] == ["http", "/healthz", "--port-env", "QW_FEEDS_METRICS_PORT", "--port", "9102"]
    assert str(env["QW_FEEDS_METRICS_PORT"]) == "9102"


def test_vendored_schema_is_the_documented_file():
    import hashlib

    from tests.deploy.conftest import COMPOSE_SCHEMA

    digest = hashlib.sha256(COMPOSE_SCHEMA.read_bytes()).hexdigest()
    assert digest in (COMPOSE_SCHEMA.parent / "README.md").read_text()
