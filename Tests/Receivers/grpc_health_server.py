#!/usr/bin/env python3
"""The reference gRPC health server for canton-status tests (grpc.io's own grpcio-health-checking),
and peers that are not gRPC health servers, all on 127.0.0.1.

    grpc_health_server.py

Prints one line {"grpc": PORT, "tls": PORT, "hang": PORT, "http": PORT} once every server
accepts connections, then runs until killed or until stdin reaches EOF.

- grpc: plaintext grpc.health.v1.Health with "" SERVING, "broken" NOT_SERVING, "maybe" UNKNOWN,
  "gone" SERVICE_UNKNOWN; any other service is NOT_FOUND (the servicer's own answer). Two more
  services answer with bytes a newer health.proto could send: "padded" is SERVING followed by
  unknown fields, "huge" is SERVING followed by an 8 KiB unknown field.
- tls: the same service behind TLS with a self-signed certificate (made with openssl for the run),
  which a client verifying against the system's roots must refuse.
- hang: accepts TCP connections and never writes a byte.
- http: an HTTP/1.1 server; GET /hang-connections answers how many connections to hang are open
  (so a test can see that a client closed its socket after giving up).
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from concurrent import futures
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

STATUSES = {
    "": health_pb2.HealthCheckResponse.SERVING,
    "broken": health_pb2.HealthCheckResponse.NOT_SERVING,
    "maybe": health_pb2.HealthCheckResponse.UNKNOWN,
    "gone": health_pb2.HealthCheckResponse.SERVICE_UNKNOWN,
}


def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def serving_with_unknown_field(size):
    """SERVING (08 01), then field 15 length-delimited and field 9 fixed32 that health.proto lacks.
    protobuf keeps unknown fields when parsing and writes them back when serializing."""
    wire = b"\x08\x01" + b"\x7a" + varint(size) + b"x" * size + b"\x4d\x01\x02\x03\x04"
    return health_pb2.HealthCheckResponse.FromString(wire)


EXTRA = {"padded": serving_with_unknown_field(100), "huge": serving_with_unknown_field(8192)}


class Servicer(health.HealthServicer):
    def Check(self, request, context):
        if request.service in EXTRA:
            return EXTRA[request.service]
        return super().Check(request, context)


def grpc_server(credentials=None):
    servicer = Servicer()
    for service, status in STATUSES.items():
        servicer.set(service, status)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    if credentials is None:
        port = server.add_insecure_port("127.0.0.1:0")
    else:
        port = server.add_secure_port("127.0.0.1:0", credentials)
    server.start()
    return server, port


def self_signed_credentials(directory):
    key, cert = os.path.join(directory, "key.pem"), os.path.join(directory, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    with open(key, "rb") as k, open(cert, "rb") as c:
        return grpc.ssl_server_credentials([(k.read(), c.read())])


class HangServer:
    """Accepts and reads, never writes; counts the connections still open."""

    def __init__(self):
        self.open, self.lock = 0, threading.Lock()
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            connection, _ = self.socket.accept()
            with self.lock:
                self.open += 1
            threading.Thread(target=self.hold, args=(connection,), daemon=True).start()

    def hold(self, connection):
        try:
            while connection.recv(65536):
                pass
        except OSError:
            pass
        finally:
            connection.close()
            with self.lock:
                self.open -= 1


def http_server(hang):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            if self.path == "/hang-connections":
                with hang.lock:
                    body = json.dumps({"open": hang.open}).encode()
            else:
                body = b"an HTTP/1.1 server, not gRPC\n"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def drain_stdin():
    while sys.stdin.buffer.read1(65536):
        pass


def main():
    with tempfile.TemporaryDirectory(prefix="grpc-health-tls") as directory:
        credentials = self_signed_credentials(directory)
    _plain, plain_port = grpc_server()
    _tls, tls_port = grpc_server(credentials)
    hang = HangServer()
    ports = {"grpc": plain_port, "tls": tls_port, "hang": hang.port, "http": http_server(hang)}
    sys.stdout.write(json.dumps(ports) + "\n")
    sys.stdout.flush()
    # A parent that dies closes our stdin; leaving then means no orphaned servers.
    watcher = threading.Thread(target=drain_stdin, daemon=True)
    watcher.start()
    watcher.join()
    os._exit(0)  # skip joining daemon threads that sit in a hang


if __name__ == "__main__":
    main()
