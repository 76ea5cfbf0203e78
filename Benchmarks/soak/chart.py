#!/usr/bin/env python3
"""Draws the soak's resident memory and open descriptors over time as a small SVG, and says
whether the run passed: no unexpected answer, no socket error but the closes the misbehaving
clients cause, every trickled request answered or closed, serve alive, memory and descriptors
flat after warm-up (the last sample within 10 % / 8 descriptors of the one at a fifth of the run).

usage: chart.py soak.csv soak.svg wrk.txt slow.json alive"""
import csv
import json
import re
import sys

csv_path, svg_path, wrk_path, slow_path, alive = sys.argv[1:6]
rows = [(int(r["seconds"]), int(r["rss_kib"]), int(r["fds"])) for r in csv.DictReader(open(csv_path)) if int(r["rss_kib"]) > 0]
wrk = open(wrk_path).read()
slow = json.load(open(slow_path))

width, height, pad = 640, 220, 40
end = max(r[0] for r in rows) or 1
peak_rss = max(r[1] for r in rows)
peak_fds = max(r[2] for r in rows)


def path(values, top):
    points = [(pad + (s / end) * (width - 2 * pad), height - pad - (v / top) * (height - 2 * pad)) for s, v in values]
    return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)


svg = f"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">
<rect width="{width}" height="{height}" fill="white"/>
<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#888"/>
<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#888"/>
<path d="{path([(s, r) for s, r, _ in rows], peak_rss * 1.1)}" fill="none" stroke="#1f6feb" stroke-width="1.5"/>
<path d="{path([(s, f) for s, _, f in rows], peak_fds * 1.1)}" fill="none" stroke="#d9480f" stroke-width="1.5"/>
<text x="{pad}" y="{pad - 12}" fill="#1f6feb">resident memory (peak {peak_rss / 1024:.1f} MiB)</text>
<text x="{width - pad}" y="{pad - 12}" fill="#d9480f" text-anchor="end">open descriptors (peak {peak_fds})</text>
<text x="{width / 2}" y="{height - 10}" text-anchor="middle">seconds (0–{end})</text>
</svg>
"""
open(svg_path, "w").write(svg)

warm = min(rows, key=lambda r: abs(r[0] - end / 5))
last = rows[-1]
unexpected = int(re.search(r"unexpected answers: (\d+)", wrk).group(1))
socket_errors = re.search(r"Socket errors: (.*)", wrk)
trickled = slow.get("trickle", {})
problems = []
if unexpected:
    problems.append(f"{unexpected} unexpected answers")
if socket_errors:
    problems.append("wrk socket errors: " + socket_errors.group(1))
if any(outcome not in ("200", "408", "closed") for outcome in trickled):
    problems.append(f"trickled requests: {trickled}")
if alive != "yes":
    problems.append("serve died")
if last[1] > warm[1] * 1.10:
    problems.append(f"memory grew from {warm[1]} KiB at {warm[0]} s to {last[1]} KiB")
if last[2] > warm[2] + 8:
    problems.append(f"descriptors grew from {warm[2]} at {warm[0]} s to {last[2]}")
print(f"memory {warm[1] / 1024:.1f} MiB at {warm[0]} s, {last[1] / 1024:.1f} MiB at {last[0]} s; "
      f"descriptors {warm[2]} → {last[2]}")
print("soak: PASS" if not problems else "soak: FAIL: " + "; ".join(problems))
sys.exit(1 if problems else 0)
