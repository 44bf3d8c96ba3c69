#!/usr/bin/env python3
"""An HTTP proxy in front of an S3 server that misbehaves on purpose, for S3BlobsTests.

Usage: fault_proxy.py UPSTREAM_PORT MODE COUNT — prints its port on the first line, then proxies.
MODE fail: answer the first COUNT requests with 500 and an S3 error document (then forward normally).
MODE stall-parts: hold the first COUNT part uploads (PUT with partNumber) without answering, then forward the rest.
MODE stall: hold every request without answering (a hung server).
"""
import http.client
import http.server
import sys
import threading
import time

upstream, mode, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
lock = threading.Lock()
seen = {"requests": 0, "parts": 0}


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with lock:
            seen["requests"] += 1
            number = seen["requests"]
            is_part = self.command == "PUT" and "partNumber=" in self.path
            if is_part:
                seen["parts"] += 1
            part_number = seen["parts"]
        if mode == "stall" or (mode == "stall-parts" and is_part and part_number <= count):
            time.sleep(3600)
            return
        if mode == "fail" and number <= count:
            error = b"<Error><Code>InternalError</Code><Message>injected failure</Message></Error>"
            self.send_response(500)
            self.send_header("Content-Length", str(len(error)))
            self.end_headers()
            self.wfile.write(error)
            return
        connection = http.client.HTTPConnection("127.0.0.1", upstream, timeout=30)
        headers = {k: v for k, v in self.headers.items()}
        connection.request(self.command, self.path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("transfer-encoding", "content-length", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
