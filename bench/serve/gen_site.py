#!/usr/bin/env python3
"""Generates the serve benchmark's sites: the bundled knowledge base plus N generated
guide articles for archkb, and an equivalent Hugo site (same Markdown bodies, a minimal
layout) for `hugo server`.

usage: gen_site.py REPO_ROOT OUT_DIR [N]   (writes OUT_DIR/archkb and OUT_DIR/hugo; N=0 gives
the bundled site alone)
"""
import os
import random
import shutil
import sys

WORDS = ("model layer attention gradient kernel token batch encoder decoder latent "
         "training inference compute memory sequence image convolution residual norm "
         "dropout embedding transformer diffusion policy reward sample loss optimizer "
         "throughput latency precision dataset benchmark parameter scaling").split()


def paragraph(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def body(rng, i):
    parts = []
    for s in range(4):
        parts.append(f"## Section {s + 1} of article {i}\n")
        for _ in range(3):
            parts.append(paragraph(rng, 60) + "\n")
        parts.append("- " + paragraph(rng, 8) + "\n- " + paragraph(rng, 8) + "\n")
    parts.append("```python\nfor step in range(10):\n    loss = model(batch)\n    loss.backward()\n```\n")
    return "\n".join(parts)


def main():
    repo, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    rng = random.Random(7)
    if os.path.exists(out):
        shutil.rmtree(out)
    kb, hugo = os.path.join(out, "archkb"), os.path.join(out, "hugo")
    for d in ("content", "data"):
        shutil.copytree(os.path.join(repo, d), os.path.join(kb, d))
    shutil.copy(os.path.join(repo, "config.yaml"), kb)
    os.makedirs(os.path.join(kb, "content/en/guides"), exist_ok=True)
    # Hugo gets the bundled English articles too (their front matter is Hugo-compatible;
    # `.md` links stay as written), so both generators render the same pages.
    shutil.copytree(os.path.join(repo, "content/en"), os.path.join(hugo, "content"))
    os.makedirs(os.path.join(hugo, "content/guides"), exist_ok=True)
    os.makedirs(os.path.join(hugo, "layouts/_default"), exist_ok=True)
    for i in range(n):
        text = body(rng, i)
        front = (f"---\ntitle: Generated article {i:04}\nsummary: {paragraph(rng, 12)}\n"
                 f"date: 2026-01-01\ntags: [generated, t{i % 20}]\n---\n\n")
        for path in (os.path.join(kb, f"content/en/guides/gen-{i:04}.md"),
                     os.path.join(hugo, f"content/guides/gen-{i:04}.md")):
            with open(path, "w") as f:
                f.write(front + text)
    with open(os.path.join(hugo, "hugo.toml"), "w") as f:
        f.write('baseURL = "http://127.0.0.1:1313/"\ntitle = "bench"\n'
                'disableKinds = ["RSS", "sitemap"]\n')
    layouts = {
        "baseof.html": "<!doctype html><html><head><title>{{ .Title }}</title></head>"
                       "<body>{{ block \"main\" . }}{{ end }}</body></html>\n",
        "single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}"
                       "{{ range .Params.tags }}<a href=\"/tags/{{ . | urlize }}/\">{{ . }}</a> {{ end }}{{ end }}\n",
        "list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}"
                     "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}\n",
    }
    for name, text in layouts.items():
        with open(os.path.join(hugo, "layouts/_default", name), "w") as f:
            f.write(text)
    print(f"wrote {n} articles into {kb} and {hugo}")


if __name__ == "__main__":
    main()
