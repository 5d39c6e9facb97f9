#!/usr/bin/env python3
"""Sums up a build's timeline (src/base/trace.h).

    GONGSHI_TRACE=1 build/gongshi build -c C -o O -q 2> trace.txt
    python3 tests/bench/trace.py trace.txt [GAP_MS]

For each thread: its spans, the CPU time of its outermost ones (what it
did), the wall time they cover, and by what; with GAP_MS, each gap longer
than that between two of its outermost spans, with the spans around it:
where that thread waited while the build went on.
"""
import collections
import sys


def spans_of(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            field = line.split(None, 5)
            if len(field) < 6 or field[0] != "trace:" or field[1] == "thread":
                continue
            out.append((int(field[1]), float(field[2]), float(field[3]),
                        float(field[4]), field[5].strip()))
    return out


def outermost(spans):
    top, last = [], -1.0
    for s in sorted(spans, key=lambda s: s[1]):
        if s[1] >= last:
            top.append(s)
            last = s[2]
    return top


def main():
    spans = spans_of(sys.argv[1])
    gap = float(sys.argv[2]) if len(sys.argv) > 2 else None
    end = max(s[2] for s in spans)
    by_thread = collections.defaultdict(list)
    for s in spans:
        by_thread[s[0]].append(s)
    total = 0.0
    for t, mine in sorted(by_thread.items()):
        top = outermost(mine)
        cpu = sum(s[3] for s in top)
        total += cpu
        wall = sum(s[2] - s[1] for s in top)
        what = collections.Counter()
        for s in top:
            what[s[4]] += s[3]
        print(f"thread {t}: {len(mine)} spans, CPU {cpu:.1f} ms, covering "
              f"{wall:.1f} of {end:.1f} ms: " +
              ", ".join(f"{k} {v:.1f}" for k, v in what.most_common()))
        if gap is None:
            continue
        for a, b in zip(top, top[1:]):
            if b[1] - a[2] > gap:
                print(f"  waits {a[2]:.1f}-{b[1]:.1f} ms ({b[1] - a[2]:.1f}) "
                      f"after '{a[4]}', before '{b[4]}'")
    print(f"all threads: CPU {total:.1f} ms in {end:.1f} ms: "
          f"{total / end:.2f} cores busy on average")


if __name__ == "__main__":
    main()
