#!/usr/bin/env python3
"""Prints the JDBC benchmark run (benchmarks/jdbc/run.sh) as tables with Berth's ratios and the goals.

Usage: jdbc-table.py --jmh JSON [--pinning JSONL]... [--pgbench JSONL]

--jmh: JdbcCycleBenchmark's result (-rf json): throughput rows (ops/ms; the virtual-thread row is
  connection cycles/ms), the acquire_4on2 sample-time row (getConnection alone, us) and, with
  -prof gc, the allocation per operation.
--pinning: one line per pool from VirtualPinningReport (pinned events, fairness); once per JDK it
  ran on (the pinning goal is judged on each).
--pgbench: one line per run from PgbenchLike (TPS, latencies, on PostgreSQL).

A ratio whose two error bars (JMH's 99.9% intervals) overlap, so that it cannot be told from 1.0,
is marked '~'; '±?' means JMH gave no error (fewer than 3 measurement iterations, as with --quick).
Goal verdicts are on the range the error bars allow: 'met', 'NOT met', or 'undecided' when the
range straddles the goal; without error bars, on the means alone.
"""
import argparse
import json
from collections import OrderedDict

POOLS = ["berth", "hikari", "agroal", "dbcp2", "vibur", "tomcat", "c3p0"]
NAMES = {"berth": "Berth", "hikari": "HikariCP", "agroal": "Agroal", "dbcp2": "DBCP2",
         "vibur": "Vibur", "tomcat": "Tomcat", "c3p0": "c3p0"}
ROWS = OrderedDict([
    ("connection", "connection cycle, 2 threads, pool 32"),
    ("statement", "statement cycle (held connection), 2 threads, pool 32"),
    ("connection_4on2", "connection cycle, 4 threads on 2 (oversubscribed)"),
    ("statement_4on2", "get + statement + close, 4 threads on 2"),
    ("virtual", "connection cycle, 1,000 virtual threads on 10"),
])


def median(xs):
    xs = sorted(xs)
    if not xs:
        return None
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def parse_jmh(path):
    with open(path) as f:
        runs = json.load(f)
    thr, sample, alloc = {}, {}, {}
    for r in runs:
        method = r["benchmark"].split(".")[-1]
        pool = r.get("params", {}).get("pool", "?")
        pm = r["primaryMetric"]
        err = pm.get("scoreError")
        if not isinstance(err, (int, float)) or err != err:
            err = None
        norm = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if norm:
            alloc[(method, pool)] = norm["score"]
        if r["mode"] == "sample":
            sample[pool] = {"score": pm["score"], "unit": pm["scoreUnit"], "pct": pm.get("scorePercentiles", {}),
                            "n": sum(c for fork in pm.get("rawDataHistogram", []) for it in fork for _, c in it)}
        else:
            raw = [x for fork in pm.get("rawData", []) for x in fork]
            thr[(method, pool)] = {"score": pm["score"], "err": err, "median": median(raw) or pm["score"],
                                   "n": len(raw), "unit": pm["scoreUnit"]}
    return thr, sample, alloc


def read_jsonl(path):
    if not path:
        return []
    try:
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def major(version):
    head = version.split(".")[0].split("+")[0].split("-")[0]
    return int(head) if head.isdigit() else 0


def fmt(x):
    if x is None:
        return "-"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.1f}" if abs(x) >= 10 else f"{x:,.2f}"


def ratio(b, p):
    """Berth's ratio of means, its bounds from both error bars (None without), and whether they overlap."""
    r = b["score"] / p["score"]
    if b["err"] is None or p["err"] is None:
        return r, None, None, False
    low = max(b["score"] - b["err"], 0.0) / (p["score"] + p["err"])
    high = (b["score"] + b["err"]) / (p["score"] - p["err"]) if p["score"] > p["err"] else float("inf")
    return r, low, high, low <= 1.0 <= high


def table(headers, lines):
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *lines)]
    just = lambda i, x, w: str(x).ljust(w) if i == 0 else str(x).rjust(w)
    out = ["  ".join(just(i, h, w) for i, (h, w) in enumerate(zip(headers, widths)))]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(just(i, x, w) for i, (x, w) in enumerate(zip(line, widths))) for line in lines]
    return "\n".join(out)


def verdict(value, low, high, need, higher_is_better=True):
    if low is None:
        ok = value >= need if higher_is_better else value <= need
        return "met" if ok else "NOT met"
    if low >= need:
        return "met"
    if high < need:
        return "NOT met"
    return "undecided"


