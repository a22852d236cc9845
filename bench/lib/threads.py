#!/usr/bin/env python3
"""bench/lib/threads.py: scenario 12's figures and the scaling model (bench/README.md, lib-sxe/README.md "Threads").

Usage: threads.py OUTDIR     reads OUTDIR/results.tsv (scenarios 12 and 12r), OUTDIR/threads.tsv (every server thread's
                             CPU ticks per run) and OUTDIR/threads-handoff.txt (bench-handoff), writes OUTDIR/threads.md
                             and prints it.

The model. A request costs c_io of CPU in an I/O thread (reading, parsing, handing on, taking the reply, sending) and
c_stage + W in the serial stage (taking it from the ring, numbering it, handing the reply back; W the serial work).
Both are medians measured here, per thread, at work 0 (c_stage: the stage thread's CPU per request minus W). With N
cores, one runs the stage and N - 1 the I/O threads (the load generator elsewhere), so the pipeline's throughput is
    X(N, W) = min((N - 1) / c_io, 1 / (c_stage + W))
while one thread doing the same work inline (-t 0, or any single-threaded server: the serial work cannot be spread
over processes) does 1 / (c_inline + W) on any number of cores. At an offered rate R, the largest serial work the
pipeline sustains is 1 / R - c_stage, once (N - 1) / c_io >= R. The model ignores what more cores share (memory
bandwidth, the kernel's network stack, the client) and assumes the I/O threads scale linearly, as separate loops with
separate listeners do until those shared parts saturate.
"""
import csv
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402  (the same parsers as the report)

RATE_P99_LIMIT_MS = 50.0  # above this the server fell behind the offered rate (latency from the intended send time)
RATE_ACHIEVED = 0.99      # and it must complete this share of the offered rate
CORES = (2, 8, 16)


def ticks_per_second():
    try:
        return os.sysconf("SC_CLK_TCK")
    except (ValueError, OSError):
        return 100


def thread_cpu(outdir):
    """raw -> {role: seconds}: the server's threads grouped by role (io, stage, main)."""
    out = {}
    path = os.path.join(outdir, "threads.tsv")
    if not os.path.exists(path):
        return out
    hz = ticks_per_second()
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                continue
            raw, name, ticks = parts
            role = "stage" if name.endswith("stage") else "io" if "-io" in name else "main"
            out.setdefault(raw, {}).setdefault(role, 0.0)
            out[raw][role] += int(ticks) / hz
    return out


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def rows_of(rows, scen):
    return [r for r in rows if r["scenario"] == scen]


def per_request(rows, cpu, server, role):
    """Median over the runs of server's `role` CPU per request, microseconds."""
    values = []
    for r in rows:
        if r["server"] == server and r.get("requests") and r["raw"] in cpu:
            values.append(cpu[r["raw"]].get(role, 0.0) / r["requests"] * 1e6)
    return median(values)


def fmt(value, digits=1):
    return "-" if value is None else f"{value:,.{digits}f}"


def handoff_section(outdir):
    text = report.read(outdir, "threads-handoff.txt")
    if not text:
        return ["Hand-off costs: not measured (bench-handoff did not run).", ""], {}
    costs = {}
    for m in re.finditer(r"^(.+?)\s+(\d+)\s+([\d.]+) \[.*?\]\s+([\d.]+) \[", text, re.M):
        costs[(m.group(1).strip(), int(m.group(2)))] = (float(m.group(3)), float(m.group(4)))
    return ["### Hand-off cost per stage crossing (bench/bench-handoff.c)", "",
            "One producer thread and one consumer thread on different cores; ns per element (24 bytes) per crossing: "
            "wall time / elements, and the CPU time of both threads / elements.", "", "```", text, "```", ""], costs


def load_section(rows, cpu):
    out = ["### Where a request's CPU goes: wrk -t1, 100 connections, each server on one core", "",
           "| Server | Serial work | Requests/s | CPU/request (us) | I/O thread (us) | Stage thread (us) |",
           "|---|---|---|---|---|---|"]
    names = [("httpd", "httpd (hello world, no work)", None), ("inline-w0", "pipeline -t 0 (inline)", 0),
             ("t1-w0", "pipeline -t 1 (I/O thread + stage)", 0), ("inline-w1", "pipeline -t 0 (inline)", 1),
             ("t1-w1", "pipeline -t 1 (I/O thread + stage)", 1)]
    for server, label, work in names:
        runs = [r for r in rows if r["server"] == server]
        if not runs:
            continue
        rps = median([r.get("rps") for r in runs])
        total = median([r.get("srv_us_per_req") for r in runs])
        io = per_request(runs, cpu, server, "io") if server.startswith("t1") else None
        stage = per_request(runs, cpu, server, "stage") if server.startswith("t1") else None
        out.append(f"| {label} | {'-' if work is None else str(work) + ' us'} | {fmt(rps, 0)} | {fmt(total, 2)} | "
                   f"{fmt(io, 2)} | {fmt(stage, 2)} |")
    out.append("")
    return out


