"""Drives `tao serve` with the official `openai` client, as a user's code would, and prints what it saw as JSON.

Usage: python3 openai_client_check.py PORT. The Swift test (OpenAIClientTests) starts the server and checks the
output; the asserts here are protocol facts any OpenAI-compatible server must meet.
"""
import json
import sys
import urllib.error
import urllib.request

import openai

port = int(sys.argv[1])
base = f"http://127.0.0.1:{port}/v1"
client = openai.OpenAI(base_url=base, api_key="not-needed", max_retries=0, timeout=300)
question = [{"role": "user", "content": "What is 2+2? Reply with the number only."}]
out = {"openai_version": openai.__version__}

out["models"] = [m.id for m in client.models.list().data]

raw = client.chat.completions.with_raw_response.create(
    model="tao", messages=question, max_tokens=12, temperature=0, metadata={"task": "arithmetic", "team": "docs"})
chat = raw.parse()
out["chat"] = {
    "version_header": raw.headers.get("x-tao-policy-version"),
    "fingerprint": chat.system_fingerprint,
    "object": chat.object,
    "content": chat.choices[0].message.content,
    "role": chat.choices[0].message.role,
    "finish_reason": chat.choices[0].finish_reason,
    "usage": chat.usage.model_dump(exclude_none=True),
}

pieces, finishes, chunks, usage = [], [], 0, None
with client.chat.completions.with_streaming_response.create(
        model="tao", messages=question, max_tokens=12, temperature=0, stream=True,
        stream_options={"include_usage": True}) as response:
    out["stream_version_header"] = response.headers.get("x-tao-policy-version")
    out["stream_content_type"] = response.headers.get("content-type")
    for chunk in response.parse():
        chunks += 1
        assert chunk.object == "chat.completion.chunk", chunk
        if chunk.usage is not None:
            usage = chunk.usage.model_dump(exclude_none=True)
        for choice in chunk.choices:
            if choice.delta.content:
                pieces.append(choice.delta.content)
            if choice.finish_reason:
                finishes.append(choice.finish_reason)
out["stream"] = {"content": "".join(pieces), "chunks": chunks, "finish_reasons": finishes, "usage": usage}

several = client.chat.completions.create(
    model="tao", messages=[{"role": "user", "content": "Name a colour."}], max_tokens=6, temperature=1, n=3, seed=7)
again = client.chat.completions.create(
    model="tao", messages=[{"role": "user", "content": "Name a colour."}], max_tokens=6, temperature=1, n=3, seed=7)
out["n3"] = {
    "indices": [c.index for c in several.choices],
    "contents": [c.message.content for c in several.choices],
    "same_with_same_seed": [c.message.content for c in several.choices] == [c.message.content for c in again.choices],
}

completion = client.completions.create(model="tao", prompt=["1+1=", "The sky is"], max_tokens=4, temperature=0)
out["completions"] = {"object": completion.object, "texts": [c.text for c in completion.choices],
                      "indices": [c.index for c in completion.choices]}
streamed = "".join(c.choices[0].text for c in client.completions.create(
    model="tao", prompt="The sky is", max_tokens=4, temperature=0, stream=True) if c.choices)
out["completions_stream"] = streamed

errors = {}
def capture(name, call):
    try:
        call()
        errors[name] = "accepted"
    except openai.APIStatusError as error:
        errors[name] = {"status": error.status_code, "body": error.body}  # the client unwraps {"error": ...}

capture("temperature", lambda: client.chat.completions.create(model="tao", messages=question, temperature=3))
capture("model", lambda: client.chat.completions.create(model="gpt-17", messages=question))
capture("empty_messages", lambda: client.chat.completions.create(model="tao", messages=[]))
capture("too_many_tokens", lambda: client.chat.completions.create(model="tao", messages=question, max_tokens=10**6))
def raw(path, body=None):
    """A request no client library would send, answered as (status, parsed JSON body)."""
    request = urllib.request.Request(base + path, data=body, headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return {"status": reply.status, "body": json.load(reply).get("error")}
    except urllib.error.HTTPError as error:
        return {"status": error.code, "body": json.load(error).get("error")}

for name, body in [("not_json", b"{not json"), ("no_messages", b'{"model": "tao"}'),
                   ("unknown_field", b'{"model": "tao", "messages": [{"role": "user", "content": "x"}], "tools": []}')]:
    errors[name] = raw("/chat/completions", body)
errors["route"] = raw("/no/such/route")
out["errors"] = errors

print(json.dumps(out))
