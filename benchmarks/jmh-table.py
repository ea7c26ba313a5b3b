#!/usr/bin/env python3
"""Prints the pool benchmarks of a JMH JSON result as tables of ops/ms and Berth's ratios.

Usage: jmh-table.py target/jmh.json

One table per benchmark class (rows: thread count; columns: pools), the ratio of Berth to every
other pool in the same row, the allocation per operation where -prof gc ran, and the issue's goals
(>= 5x commons-pool2 and >= Stormpot at every thread count of the pool cycle) checked against the
numbers. A ratio whose two error bars (JMH's 99.9% intervals) overlap, so that it cannot be told from 1.0,
is marked '~'; '±?' means JMH
gave no error (fewer than 3 measurement iterations, as with --quick).
"""
import json
import sys
from collections import OrderedDict

NAMES = OrderedDict([
    ("berth", "berth"),
    ("commonsPool2", "commons-pool2"),
    ("stormpot", "stormpot"),
    ("stormpotClaim", "stormpot(claim)"),
    ("floor", "floor"),
])
TITLES = {
    "PoolCycleBenchmark": "Pool cycle: acquire + release, pool of 32, ops/ms (higher is better)",
    "VirtualThreadsBenchmark": "1,000 virtual threads on 10 connections, acquire + release at once, cycles/ms",
}


def parse(path):
    with open(path) as f:
        runs = json.load(f)
    rows = []
    for r in runs:
        cls, method = r["benchmark"].split(".")[-2:]
        pool, _, _ = method.partition("_")
        pm = r["primaryMetric"]
        err = pm.get("scoreError")
        if not isinstance(err, (int, float)) or err != err:  # NaN with fewer than 3 iterations
            err = None
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        raw = sorted(x for fork in pm.get("rawData", []) for x in fork)
        median = (raw[len(raw) // 2] if len(raw) % 2 else (raw[len(raw) // 2 - 1] + raw[len(raw) // 2]) / 2) if raw else pm["score"]
        rows.append({
            "cls": cls,
            "median": median,
            "samples": len(raw),
            "pool": pool,
            "threads": "1,000 vt" if cls == "VirtualThreadsBenchmark" else str(r["threads"]),
            "score": pm["score"],
            "err": err,
            "unit": pm["scoreUnit"],
            "alloc": alloc["score"] if alloc else None,
        })
    return rows


def fmt_score(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def ratio(b, p):
    """Berth's ratio to a peer, its bounds from the two error bars, and whether the bars overlap."""
    r = b["score"] / p["score"]
    if b["err"] is None or p["err"] is None:
        return r, None, None, False
    low = max(b["score"] - b["err"], 0.0) / (p["score"] + p["err"])
    high = (b["score"] + b["err"]) / (p["score"] - p["err"]) if p["score"] > p["err"] else float("inf")
    return r, low, high, low <= 1.0 <= high


def table(headers, lines):
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *lines)]
    out = ["  ".join(str(h).rjust(w) if i else str(h).ljust(w) for i, (h, w) in enumerate(zip(headers, widths)))]
    out.append("  ".join("-" * w for w in widths))
    for line in lines:
        out.append("  ".join(str(x).rjust(w) if i else str(x).ljust(w) for i, (x, w) in enumerate(zip(line, widths))))
    return "\n".join(out)


def main(path):
    rows = parse(path)
    by_cls = OrderedDict()
    for r in rows:
        by_cls.setdefault(r["cls"], []).append(r)
    goals = []
    medians = {}
    for cls, rs in by_cls.items():
        pools = [p for p in NAMES if any(r["pool"] == p for r in rs)]
        pools += sorted({r["pool"] for r in rs} - set(pools))
        others = [p for p in pools if p != "berth"]
        threads = sorted({r["threads"] for r in rs}, key=lambda t: (len(t), t))
        headers = ["threads"] + [NAMES.get(p, p) for p in pools] + [f"berth/{NAMES.get(p, p)}" for p in others]
        lines = []
        for t in threads:
            cell = {r["pool"]: r for r in rs if r["threads"] == t}
            line = [t]
            for p in pools:
                c = cell.get(p)
                if c is None:
                    line.append("-")
                elif c["err"] is None:
                    line.append(f"{fmt_score(c['score'])} ±?")
                else:
                    line.append(f"{fmt_score(c['score'])} ±{100 * c['err'] / c['score']:.0f}%")
            b = cell.get("berth")
            for p in others:
                c = cell.get(p)
                if b and c:
                    r, low, high, overlap = ratio(b, c)
                    line.append(f"{'~' if overlap else ''}{r:.2f}x")
                    if cls == "PoolCycleBenchmark" and p in ("commonsPool2", "stormpot"):
                        need = 5.0 if p == "commonsPool2" else 1.0
                        goals.append((t, p, need, r, low, high))
                    if cls == "PoolCycleBenchmark" and p == "floor":
                        goals.append((t, "floor", None, r, low, high))
                else:
                    line.append("-")
            lines.append(line)
        print(TITLES.get(cls, cls))
        print(table(headers, lines))
        print()
        mlines = []
        for t in threads:
            cell = {r["pool"]: r for r in rs if r["threads"] == t}
            line = [t] + [fmt_score(cell[p]["median"]) if p in cell else "-" for p in pools]
            b = cell.get("berth")
            line += [f"{b['median'] / cell[p]['median']:.2f}x" if b and p in cell else "-" for p in others]
            mlines.append(line)
            if b and cls == "PoolCycleBenchmark":
                for p in others:
                    if p in cell:
                        medians[(t, p)] = b["median"] / cell[p]["median"]
        n = max(r["samples"] for r in rs)
        print(f"  same, medians of the {n} measurement iterations (robust to interference from other processes)")
        print(table(headers, mlines))
        print()
    allocs = [r for r in rows if r["alloc"] is not None]
    if allocs:
        print("Allocation per operation (gc.alloc.rate.norm, B/op; for virtual threads per cycle)")
        lines = [[f"{r['cls']}.{r['pool']}", r["threads"], f"{r['alloc']:.3f}"] for r in allocs]
        print(table(["benchmark", "threads", "B/op"], lines))
        print()
    if goals:
        print("Goals of the pool cycle: >= 5x commons-pool2 and >= Stormpot at every thread count")
        print("(ratio of means [with both error bars at their worst .. best], ratio of medians;"
              " the verdict is on the range: 'undecided' when it straddles the goal)")
        for t, peer, need, r, low, high in goals:
            span = f" [{low:.2f}x .. {high:.2f}x]" if low is not None else ""
            med = medians.get((t, peer))
            span += f", medians {med:.2f}x" if med is not None else ""
            if need is None:
                print(f"  {t} thread(s): berth at {r:.2f}x{span} of the thread-confined floor")
                continue
            peer = NAMES[peer]
            if low is None:
                verdict = "met" if r >= need else "NOT met"
            elif low >= need:
                verdict = "met"
            elif high < need:
                verdict = "NOT met"
            else:
                verdict = "undecided"
            print(f"  {t} thread(s): berth/{peer} = {r:.2f}x{span}, goal >= {need:g}x: {verdict}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/jmh.json")
