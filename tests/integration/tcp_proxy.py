"""A loopback TCP proxy for tests that need a network that misbehaves on command.

Modes: ``pass`` forwards bytes both ways; ``stall`` accepts and holds connections but moves no bytes (a hung
load balancer); ``drop`` closes every connection, new and open (a proxy restarting). Switching mode applies to
connections already open too. Everything is bounded: sockets poll with short timeouts and every thread ends on
``close()``. It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading

PASS, STALL, DROP = "pass", "stall", "drop"
_TICK = 0.05


class TcpProxy:
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.mode = PASS
        self.accepted = 0
        self._closed = threading.Event()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(_TICK)
        self.port = int(self._listener.getsockname()[1])
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket | None]] = []
        self._threads: list[threading.Thread] = []
        self._accept_thread = threading.Thread(target=self._accept_loop, name="tcp-proxy-accept", daemon=True)
        self._accept_thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set_mode(self, mode: str) -> None:
        if mode not in (PASS, STALL, DROP):
            raise ValueError(mode)
        self.mode = mode
        if mode == DROP:
            self._drop_all()

    def _drop_all(self) -> None:
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for client, upstream in pairs:
            for sock in (client, upstream):
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.close()

    def _accept_loop(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            if self.mode == DROP:
                client.close()
                continue
            thread = threading.Thread(target=self._serve, args=(client,), name="tcp-proxy-conn", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        with self._lock:
            self._pairs.append((client, None))
        try:
            while self.mode == STALL and not self._closed.is_set():  # hold the connection, open nothing yet
                self._closed.wait(_TICK)
            if self.mode == DROP or self._closed.is_set():
                return
            upstream = socket.create_connection(self.upstream, timeout=5)
            with self._lock:
                self._pairs = [(c, u) for c, u in self._pairs if c is not client] + [(client, upstream)]
            self._pump(client, upstream)
        except (OSError, ValueError):  # a socket closed under us by drop/close: the connection is over
            pass
        finally:
            for sock in (client, upstream):
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.close()
            with self._lock:
                self._pairs = [(c, u) for c, u in self._pairs if c is not client]

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        peers = {client: upstream, upstream: client}
        while not self._closed.is_set():
            if self.mode == DROP:
                return
            if self.mode == STALL:
                self._closed.wait(_TICK)
                continue
            readable, _, _ = select.select(list(peers), [], [], _TICK)
            for sock in readable:
                data = sock.recv(65536)
                if not data:
                    return
                peers[sock].sendall(data)

    def close(self) -> None:
        self._closed.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        self._drop_all()
        self._accept_thread.join(2)
        for thread in self._threads:
            thread.join(2)

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class HttpsAuthProxy:
    """An HTTPS reverse proxy on loopback that demands one `Authorization` header, like a gateway behind an
    ingress: a missing or wrong header gets 401; everything else is forwarded to the plain-HTTP upstream.

    `certfile`/`keyfile` are a self-signed pair (made with the `openssl` CLI by the test).
    """

    def __init__(self, upstream: str, *, certfile: str, keyfile: str, authorization: str) -> None:
        import http.client
        import ssl
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import urlsplit

        target = urlsplit(upstream)
        proxy = self
        self.requests = 0
        self.refused = 0

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _forward(self) -> None:
                proxy.requests += 1
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if self.headers.get("Authorization") != authorization:
                    proxy.refused += 1
                    page = b"<html><head><title>401 Authorization Required</title></head></html>"
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", "Bearer")
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(page)))
                    self.end_headers()
                    self.wfile.write(page)
                    return
                conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
                try:
                    headers = {
                        k: v
                        for k, v in self.headers.items()
                        if k.lower() not in ("host", "authorization", "connection")
                    }
                    conn.request(self.command, self.path, body=body, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                finally:
                    conn.close()
                self.send_response(resp.status)
                for key, value in resp.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _forward

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certfile, keyfile)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="https-auth-proxy",
            daemon=True,
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def __enter__(self) -> HttpsAuthProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