def rate_section(rows):
    out = []
    if not rows:
        return out, {}
    rate = None
    table = {}
    for r in rows:
        m = re.match(r"rate=(\d+),w=(\d+)us", r["variant"])
        if not m:
            continue
        rate = int(m.group(1))
        work = int(m.group(2))
        ok = (r.get("rps") or 0) >= RATE_ACHIEVED * rate and (r.get("lat_p99_ms") or 1e9) <= RATE_P99_LIMIT_MS \
            and not r.get("errors")
        table.setdefault(work, {})[r["server"]] = (r.get("rps"), r.get("lat_p99_ms"), ok)
    largest = {}
    out += [f"### The largest serial work per request at {rate:,} requests/s offered (examples/http -r), "
            "each server on one core", "",
            f"Sustained: at least {RATE_ACHIEVED:.0%} of the offered rate completed and a p99 latency (from the "
            f"intended send time) of at most {RATE_P99_LIMIT_MS:.0f} ms. One run per work.", "",
            "| Serial work (us) | inline: requests/s | p99 ms | sustained | pipeline -t 1: requests/s | p99 ms | "
            "sustained |", "|---|---|---|---|---|---|---|"]
    for work in sorted(table):
        cells = []
        for server in ("inline", "t1"):
            rps, p99, ok = table[work].get(server, (None, None, False))
            cells += [fmt(rps, 0), fmt(p99, 2), "yes" if ok else "no"]
            if ok:
                largest[server] = max(largest.get(server, 0), work)
        out.append(f"| {work} | " + " | ".join(cells) + " |")
    out += ["", f"Largest sustained: inline {largest.get('inline', '-')} us, pipeline -t 1 {largest.get('t1', '-')} us "
            f"(both on one core).", ""]
    return out, {"rate": rate, "largest": largest}


def model_section(rows, cpu, costs, rate_info):
    c_io = per_request(rows, cpu, "t1-w0", "io")
    c_stage = per_request(rows, cpu, "t1-w0", "stage")
    c_inline = median([r.get("srv_us_per_req") for r in rows if r["server"] == "inline-w0"])
    out = ["### The scaling model: 8 and 16 cores (from the per-thread costs measured above)", ""]
    if c_io is None or c_stage is None or c_inline is None:
        return out + ["Not computed: the per-thread costs of pipeline -t 1 or -t 0 at work 0 were not measured.", ""]
    ring = costs.get(("ring, blocking consumer", 8))
    out += [f"Inputs (medians at work 0): an I/O thread spends c_io = {c_io:.2f} us per request, the stage "
            f"c_stage = {c_stage:.2f} us, the inline server c_inline = {c_inline:.2f} us"
            + (f"; a crossing of the blocking ring at batch 8 costs {ring[0]:.1f} ns (bench-handoff)" if ring else "")
            + ". Measured with the I/O thread and the stage on one core, so c_io and c_stage include the wake-ups "
            "of a stage that sleeps between batches: conservative for cores of their own.", "",
            "X(N, W) = min((N - 1) / c_io, 1 / (c_stage + W)); inline: 1 / (c_inline + W) whatever N.", "",
            "| Cores | Work W (us) | Pipeline predicted (requests/s) | Limited by | Inline (requests/s) |",
            "|---|---|---|---|---|"]
    for cores in CORES:
        for work in (0.0, 1.0):
            io_limit = (cores - 1) / c_io * 1e6
            stage_limit = 1.0 / (c_stage + work) * 1e6
            inline = 1.0 / (c_inline + work) * 1e6
            out.append(f"| {cores} | {work:g} | {min(io_limit, stage_limit):,.0f} | "
                       f"{'I/O threads' if io_limit < stage_limit else 'the serial stage'} | {inline:,.0f} |")
    rate = rate_info.get("rate")
    if rate:
        budget = 1e6 / rate
        need = rate * c_io / 1e6 + 1
        out += ["", f"At {rate:,} requests/s: the pipeline sustains a serial work of up to 1/R - c_stage = "
                f"{budget - c_stage:.1f} us per request once it has at least {need:.1f} cores (the I/O threads need "
                f"R x c_io = {rate * c_io / 1e6:.2f} cores, the stage one); one thread doing it inline, up to "
                f"1/R - c_inline = {budget - c_inline:.1f} us, on any number of cores."]
        bound = 1e6 / c_stage
        out += [f"The stage alone bounds the pipeline at 1 / c_stage = {bound:,.0f} requests/s (work 0): "
                f"{bound * c_io / 1e6 + 1:.1f} cores saturate it."]
    out.append("")
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    rows = report.load_rows(outdir)
    cpu = thread_cpu(outdir)
    handoff, costs = handoff_section(outdir)
    rate, rate_info = rate_section(rows_of(rows, "12r"))
    text = "\n".join(handoff + load_section(rows_of(rows, "12"), cpu) + rate +
                     model_section(rows_of(rows, "12"), cpu, costs, rate_info))
    with open(os.path.join(outdir, "threads.md"), "w") as f:
        f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
