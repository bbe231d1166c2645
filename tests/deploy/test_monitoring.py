"""The compose ``monitoring`` profile, checked statically: Prometheus scrapes every
quotewire service on the port it serves /metrics on (replicas through DNS discovery), the
alert rules and the Grafana dashboard are valid PromQL over metrics that exist in the
code, and every compose service has a memory limit."""

import json
from pathlib import Path

import promql_parser
import pytest
import yaml
from quotewire_common.metrics import exposed_names

from tests.deploy.conftest import DEPLOY, compose_raw, compose_rendered

MONITORING = DEPLOY / "monitoring"
PROMETHEUS = MONITORING / "prometheus.yml"
ALERTS = MONITORING / "alerts.yml"
GRAFANA = MONITORING / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))
#: Where each quotewire service serves /metrics: the env var of its port in compose.
METRICS_PORT_ENV = {
    "ingest": "QW_INGEST_PORT",
    "search-api": "QW_SEARCH_PORT",
    "extract": "QW_METRICS_PORT",
    "index": "QW_METRICS_PORT",
    "derived": "QW_METRICS_PORT",
    "feeds": "QW_FEEDS_METRICS_PORT",
    "alerts": "QW_METRICS_PORT",
}
#: Series Prometheus makes itself.
BUILTIN = {"up"}
#: The attributes of promql_parser's nodes that hold sub-expressions.
_CHILDREN = ("lhs", "rhs", "args", "expr", "param", "vector_selector")


def selector_names(node):
    """Metric names of every vector selector in a parsed PromQL expression."""
    if type(node).__name__ == "VectorSelector":
        yield node.name
        return
    if isinstance(node, list | tuple):
        for item in node:
            yield from selector_names(item)
        return
    for attr in _CHILDREN:
        child = getattr(node, attr, None)
        if child is not None and not isinstance(child, str | int | float):
            yield from selector_names(child)


def metrics_of(expr: str) -> set[str]:
    return set(selector_names(promql_parser.parse(expr)))


@pytest.fixture(scope="module")
def monitoring() -> dict:
    return compose_rendered(profiles=("monitoring",))


def test_selector_names_finds_every_metric_and_the_parser_rejects_bad_promql():
    expr = 'sum by (g) (rate(a_total{x="1"}[5m])) / on() b or absent_over_time(c[1m:10s])'
    assert metrics_of(expr) == {"a_total", "b", "c"}
    with pytest.raises(ValueError):
        promql_parser.parse("sum(rate(a_total[5m])")


def test_monitoring_services_only_in_their_profile(monitoring):
    assert {"prometheus", "grafana"} <= set(monitoring["services"])
    assert not {"prometheus", "grafana"} & set(compose_rendered()["services"])
    for name in ("prometheus", "grafana"):
        svc = monitoring["services"][name]
        assert svc["healthcheck"]["test"], name
        for port in svc["ports"]:
            assert port.startswith("127.0.0.1:"), (name, port)


def test_prometheus_scrapes_every_service_where_it_serves_metrics(monitoring):
    config = yaml.safe_load(PROMETHEUS.read_text())
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    for service, port_env in METRICS_PORT_ENV.items():
        env = monitoring["services"][service]["environment"]
        (sd,) = jobs[service]["dns_sd_configs"]  # every replica's address: scaled ones too
        assert sd["names"] == [service] and sd["type"] == "A"
        assert str(sd["port"]) == str(env[port_env]), service
        assert jobs[service].get("metrics_path", "/metrics") == "/metrics"


def test_prometheus_loads_the_mounted_rules(monitoring):
    config = yaml.safe_load(PROMETHEUS.read_text())
    mounts = {
        v.split(":")[1]: v.split(":")[0]
        for v in monitoring["services"]["prometheus"]["volumes"]
        if v.startswith("./")
    }
    assert mounts["/etc/prometheus/prometheus.yml"] == "./deploy/monitoring/prometheus.yml"
    for rule_file in config["rule_files"]:
        assert Path(mounts[rule_file]).name == ALERTS.name


def test_alert_rules_are_valid_and_cover_the_failures_that_matter():
    known = exposed_names() | BUILTIN
    rules = [r for g in yaml.safe_load(ALERTS.read_text())["groups"] for r in g["rules"]]
    for rule in rules:
        assert set(rule) >= {"alert", "expr", "for", "labels", "annotations"}, rule
        assert rule["labels"]["severity"] in ("critical", "warning")
        assert rule["annotations"]["summary"]
        used = metrics_of(rule["expr"])
        assert used and used <= known, (rule["alert"], used - known)
    by_metric = {m: r for r in rules for m in metrics_of(r["expr"])}
    assert "up" in by_metric  # a worker down
    assert by_metric["quotewire_consumer_lag_messages"]["for"] == "10m"  # lag growing 10 min
    assert "quotewire_dead_letters_total" in by_metric
    assert "quotewire_index_bulk_items_total" in by_metric


def test_dashboard_queries_only_metrics_that_exist():
    assert DASHBOARDS
    known = exposed_names() | BUILTIN
    datasource = yaml.safe_load((GRAFANA / "provisioning/datasources/prometheus.yml").read_text())
    uid = datasource["datasources"][0]["uid"]
    used: set[str] = set()
    for path in DASHBOARDS:
        dash = json.loads(path.read_text())
        assert dash["uid"] and dash["panels"]
        for panel in dash["panels"]:
            assert panel["datasource"]["uid"] == uid, panel["title"]
            for target in panel["targets"]:
                names = metrics_of(target["expr"])
                assert names <= known, (panel["title"], names - known)
                used |= names
    # throughput, latency, lag and dead letters are all on it
    for metric in (
        "quotewire_ingest_articles_total",
        "quotewire_http_request_duration_seconds_bucket",
        "quotewire_index_end_to_end_seconds_bucket",
        "quotewire_consumer_lag_messages",
        "quotewire_dead_letters_total",
    ):
        assert metric in used, metric


def test_grafana_provisions_the_dashboards_from_the_mounted_files(monitoring):
    provider = yaml.safe_load((GRAFANA / "provisioning/dashboards/quotewire.yml").read_text())
    path = provider["providers"][0]["options"]["path"]
    volumes = monitoring["services"]["grafana"]["volumes"]
    assert f"./deploy/monitoring/grafana/dashboards:{path}:ro" in volumes
    assert "./deploy/monitoring/grafana/provisioning:/etc/grafana/provisioning:ro" in volumes


def test_every_compose_service_has_a_memory_limit(monitoring):
    for name, svc in compose_raw()["services"].items():
        assert svc.get("mem_limit") or svc.get("deploy", {}).get("resources", {}).get(
            "limits", {}
        ).get("memory"), f"{name} has no memory limit"
