#!/usr/bin/env python3
"""Lists Java methods (and constructors) longer than a limit, longest first.

Usage: python3 src/bench/tools/long_methods.py [--limit 80] [DIR ...]   (default DIR: src/main/java)

A method's length is counted from the line of its name (after any annotations) to the line of
its closing brace, both included (blank and comment lines count, as in Checkstyle's MethodLength). Comments,
string and character literals and text blocks are blanked before braces are matched, so braces
inside them do not count. Lambdas and local or anonymous classes count toward the method they
stand in; methods of anonymous and local classes are listed too. Exit status: 0 always (a report,
not a gate).
"""
import argparse
import os
import re
import sys

CONTROL = {"if", "for", "while", "switch", "catch", "synchronized", "try", "else", "do", "finally",
           "return", "new", "throw", "case", "default", "yield", "assert", "static"}
TYPE_DECL = re.compile(r"\b(class|interface|enum|record)\b")
COMPACT_CTOR = re.compile(r"^(?:(?:public|protected|private)\s+)?[A-Z]\w*$")


def blank_literals(src):
    """src with comments and literals replaced by spaces (newlines kept, so line numbers hold)."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif src.startswith('"""', i):
            j = src.find('"""', i + 3)
            while j > 0 and src[j - 1] == "\\":
                j = src.find('"""', j + 1)
            j = n if j < 0 else j + 3
            out.append('"' + re.sub(r"[^\n]", " ", src[i + 1:j - 1]) + '"')
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else c)
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def methods(path):
    """(name, first line, last line) of every method-like block in the file."""
    with open(path, encoding="utf-8") as f:
        text = blank_literals(f.read())
    found, stack = [], []          # stack: (is_method, name, start line)
    header_start = 0               # offset where the text before the next brace began
    for i, c in enumerate(text):
        if c in ";}":
            if c == "}" and stack:
                is_method, name, start = stack.pop()
                if is_method:
                    found.append((name, start, text.count("\n", 0, i) + 1))
            header_start = i + 1
        elif c == "{":
            header = text[header_start:i]
            stripped = re.sub(r"@\w+(\s*\([^()]*\))?", " ", header)   # annotations
            flat = " ".join(stripped.split())
            in_method = any(m for m, _, _ in stack)
            name = None
            m = re.search(r"(\w+)\s*\([^;]*\)\s*(throws [\w.,\s]+)?$", flat)
            if m and "->" not in flat and "=" not in flat.split("(")[0] and not TYPE_DECL.search(flat.split("(")[0]):
                first = flat.split()[0] if flat.split() else ""
                if m.group(1) not in CONTROL and first not in CONTROL:
                    name = m.group(1)
            elif COMPACT_CTOR.match(flat) and not in_method:
                name = flat.split()[-1]
            if name is not None and not in_method or (name is not None and TYPE_DECL.search(
                    text[max(0, header_start - 200):header_start])):
                at = [x.start() for x in re.finditer(r"\b" + re.escape(name) + r"\b", header)]
                start = text.count("\n", 0, header_start + (at[-1] if at else 0)) + 1
                stack.append((True, name, start))
            else:
                stack.append((False, None, 0))
            header_start = i + 1
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=80)
    ap.add_argument("dirs", nargs="*", default=["src/main/java"])
    a = ap.parse_args()
    rows = []
    for d in a.dirs:
        for root, _, files in os.walk(d):
            for fn in files:
                if fn.endswith(".java"):
                    p = os.path.join(root, fn)
                    for name, s, e in methods(p):
                        if e - s + 1 > a.limit:
                            rows.append((e - s + 1, p, s, name))
    for length, p, s, name in sorted(rows, key=lambda r: (-r[0], r[1], r[2])):
        print(f"{length:5d}  {p}:{s}  {name}")
    print(f"{len(rows)} method(s) over {a.limit} lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
