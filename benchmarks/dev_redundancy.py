"""Choose the redundancy threshold on DUC 2003 with rouge-score (a development number only).

    pip install rouge-score==0.1.2 && python benchmarks/dev_redundancy.py [--data ../shared/data]

rouge-score is not the official ROUGE-1.5.5; never set these numbers beside published ones.
"""
import glob
import time
from dataclasses import replace
from pathlib import Path
from rouge_score import rouge_scorer
from newsdigest import build_cluster, summarize_cluster, Settings, Budget
from newsdigest.ingest import read_paths
from newsdigest import methods
from common import duc2003_folders, parser

args = parser(__doc__).parse_args()
folders = duc2003_folders(args.data)
root = Path(args.data) / "duc2003"
sc=rouge_scorer.RougeScorer(["rouge1","rouge2"], use_stemmer=True)
data=[]
t=time.perf_counter()
for d in folders:
    cid=d.name[:-1].upper()
    refs=[" ".join(open(f).read().split()) for f in sorted(glob.glob(str(root/"refs"/f"{cid}.M.100.T.*")))]
    data.append((build_cluster(read_paths([d])), refs))
print("build", time.perf_counter()-t)
def trunc(t,n=100): return " ".join(t.split()[:n])
for red in [0.2,0.3,0.4,0.5]:
    S=replace(Settings(), redundancy=red)
    row=[]
    for m in ["lead","centroid","lexrank"]:
        r1=r2=0
        for cl,refs in data:
            s=summarize_cluster(cl, methods.get(m,S), Budget(words=100), S)
            h=trunc(" ".join(x.text for x in s.sentences))
            sc_=[sc.score(r,h) for r in refs]
            r1+=sum(x["rouge1"].recall for x in sc_)/len(refs); r2+=sum(x["rouge2"].recall for x in sc_)/len(refs)
        row.append(f"{m} {100*r1/len(data):.2f}/{100*r2/len(data):.2f}")
    print(red, " | ".join(row))
