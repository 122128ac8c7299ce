"""The production profile as real processes, for the production tier (``tests/production``).

A private PostgreSQL cluster and a private Redis server on free ports (so that the tier may stop
and restart them without touching anything else on the machine), the portal migrated and seeded,
and several daphne processes of the production profile sharing one listening socket, as the
README deploys them behind a proxy. Clients reach them as a TLS proxy would forward a browser:
``https://mediation.test/...`` goes over plain HTTP to the shared socket with ``X-Forwarded-Proto:
https`` and ``X-Forwarded-For`` (so the production profile's secure cookies and HTTPS redirect
work as in a deployment).
"""

import contextlib
import functools
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
HOST = "mediation.test"
ORIGIN = f"https://{HOST}"
DEMO_PASSWORD = "OneWindow-demo-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, *, seconds: float, what: str, step: float = 0.1) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not happen within {seconds} s")
        time.sleep(step)


def _as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user when we are root."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _pg_bin(tool: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{tool}"))
    if found:
        return str(found[-1])
    path = shutil.which(tool)
    if path is None:
        raise RuntimeError(f"PostgreSQL's {tool} is not installed")
    return path


class PrivatePostgres:
    """A throw-away PostgreSQL cluster on a free port, owned by this test run."""

    def __init__(self, base: Path) -> None:
        self.dir = base / "pg"
        self.dir.mkdir(mode=0o700)
        self.port = free_port()
        self.log = base / "pg.log"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            self.log.touch()
            shutil.chown(self.log, "postgres", "postgres")
        done = subprocess.run(
            _as_postgres([_pg_bin("initdb"), "-D", str(self.dir), "-U", "postgres", "-A", "trust", "-E", "UTF8"]),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stderr}")
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=100 "
            "-c fsync=off -c full_page_writes=off"
        )
        self._options = options

    def url(self, name: str = "one_window") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def ctl(self, *args: str) -> None:
        done = subprocess.run(
            _as_postgres([_pg_bin("pg_ctl"), "-D", str(self.dir), "-l", str(self.log), "-o", self._options, *args]),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"pg_ctl {' '.join(args)} failed: {done.stderr}\n{self.log.read_text()[-3000:]}")

    def start(self) -> None:
        self.ctl("-w", "start")
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'one_window'").fetchone():
                conn.execute("CREATE DATABASE one_window")

    def restart(self) -> None:
        self.ctl("-w", "-m", "fast", "restart")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.ctl("-w", "-m", "immediate", "stop")

    def client_connections(self, database: str = "one_window") -> int:
        """Connections of the portal's processes (client backends of the portal's database)."""
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'",
                (database,),
            ).fetchone()
        return int(row[0])

    def query(self, sql: str, *params) -> list[tuple]:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()


