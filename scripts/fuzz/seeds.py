#!/usr/bin/env python3
"""Writes each fuzz target's seed corpus from the repository's own files.

usage: seeds.py ROOT OUT   (OUT/<Target>/<name> per seed)

Seeds are the inputs the project already has: the Velocity differential corpus, the API
definitions and project files of Content/ and the test fixtures, the mermaid and example
blocks of the notes, and the hand-written seeds of Fuzz/Seeds/ for inputs no file holds
(raw request heads, tokens, schema and instance pairs).
"""
import hashlib
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
out = pathlib.Path(sys.argv[2])
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```", re.M | re.S)


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def files(*patterns):
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            if path.is_file() and "/Site/" not in str(path) and "/.build/" not in str(path):
                yield path


for path in files("scripts/velocity/corpus/*.vtl"):
    for case in re.split(r"^@@ .*\n", path.read_text(), flags=re.M):
        if case.strip():
            write("FuzzVelocity", case)

for path in files("Content/apis/*.yaml", "Content/apis/*.json", "Tests/*/Fixtures/**/apis/*.yaml",
                  "Tests/*/Fixtures/**/apis/*.json", "Tests/PorticoModelTests/Fixtures/robustness/*"):
    write("FuzzDefinition", path.read_bytes())

for path in files("Content/portico.yml", "Tests/*/Fixtures/**/portico.yml"):
    write("FuzzProjectFile", path.read_bytes())

for path in files("Content/**/*.json", "Tests/*/Fixtures/**/*.json", "Content/functions/**/*.json"):
    write("FuzzJSON", path.read_bytes())

for path in files("Content/**/*.md", "Tests/*/Fixtures/**/*.md"):
    text = path.read_text()
    for match in FENCE.finditer(text):
        info, body = match.group(1).strip(), match.group(2)
        if info.startswith("mermaid"):
            write("FuzzMermaid", body)
        elif info.startswith("http"):
            write("FuzzExamples", info + "\n" + body)
            write("FuzzJSON", body.split("\n\n", 1)[-1])
    write("FuzzExamples", text)

for folder in sorted((root / "Fuzz/Seeds").glob("*")):
    for path in sorted(folder.iterdir()):
        write(folder.name, path.read_bytes())
