"""Production traffic for the flywheel test: sends arithmetic prompts to `tao serve` with the official `openai`
client, as an application would, and prints one JSON line per answer: the policy version that answered.

Usage: python3 flywheel_client.py PORT PROMPTS_FILE COUNT. PROMPTS_FILE holds one prompt text per line.
"""
import json
import sys

import openai

port, prompts_file, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="not-needed", max_retries=0, timeout=120)
prompts = [line.rstrip("\n") for line in open(prompts_file) if line.strip()]
for index in range(count):
    raw = client.completions.with_raw_response.create(
        model="tao", prompt=prompts[index % len(prompts)], max_tokens=6, temperature=0,
        extra_body={"metadata": {"task": "arithmetic"}})  # the legacy route's method has no metadata argument
    completion = raw.parse()
    print(json.dumps({"version": raw.headers.get("x-tao-policy-version"), "text": completion.choices[0].text,
                      "fingerprint": completion.system_fingerprint}), flush=True)