class PrivateRedis:
    def __init__(self, base: Path) -> None:
        self.port = free_port()
        self.dir = base / "redis"
        self.dir.mkdir()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.dir)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(self.alive, seconds=15, what="redis start")

    def alive(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


HTTP_SERVERS = ("daphne", "gunicorn", "uvicorn", "granian")
README_LAYOUT = "gunicorn"  # the Production section's: gunicorn for HTTP, daphne for /ws/


def layout_sizes(http_server: str) -> tuple[int, int]:
    """Server processes (or workers) and each one's pool for an HTTP server layout: two daphne
    processes with a pool of 8, or 2 × cores workers (a sync worker's pool is 2, uvicorn's 8)."""
    if http_server == "daphne":
        return 2, 8
    return 2 * (os.cpu_count() or 1), 8 if http_server == "uvicorn" else 2


def _descendants(pid: int) -> list[int]:
    """``pid``'s children, grandchildren... (from /proc; a process gone meanwhile is skipped)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used so far (/proc/<pid>/stat utime + stime)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def _listener() -> socket.socket:
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1024)
    return listener


@dataclass
class Servers:
    """The portal's server processes, as the README deploys them behind a proxy.

    ``http_server`` chooses what serves HTTP; the processes share one listening socket (``port``),
    so the kernel spreads connections over them as the proxy in front would:

    - ``daphne``: ``count`` daphne processes serving HTTP and websockets on ``port``;
    - ``gunicorn``: one gunicorn master with ``count`` sync workers (WSGI) for HTTP, and
      ``ws_processes`` daphne processes for ``/ws/`` on a socket of their own (``ws_port``), as the
      proxy routes them by path;
    - ``uvicorn``: one uvicorn supervisor with ``count`` workers serving both on ``port``;
    - ``granian``: granian with ``count`` WSGI workers for HTTP (its own port), daphne for ``/ws/``.

    ``ws_env`` is the environment of the websocket processes (their own pool size), ``env`` the
    HTTP processes'.
    """

    env: dict[str, str]
    logs: Path
    http_server: str = "daphne"
    ws_processes: int = 1
    ws_env: dict[str, str] | None = None
    listener: socket.socket = field(init=False)
    procs: list[subprocess.Popen] = field(default_factory=list)
    ws_procs: list[subprocess.Popen] = field(default_factory=list)
    count: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        if self.http_server not in HTTP_SERVERS:
            raise ValueError(f"http_server must be one of {HTTP_SERVERS}")
        self.logs.mkdir(parents=True, exist_ok=True)
        if self.http_server == "granian":  # granian binds its own socket: no descriptor to pass
            self.listener = socket.socket()
            self.port = free_port()
        else:
            self.listener = _listener()
            self.port = self.listener.getsockname()[1]
        self.ws_listener: socket.socket | None = None
        self.ws_port = self.port
        if self.separate_websockets:
            self.ws_listener = _listener()
            self.ws_port = self.ws_listener.getsockname()[1]

    @property
    def separate_websockets(self) -> bool:
        """True when websockets go to daphne processes of their own (the HTTP server is WSGI)."""
        return self.http_server in {"gunicorn", "granian"}

    def _log(self, name: str):
        return open(self.logs / f"server-{name}.log", "ab")

    def _daphne(self, listener: socket.socket, env: dict[str, str], name: str) -> subprocess.Popen:
        fd = listener.fileno()
        return subprocess.Popen(
            [PYTHON, "-m", "daphne", "--fd", str(fd), "center.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=self._log(name),
            stderr=subprocess.STDOUT,
            pass_fds=(fd,),
        )

    def _command(self, count: int) -> list[str]:
        fd = str(self.listener.fileno())
        if self.http_server == "gunicorn":
            return [
                *(PYTHON, "-m", "gunicorn", "--bind", f"fd://{fd}", "--workers", str(count)),
                *("--worker-class", "sync", "--no-control-socket", "center.wsgi:application"),
            ]
        if self.http_server == "uvicorn":
            return [
                *(PYTHON, "-m", "uvicorn", "--fd", fd, "--workers", str(count), "--no-access-log"),
                *("--log-level", "warning", "--lifespan", "off", "center.asgi:application"),
            ]
        return [
            *(PYTHON, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(self.port)),
            *("--workers", str(count), "--no-ws", "--log-level", "warning", "center.wsgi:application"),
        ]

    def spawn(self) -> subprocess.Popen:
        """One more daphne process serving HTTP (the ``daphne`` layout: a supervisor's restart)."""
        proc = self._daphne(self.listener, self.env, f"daphne-{len(self.procs)}")
        self.procs.append(proc)
        return proc

    def start(self, count: int) -> None:
        self.count = count
        if self.http_server == "daphne":
            for _ in range(count):
                self.spawn()
        else:
            fd = self.listener.fileno()
            self.procs.append(
                subprocess.Popen(
                    self._command(count),
                    cwd=ROOT,
                    env=self.env,
                    stdout=self._log(self.http_server),
                    stderr=subprocess.STDOUT,
                    pass_fds=(fd,) if self.http_server != "granian" else (),
                )
            )
        if self.separate_websockets:
            for n in range(self.ws_processes):
                self.ws_procs.append(self._daphne(self.ws_listener, self.ws_env or self.env, f"ws-daphne-{n}"))
        self.wait_ready()

    def wait_ready(self) -> None:
        def answers(port: int, path: str) -> bool:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}{path}", headers={"Host": HOST}, timeout=3)
            except httpx.HTTPError:
                return False
            return response.status_code == 200

        def ready() -> bool:
            for proc in self.live() + self.ws_procs:
                if proc.poll() is not None:
                    raise RuntimeError(f"a server process exited: {self.log_tail()}")
            if self.http_server != "daphne" and len(self.workers()) < self.count:
                return False
            return answers(self.port, "/readyz") and (not self.separate_websockets or answers(self.ws_port, "/healthz"))

        _wait(ready, seconds=90, what="the servers' readiness", step=0.3)

    def live(self) -> list[subprocess.Popen]:
        return [p for p in self.procs if p.returncode is None and p.poll() is None]

    def workers(self) -> list[int]:
        """The pids of the processes that serve HTTP requests (for gunicorn, uvicorn and granian:
        the master's worker processes, not the master)."""
        if self.http_server == "daphne":
            return [p.pid for p in self.live()]
        return [pid for p in self.live() for pid in _descendants(p.pid) if _is_worker(pid)]

    def pids(self) -> list[int]:
        """Every process of the deployment: masters, workers, websocket processes."""
        mains = [p.pid for p in self.live() + self.ws_procs if p.poll() is None]
        return mains + [pid for pid in mains for pid in _descendants(pid)]

    def kill_one(self) -> int:
        """SIGKILL one process serving HTTP, as the kernel's OOM killer would: a daphne process, or
        one worker of the gunicorn / uvicorn / granian master (which starts a new one). Returns its pid."""
        if self.http_server == "daphne":
            victim = self.live()[0]
            victim.send_signal(signal.SIGKILL)
            victim.wait(timeout=10)
            return victim.pid
        pid = self.workers()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def recover(self) -> None:
        """After ``kill_one``: what the supervisor does (systemd restarts a daphne process; a
        master replaces its worker by itself), then wait until the deployment is ready again."""
        if self.http_server == "daphne":
            self.spawn()
        self.wait_ready()

    def stop(self) -> None:
        for proc in self.live() + self.ws_procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs + self.ws_procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                for pid in _descendants(proc.pid):
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
                proc.kill()
        self.listener.close()
        if self.ws_listener is not None:
            self.ws_listener.close()

    def log_text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.logs.glob("server-*.log")))

    def log_tail(self, chars: int = 6000) -> str:
        return self.log_text()[-chars:]


