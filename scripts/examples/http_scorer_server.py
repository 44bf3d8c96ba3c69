#!/usr/bin/env python3
"""An example scoring service for tao's HTTP scorer: copy it and replace `score_candidate` with your own rule.

Speaks tao.score-request/1 (docs/scoring.md, "HTTP scorer", docs/schemas/): POST /score with
    {"schema": "tao.score-request/1", "scorer": "http", "prompt": {"id", "task", "text", "metadata"},
     "candidates": [{"index": 0, "text": "..."}, ...]}
and answers one entry per candidate, in order:
    {"scores": [{"score": 0.75, "components": {"answered": 1, "numeric": 1, "concise": 0.5}}, {"error": "..."}]}

The rule here is deliberately simple and needs no labels: the answer is the completion's first line; a candidate
gets credit for answering at all, for an answer that is a number (most tao tasks ask for one) and for keeping it
short. An empty completion is not an error: it scores 0. A completion over --max-chars is refused with an
{"error": ...} entry, to show how a service reports a candidate it cannot judge.

Run it (standard library only, Python 3.8+):
    python3 scripts/examples/http_scorer_server.py --port 8808
    # then in the run configuration: scorer http, url http://127.0.0.1:8808/score
    # optional: TAO_SCORER_TOKEN=secret python3 ... --token-env TAO_SCORER_TOKEN  (requires "Authorization: Bearer secret")
It prints "listening on http://HOST:PORT/score" once it accepts requests (--port 0 picks a free port).
"""
import argparse
import json
import os
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCHEMA = "tao.score-request/1"
NUMBER = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?$")


def score_candidate(prompt, text):
    """Returns {"score": total in [0, 1], "components": {...}} for one completion of `prompt`."""
    answer = text.split("\n", 1)[0].strip()
    answered = 1.0 if answer else 0.0
    numeric = 1.0 if NUMBER.match(answer) else 0.0
    concise = 0.0 if not answer else max(0.0, 1.0 - max(0, len(answer) - 8) / 32)
    total = 0.5 * answered * numeric + 0.25 * answered + 0.25 * concise
    return {"score": round(total, 6), "components": {"answered": answered, "numeric": numeric, "concise": round(concise, 6)}}


class ScoringHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    max_chars = 10_000
    token = None

    def reply(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        if self.path != "/score":
            return self.reply(404, {"error": "POST to /score"})
        if self.token and self.headers.get("Authorization") != f"Bearer {self.token}":
            return self.reply(401, {"error": "missing or wrong bearer token"})
        try:
            request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        except ValueError:
            return self.reply(400, {"error": "the body is not JSON"})
        if not isinstance(request, dict) or request.get("schema") != SCHEMA:
            return self.reply(400, {"error": f"expected schema {SCHEMA}"})
        prompt = request["prompt"]
        scores = []
        for candidate in request["candidates"]:
            if len(candidate["text"]) > self.max_chars:
                scores.append({"error": f"candidate {candidate['index']} is over {self.max_chars} characters"})
            else:
                scores.append(score_candidate(prompt, candidate["text"]))
        self.reply(200, {"scores": scores})

    def log_message(self, format, *args):
        pass  # quiet; a real service would log the prompt id and timings (never the token)


def main():
    parser = argparse.ArgumentParser(description="An example scoring service for tao's HTTP scorer.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8808, help="port to listen on; 0 picks a free one (default 8808)")
    parser.add_argument("--max-chars", type=int, default=10_000, help="longer candidates get an error entry")
    parser.add_argument("--token-env", help="environment variable holding a bearer token the client must send")
    arguments = parser.parse_args()
    ScoringHandler.max_chars = arguments.max_chars
    if arguments.token_env:
        ScoringHandler.token = os.environ.get(arguments.token_env) or parser.error(f"{arguments.token_env} is not set")
    server = ThreadingHTTPServer((arguments.host, arguments.port), ScoringHandler)
    print(f"listening on http://{arguments.host}:{server.server_address[1]}/score", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
