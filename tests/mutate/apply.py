#!/usr/bin/env python3
"""tests/mutate/apply.py — one step of the mutation runner (tests/mutate/run.sh).

  apply.py list TABLE [PATTERN]   the table's rows (optionally those whose id,
                                  file or rule match PATTERN, a Python regex),
                                  one per line, fields joined by \\x1f
  apply.py check TABLE TREE       every row's text occurs exactly once in TREE
  apply.py apply TABLE ID TREE    apply row ID to TREE (the original is kept
                                  as FILE.mutate-orig); exit 3 when STALE
  apply.py restore TABLE ID TREE  put the original back

The table (tests/mutate/mutations.tsv) has tab-separated columns: id, kind
(mutant or equivalent), file, text to find, replacement, the rule it breaks,
the suites that own the rule (space-separated, as for make check TESTS=).
In the text and the replacement \\n is a newline, \\t a tab and \\\\ a
backslash, so a change of one line may name the lines around it to be found
exactly once.  Lines starting with # and blank lines are comments.
"""
import os
import re
import sys

FIELDS = ("id", "kind", "file", "find", "repl", "rule", "suites")


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(n, "\\" + n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def rows(table):
    seen = set()
    with open(table, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != len(FIELDS):
                sys.exit(f"{table}:{ln}: {len(parts)} columns, want {len(FIELDS)}")
            r = dict(zip(FIELDS, parts))
            if r["kind"] not in ("mutant", "equivalent"):
                sys.exit(f"{table}:{ln}: kind '{r['kind']}' is neither mutant nor equivalent")
            if r["id"] in seen:
                sys.exit(f"{table}:{ln}: id '{r['id']}' twice")
            seen.add(r["id"])
            r["find"], r["repl"] = unescape(r["find"]), unescape(r["repl"])
            r["line"] = ln
            yield r


def count(r, tree):
    path = os.path.join(tree, r["file"])
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().count(r["find"])
    except OSError:
        return 0


def main():
    cmd, table = sys.argv[1], sys.argv[2]
    if cmd == "list":
        pat = re.compile(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] else None
        for r in rows(table):
            if pat and not (pat.search(r["id"]) or pat.search(r["file"]) or pat.search(r["rule"])):
                continue
            print("\x1f".join((r["id"], r["kind"], r["file"], r["rule"], r["suites"])))
        return 0
    if cmd == "check":
        bad = 0
        for r in rows(table):
            n = count(r, sys.argv[3])
            if n != 1:
                print(f"{'STALE' if n == 0 else 'AMBIGUOUS'}\t{r['id']}\t{r['file']}: "
                      f"the text occurs {n} times (table line {r['line']})")
                bad += 1
        return 1 if bad else 0
    rid, tree = sys.argv[3], sys.argv[4]
    r = next((r for r in rows(table) if r["id"] == rid), None)
    if r is None:
        sys.exit(f"no mutation '{rid}'")
    path = os.path.join(tree, r["file"])
    orig = path + ".mutate-orig"
    if cmd == "apply":
        n = count(r, tree)
        if n != 1:
            print(f"{r['file']}: the text occurs {n} times", file=sys.stderr)
            return 3
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(orig, "w", encoding="utf-8") as f:
            f.write(text)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(r["find"], r["repl"]))
        return 0
    if cmd == "restore":
        if os.path.exists(orig):
            with open(orig, encoding="utf-8") as f:
                text = f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            os.unlink(orig)
        return 0
    sys.exit(f"unknown command '{cmd}'")


if __name__ == "__main__":
    sys.exit(main())
