"""Reads the DOM Chromium dumped for search-bench.html and prints the query timings."""
import html
import json
import re
import sys

page = sys.stdin.read()
match = re.search(r'<pre id="result">(.*?)</pre>', page, re.S)
if not match or match.group(1) == "pending":
    sys.exit("search benchmark did not finish")
rows = json.loads(html.unescape(match.group(1)))
print("  median ms  first run  slowest run  query                      hits  top result")
for row in rows:
    print(f"  {row['ms']:9.2f}  {row['first']:9.2f}  {row['max']:11.2f}  {row['query']!r:24} {row['hits']:6}  {row['top']}")
print(f"  cold first query (loads the index): {rows[0]['first']:.2f} ms; "
      f"slowest median: {max(row['ms'] for row in rows):.2f} ms (goal < 50)")
