#!/usr/bin/env python3
"""Peer benchmark for `tao bench model`: the same Llama shapes trained and sampled by PyTorch on CPU.

Run by hand (not by CI), from anywhere:

    python3 benchmarks/pytorch_bench.py                    # gemm, tiny, small; 2 threads
    python3 benchmarks/pytorch_bench.py --preset small --threads 2

Prints one JSON line per measurement (results also summarised in benchmarks/README.md):
  gemm     single-precision matmul peak at --threads: torch, numpy (its bundled OpenBLAS) and the system
           libopenblas.so.0 that the Swift engine links (cblas_sgemm through ctypes).
  train    forward + backward + AdamW step at batch 8 x seq: median (and best) s/step after warm-up, tokens/s, GFLOP/s.
  generate 32-token prompt, 16 samples x 64 new tokens (do_sample, temperature 1, no top-k/top-p, fixed length):
           new tokens/s, median (and best) of --gen-repeats runs after one warm-up.
  rss      peak resident set size of the process (ru_maxrss), which includes torch itself.
Each preset runs in its own subprocess so its peak RSS is its own. Models are transformers' LlamaForCausalLM,
untied, random init, float32, attn_implementation="sdpa" (PyTorch's fused scaled_dot_product_attention).

FLOPs per training step (the formula is also written into each JSON line):
    6 * N * B * T  +  6 * L * B * T^2 * C
N = parameters excluding the input embedding (lm_head included); the second term is causal attention
(QK^T and AV, 2*2*T*C flops per token per layer forward, halved for the causal mask, times 3 for forward+backward).
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are left as the environment sets them and are reported.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

PRESETS = {
    "tiny": dict(vocab=512, hidden=256, intermediate=688, layers=4, heads=8, kv_heads=4, seq=256),
    "small": dict(vocab=4096, hidden=512, intermediate=1376, layers=8, heads=8, kv_heads=4, seq=512),
}
TRAIN_BATCH = 8
GEN_PROMPT, GEN_SAMPLES, GEN_NEW = 32, 16, 64
FLOPS_FORMULA = "6*N*B*T + 6*L*B*T^2*C; N = params excluding embed_tokens (lm_head included)"


def emit(**fields) -> None:
    fields["loadavg"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(fields), flush=True)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB


def best_seconds(fn, reps: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def bench_gemm(threads: int) -> None:
    import ctypes
    import numpy as np
    import torch

    torch.set_num_threads(threads)
    shapes = [(2048, 2048, 2048), (4096, 512, 1376), (4096, 1376, 512)]  # (M, K, N); the last two are MLP-shaped
    for m, k, n in shapes:
        flop = 2.0 * m * k * n
        a, b = torch.randn(m, k), torch.randn(k, n)
        s = best_seconds(lambda: torch.matmul(a, b), reps=8)
        emit(measure="gemm", impl="torch", threads=threads, m=m, k=k, n=n, gflops=round(flop / s / 1e9, 1))
        an, bn = a.numpy(), b.numpy()
        s = best_seconds(lambda: an @ bn, reps=8)
        emit(measure="gemm", impl="numpy", threads=threads, m=m, k=k, n=n, gflops=round(flop / s / 1e9, 1))
        try:
            lib = ctypes.CDLL("libopenblas.so.0")
        except OSError:
            continue
        lib.openblas_set_num_threads(threads)
        c = np.empty((m, n), dtype=np.float32)
        ptr = lambda x: x.ctypes.data_as(ctypes.POINTER(ctypes.c_float))
        # cblas_sgemm(RowMajor=101, NoTrans=111, NoTrans=111, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)
        call = lambda: lib.cblas_sgemm(101, 111, 111, m, n, k, ctypes.c_float(1.0), ptr(an), k, ptr(bn), n,
                                       ctypes.c_float(0.0), ptr(c), n)
        s = best_seconds(call, reps=8)
        emit(measure="gemm", impl="system-openblas", threads=threads, m=m, k=k, n=n, gflops=round(flop / s / 1e9, 1))


def build_model(p: dict):
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    cfg = LlamaConfig(
        vocab_size=p["vocab"], hidden_size=p["hidden"], intermediate_size=p["intermediate"],
        num_hidden_layers=p["layers"], num_attention_heads=p["heads"], num_key_value_heads=p["kv_heads"],
        max_position_embeddings=max(p["seq"], GEN_PROMPT + GEN_NEW), tie_word_embeddings=False,
        bos_token_id=0, eos_token_id=1, dtype="float32",
    )
    cfg._attn_implementation = "sdpa"
    torch.manual_seed(0)
    return LlamaForCausalLM(cfg).float()


def bench_preset(name: str, threads: int, steps: int, warmup: int, gen_repeats: int) -> None:
    import torch
    from transformers import GenerationConfig

    emit(measure="rss", when="after import torch+transformers", peak_rss_mib=round(peak_rss_mib(), 1), preset=name)

    torch.set_num_threads(threads)
    p = PRESETS[name]
    model = build_model(p)
    B, T, C, L = TRAIN_BATCH, p["seq"], p["hidden"], p["layers"]
    n_total = sum(t.numel() for t in model.parameters())
    n_flops = n_total - model.model.embed_tokens.weight.numel()
    flops = 6 * n_flops * B * T + 6 * L * B * T * T * C
    common = dict(preset=name, threads=threads, attn="sdpa", **p)
    emit(measure="model", params=n_total, params_for_flops=n_flops, rss_mib=round(peak_rss_mib(), 1), **common)

    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    x = torch.randint(0, p["vocab"], (B, T), generator=torch.Generator().manual_seed(0))
    times = []
    for i in range(warmup + steps):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = model(input_ids=x, labels=x).loss
        loss.backward()
        opt.step()
        if i >= warmup:
            times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    best = min(times)
    emit(measure="train", batch=B, steps=steps, warmup=warmup, step_s_median=round(med, 4),
         step_s_min=round(best, 4), step_s_all=[round(t, 4) for t in times], tokens_per_s=round(B * T / med, 1),
         tokens_per_s_best=round(B * T / best, 1), flops_per_step=flops, flops_formula=FLOPS_FORMULA,
         gflops=round(flops / med / 1e9, 2), gflops_best=round(flops / best / 1e9, 2),
         rss_mib=round(peak_rss_mib(), 1), **common)

    del opt
    model.zero_grad(set_to_none=True)
    model.eval()
    prompt = torch.randint(2, p["vocab"], (1, GEN_PROMPT), generator=torch.Generator().manual_seed(1))
    # top_k=0 / top_p=1.0 disable them; None would silently fall back to transformers' default top_k=50.
    gc = GenerationConfig(do_sample=True, temperature=1.0, top_k=0, top_p=1.0, num_return_sequences=GEN_SAMPLES,
                          min_new_tokens=GEN_NEW, max_new_tokens=GEN_NEW, eos_token_id=None, pad_token_id=0)
    warm = GenerationConfig(**{**gc.to_dict(), "min_new_tokens": 4, "max_new_tokens": 4})
    torch.manual_seed(0)
    with torch.no_grad():
        model.generate(input_ids=prompt, generation_config=warm)
        times = []
        for _ in range(gen_repeats):
            t0 = time.perf_counter()
            out = model.generate(input_ids=prompt, generation_config=gc)
            times.append(time.perf_counter() - t0)
    assert out.shape == (GEN_SAMPLES, GEN_PROMPT + GEN_NEW), out.shape
    med = statistics.median(times)
    emit(measure="generate", prompt=GEN_PROMPT, samples=GEN_SAMPLES, new_tokens=GEN_NEW, repeats=gen_repeats,
         s_median=round(med, 4), s_all=[round(t, 4) for t in times],
         new_tokens_per_s=round(GEN_SAMPLES * GEN_NEW / med, 1),
         new_tokens_per_s_best=round(GEN_SAMPLES * GEN_NEW / min(times), 1), top_k=gc.top_k, top_p=gc.top_p,
         rss_mib=round(peak_rss_mib(), 1), **common)
    emit(measure="rss", when="end (train + generate)", peak_rss_mib=round(peak_rss_mib(), 1), **common)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--preset", choices=["all", "gemm", *PRESETS], default="all")
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads / BLAS threads (default 2)")
    ap.add_argument("--steps", type=int, default=6, help="timed training steps (default 6)")
    ap.add_argument("--warmup", type=int, default=2, help="untimed warm-up training steps (default 2)")
    ap.add_argument("--gen-repeats", type=int, default=3, help="timed generation runs (default 3)")
    args = ap.parse_args()

    if args.preset == "all":  # one process per preset so each reports its own peak RSS
        for name in ["gemm", *PRESETS]:
            cmd = [sys.executable, os.path.abspath(__file__), "--preset", name, "--threads", str(args.threads),
                   "--steps", str(args.steps), "--warmup", str(args.warmup), "--gen-repeats", str(args.gen_repeats)]
            subprocess.run(cmd, check=True)
        return

    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)  # before numpy loads its OpenBLAS
    import torch
    import transformers

    emit(measure="env", python=sys.version.split()[0], torch=torch.__version__, transformers=transformers.__version__,
         threads=args.threads, cpus=os.cpu_count(), OPENBLAS_CORETYPE=os.environ.get("OPENBLAS_CORETYPE"),
         OPENBLAS_L2_SIZE=os.environ.get("OPENBLAS_L2_SIZE"), preset=args.preset)
    if args.preset == "gemm":
        bench_gemm(args.threads)
    else:
        bench_preset(args.preset, args.threads, args.steps, args.warmup, args.gen_repeats)


if __name__ == "__main__":
    main()
