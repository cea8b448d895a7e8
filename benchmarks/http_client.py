"""A minimal HTTP/1.1 client for the page benchmarks: log in through the real form, then GET
pages one at a time, timing to the last byte. Throughput with many concurrent clients is
measured by wrk (Debian's package) where it is installed, else by an asyncio client here; wrk
costs the machine under 1 ms of CPU a request, the asyncio client about 5.

gunicorn's sync workers close each connection after its response, so each request opens its
own connection, as a browser behind no keep-alive proxy would.
"""

import asyncio
import http.client
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode


class Session:
    """A logged-in user: the session and CSRF cookies as a Cookie header."""

    def __init__(self, host: str, port: int, username: str, password: str):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        page = self._request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page[1])
        if not token:
            raise RuntimeError("no CSRF token on the login page")
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "username": username,
                "password": password,
            }
        )
        status, answer = self._request(
            "POST", "/accounts/login/", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302 or "sessionid" not in self.cookies:
            errors = re.findall(r"role=\"alert\">(.*?)</div>", answer.decode(), re.S)
            raise RuntimeError(f"{username} could not log in (HTTP {status}): {errors}")

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _request(self, method: str, path: str, body=None, headers=None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        all_headers = {"Cookie": self.header(), "Referer": f"http://{self.host}:{self.port}/"}
        conn.request(method, path, body, {**all_headers, **(headers or {})})
        response = conn.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response.status, data

    def get(self, path: str) -> tuple[float, int, int]:
        """(milliseconds to the last byte, status, bytes) of one GET."""
        start = time.perf_counter()
        status, data = self._request("GET", path)
        return (time.perf_counter() - start) * 1000, status, len(data)


async def _fetch(host: str, port: int, request: bytes) -> tuple[float, int]:
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(request)
    await writer.drain()
    data = await reader.read()  # the server closes after the response
    writer.close()
    status = int(data[9:12]) if data[:5] == b"HTTP/" else 0
    return (time.perf_counter() - start) * 1000, status


def throughput(
    session: Session, path: str, clients: int, seconds: float, *, server_pid: int | None = None
) -> dict:
    """`clients` concurrent clients GET `path` for `seconds`: requests per second, the times
    (or their p50/p95 from wrk), and where the CPU went: how busy the machine's cores were and
    the CPU one request cost in the web workers (the tree under `server_pid`), the database
    (PostgreSQL's processes) and the load client."""
    client = os.environ.get("RECTIFY_BENCH_CLIENT") or ("wrk" if shutil.which("wrk") else "python")
    web_before = _tree_cpu_seconds(server_pid) if server_pid else 0.0
    db_before = _postgres_cpu_seconds()
    busy_before = _cpu_busy_seconds()
    if client == "wrk":
        result = _wrk(session, path, clients, seconds)
    else:
        result = _asyncio_load(session, path, clients, seconds)
    busy = _cpu_busy_seconds() - busy_before
    web = (_tree_cpu_seconds(server_pid) - web_before) if server_pid else 0.0
    db = _postgres_cpu_since(db_before)
    elapsed, client_cpu = result.pop("elapsed"), result.pop("client_cpu")
    done = max(result["requests"], 1)
    cores = os.cpu_count() or 1

    def per_request(cpu: float) -> float:
        return round(1000 * cpu / done, 1)

    return {
        **result,
        "client": client,
        "rps": result["requests"] / elapsed,
        "cpu_busy_pct": round(100 * busy / (elapsed * cores)),
        "client_cpu_pct": round(100 * client_cpu / (elapsed * cores)),
        "cpu_ms_per_request": per_request(busy),
        "web_cpu_ms_per_request": per_request(web),
        "db_cpu_ms_per_request": per_request(db),
    }


WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p95_us": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50), latency:percentile(95)))
end
"""


def _wrk(session: Session, path: str, clients: int, seconds: float) -> dict:
    url = f"http://{session.host}:{session.port}{path}"
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "report.lua"
        script.write_text(WRK_REPORT)
        before = os.times()
        done = subprocess.run(
            [
                *("wrk", "-t", "1", "-c", str(clients), "-d", f"{seconds:g}s"),
                *("--timeout", "60s", "-s", str(script)),
                *("-H", f"Cookie: {session.header()}", "-H", "Connection: close", url),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        after = os.times()
    report = json.loads(done.stdout.strip().splitlines()[-1])
    # wrk counts a response that is not 2xx or 3xx as an error; every error is reported.
    return {
        "requests": report["requests"] - report["errors"],
        "errors": report["errors"],
        "p50_ms": report["p50_us"] / 1000,
        "p95_ms": report["p95_us"] / 1000,
        "times": None,
        "elapsed": report["duration_us"] / 1e6,
        "client_cpu": (after.children_user - before.children_user)
        + (after.children_system - before.children_system),
    }


def _asyncio_load(session: Session, path: str, clients: int, seconds: float) -> dict:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {session.host}:{session.port}\r\n"
        f"Cookie: {session.header()}\r\nConnection: close\r\n\r\n"
    ).encode()

    async def client(until: float, times: list, errors: list) -> None:
        while time.perf_counter() < until:
            ms, status = await _fetch(session.host, session.port, request)
            (times if status == 200 else errors).append(ms)

    async def run() -> tuple[list, list, float]:
        times: list[float] = []
        errors: list[float] = []
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(*(client(until, times, errors) for _ in range(clients)))
        return times, errors, time.perf_counter() - start

    client_before = time.process_time()
    times, errors, elapsed = asyncio.run(run())
    return {
        "requests": len(times),
        "errors": len(errors),
        "times": times,
        "elapsed": elapsed,
        "client_cpu": time.process_time() - client_before,
    }


def _proc_cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of one process (/proc/PID/stat; 0 if it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of a process and its live children (gunicorn's master and workers)."""
    return _proc_cpu_seconds(pid) + sum(_tree_cpu_seconds(c) for c in _children(pid))


def _postgres_cpu_seconds() -> dict[int, float]:
    """CPU seconds of each PostgreSQL process on this machine (none where there is none)."""
    found = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if (entry / "comm").read_text().strip() == "postgres":
                found[int(entry.name)] = _proc_cpu_seconds(int(entry.name))
        except OSError:
            continue
    return found


def _postgres_cpu_since(before: dict[int, float]) -> float:
    """PostgreSQL's CPU seconds since `before`, over the processes alive at the end: a
    connection that closed in between takes its seconds with it (never a negative figure)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in _postgres_cpu_seconds().items())


def _cpu_busy_seconds() -> float:
    """Seconds all cores spent not idle since boot (/proc/stat; 0 where there is none)."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")
