#!/usr/bin/env python3
"""Generates the build benchmark's two sites from one set of N articles:

  OUT/archkb  the bundled site (config.yaml, data/, themes/, content/ in both languages)
              plus N English articles under content/en/guides/bench-NNNNN.md
  OUT/hugo    the same N articles as content/posts/bench-NNNNN.md, with a minimal layout
              (baseof/single/list), Chroma highlighting with CSS classes and a tags taxonomy

Each article has front matter (title, summary, date, tags) and about 1,050 words: prose drawn
from the bundled English articles' own word distribution (bench/search/gen_site.py's
`vocabulary`, so term frequencies look like real prose), six H2 sections (one with an H3),
a bullet list, a table, a fenced code block (python or rust, alternating, so that syntax
highlighting runs on every page) and three links to other generated articles (archkb: the
relative source path; Hugo: a `relref` shortcode, so both resolve every link). One article
in five also has a Chinese paragraph, sentences taken from the bundled Chinese articles.
Deterministic for a given N and seed.

usage: gen_sites.py REPO_ROOT OUT_DIR N [--seed S]
"""
import argparse
import importlib.util
import itertools
import random
import re
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_vocabulary():
    spec = importlib.util.spec_from_file_location(
        "search_gen_site", HERE.parent / "search" / "gen_site.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.vocabulary


# A fixed pool of tags, so both generators get the same few dozen tag pages (a tag per
# distinct vocabulary word would mostly produce one-article tag pages).
TAGS = ("cnn rnn transformer vit gan diffusion rl autoencoder mlp training inference gpu "
        "memory scaling optimizer attention convolution embedding tokenizer dataset "
        "benchmark latency throughput precision quantization distillation pretraining "
        "finetuning evaluation deployment vision language audio multimodal robotics "
        "recommendation graph").split()

PY_SNIPPETS = [
    '''import torch
from torch import nn


class Block(nn.Module):
    """A residual block with {w} channels."""

    def __init__(self, channels: int = {w}) -> None:
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size=3, padding=1)
        self.norm = nn.BatchNorm2d(channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(x + self.norm(self.conv(x)))
''',
    '''def train(model, loader, optimizer, steps={w}):
    model.train()
    for step, (inputs, targets) in enumerate(loader):
        if step >= steps:
            break
        loss = model(inputs).cross_entropy(targets)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if step % 100 == 0:
            print(f"step {{step}}: loss {{loss.item():.4f}}")
    return model
''',
    '''PARAMS = {{"layers": {w}, "hidden": 4096, "heads": 32}}

def flops_per_token(params: dict) -> float:
    n = 12 * params["layers"] * params["hidden"] ** 2
    # forward and backward: about six FLOPs per parameter per token
    return 6.0 * n

print(round(flops_per_token(PARAMS) / 1e9, 1), "GFLOPs per token")
''',
]

RS_SNIPPETS = [
    '''/// Tokens per second for a batch of {w} sequences.
pub fn throughput(batch: usize, seq_len: usize, step: std::time::Duration) -> f64 {{
    let tokens = (batch * seq_len) as f64;
    tokens / step.as_secs_f64()
}}

fn main() {{
    let t = throughput({w}, 2048, std::time::Duration::from_millis(850));
    println!("{{t:.0}} tokens/s");
}}
''',
    '''#[derive(Debug, Clone, Copy)]
struct Gpu {{
    name: &'static str,
    memory_gib: u32,
}}

fn fits(gpu: &Gpu, params_billion: f64) -> bool {{
    // 16 bytes per parameter for mixed-precision Adam
    params_billion * 16.0 <= gpu.memory_gib as f64 && gpu.memory_gib > {w}
}}
''',
    '''use std::collections::HashMap;

fn vocab(text: &str) -> HashMap<&str, usize> {{
    let mut counts = HashMap::with_capacity({w});
    for word in text.split_whitespace() {{
        *counts.entry(word).or_insert(0) += 1;
    }}
    counts
}}
''',
]


def chinese_sentences(repo: Path):
    """Sentences of the bundled Chinese articles' prose paragraphs (no headings, lists,
    tables or code), links reduced to their text, in a fixed order."""
    out = []
    for md in sorted((repo / "content" / "zh").rglob("*.md")):
        body = md.read_text(encoding="utf-8").split("---", 2)[-1]
        body = re.sub(r"```.*?```", "", body, flags=re.S)
        for line in body.splitlines():
            line = line.strip()
            if not line or line[0] in "#|-*>0123456789<!":
                continue
            line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line).replace("**", "")
            out += [p + "。" for p in line.split("。") if len(p) >= 8]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("repo", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    words, weights = load_vocabulary()(args.repo)
    cum = list(itertools.accumulate(weights))  # precomputed: choices(weights=) is O(vocab) per call
    zh = chinese_sentences(args.repo)

    if args.out.exists():
        shutil.rmtree(args.out)
    kb, hugo = args.out / "archkb", args.out / "hugo"
    kb.mkdir(parents=True)
    shutil.copy(args.repo / "config.yaml", kb / "config.yaml")
    for name in ("data", "themes", "content"):
        shutil.copytree(args.repo / name, kb / name)
    kb_dir = kb / "content" / "en" / "guides"
    hugo_dir = hugo / "content" / "posts"
    hugo_dir.mkdir(parents=True)
    write_hugo_scaffold(hugo)

    def phrase(lo, hi):
        return " ".join(rng.choices(words, cum_weights=cum, k=rng.randint(lo, hi)))

    def sentence(lo=8, hi=22):
        s = phrase(lo, hi)
        return s[:1].upper() + s[1:] + "."

    def paragraph(lo=3, hi=5):
        return " ".join(sentence() for _ in range(rng.randint(lo, hi)))

    total_words = 0
    for i in range(args.n):
        title = " ".join(w.capitalize() for w in rng.choices(words, cum_weights=cum, k=rng.randint(2, 5)))
        # All in the past: Hugo skips future-dated pages by default (buildFuture = false).
        date = f"{2018 + i % 7}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        tags = sorted(set(rng.sample(TAGS, rng.randint(2, 4))))
        front = "\n".join([
            "---",
            f'title: "{title} {i}"',
            f'summary: "{sentence(10, 18)}"',
            f"date: {date}",
            f"tags: [{', '.join(tags)}]",
            "---",
            "",
        ])
        # Three links to other generated articles, each inside a prose paragraph.
        targets = [rng.randrange(args.n) for _ in range(3)] if args.n > 1 else []

        def linked(k):
            if k >= len(targets):
                return ("", "")
            name = f"bench-{targets[k]:05d}.md"
            text = phrase(1, 3)
            return (f" See [{text}]({name}).", f' See [{text}]({{{{< relref "{name}" >}}}}).')

        kb_parts, hugo_parts = [], []

        def add(*lines):
            kb_parts.extend(lines)
            hugo_parts.extend(lines)

        def add_linked(text, k):
            kb_link, hugo_link = linked(k)
            kb_parts.extend([text + kb_link, ""])
            hugo_parts.extend([text + hugo_link, ""])

        add_linked(paragraph(), 0)
        add(paragraph(), "")
        if i % 5 == 2:
            add("".join(rng.choice(zh) for _ in range(rng.randint(4, 6))), "")
        lang = "python" if i % 2 == 0 else "rust"
        snippet = (PY_SNIPPETS if lang == "python" else RS_SNIPPETS)[i % 3].format(w=64 + i % 512)
        for s in range(6):
            add("## " + phrase(2, 4).capitalize(), "")
            add(paragraph(), "")
            if s == 0:
                add(*[f"- **{phrase(1, 2)}**: {sentence(5, 10)}" for _ in range(rng.randint(3, 5))])
                add("")
                add_linked(paragraph(2, 3), 1)
            elif s == 1:
                add("| Setting | Value | Note |", "| --- | ---: | --- |")
                for _ in range(rng.randint(3, 5)):
                    add(f"| {phrase(1, 2)} | {rng.randint(1, 9999)} | {phrase(2, 5)} |")
                add("", paragraph(2, 3), "")
            elif s == 2:
                add(f"```{lang}", snippet.rstrip("\n"), "```", "")
                add("### " + phrase(2, 3).capitalize(), "", paragraph(2, 4), "")
            elif s == 4:
                add_linked(paragraph(), 2)
            else:
                add(paragraph(), "", paragraph(2, 3), "")
        body = "\n".join(kb_parts)
        total_words += len(body.split())
        name = f"bench-{i:05d}.md"
        (kb_dir / name).write_text(front + body, encoding="utf-8")
        (hugo_dir / name).write_text(front + "\n".join(hugo_parts), encoding="utf-8")
    avg = total_words / args.n if args.n else 0
    print(f"wrote {args.n} articles (~{avg:.0f} words each incl. code/table) into {kb} and {hugo}")


HUGO_CONFIG = '''baseURL = "https://archkb.example.com/"
languageCode = "en"
title = "bench"

[taxonomies]
  tag = "tags"

[markup.highlight]
  codeFences = true
  noClasses = false
  style = "monokai"

[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
'''

HUGO_LAYOUTS = {
    "baseof.html": '''<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ .Site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a> <a href="{{ "/posts/" | relURL }}">Posts</a> <a href="{{ "/tags/" | relURL }}">Tags</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
''',
    "single.html": '''{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}
<p>{{ range .Params.tags }}<a href="{{ "/tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>
</article>{{ end }}
''',
    "list.html": '''{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}
</ul>{{ end }}
''',
}


def write_hugo_scaffold(hugo: Path):
    (hugo / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = hugo / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (hugo / "content" / "posts").mkdir(parents=True, exist_ok=True)
    (hugo / "content" / "posts" / "_index.md").write_text(
        "---\ntitle: Posts\n---\n\nBenchmark articles.\n", encoding="utf-8")


if __name__ == "__main__":
    main()
