#!/usr/bin/env python3
"""Generates a benchmark site: the bundled site (config, data, theme, articles) plus N
English articles under content/en/gen/, written from the bundled English articles' own
word distribution so that term frequencies look like real prose (Zipf-like, with the
domain's vocabulary). Deterministic for a given N and seed.

usage: gen_site.py REPO_ROOT OUT_DIR N [--seed S]
"""
import argparse
import random
import re
import shutil
from collections import Counter
from pathlib import Path


def vocabulary(repo: Path):
    words = Counter()
    for md in (repo / "content" / "en").rglob("*.md"):
        body = md.read_text(encoding="utf-8").split("---", 2)[-1]
        body = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body)  # keep link text only
        for w in re.findall(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*", body):
            words[w] += 1
    items = sorted(words.items())
    return [w for w, _ in items], [c for _, c in items]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("repo", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    for name in ["config.yaml"]:
        shutil.copy(args.repo / name, args.out / name)
    for name in ["data", "themes", "content"]:
        if (args.repo / name).exists():
            shutil.copytree(args.repo / name, args.out / name)
    words, weights = vocabulary(args.repo)
    gen = args.out / "content" / "en" / "gen"
    gen.mkdir(parents=True)
    (gen / "_index.md").write_text("---\ntitle: Generated articles\n---\n\nBenchmark pages.\n", encoding="utf-8")

    def sentence(lo=8, hi=22):
        ws = rng.choices(words, weights, k=rng.randint(lo, hi))
        return ws[0][:1].upper() + ws[0][1:] + " " + " ".join(ws[1:]) + "."

    for i in range(args.n):
        title = " ".join(w.capitalize() for w in rng.choices(words, weights, k=rng.randint(2, 5)))
        parts = [
            "---",
            f'title: "{title} {i}"',
            f'summary: "{sentence(10, 18)}"',
            "date: 2026-01-01",
            f"tags: [{', '.join(sorted(set(w.lower() for w in rng.choices(words, weights, k=2))))}]",
            "---",
            "",
        ]
        for _ in range(4):
            parts.append("## " + " ".join(rng.choices(words, weights, k=rng.randint(2, 4))).capitalize())
            parts.append("")
            for _ in range(rng.randint(2, 3)):
                parts.append(" ".join(sentence() for _ in range(rng.randint(3, 5))))
                parts.append("")
        (gen / f"p{i:05d}.md").write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    main()
