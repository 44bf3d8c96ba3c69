#!/usr/bin/env python3
"""A scoring service that misbehaves on purpose, for Tests/HTTPScoringTests. Standard library only.

The request path picks the behaviour (POST):
  /ok                         scores every candidate: its text as a number if it is one in [0, 1], else len/100
  /fail-first/N[/CODE]        the first N requests to this path get HTTP CODE (default 500), later ones /ok
  /status/CODE                always HTTP CODE
  /hang                       never answers (sleeps 60 s)
  /stall                      sends the head and half the body, then nothing
  /garbage                    200 with an HTML page
  /short                      one entry too few
  /candidate-error/I          candidate I (its index in the group) gets {"error": ...}
  /nan | /range | /string     the first entry's score is NaN | 1.5 | "high"
  /slow/MS                    waits MS milliseconds, then /ok
GET /_log returns what was seen: requests per path, the most in flight at once per path, and every request's
path, Authorization header and JSON body in arrival order.

Prints "http://127.0.0.1:PORT" on its first line once it listens.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
counts, in_flight, max_in_flight, log = {}, {}, {}, []


def score_of(text):
    try:
        value = float(text)
        if 0 <= value <= 1:
            return value
    except ValueError:
        pass
    return min(1.0, len(text) / 100)


def ok_scores(request, error_index=None):
    entries = []
    for candidate in request["candidates"]:
        if candidate["index"] == error_index:
            entries.append({"error": f"candidate {error_index} is too long to judge"})
        else:
            value = score_of(candidate["text"])
            entries.append({"score": value, "components": {"echo": value}})
    return entries


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, payload, content_type="application/json", headers=()):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with lock:
            snapshot = {"counts": counts, "max_in_flight": max_in_flight, "requests": log}
            self.send(200, snapshot)

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        path = self.path
        with lock:
            counts[path] = counts.get(path, 0) + 1
            number = counts[path]
            in_flight[path] = in_flight.get(path, 0) + 1
            max_in_flight[path] = max(max_in_flight.get(path, 0), in_flight[path])
            log.append({"path": path, "authorization": self.headers.get("Authorization"), "body": json.loads(raw)})
        try:
            self.respond(path.strip("/").split("/"), number, json.loads(raw))
        finally:
            with lock:
                in_flight[path] -= 1

    def respond(self, parts, number, request):
        mode, args = parts[0], parts[1:]
        if mode == "ok":
            self.send(200, {"scores": ok_scores(request)})
        elif mode == "fail-first":
            code = int(args[1]) if len(args) > 1 else 500
            if number <= int(args[0]):
                self.send(code, {"error": f"injected {code}"}, headers=[("Retry-After", "0")] if code == 429 else [])
            else:
                self.send(200, {"scores": ok_scores(request)})
        elif mode == "status":
            self.send(int(args[0]), {"error": f"injected {args[0]}"})
        elif mode == "hang":
            time.sleep(60)
        elif mode == "stall":
            body = json.dumps({"scores": ok_scores(request)}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            time.sleep(60)
        elif mode == "garbage":
            self.send(200, b"<html><body>502 Bad Gateway</body></html>", content_type="text/html")
        elif mode == "short":
            self.send(200, {"scores": ok_scores(request)[:-1]})
        elif mode == "candidate-error":
            self.send(200, {"scores": ok_scores(request, error_index=int(args[0]))})
        elif mode in ("nan", "range", "string"):
            entries = ok_scores(request)
            entries[0]["score"] = {"nan": float("nan"), "range": 1.5, "string": "high"}[mode]
            self.send(200, {"scores": entries})  # json.dumps writes NaN as a bare NaN, as Python services do
        elif mode == "slow":
            time.sleep(int(args[0]) / 1000)
            self.send(200, {"scores": ok_scores(request)})
        else:
            self.send(404, {"error": f"no fault mode {mode}"})


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()
