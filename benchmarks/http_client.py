"""A minimal HTTP/1.1 client for the page benchmarks: log in through the real form, then GET
pages one at a time or from many concurrent clients (asyncio), timing to the last byte.

gunicorn's sync workers close each connection after its response, so each request opens its
own connection, as a browser behind no keep-alive proxy would.
"""

import asyncio
import http.client
import os
import re
import time
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


def throughput(session: Session, path: str, clients: int, seconds: float) -> dict:
    """`clients` concurrent clients GET `path` for `seconds`: requests per second and times."""
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

    busy_before, client_before = _cpu_busy_seconds(), time.process_time()
    times, errors, elapsed = asyncio.run(run())
    busy = _cpu_busy_seconds() - busy_before
    client_cpu = time.process_time() - client_before
    cores = os.cpu_count() or 1
    return {
        "rps": len(times) / elapsed,
        "times": times,
        "errors": len(errors),
        # Where the ceiling is: how busy the machine's cores were, and the CPU one request
        # cost in all (web workers, database and this client together).
        "cpu_busy_pct": round(100 * busy / (elapsed * cores)),
        "client_cpu_pct": round(100 * client_cpu / (elapsed * cores)),
        "cpu_ms_per_request": round(1000 * busy / max(len(times), 1), 1),
    }


def _cpu_busy_seconds() -> float:
    """Seconds all cores spent not idle since boot (/proc/stat; 0 where there is none)."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")
