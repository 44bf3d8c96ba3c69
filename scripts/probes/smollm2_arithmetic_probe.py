#!/usr/bin/env python3
"""Write a chat-formatted arithmetic probe set for an instruct model (a JSON Lines file for `tao eval`).

Two operands of 2-3 digits (or --digits 1-2), + or -, posed as a user of an instruct model would pose them, with the answer format
stated. A probe for measuring a base model before tuning (issue: TAO on a real model); it is not the task's
held-out split and is never used to choose anything.

    python3 scripts/probes/smollm2_arithmetic_probe.py --count 100 --seed 13 > /tmp/arith-chat.jsonl
    tao eval --model "$(tao model fetch smollm2-135m-instruct)" --task arithmetic --split /tmp/arith-chat.jsonl \
        --samples 8 --k 8 --max-tokens 24
"""
import argparse
import json
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--digits", choices=["2-3", "1-2"], default="2-3", help="operand sizes")
    parser.add_argument("--style", choices=["number", "plain"], default="number",
                        help="number: ask for the number alone; plain: just the question")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for i in range(args.count):
        low, high = (10, 999) if args.digits == "2-3" else (1, 99)
        a, b = rng.randint(low, high), rng.randint(low, high)
        op = rng.choice("+-")
        value = a + b if op == "+" else a - b
        question = f"What is {a} {op} {b}?"
        if args.style == "number":
            question += " Answer with the number only."
        # prompt: what the arithmetic verifier reads (the bare expression); messages: what the model sees.
        line = {"id": f"probe-{args.seed}-{i}", "task": "arithmetic", "prompt": f"{a}{op}{b}=",
                "messages": [{"role": "user", "content": question}], "answer": str(value)}
        print(json.dumps(line))


if __name__ == "__main__":
    main()
