"""N `frontline serve` replicas behind Debian's nginx on 127.0.0.1, all reading one store.

The replicas and refreshes run through deploy/entrypoint.sh, the image's entry point, and nginx
through deploy/nginx/frontline.conf, compose.yaml's proxy configuration: only the addresses
(127.0.0.1 and free ports) differ from the containers. Used by the replica test and by
`make bench-load`.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from frontline.config import PROJECT_ROOT
from tests.browser.harness import free_port
from tests.serving import running, wait_until_healthy

NGINX = Path("/usr/sbin/nginx")
ENTRYPOINT = PROJECT_ROOT / "deploy" / "entrypoint.sh"
PROXY_CONF = PROJECT_ROOT / "deploy" / "nginx" / "frontline.conf"
COOKIE = "frontline_replica"
LOGGED = re.compile(
    r'"(?P<request>[^"]*)" (?P<status>\d+) \d+ replica=(?P<replica>\S+) key=(?P<key>\S+)'
)


@dataclass
class Topology:
    """A running proxy and its replicas."""

    url: str
    access_log: Path
    environment: dict[str, str]
    replicas: list[str] = field(default_factory=list)  # host:port, as nginx's log names them
    pids: list[int] = field(default_factory=list)

    def served(self) -> list[dict[str, str]]:
        """Every request nginx has logged so far: request, status, replica, key."""
        return [m.groupdict() for m in LOGGED.finditer(self.access_log.read_text())]

    def refresh(self, source: Path) -> None:
        """A refresh through the entry point, while the replicas keep reading."""
        command = [str(ENTRYPOINT), "refresh", "--source", str(source), "--workers", "1"]
        subprocess.run(command, env=self.environment, check=True, capture_output=True)

    def replica_of(self, key: str) -> str:
        """Which replica nginx sends a reader holding `key` to (asked with one health check)."""
        request = urllib.request.Request(
            f"{self.url}/_stcore/health", headers={"Cookie": f"{COOKIE}={key}"}
        )
        before = len(self.lines_of(key))
        urllib.request.urlopen(request, timeout=10).close()
        # nginx writes the line just after answering, and other readers' lines may follow it.
        deadline = time.monotonic() + 10
        while len(mine := self.lines_of(key)) == before:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nginx logged no request with key {key}")
            time.sleep(0.05)
        return mine[-1]["replica"]

    def lines_of(self, key: str) -> list[dict[str, str]]:
        """The logged requests of the reader holding `key`."""
        return [line for line in self.served() if line["key"] == key]


def environment_for(home: Path, store: Path) -> dict[str, str]:
    """What the image sets, and a `frontline` command on PATH that runs this checkout."""
    bin_dir = home / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "frontline"
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -m frontline "$@"\n')
    shim.chmod(0o755)
    return {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "PYTHONPATH": str(PROJECT_ROOT),
        "FRONTLINE_STORE": str(store),
        "FRONTLINE_ALLOW_UPDATE": "0",
        "FRONTLINE_ADDRESS": "127.0.0.1",
        "HOME": str(home),
    }


@contextmanager
def replicas_behind_nginx(
    home: Path, store: Path, count: int, settings: dict[str, str] | None = None
) -> Iterator[Topology]:
    """Start `count` replicas on `store` and nginx in front; stop them all on the way out.
    `settings` are more environment variables for the replicas (STREAMLIT_... options)."""
    environment = {**environment_for(home, store), **(settings or {})}
    topology = Topology("", home / "access.log", environment)
    with ExitStack() as stack:
        for i in range(count):
            port = free_port()
            env = {**environment, "FRONTLINE_PORT": str(port)}
            log = home / f"replica-{i}.log"
            replica = stack.enter_context(running([str(ENTRYPOINT), "serve"], log, env))
            wait_until_healthy(f"http://127.0.0.1:{port}", replica, log)
            topology.replicas.append(f"127.0.0.1:{port}")
            topology.pids.append(replica.pid)
        topology.url = f"http://127.0.0.1:{free_port()}"
        conf = write_nginx_conf(home / "nginx", topology)
        nginx = [str(NGINX), "-p", str(home / "nginx"), "-c", str(conf), "-g", "daemon off;"]
        proxy = stack.enter_context(running(nginx, home / "nginx.log"))
        wait_until_healthy(topology.url, proxy, home / "nginx" / "error.log")
        yield topology


def write_nginx_conf(prefix: Path, topology: Topology) -> Path:
    """A main nginx.conf around the proxy's own file, with these replicas and port."""
    (prefix / "frontline").mkdir(parents=True)
    servers = "".join(f"server {replica};\n" for replica in topology.replicas)
    (prefix / "frontline" / "replicas.conf").write_text(servers)
    address = topology.url.removeprefix("http://")
    site = f"listen {address};\naccess_log {topology.access_log} frontline;\n"
    (prefix / "frontline" / "site.conf").write_text(site)
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log info;\nevents {{}}\n"
        f"http {{\n    include {PROXY_CONF};\n}}\n"
    )
    return conf
