"""Pieces for measuring and testing live screens against real daphne processes.

* ``WebSocket``: a small RFC 6455 client on asyncio streams (the ``websockets`` package is not a
  dependency; this is enough to open a thousand sockets with a session cookie and read frames);
* ``daphne``: one daphne process serving an ASGI application on a free port;
* ``redis_reachable`` and ``live_env``: the environment of processes that share a database and,
  through Redis, a channel layer and a cache.
"""

import asyncio
import base64
import contextlib
import hashlib
import json
import os
import socket
import struct
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
APP = "center.asgi:application"
SETTINGS = "center.settings"


class Closed(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(f"websocket closed with {code}")
        self.code = code


class WebSocket:
    """A client websocket: ``await WebSocket.connect(url, headers=...)``, then ``recv_json``/``send_json``."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.close_code: int | None = None
        self._buffer = bytearray()

    @classmethod
    async def connect(cls, url: str, *, headers: dict[str, str] | None = None, timeout: float = 15) -> "WebSocket":
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port or 80
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port, limit=2**22), timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        lines = [
            f"GET {target} HTTP/1.1",
            f"Host: {host}:{port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
            *(f"{name}: {value}" for name, value in (headers or {}).items()),
        ]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status:
            writer.close()
            raise ConnectionError(f"handshake refused: {status.decode(errors='replace')}")
        expected = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest())  # noqa: S324 (the protocol's)
        if expected not in head:
            writer.close()
            raise ConnectionError("bad Sec-WebSocket-Accept")
        return cls(reader, writer)

    async def _fill(self, need: int) -> None:
        while len(self._buffer) < need:
            chunk = await self.reader.read(1 << 16)
            if not chunk:
                raise asyncio.IncompleteReadError(bytes(self._buffer), need)
            self._buffer += chunk

    async def _frame(self) -> tuple[bool, int, bytes]:
        """One frame, parsed from a buffer (one read per many frames when they come in bursts)."""
        await self._fill(2)
        b1, b2 = self._buffer[0], self._buffer[1]
        length, at = b2 & 0x7F, 2
        if length == 126:
            await self._fill(4)
            (length,) = struct.unpack_from("!H", self._buffer, 2)
            at = 4
        elif length == 127:
            await self._fill(10)
            (length,) = struct.unpack_from("!Q", self._buffer, 2)
            at = 10
        masked = bool(b2 & 0x80)
        end = at + (4 if masked else 0) + length
        await self._fill(end)
        payload = bytes(self._buffer[end - length : end])
        if masked:
            mask = self._buffer[at : at + 4]
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        del self._buffer[:end]
        return bool(b1 & 0x80), b1 & 0x0F, payload

    async def recv(self) -> str:
        """The next text message (answers pings; raises ``Closed`` at a close frame)."""
        parts: list[bytes] = []
        while True:
            try:
                fin, opcode, payload = await self._frame()
            except (asyncio.IncompleteReadError, ConnectionError) as error:
                raise Closed(1006) from error
            if opcode == 0x8:
                self.close_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                raise Closed(self.close_code)
            if opcode == 0x9:
                await self._send(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            parts.append(payload)
            if fin:
                return b"".join(parts).decode()

    async def recv_json(self, timeout: float | None = None) -> dict:
        if timeout is None:
            return json.loads(await self.recv())
        return json.loads(await asyncio.wait_for(self.recv(), timeout))

    async def send_json(self, content) -> None:
        await self._send(0x1, json.dumps(content).encode())

    async def _send(self, opcode: int, payload: bytes) -> None:
        header = bytearray([0x80 | opcode])
        if len(payload) < 126:
            header.append(0x80 | len(payload))
        elif len(payload) < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", len(payload))
        mask = os.urandom(4)
        header += mask
        self.writer.write(bytes(header) + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
        await self.writer.drain()

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self._send(0x8, struct.pack("!H", 1000))
        self.writer.close()
        with contextlib.suppress(Exception):
            await self.writer.wait_closed()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_reachable(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def live_env(var_dir: Path, *, redis_db: int | None = None, database_url: str = "") -> dict[str, str]:
    """Environment of server processes sharing one database (a SQLite file in ``var_dir`` unless
    ``database_url``) and, with ``redis_db``, one Redis channel layer and cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_", "DATABASE_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "ONE_WINDOW_VAR_DIR": str(var_dir),
        "LOG_LEVEL": "WARNING",
        "RATE_LIMITS_ENABLED": "0",
        "PYTHONPATH": str(ROOT),
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_db is not None:
        run = uuid.uuid4().hex[:8]
        env |= {
            "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
            "CHANNEL_PREFIX": f"lobby-live-{run}",
            "CACHE_KEY_PREFIX": f"lobby-live-{run}",
        }
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def python(env: dict[str, str], module: str, *args: str) -> str:
    done = subprocess.run([PYTHON, "-m", module, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return done.stdout


@contextlib.contextmanager
def daphne(env: dict[str, str], *, app: str = APP) -> Iterator[tuple[subprocess.Popen, int]]:
    """One daphne process; yields (process, port) once it accepts connections."""
    port = free_port()
    proc = subprocess.Popen(
        [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode())
            if time.monotonic() > deadline:
                raise RuntimeError("daphne did not start within 60 s")
            time.sleep(0.1)
        yield proc, port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def rss_kib(pid: int) -> int:
    """Resident memory of a process, in KiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0