def _is_worker(pid: int) -> bool:
    """A worker serves requests; multiprocessing's helper processes (resource tracker) do not."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"resource_tracker" not in cmdline and b"semaphore_tracker" not in cmdline


@functools.cache
def ssl_context():
    """One TLS context for every client the tier makes. httpx builds a new one (loading the CA
    bundle) for each client otherwise: about 34 ms of CPU, more than a whole submission costs the
    server, so a load generator with a fresh cookie jar per resident measured mostly itself. The
    tier's clients speak plain HTTP to the servers; the context is never used to connect."""
    return httpx.create_ssl_context()


class ProxyTransport(httpx.AsyncBaseTransport):
    """Plays the TLS-terminating proxy: the request for https://mediation.test/... goes as plain
    HTTP to the servers' socket with the headers such a proxy adds. The client's cookie jar sees
    the https URL, so the production profile's secure cookies travel as in a browser."""

    def __init__(self, port: int, address: str) -> None:
        self.port = port
        self.address = address
        self.inner = httpx.AsyncHTTPTransport(verify=ssl_context())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        headers = httpx.Headers(request.headers)
        headers["X-Forwarded-Proto"] = "https"
        headers["X-Forwarded-For"] = self.address
        forwarded = httpx.Request(
            request.method,
            request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port),
            headers=headers,
            stream=request.stream,
            extensions=request.extensions,
        )
        return await self.inner.handle_async_request(forwarded)

    async def aclose(self) -> None:
        await self.inner.aclose()


