# The independent check behind docs/results.md "Document QA: getting a base": trains transformers'
# LlamaForCausalLM with the warm start's shape (V 259, C 128, L 4, H 4, Hkv 2, F 344), schedule (30-step warm-up
# to lr, cosine to lr/10), batch 32, gradient clip 1 and answer-only loss, on reading questions drawn like
# `DocumentQATask(difficulty: .easy)` (a Python re-implementation of the generator, not the same items).
# AdamW here uses betas (0.9, 0.95) and decays every parameter; our warm start used β2 0.999 and spared norms.
# Prints the batch loss every 100 steps and greedy accuracy on 200 fresh items every 500.
#
#   python3 scripts/probes/docqa_plateau.py [easy|medium] [steps=3000] [lr=3e-3]   # ≈ 35 min per 2000 steps on a shared core
import random, sys, math, torch
from transformers import LlamaConfig, LlamaForCausalLM
torch.set_num_threads(1); torch.manual_seed(1)
mode = sys.argv[1] if len(sys.argv) > 1 else "easy"
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
lr = float(sys.argv[3]) if len(sys.argv) > 3 else 3e-3
rng = random.Random(1)
def draw(r):
    k = r.choice(["income","balance","sales"])
    if k == "income":
        rev = r.randint(200,9999); cost = r.randint(rev*3//10, rev*11//10); tax = r.randint(5,300)
        lines=[("Revenue",rev),("Costs",cost),("Tax",tax)]; qs=[("revenue?",rev),("costs?",cost),("tax?",tax),("gross profit?",rev-cost),("total expenses?",cost+tax)]; n=3
    elif k == "balance":
        a=r.randint(500,9999); l=r.randint(50,a); c=r.randint(10,a//2)
        lines=[("Assets",a),("Liabilities",l),("Cash",c)]; qs=[("assets?",a),("liabilities?",l),("cash?",c),("equity?",a-l),("non-cash assets?",a-c)]; n=3
    else:
        y=r.randint(2018,2024); e=r.randint(100,5000); la=r.randint(100,5000)
        lines=[(f"Sales {y}",e),(f"Sales {y+1}",la)]; qs=[(f"sales in {y}?",e),(f"sales in {y+1}?",la),("sales change?",la-e),("total sales?",e+la)]; n=2
    if k != "sales": r.shuffle(lines)
    if mode == "easy": qs = qs[:n]
    q,a = r.choice(qs)
    doc = "; ".join(f"{x} {v}" for x,v in lines)+"."
    return f"{doc}\nQ: {q}\nA: ", str(a)
train = [draw(rng) for _ in range(20000)]
evalr = random.Random(99); evals = [draw(evalr) for _ in range(200)]
cfg = LlamaConfig(vocab_size=259, hidden_size=128, intermediate_size=344, num_hidden_layers=4, num_attention_heads=4,
    num_key_value_heads=2, max_position_embeddings=192, bos_token_id=256, eos_token_id=257, tie_word_embeddings=False)
model = LlamaForCausalLM(cfg)
opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.05, betas=(0.9,0.95))
def enc(s): return list(s.encode())
def batch(items):
    seqs=[]; masks=[]
    for p,a in items:
        pi=[256]+enc(p); ai=enc(a+"\n"); seqs.append(pi+ai); masks.append([0]*len(pi)+[1]*len(ai))
    L=max(map(len,seqs)); ids=torch.full((len(seqs),L),257); lab=torch.full((len(seqs),L),-100)
    for i,(s,m) in enumerate(zip(seqs,masks)):
        ids[i,:len(s)]=torch.tensor(s); lab[i,:len(s)]=torch.tensor([t if mm else -100 for t,mm in zip(s,m)])
    return ids, lab
def sched(step):
    if step < 30: return lr*(step+1)/30
    p=(step-30)/max(1,steps-30); return lr/10 + 0.5*(lr-lr/10)*(1+math.cos(math.pi*p))
@torch.no_grad()
def accuracy():
    model.eval(); ok=0
    for p,a in evals:
        ids=torch.tensor([[256]+enc(p)]); out=model.generate(ids,max_new_tokens=8,do_sample=False,eos_token_id=10,pad_token_id=257)
        text=bytes([t for t in out[0,ids.shape[1]:].tolist() if t<256]).decode(errors="replace").split("\n")[0].strip()
        ok += text == a
    model.train(); return ok/len(evals)
br = random.Random(7)
for step in range(steps):
    for g in opt.param_groups: g["lr"]=sched(step)
    ids,lab=batch([train[br.randrange(len(train))] for _ in range(32)])
    loss=model(input_ids=ids,labels=lab).loss
    opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(model.parameters(),1.0); opt.step()
    if (step+1)%100==0: print(f"step {step+1} loss {loss.item():.3f}", flush=True)
    if (step+1)%500==0: print(f"step {step+1} acc {accuracy():.3f}", flush=True)
