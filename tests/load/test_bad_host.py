"""A real server asked for a host no URL can be built for answers a plain 400 and logs no
traceback (with ALLOWED_HOSTS unset, nothing refuses the host before the app)."""

from __future__ import annotations

import socket

from tests.load import server


def raw_get(port: int, host: str, path: str = "/") -> bytes:
    """Send a GET with this Host header as sent, which urllib would refuse to."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_a_server_asked_for_an_unreadable_host_answers_400_and_logs_no_error(
    database_url, tmp_path
):
    server.write_app(tmp_path, database_url)
    port = server.free_port()
    process = server.start(tmp_path, port)
    try:
        for host in ("a" * 64, "a..b", "."):
            answer = raw_get(port, host, "/auth/login")
            assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
            assert b"host name" in answer
        assert raw_get(port, "localhost", "/healthz").startswith(b"HTTP/1.1 200 ")
    finally:
        server.stop(process)
    assert "Traceback" not in server.log_tail(tmp_path, 400)