def main(jmh_path, pin_paths, pg_path):
    thr, sample, alloc = parse_jmh(jmh_path) if jmh_path else ({}, {}, {})
    pin_runs = [rows for rows in ({p["pool"]: p for p in read_jsonl(path)} for path in pin_paths) if rows]
    pg = read_jsonl(pg_path)
    goals = []

    pools = [p for p in POOLS if any(k[1] == p for k in thr)] + sorted({k[1] for k in thr} - set(POOLS))
    others = [p for p in pools if p != "berth"]
    if thr:
        print("JDBC cycle over the stub driver, ops/ms (higher is better; the virtual-thread row: cycles/ms);"
              " ± is JMH's 99.9% interval")
        headers = ["cycle"] + [NAMES.get(p, p) for p in pools] + [f"B/{NAMES.get(p, p)}" for p in others]
        lines = []
        for method, label in ROWS.items():
            cell = {p: thr.get((method, p)) for p in pools}
            if not any(cell.values()):
                continue
            line = [label]
            for p in pools:
                c = cell[p]
                if c is None:
                    line.append("failed/-")
                elif c["err"] is None:
                    line.append(f"{fmt(c['score'])} ±?")
                else:
                    line.append(f"{fmt(c['score'])} ±{100 * c['err'] / c['score']:.0f}%")
            b = cell.get("berth")
            for p in others:
                c = cell[p]
                if b and c:
                    r, low, high, overlap = ratio(b, c)
                    line.append(f"{'~' if overlap else ''}{r:.2f}x")
                else:
                    line.append("-")
            lines.append(line)
        print(table(headers, lines))
        missing = [f"{method} {p}" for method in ROWS for p in pools
                   if (method, p) not in thr]
        if missing:
            print("  no result (failed, or not run): " + "; ".join(missing))
        print()
        n = max(c["n"] for c in thr.values())
        print(f"  same, Berth's ratios of the medians of the {n} measurement iterations per fork"
              " (robust to interference from other processes)")
        mlines = []
        for method, label in ROWS.items():
            b = thr.get((method, "berth"))
            if not b:
                continue
            mlines.append([label] + [f"{b['median'] / thr[(method, p)]['median']:.2f}x" if (method, p) in thr else "-"
                                     for p in others])
        print(table(["cycle"] + [f"B/{NAMES.get(p, p)}" for p in others], mlines))
        print()

    if sample:
        print("Acquire wait, 4 threads on 2 connections: getConnection() alone (JMH sample time), us"
              " (lower is better)")
        keys = [("50.0", "p50"), ("90.0", "p90"), ("99.0", "p99"), ("99.9", "p99.9"), ("99.99", "p99.99"),
                ("100.0", "max")]
        spools = [p for p in POOLS if p in sample] + sorted(set(sample) - set(POOLS))
        lines = []
        for p in spools:
            s = sample[p]
            lines.append([NAMES.get(p, p), fmt(s["score"])] + [fmt(s["pct"].get(k)) for k, _ in keys]
                         + [f"{s['n']:,}"])
        print(table(["pool", "mean"] + [h for _, h in keys] + ["samples"], lines))
        b = sample.get("berth")
        if b:
            print("  Berth's p99 / peer's p99: " + ", ".join(
                f"{NAMES.get(p, p)} {b['pct']['99.0'] / sample[p]['pct']['99.0']:.2f}x"
                for p in spools if p != "berth" and sample[p]["pct"].get("99.0")))
        print()

    for pins in pin_runs:
        jdks = sorted({p.get("jdk", "?") for p in pins.values()})
        print("1,000 virtual threads on 10 connections: pinned virtual threads (JFR jdk.VirtualThreadPinned,"
              f" threshold 0; JDK {', '.join(jdks)}) and fairness over fixed windows")
        lines = []
        for p in [p for p in POOLS if p in pins] + sorted(set(pins) - set(POOLS)):
            x = pins[p]
            jmh = thr.get(("virtual", p))
            lines.append([NAMES.get(p, p), f"{x['pinned']}", f"{x.get('pinnedWarmup', '-')}",
                          fmt(jmh["score"]) if jmh else "-", fmt(x["cyclesPerMs"]), f"{x['jain']:.4f}",
                          f"{x['servedMin']}/{x['threads']}", x.get("topFrame", "-")])
        print(table(["pool", "pinned", "pinned in warm-up", "JMH cycles/ms", "window cycles/ms", "Jain",
                     "served min", "most pinning frame"], lines))
        if any(major(j) >= 24 for j in jdks):
            print("  note: on JDK 24+ (JEP 491) blocking in synchronized or Object.wait() no longer pins; a JDK 21"
                  " run (PIN_JAVA) is the one that shows synchronized on a waiting path")
        print()

    if alloc:
        print("Allocation per operation (-prof gc, gc.alloc.rate.norm), B/op")
        apools = [p for p in POOLS if any(k[1] == p for k in alloc)]
        lines = [[label] + [fmt(alloc.get((m, p))) for p in apools] for m, label in ROWS.items()
                 if any((m, p) in alloc for p in apools)]
        if any(("acquire_4on2", p) in alloc for p in apools):
            lines.append(["getConnection alone, 4 threads on 2 (sample time)"]
                         + [fmt(alloc.get(("acquire_4on2", p))) for p in apools])
        print(table(["cycle"] + [NAMES.get(p, p) for p in apools], lines))
        print()

    if pg:
        first = pg[0]
        print(f"pgbench-like through JDBC on PostgreSQL (scale {first['scale']}, {first['connections']} connections,"
              f" {first['clients']} clients, {first['durationSeconds']} s per run): TPS higher is better,"
              " latencies in ms from before getConnection() to after close()")
        combos = OrderedDict()
        for r in pg:
            combos.setdefault((r["script"], r["threads"]), {})[r["pool"]] = r
        lines = []
        for (script, kind), by in combos.items():
            h, b = by.get("hikari"), by.get("berth")
            row = [f"{script}, {kind}"]
            for x in (h, b):
                row += [fmt(x["tps"]), f"{x['avgMs']:.2f}", f"{x['p99Ms']:.2f}", f"{x['p99AcquireMs']:.2f}",
                        str(x["failed"])] if x else ["-"] * 5
            row.append(f"{b['tps'] / h['tps']:.2f}x" if h and b else "-")
            row.append(f"{b['p99Ms'] / h['p99Ms']:.2f}x" if h and b and h["p99Ms"] > 0 else "-")
            lines.append(row)
        print(table(["script, threads", "Hikari TPS", "avg", "p99", "p99 acq", "fail", "Berth TPS", "avg", "p99",
                     "p99 acq", "fail", "B/H TPS", "B/H p99"], lines))
        print()

    # ---- goals -----------------------------------------------------------------------------------
    def throughput_goal(method, peer, need, label):
        b, p = thr.get((method, "berth")), thr.get((method, peer))
        if not b or not p:
            goals.append(f"{label}: not measured")
            return
        r, low, high, _ = ratio(b, p)
        span = f" [{low:.2f}x .. {high:.2f}x]" if low is not None else ""
        med = b["median"] / p["median"]
        goals.append(f"{label}: {r:.2f}x{span}, medians {med:.2f}x, goal >= {need:g}x: {verdict(r, low, high, need)}")

    if thr or sample or pin_runs:
        print("Goals (same run; ratio of means [with both error bars at their worst .. best], ratio of medians)")
        throughput_goal("connection", "agroal", 1.5, "connection cycle, Berth/Agroal")
        throughput_goal("connection", "hikari", 2.0, "connection cycle, Berth/HikariCP")
        throughput_goal("connection_4on2", "agroal", 1.0, "oversubscribed connection cycle, Berth/Agroal")
        throughput_goal("statement_4on2", "agroal", 1.0, "oversubscribed get + statement, Berth/Agroal")
        b, h = sample.get("berth"), sample.get("hikari")
        if b and h:
            bp, hp = b["pct"]["99.0"], h["pct"]["99.0"]
            goals.append(f"oversubscribed p99 acquire wait, Berth {bp:.3f} us vs HikariCP {hp:.3f} us,"
                         f" goal no worse: {'met' if bp <= hp else 'NOT met'}")
        else:
            goals.append("oversubscribed p99 acquire wait: not measured")
        throughput_goal("virtual", "hikari", 2.0, "1,000 virtual threads, Berth/HikariCP")
        if not pin_runs:
            goals.append("no pinned virtual threads: not measured")
        for pins in pin_runs:
            bp = pins.get("berth")
            if not bp:
                continue
            total = bp["pinned"] + bp.get("pinnedWarmup", 0)
            goals.append(f"no pinned virtual threads (Berth, JDK {bp.get('jdk', '?')}): {bp['pinned']} measured,"
                         f" {bp.get('pinnedWarmup', 0)} in warm-up: {'met' if total == 0 else 'NOT met'}"
                         + (" (JDK 24+: synchronized does not pin there)" if major(bp.get("jdk", "0")) >= 24 else ""))
        for g in goals:
            print("  " + g)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jmh")
    ap.add_argument("--pinning", action="append", default=[])
    ap.add_argument("--pgbench")
    a = ap.parse_args()
    main(a.jmh, a.pinning, a.pgbench)
