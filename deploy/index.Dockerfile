# syntax=docker/dockerfile:1
# quotewire index: the indexer (`quotewire-index`, default command), the search API
# (`quotewire-search-api`) and the idempotent setup (`quotewire-index-setup`: topics,
# index templates, Kibana objects) — one image, three commands (see docker-compose.yml) —
# plus the operator CLI `quotewire search|dlq` (e.g. `docker compose run --rm index
# quotewire dlq replay articles.dlq`).
#
# Build from the repository root (docker compose does): docker build -f deploy/index.Dockerfile .
# Stage 1 installs the locked dependencies of this one workspace package into /opt/venv
# with uv (`--frozen`: exactly uv.lock, no resolution); stage 2 is the slim runtime with
# only that venv, no uv, no build tools, no caches, running as a non-root user.
ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_NO_CACHE=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3 \
    UV_PROJECT_ENVIRONMENT=/opt/venv
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /src
# The workspace: the lock and every member's pyproject.toml (uv needs them to read the
# lock); the sources of this image's packages come later, for layer caching.
COPY pyproject.toml uv.lock ./
COPY packages/contracts/pyproject.toml packages/contracts/
COPY packages/common/pyproject.toml packages/common/
COPY packages/cli/pyproject.toml packages/cli/
COPY packages/attribution/pyproject.toml packages/attribution/
COPY packages/devstack/pyproject.toml packages/devstack/
COPY packages/evaluation/pyproject.toml packages/evaluation/
COPY services/ingest/pyproject.toml services/ingest/
COPY services/extract/pyproject.toml services/extract/
COPY services/index/pyproject.toml services/index/
COPY services/alerts/pyproject.toml services/alerts/
RUN uv sync --frozen --no-dev --package quotewire-index --no-install-workspace
COPY packages/contracts/quotewire_contracts packages/contracts/quotewire_contracts
COPY packages/common/quotewire_common packages/common/quotewire_common
COPY packages/cli/quotewire_cli packages/cli/quotewire_cli
COPY services/index/quotewire_index services/index/quotewire_index
RUN uv sync --frozen --no-dev --package quotewire-index --no-editable

FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    QW_LOG_FORMAT=json \
    QW_KIBANA_OBJECTS=/app/deploy/kibana/saved_objects.ndjson \
    QW_HEALTH_FILE=/tmp/quotewire-index.alive
RUN groupadd --system --gid 10001 quotewire \
 && useradd --system --uid 10001 --gid quotewire --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin quotewire
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY deploy/healthcheck.py /app/healthcheck.py
COPY deploy/kibana/saved_objects.ndjson /app/deploy/kibana/saved_objects.ndjson
USER 10001:10001
EXPOSE 8001
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=4 \
  CMD ["python", "/app/healthcheck.py", "heartbeat"]
CMD ["quotewire-index"]