_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One person's browser: its own cookies and client address, CSRF handled as a page would."""

    def __init__(self, stack: "Stack", *, address: str | None = None, timeout: float = 60, port: int = 0) -> None:
        self.stack = stack
        self.address = address or stack.next_address()
        self.client = httpx.AsyncClient(
            base_url=ORIGIN,
            transport=ProxyTransport(port or stack.servers.port, self.address),
            headers={"Origin": ORIGIN, "Referer": f"{ORIGIN}/", "User-Agent": "one-window-production-tier"},
            timeout=timeout,
        )

    async def __aenter__(self) -> "Browser":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.aclose()

    async def get(self, path: str, **kwargs) -> httpx.Response:
        return await self.client.get(path, **kwargs)

    async def page(self, path: str) -> tuple[httpx.Response, str]:
        """GET a page (following redirects) and return it with its form's CSRF token."""
        response = await self.client.get(path, follow_redirects=True)
        found = _CSRF_INPUT.search(response.text)
        return response, found.group(1) if found else self.client.cookies.get("csrftoken", "")

    async def post(self, path: str, data: dict | list | None = None, *, files=None, token: str = "", **kw):
        """POST a form as the page at ``path`` would (the CSRF token from the page or the cookie)."""
        token = token or self.client.cookies.get("csrftoken") or (await self.page(path))[1]
        pairs = list(data.items()) if isinstance(data, dict) else list(data or [])
        pairs.append(("csrfmiddlewaretoken", token))
        fields: dict[str, list[str]] = {}
        for name, value in pairs:  # repeated names (multi-selects) become lists, as httpx wants them
            fields.setdefault(name, []).extend(value if isinstance(value, list) else [value])
        return await self.client.post(path, data=fields, files=files, **kw)

    async def sign_in(self, username: str, password: str = DEMO_PASSWORD) -> None:
        _page, token = await self.page("/staff/login/")
        response = await self.client.post(
            "/staff/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302, (username, response.status_code, response.text[:500])

    @property
    def session(self) -> str:
        return self.client.cookies.get("sessionid", "")

    def ws_headers(self) -> dict[str, str]:
        return {"Origin": ORIGIN, "Cookie": f"sessionid={self.session}"}


class Stack:
    """PostgreSQL, Redis and the portal's server processes, as the README deploys them."""

    @classmethod
    def for_layout(cls, http_server: str = README_LAYOUT) -> "Stack":
        processes, pool_max = layout_sizes(http_server)
        return cls(processes=processes, pool_max=pool_max, http_server=http_server)

    def __init__(
        self,
        *,
        processes: int = 2,
        pool_max: int = 8,
        http_server: str = "daphne",
        ws_processes: int = 1,
        ws_pool_max: int = 8,
    ) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="one-window-production-"))
        self.base.chmod(0o755)  # PostgreSQL runs as its own user and must reach its folder
        self.postgres = PrivatePostgres(self.base)
        self.redis = PrivateRedis(self.base)
        self.processes = processes
        self.pool_max = pool_max
        self.http_server = http_server
        self.ws_processes = ws_processes
        self.ws_pool_max = ws_pool_max
        self._address = 0
        self.seed: dict = {}
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_", "DATABASE_", "DB_POOL"))},
            "DJANGO_SETTINGS_MODULE": "center.settings",
            "ONE_WINDOW_PROFILE": "production",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1,localhost",
            "DATABASE_URL": self.postgres.url(),
            "REDIS_URL": self.redis.url,
            "PROXY_COUNT": "1",
            "ONE_WINDOW_VAR_DIR": str(self.base / "var"),
            "STATIC_ROOT": str(self.base / "static"),
            "MEDIA_ROOT": str(self.base / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.base / "private"),
            "DB_POOL_MIN_SIZE": str(min(2, pool_max)),
            "DB_POOL_MAX_SIZE": str(pool_max),
            "DB_POOL_TIMEOUT": "10",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        self.servers = self.make_servers(self.base)

    def make_servers(self, logs: Path, **env) -> Servers:
        """Server processes of this stack's layout (``env``: overrides for their environment)."""
        ws_env = self.env | {"DB_POOL_MAX_SIZE": str(self.ws_pool_max)} | env
        return Servers(
            self.env | env, logs, http_server=self.http_server, ws_processes=self.ws_processes, ws_env=ws_env
        )

    @property
    def pool_total(self) -> int:
        """The most PostgreSQL connections the server processes may hold (their pools' sizes)."""
        ws = self.ws_processes * self.ws_pool_max if self.servers.separate_websockets else 0
        return self.processes * self.pool_max + ws

    def redeploy(self, *, http_server: str, processes: int, pool_max: int) -> None:
        """Replace the server processes with another layout on the same data (the benchmarks)."""
        self.servers.stop()
        self.http_server, self.processes, self.pool_max = http_server, processes, pool_max
        self.env |= {"DB_POOL_MIN_SIZE": str(min(2, pool_max)), "DB_POOL_MAX_SIZE": str(pool_max)}
        self.servers = self.make_servers(self.base / f"{http_server}-{processes}-{secrets.token_hex(3)}")
        self.servers.start(processes)

    def next_address(self) -> str:
        """A distinct client address per simulated person (rate limits count per address)."""
        self._address += 1
        return f"10.{(self._address >> 16) & 255}.{(self._address >> 8) & 255}.{self._address & 255}"

    def manage(self, *args: str, env: dict | None = None) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=env or self.env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}")
        return done.stdout

    def seed_env(self) -> dict[str, str]:
        """The embedded profile against the same database: demo data is refused under production."""
        env = {k: v for k, v in self.env.items() if k not in {"ONE_WINDOW_PROFILE", "SECRET_KEY", "ALLOWED_HOSTS"}}
        return env | {"ONE_WINDOW_PROFILE": "embedded", "SECRET_KEY": self.env["SECRET_KEY"]}

    def start(self) -> "Stack":
        self.postgres.start()
        self.redis.start()
        self.manage("migrate", "--no-input", "-v0")
        self.manage("collectstatic", "--no-input", "-v0")
        self.manage("load_demo", "--quiet-logins", env=self.seed_env())
        out = subprocess.run(
            [PYTHON, "-m", "tests.production.seed"],
            cwd=ROOT,
            env=self.seed_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            raise RuntimeError(f"seeding failed:\n{out.stderr[-6000:]}")
        self.seed = json.loads(out.stdout.strip().splitlines()[-1])
        self.servers.start(self.processes)
        return self

    def stop(self) -> None:
        self.servers.stop()
        self.redis.stop()
        self.postgres.stop()
        if os.environ.get("KEEP_PRODUCTION_TIER_FILES") != "1":
            shutil.rmtree(self.base, ignore_errors=True)

    def server_errors(self) -> list[str]:
        """Lines of the servers' logs that report a 500 (an unhandled error)."""
        return [line for line in self.servers.log_text().splitlines() if "Internal Server Error" in line]

    def browser(self, **kwargs) -> Browser:
        return Browser(self, **kwargs)

    def api(self, token: str | None = None, *, address: str | None = None, port: int = 0) -> httpx.AsyncClient:
        """A JSON client (a kiosk, the hotline's system, a staff tool with a personal token)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.AsyncClient(
            base_url=ORIGIN,
            transport=ProxyTransport(port or self.servers.port, address or self.next_address()),
            headers=headers,
            timeout=60,
        )
