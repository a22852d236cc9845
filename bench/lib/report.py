#!/usr/bin/env python3
"""bench/lib/report.py: turns one bench/results/<timestamp>/ folder into the markdown report and charts.

Usage:
  report.py OUTDIR                 parse raw/*, aggregate results.tsv and memory.tsv, write OUTDIR/results.md,
                                   OUTDIR/summary.tsv and (when gnuplot exists) one chart per scenario,
                                   scenario-N.png with its script scenario-N.gp; print results.md on stdout
  report.py --summary CLIENT RAW   print a one-line summary of one raw client output (progress lines)

Each figure is the median of the runs with [min-max]. Server CPU per request = (user+system seconds of the
server's worker processes during the run) / (requests the client completed). Client CPU per request likewise
from the client's own user+system time. Peak RSS is VmHWM (kB) of the worker processes at the end of the run.
"""
import csv
import json
import math
import os
import re
import statistics
import subprocess
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
SERVER_ORDER = ["httpd", "httpd-log", "hello", "nginx", "nginx-log", "nginx-logbuf", "h2o", "blocking", "hello-lua",
                "hello-c", "nginx-lua", "node", "httpd-lua", "httpd-tls", "httpd-tls-1k", "nginx-tls",
                "inline-w0", "t1-w0", "inline-w1", "t1-w1", "inline", "t1"]
SCENARIO_TITLES = {
    "1": "1. Keep-alive hello world",
    "2": "2. The classic run: examples/http -c 10000 -n 50",
    "3": "3. Pipelined, 16 requests per write, 100 connections",
    "4": "4. A new connection per request",
    "5": "5. Static files",
    "6": "6. Load generators on one core each, same server",
    "7": "7. Idle memory: 10,000 idle keep-alive connections",
    "8": "8. Library micro-benchmarks",
    "9": "9. SXELua: hello.lua vs C, nginx+Lua and node; httpd.lua vs httpd",
    "9m": "9m. SXELua fixed memory: hello.lua over 1,000,000 requests on 1,000 connections",
    "10": "10. The access log on: keep-alive hello world, httpd -a vs nginx access_log (combined format)",
    "11": "11. HTTPS: keep-alive hello world, and a new TLS 1.3 connection per request (full, resumed)",
    "11m": "11m. HTTPS fixed memory: httpd with a full pool of 1,000 TLS connections, keep-alive, new handshakes, over the pool",
    "12": "12. Threads: examples/pipeline (-t 1: an I/O thread and the serial stage) vs -t 0 (the work inline)",
    "12r": "12r. Threads: the largest serial work per request at a fixed offered rate",
}


def scenario_order(scen):
    """Scenarios sort by number, a lettered one ("9m") after its number."""
    m = re.match(r"(\d+)(.*)", scen)
    return (int(m.group(1)), m.group(2)) if m else (999, scen)


def to_ms(value, unit):
    return float(value) * UNITS[unit]


def parse_wrk(text):
    r = {}
    m = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", text)
    if m:
        r["requests"] = int(m.group(1))
        r["seconds"] = to_ms(m.group(2), m.group(3)) / 1000.0
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        r["rps"] = float(m.group(1))
    m = re.search(r"Latency\s+([\d.]+)(us|ms|s)", text)
    if m:
        r["lat_avg_ms"] = to_ms(m.group(1), m.group(2))
    for pct, key in (("50", "lat_p50_ms"), ("99", "lat_p99_ms")):
        m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)" % pct, text, re.M)
        if m:
            r[key] = to_ms(m.group(1), m.group(2))
    if r.get("lat_p99_ms") == 0.0:   # wrk prints 0.00us percentiles when a script pipelines: not a measurement
        del r["lat_p99_ms"]
    errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        errors += sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        errors += int(m.group(1))
    r["errors"] = errors
    return r


def parse_ab(text):
    r = {}
    for pattern, key, kind in (
        (r"Complete requests:\s+(\d+)", "requests", int),
        (r"Time taken for tests:\s+([\d.]+) seconds", "seconds", float),
        (r"Requests per second:\s+([\d.]+)", "rps", float),
        (r"Time per request:\s+([\d.]+) \[ms\] \(mean\)", "lat_avg_ms", float),
        (r"^\s+50%\s+(\d+)", "lat_p50_ms", float),
        (r"^\s+99%\s+(\d+)", "lat_p99_ms", float),
    ):
        m = re.search(pattern, text, re.M)
        if m:
            r[key] = kind(m.group(1))
    errors = 0
    for pattern in (r"Failed requests:\s+(\d+)", r"Non-2xx responses:\s+(\d+)"):
        m = re.search(pattern, text)
        if m:
            errors += int(m.group(1))
    r["errors"] = errors
    return r


def flatten(obj, prefix=""):
    out = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.update(flatten(v, f"{prefix}{k}."))
    elif isinstance(obj, (int, float)) and not isinstance(obj, bool):
        out[prefix[:-1].lower()] = float(obj)
    return out


def pick(flat, *names):
    for name in names:
        if name in flat:
            return flat[name]
    return None


def parse_http(text):
    """examples/http -j: the last line that parses as a JSON object."""
    r = {}
    flat = None
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                flat = flatten(json.loads(line))
                break
            except ValueError:
                continue
    if flat is None:
        return r
    all_seconds = pick(flat, "seconds.all")
    values = {
        "requests": pick(flat, "responses"),
        "seconds": all_seconds,
        "rps": pick(flat, "responses_per_second"),
        "connections": pick(flat, "connects"),
        "lat_avg_ms": pick(flat, "latency_us.mean"),
        "lat_p50_ms": pick(flat, "latency_us.p50"),
        "lat_p99_ms": pick(flat, "latency_us.p99"),
        "errors": pick(flat, "errors.total"),
    }
    for key in ("lat_avg_ms", "lat_p50_ms", "lat_p99_ms"):
        if values[key] is not None:
            values[key] /= 1000.0
    established, ramp = pick(flat, "connections_established"), pick(flat, "seconds.connect")
    if established and ramp:
        r["ramp_cps"] = established / ramp
    for key, value in values.items():
        if value is not None:
            r[key] = int(value) if key in ("requests", "connections", "errors") else value
    if "rps" not in r and r.get("requests") and r.get("seconds"):
        r["rps"] = r["requests"] / r["seconds"]
    if "cps" not in r and r.get("connections") and r.get("seconds"):
        r["cps"] = r["connections"] / r["seconds"]
    return r


def parse_idle(text):
    r = {}
    for event in ("idle_before", "idle_held", "idle_after"):
        m = re.search(r"^%s rss_kb=(\d+) hwm_kb=(\d+)(?: open=(\d+) failed=(\d+))?" % event, text, re.M)
        if m:
            r[event + "_rss_kb"] = int(m.group(1))
            r[event + "_hwm_kb"] = int(m.group(2))
            if m.group(3):
                r["open"] = int(m.group(3))
                r["errors"] = int(m.group(4))
    return r


PARSERS = {"wrk": parse_wrk, "wrk-pipe": parse_wrk, "ab": parse_ab, "ab-k": parse_ab, "http": parse_http,
           "idle": parse_idle}


def parse(client, path):
    try:
        with open(path, errors="replace") as f:
            text = f.read()
    except OSError:
        return {}
    parser = PARSERS.get(client) or PARSERS.get(client.split("-")[0])
    return parser(text) if parser else {}


def summary_line(client, path):
    r = parse(client, path)
    if not r:
        return "no parsable output"
    parts = []
    if "rps" in r:
        parts.append(f"{r['rps']:.0f} req/s")
    if "cps" in r:
        parts.append(f"{r['cps']:.0f} conn/s")
    if "requests" in r:
        parts.append(f"{r['requests']} requests")
    if "lat_p99_ms" in r:
        parts.append(f"p99 {r['lat_p99_ms']:.2f} ms")
    if r.get("errors"):
        parts.append(f"{r['errors']} errors")
    if "idle_held_rss_kb" in r:
        parts.append(f"rss {r['idle_before_rss_kb']} -> {r['idle_held_rss_kb']} kB with {r.get('open')} open")
    return ", ".join(parts)


# ---- aggregation ------------------------------------------------------------------------------------------

def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return (statistics.median(values), min(values), max(values), len(values))


def load_rows(outdir):
    rows = []
    path = os.path.join(outdir, "results.tsv")
    if not os.path.exists(path):
        return rows
    with open(path) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            parsed = parse(row["client"], os.path.join(outdir, row["raw"]))
            row.update(parsed)
            requests = parsed.get("requests")
            srv_cpu = float(row["srv_cpu_s"])
            cli_cpu = float(row["cli_cpu_s"])
            if requests:
                row["srv_us_per_req"] = srv_cpu / requests * 1e6 if row["server"] != "-" else None
                row["cli_us_per_req"] = cli_cpu / requests * 1e6
            if requests and "rps" not in row:
                row["rps"] = requests / float(row["wall_s"])
            row["srv_hwm_kb"] = int(row["srv_hwm_kb"] or 0)
            if float(row["wall_s"]) > 0:
                row["cli_busy_pct"] = cli_cpu / float(row["wall_s"]) * 100.0
            rows.append(row)
    return rows


def aggregate(rows):
    groups = {}
    for row in rows:
        key = (row["scenario"], row["variant"], row["server"], row["client"])
        groups.setdefault(key, []).append(row)
    out = {}
    for key, runs in groups.items():
        agg = {"runs": len(runs), "raw": [r["raw"] for r in runs]}
        for metric in ("rps", "cps", "lat_avg_ms", "lat_p50_ms", "lat_p99_ms", "srv_us_per_req", "cli_us_per_req",
                       "srv_hwm_kb", "requests", "idle_before_rss_kb", "idle_held_rss_kb", "idle_after_rss_kb",
                       "open", "ramp_cps", "cli_busy_pct"):
            agg[metric] = stats([r.get(metric) for r in runs])
        first = min(runs, key=lambda r: int(r["run"]))
        agg["fresh_rss_kb"] = first.get("idle_before_rss_kb")
        agg["errors"] = sum(int(r.get("errors") or 0) for r in runs)
        agg["failed_runs"] = sum(1 for r in runs if r["rc"] not in ("0",) or not r.get("requests") and
                                 r["client"] not in ("idle", "micro"))
        out[key] = agg
    return out


def sort_key(key):
    scen, variant, server, client = key
    num = re.findall(r"\d+", variant)
    order = SERVER_ORDER.index(server) if server in SERVER_ORDER else len(SERVER_ORDER)
    return (scenario_order(scen), variant.split("=")[0], int(num[0]) if num else 0, variant, client, order)


def fmt(s, digits=0, scale=1.0):
    if s is None:
        return "-"
    med, lo, hi, _ = s
    f = "{:,.%df}" % digits
    if lo == hi:
        return f.format(med * scale)
    return f"{f.format(med * scale)} [{f.format(lo * scale)}-{f.format(hi * scale)}]"


def fmt1(s, digits=0, scale=1.0):
    if s is None:
        return "-"
    return ("{:,.%df}" % digits).format(s[0] * scale)


def med(agg, key, metric):
    a = agg.get(key)
    if not a or not a.get(metric):
        return None
    return a[metric][0]


# ---- goals -----------------------------------------------------------------------------------------------

def load_memory(outdir):
    marks = {}
    path = os.path.join(outdir, "memory.tsv")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                scen, server, event, rss, hwm = line.rstrip("\n").split("\t")
                marks[(scen, server, event)] = (int(rss or 0), int(hwm or 0))
    return marks


def goal_rows(agg, marks, outdir=""):
    goals = []

    def ratio_goal(text, num_key, den_key, metric, limit, at_most=True):
        a, b = med(agg, num_key, metric), med(agg, den_key, metric)
        if a is None or b is None or b == 0:
            k = num_key if a is None else den_key
            missing = f"{k[2]} with {k[3]}"
            if not any(key[0] == k[0] for key in agg):
                missing = f"scenario {k[0]} not run"
            goals.append((text, "not measured (%s)" % missing if missing.startswith("scenario") else
                          "not measured (%s missing)" % missing, "-", f"{'<=' if at_most else '>='} {limit}",
                          "not measured"))
            return
        ratio = a / b
        met = ratio <= limit if at_most else ratio >= limit
        unit = {"srv_us_per_req": "us/req", "srv_hwm_kb": "kB"}.get(metric, "req/s")
        goals.append((text, f"{a:,.2f} vs {b:,.2f} {unit}", f"{ratio:.3f}x", f"{'<=' if at_most else '>='} {limit}x",
                      "met" if met else "NOT met"))

    s1_clients = [c for c in ("wrk", "http") if any(k[0] == "1" and k[3] == c for k in agg)] or ["wrk"]
    for variant in ("c=100", "c=1000"):
        for client in s1_clients:
            ratio_goal(f"S1 {variant} ({client}): httpd CPU/request vs nginx", ("1", variant, "httpd", client),
                       ("1", variant, "nginx", client), "srv_us_per_req", 0.85)
    pipe_clients = sorted({k[3] for k in agg if k[0] == "3"}) or ["wrk-pipe"]
    for client in pipe_clients:
        ratio_goal(f"S3 pipelined ({client}): httpd CPU/request vs nginx", ("3", "c=100", "httpd", client),
                   ("3", "c=100", "nginx", client), "srv_us_per_req", 0.25)
    close_clients = sorted({k[3] for k in agg if k[0] == "4"}) or ["http-close"]
    for client in close_clients:
        ratio_goal(f"S4 ({client}): hello CPU/request vs blocking loop", ("4", "c=100", "hello", client),
                   ("4", "c=100", "blocking", client), "srv_us_per_req", 1.1)
        ratio_goal(f"S4 ({client}): hello CPU/request vs nginx", ("4", "c=100", "hello", client),
                   ("4", "c=100", "nginx", client), "srv_us_per_req", 0.6)
    s6_server = next((k[2] for k in agg if k[0] == "6"), "nginx")
    ratio_goal(f"S6: examples/http req/s vs wrk -t1 (client on one core, server {s6_server})",
               ("6", "c=100", s6_server, "http"), ("6", "c=100", s6_server, "wrk"), "rps", 1.0, at_most=False)
    start, stop = marks.get(("1", "httpd", "start")), marks.get(("1", "httpd", "stop"))
    if start and stop:
        grow = stop[1] / start[0] if start[0] else 0
        goals.append(("S1: httpd fixed memory (RSS at start vs peak RSS after all S1 load)",
                      f"{start[0]:,} kB -> peak {stop[1]:,} kB (RSS now {stop[0]:,} kB)", f"{grow:.3f}x", "<= 1.01x",
                      "met" if grow <= 1.01 else "NOT met"))
    else:
        goals.append(("S1: httpd fixed memory (RSS at start vs peak RSS after all S1 load)",
                      "not measured (httpd not run in scenario 1)", "-",
                      "<= 1.01x", "not measured"))
    ratio_goal("S2: httpd peak RSS vs nginx (classic run)", ("2", "c=10000,n=50", "httpd", "http"),
               ("2", "c=10000,n=50", "nginx", "http"), "srv_hwm_kb", 1.0)
    lua_goals(goals, agg, marks, ratio_goal)
    s10_clients = [c for c in ("wrk", "http") if any(k[0] == "10" and k[3] == c for k in agg)] or ["wrk"]
    for variant in ("c=100", "c=1000"):
        for client in s10_clients:
            ratio_goal(f"S10 {variant} ({client}): httpd CPU/request with its access log vs nginx with its log",
                       ("10", variant, "httpd-log", client), ("10", variant, "nginx-log", client), "srv_us_per_req",
                       1.0)
            ratio_goal(f"S10 {variant} ({client}): the same vs nginx with a 64 KiB log buffer",
                       ("10", variant, "httpd-log", client), ("10", variant, "nginx-logbuf", client),
                       "srv_us_per_req", 1.0)
    tls_goals(agg, ratio_goal)
    if any(k[0] == "11" for k in agg):
        memory_goal(goals, marks, "11m", "httpd-tls-1k",
                    "S11m: httpd -c 1000 over TLS, VmRSS after the full-pool load vs after the first 10,000 requests")
    handoff_goals(goals, outdir)
    return goals


def memory_goal(goals, marks, scen, server, text):
    """A fixed-memory run (9m, 11m): VmRSS at its "after" mark within 1 MB of its "warm" mark."""
    warm, after = marks.get((scen, server, "warm")), marks.get((scen, server, "after"))
    if warm and after:
        growth = after[0] - warm[0]
        goals.append((text, f"{warm[0]:,} kB -> {after[0]:,} kB ({growth:+,} kB)", f"{after[0] / warm[0]:.3f}x",
                      "<= +1,024 kB", "met" if growth <= 1024 else "NOT met"))
    else:
        goals.append((text, f"not measured (scenario {scen[:-1]} not run)", "-", "<= +1,024 kB", "not measured"))


def tls_goals(agg, ratio_goal):
    """Scenario 11 (HTTPS): httpd's server CPU per request at most 0.90x nginx's with keep-alive (stretch 0.85x), at
    most 0.95x per new TLS 1.3 connection (full handshake, resumed); examples/http's requests/s over TLS at least
    wrk's against nginx, one core each."""
    if not any(k[0] == "11" for k in agg):
        return
    for variant in ("c=100", "c=1000"):
        for client in ("wrk-tls", "http-tls"):
            if any(k[0] == "11" and k[1] == variant and k[3] == client for k in agg):
                ratio_goal(f"S11 {variant} ({client}): httpd CPU/request vs nginx, HTTPS keep-alive (stretch 0.85x)",
                           ("11", variant, "httpd-tls", client), ("11", variant, "nginx-tls", client),
                           "srv_us_per_req", 0.90)
    for client, what in (("http-tls-full", "full handshake"), ("http-tls-resume", "resumed")):
        ratio_goal(f"S11 new TLS 1.3 connection per request, {what}: httpd CPU/connection vs nginx",
                   ("11", "new,c=50", "httpd-tls", client), ("11", "new,c=50", "nginx-tls", client),
                   "srv_us_per_req", 0.95)
    ratio_goal("S11: examples/http req/s vs wrk -t1 over TLS (one core each, server nginx, c=100)",
               ("11", "c=100", "nginx-tls", "http-tls"), ("11", "c=100", "nginx-tls", "wrk-tls"), "rps", 1.0,
               at_most=False)


def handoff_goals(goals, outdir):
    """S12: bench-handoff's own goal lines (the ring at batch 8 against the mutex + condition variables queue)."""
    text = read(outdir, "threads-handoff.txt")
    found = False
    for m in re.finditer(r"^goal: (.+?) at batch (\d+) <= ([\d.]+) x mutex \+ condition variables: ([\d.]+), (met|NOT met)",
                         text, re.M):
        found = True
        goals.append((f"S12: hand-off, {m.group(1)}, ns per crossing at batch {m.group(2)} vs mutex + condition "
                      "variables (producer and consumer on different cores)", "threads-handoff.txt",
                      f"{float(m.group(4)):.3f}x", f"<= {m.group(3)}x", m.group(5)))
    if not found:
        goals.append(("S12: hand-off, ring at batch 8 vs mutex + condition variables", "not measured", "-",
                      "<= 0.25x", "not measured"))


def lua_goals(goals, agg, marks, ratio_goal):
    """Scenario 9 (SXELua): hello.lua vs the same program in C (requests per CPU-second, the C figure over the Lua
    one: at least 0.90x), vs nginx+Lua (CPU/request: at most 0.90x); node and httpd.lua only reported; 9m: VmRSS after
    1,000,000 requests within 1 MB of VmRSS after the first 10,000."""
    for variant in ("c=100", "c=1000"):
        ratio_goal(f"S9 {variant} (wrk): hello.lua requests per CPU-second vs the same program in C",
                   ("9", variant, "hello-c", "wrk"), ("9", variant, "hello-lua", "wrk"), "srv_us_per_req", 0.90,
                   at_most=False)
        ratio_goal(f"S9 {variant} (wrk): hello.lua CPU/request vs nginx+Lua (content_by_lua_block)",
                   ("9", variant, "hello-lua", "wrk"), ("9", variant, "nginx-lua", "wrk"), "srv_us_per_req", 0.90)
        for peer, text in (("node", "node.js (net)"),):
            a, b = med(agg, ("9", variant, "hello-lua", "wrk"), "srv_us_per_req"), \
                med(agg, ("9", variant, peer, "wrk"), "srv_us_per_req")
            if a and b:
                goals.append((f"S9 {variant} (wrk): hello.lua CPU/request vs {text}", f"{a:,.2f} vs {b:,.2f} us/req",
                              f"{a / b:.3f}x", "reported", "reported"))
        a, b = med(agg, ("9", variant, "httpd-lua", "wrk"), "srv_us_per_req"), \
            med(agg, ("9", variant, "httpd", "wrk"), "srv_us_per_req")
        if a and b:
            goals.append((f"S9 {variant} (wrk): httpd.lua CPU/request vs examples/httpd", f"{a:,.2f} vs {b:,.2f} us/req",
                          f"{a / b:.3f}x", "reported", "reported"))
    runs = [int(m.group(1)) for k in agg if k[0] == "9m" for m in [re.search(r"n=(\d+)", k[1])] if m]
    total = 1000 * max(runs) if runs else 1000000
    memory_goal(goals, marks, "9m", "hello-lua",
                f"S9m: hello.lua VmRSS after {total:,} requests (1,000 connections) vs after the first 10,000")


# ---- markdown --------------------------------------------------------------------------------------------

def scenario_table(scen, keys, agg):
    lines = []
    if scen == "7":
        lines.append("| Server | RSS fresh, no connections (kB) | RSS with the idle connections held (kB) | "
                     "Growth per connection (bytes) | Open | RSS after closing them (kB) |")
        lines.append("|---|---|---|---|---|---|")
        for key in keys:
            a = agg[key]
            fresh, held = a["fresh_rss_kb"], a["idle_held_rss_kb"]
            per = "-"
            if fresh and held and a["open"] and a["open"][0]:
                per = f"{(held[0] - fresh) * 1024 / a['open'][0]:,.0f}"
            lines.append(f"| {key[2]} | {fresh if fresh is None else format(fresh, ',')} | {fmt(held)} | {per} | "
                         f"{fmt1(a['open'])} | {fmt(a['idle_after_rss_kb'])} |")
        return lines
    cps_metric = "ramp_cps" if scen == "2" else "cps"
    show_cps = scen in ("2", "4") and any(agg[k][cps_metric] for k in keys)
    head = "| Load | Server | Client | Requests/s |"
    sep = "|---|---|---|---|"
    if show_cps:
        head += " Connections/s (ramp) |" if scen == "2" else " Connections/s |"
        sep += "---|"
    head += " Latency p50 / p99 (ms) | Server CPU/request (us) | Server peak RSS (kB) | Client CPU/request (us) |"
    sep += "---|---|---|---|"
    if scen == "6":
        head += " Client core busy (%) |"
        sep += "---|"
    head += " Errors |"
    sep += "---|"
    lines += [head, sep]
    for key in keys:
        a = agg[key]
        lat = "-"
        if a["lat_p50_ms"] or a["lat_p99_ms"]:
            lat = f"{fmt1(a['lat_p50_ms'], 2)} / {fmt1(a['lat_p99_ms'], 2)}"
        row = f"| {key[1]} | {key[2]} | {key[3]} | {fmt(a['rps'])} |"
        if show_cps:
            row += f" {fmt(a[cps_metric])} |"
        note = "" if a["failed_runs"] == 0 else f" ({a['failed_runs']} of {a['runs']} runs failed)"
        row += f" {lat} | {fmt(a['srv_us_per_req'], 2)} | {fmt1(a['srv_hwm_kb'])} | {fmt(a['cli_us_per_req'], 2)} |"
        if scen == "6":
            row += f" {fmt(a['cli_busy_pct'])} |"
        row += f" {a['errors']}{note} |"
        lines.append(row)
    return lines


def read(outdir, name):
    try:
        with open(os.path.join(outdir, name)) as f:
            return f.read().strip()
    except OSError:
        return ""


def markdown(outdir, agg, marks, goals, drawn=()):
    out = [f"# libsxe benchmark: {os.path.basename(os.path.abspath(outdir))}", ""]
    config = read(outdir, "config.md")
    if config:
        out += [config, ""]
    out += ["## Goals", "", "| Goal | Measured (medians) | Ratio | Target | Verdict |", "|---|---|---|---|---|"]
    out += [f"| {g[0]} | {g[1]} | {g[2]} | {g[3]} | {g[4]} |" for g in goals]
    out.append("")
    scenarios = sorted({k[0] for k in agg} | ({"8"} if read(outdir, "micro.txt") else set()), key=scenario_order)
    for scen in scenarios:
        out += [f"## {SCENARIO_TITLES.get(scen, 'Scenario ' + scen)}", ""]
        if scen == "8":
            out += ["```", read(outdir, "micro.txt") or "(no output)", "```", ""]
            continue
        keys = sorted((k for k in agg if k[0] == scen), key=sort_key)
        out += scenario_table(scen, keys, agg)
        mem = [(k[1], v) for k, v in sorted(marks.items()) if k[0] == scen]
        if mem and scen != "7":
            out.append("")
            out.append("Server memory (VmRSS / VmHWM kB) at start and at the end of the scenario: " + "; ".join(
                f"{srv} {marks.get((scen, srv, 'start'), ('-', '-'))[0]:,} -> "
                f"{marks.get((scen, srv, 'stop'), ('-', '-'))[0]:,} / peak "
                f"{marks.get((scen, srv, 'stop'), ('-', '-'))[1]:,}"
                for srv in sorted({m[0] for m in mem}, key=lambda s: SERVER_ORDER.index(s)
                                  if s in SERVER_ORDER else 99)
                if (scen, srv, "start") in marks and (scen, srv, "stop") in marks) + ".")
        out.append("")
        if f"scenario-{scen}.png" in drawn:
            out += [f"![{SCENARIO_TITLES.get(scen, 'Scenario ' + scen)}](scenario-{scen}.png)", ""]
        if scen == "12r" or (scen == "12" and not any(k[0] == "12r" for k in agg)):
            out += [read(outdir, "threads.md") or "(bench/lib/threads.py wrote no threads.md)", ""]
    crosscheck = read(outdir, "crosscheck.txt")
    if crosscheck:
        out += ["## Load generator cross-check (bench/http-crosscheck.sh)", "",
                "examples/http's response count against the server's own count (nginx access log, httpd counters):",
                "", "```", crosscheck, "```", ""]
    notes = read(outdir, "notes.md")
    if notes:
        out += ["## Notes", "", notes, ""]
    machine = read(outdir, "machine.md")
    if machine:
        out += ["## Machine", "", machine, ""]
    out += ["Figures: median of the runs [min-max]. Raw client and server outputs are in `raw/`; "
            "`results.tsv` has one row per run, `summary.tsv` one row per figure.", ""]
    return "\n".join(out)


# ---- charts ----------------------------------------------------------------------------------------------
# One PNG per scenario (scenario-N.png): a grid of small bar charts, one row per metric the scenario's claims are
# about, one column per load (and client). Each bar is one server's median with its value written on it and a
# min-max whisker. Every axis is linear from zero, so two bars' heights compare as the ratio the goals state; each
# panel has its own scale (latency at 100 and at 10,000 connections differs 100-fold). Bars are coloured by
# server, the same colour everywhere; where a scenario compares clients (6), by client instead.

SERVER_COLORS = {"httpd": 0x7B2FBE, "hello": 0x2A9D5C, "nginx": 0x3A86C8, "h2o": 0xE08A1E, "blocking": 0xB8A200,
                 "hello-lua": 0x000080, "hello-c": 0x2A9D5C, "nginx-lua": 0x3A86C8, "node": 0x68A063,
                 "httpd-lua": 0x5A5AD2, "httpd-log": 0xB07FE0, "nginx-log": 0x8BBCE8, "nginx-logbuf": 0x1F5C94,
                 "httpd-tls": 0x7B2FBE, "nginx-tls": 0x3A86C8}
CLIENT_COLORS = {"http": 0xC0392B, "wrk": 0x16A085, "ab-k": 0x6C7A89, "ab": 0x6C7A89}
CLIENT_ORDER = ["http", "wrk", "ab-k", "ab"]
OTHER_COLOR = 0x555555
METRIC_LABELS = {
    "rps": "Requests/s",
    "srv_us_per_req": "Server CPU/request (us)",
    "cli_us_per_req": "Client CPU/request (us)",
    "lat_p99_ms": "Latency p99 (ms)",
    "srv_hwm_kb": "Server peak RSS (kB)",
}
# scenario: (metrics, one row each; what the bars compare)
SCENARIO_CHARTS = {
    "1": (["rps", "srv_us_per_req", "lat_p99_ms"], "server"),
    "2": (["rps", "srv_us_per_req", "srv_hwm_kb"], "server"),
    "3": (["rps", "srv_us_per_req"], "server"),
    "4": (["rps", "srv_us_per_req"], "server"),
    "5": (["rps", "srv_us_per_req"], "server"),
    "6": (["rps", "cli_us_per_req"], "client"),
    "10": (["rps", "srv_us_per_req"], "server"),
    "11": (["rps", "srv_us_per_req", "lat_p99_ms"], "server"),
    "12r": (["rps", "lat_p99_ms"], "server"),
    "12": (["rps", "srv_us_per_req"], "server"),
}
PANEL_WIDTH, PANEL_HEIGHT = 300, 270


def bar_value(v):
    if v >= 100:
        return f"{v:,.0f}"
    return f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def axis_tics(top):
    """gnuplot ytics for a linear axis 0..top: about five round steps, labelled 0, 50k, 1.5M, 0.25."""
    raw = top / 5.0
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    tics = []
    v = 0.0
    while v <= top * 1.0001:
        if v >= 1e6:
            label = f"{v / 1e6:g}M"
        elif v >= 1e3:
            label = f"{v / 1e3:g}k"
        else:
            label = f"{round(v, 6):g}"
        tics.append(f'"{label}" {v:.6g}')
        v += step
    return "set ytics (" + ", ".join(tics) + ")"


def idle_memory_panels(agg):
    """Scenario 7: each server's RSS before, with and after the idle connections (one row, three panels)."""
    keys = sorted((k for k in agg if k[0] == "7"), key=sort_key)
    phases = [("no connections", lambda a: (a["fresh_rss_kb"],) * 3 if a.get("fresh_rss_kb") else None),
              ("10,000 idle connections held", lambda a: a.get("idle_held_rss_kb")),
              ("after closing them", lambda a: a.get("idle_after_rss_kb"))]
    panels = []
    for title, get in phases:
        bars = [(k[2], SERVER_COLORS.get(k[2], OTHER_COLOR), *get(agg[k])[:3]) for k in keys if get(agg[k])]
        if bars:
            panels.append((title, bars))
    return [("Server RSS (kB)", panels)] if panels else []


def chart_panels(scen, agg):
    """[(row title, [(panel title, [(bar name, color, median, min, max)]) or None])] for one scenario: every row has
    one entry per column (a load and client), None where that metric was not measured for it."""
    if scen == "7":
        return idle_memory_panels(agg)
    rows = []
    metrics, compare = SCENARIO_CHARTS.get(scen, (["rps", "srv_us_per_req"], "server"))
    keys = [k for k in agg if k[0] == scen]
    if compare == "server":
        groups = sorted({(k[1], k[3]) for k in keys}, key=lambda g: sort_key((scen, g[0], "", g[1])))
        members = [s for s in SERVER_ORDER if any(k[2] == s for k in keys)]
        members += sorted({k[2] for k in keys} - set(members))
        key_of = lambda g, m: (scen, g[0], m, g[1])
        title_of = lambda g: f"{g[0]}, client {g[1]}"
        colors = SERVER_COLORS
    else:
        groups = sorted({(k[1], k[2]) for k in keys}, key=lambda g: sort_key((scen, g[0], g[1], "")))
        members = [c for c in CLIENT_ORDER if any(k[3] == c for k in keys)]
        members += sorted({k[3] for k in keys} - set(members))
        key_of = lambda g, m: (scen, g[0], g[1], m)
        title_of = lambda g: f"{g[0]}, server {g[1]}"
        colors = CLIENT_COLORS
    for metric in metrics:
        panels = []
        for g in groups:
            bars = []
            for m in members:
                st = agg.get(key_of(g, m), {}).get(metric)
                if st:
                    bars.append((m, colors.get(m, OTHER_COLOR), st[0], st[1], st[2]))
            panels.append((title_of(g), bars) if bars else None)
        if any(panels):
            rows.append((METRIC_LABELS.get(metric, metric), panels))
    used = [c for c in range(len(groups)) if any(row[1][c] for row in rows)]
    return [(title, [panels[c] for c in used]) for title, panels in rows]


def chart_script(scen, rows):
    cols = max(len(panels) for _, panels in rows)
    bars = max(len(p[1]) for _, panels in rows for p in panels if p)
    panel_width = max(PANEL_WIDTH, 70 * bars + 90)
    width, height = max(panel_width * cols, 640), PANEL_HEIGHT * len(rows) + 70
    title = SCENARIO_TITLES.get(scen, "Scenario " + scen)
    lines = [f'set terminal pngcairo size {width},{height} noenhanced font ",9"',
             f"set output 'scenario-{scen}.png'",
             f'set multiplot layout {len(rows)},{cols} title "{title}\\nmedian of the runs on each bar, '
             'whiskers from min to max, linear scales from 0" font ",11"',
             "unset key", "set style fill solid 0.85 border -1", "set grid ytics", "set xtics scale 0 nomirror",
             "set ytics nomirror", "set border 3"]
    common_top = None
    if scen == "7":  # the same quantity at three moments: one scale, so the growth shows
        common_top = max(b[4] for _, panels in rows for p in panels if p for b in p[1]) * 1.2
    n = 0
    for row_title, panels in rows:
        first = next(i for i, p in enumerate(panels) if p)  # the row's metric is named on its first panel
        for i, panel in enumerate(panels):
            if panel is None:  # not measured for this column: leave its place empty
                lines.append("set multiplot next")
                continue
            n += 1
            top = common_top or max(b[4] for b in panel[1]) * 1.2 or 1.0
            lines += panel_lines(f"$p{n}", panel, row_title if i == first else None, top)
    lines.append("unset multiplot")
    return "\n".join(lines) + "\n"


def panel_lines(block, panel, ylabel, top):
    """The gnuplot lines of one panel: its data block, then bars with min-max whiskers and their values on top."""
    title, bars = panel
    lines = [f"{block} << EOD"]
    for j, (name, color, med_v, lo, hi) in enumerate(bars):
        lines.append(f'{j} "{name}" {med_v:.6g} {lo:.6g} {hi:.6g} {color} "{bar_value(med_v)}"')
    lines += ["EOD", f'set title "{title}"', f'set ylabel "{ylabel}"' if ylabel else "unset ylabel",
              "set lmargin 11" if ylabel else "set lmargin 8", f"set xrange [-0.6:{len(bars) - 0.4}]",
              f"set yrange [0:{top:.6g}]", axis_tics(top),
              f"plot {block} using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, "
              f"{block} using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, "
              f"{block} using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, "
              f"{block} using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, "
              f"{block} using 1:5:7 with labels offset 0,0.8 font ',9'"]
    return lines


def charts(outdir, agg):
    """Draws scenario-N.png for every scenario with figures; returns the names drawn. A failure is a note."""
    drawn = []
    for scen in sorted({k[0] for k in agg}, key=scenario_order):
        rows = chart_panels(scen, agg)
        if not rows:
            continue
        name = f"scenario-{scen}"
        with open(os.path.join(outdir, f"{name}.gp"), "w") as f:
            f.write(chart_script(scen, rows))
        try:
            subprocess.run(["gnuplot", f"{name}.gp"], cwd=outdir, check=True, timeout=60, capture_output=True)
            drawn.append(f"{name}.png")
        except (OSError, subprocess.SubprocessError) as e:
            with open(os.path.join(outdir, "notes.md"), "a") as f:
                f.write(f"- chart {name}.png not drawn: {e}\n")
    return drawn


def write_summary(outdir, agg):
    metrics = ("rps", "cps", "lat_p50_ms", "lat_p99_ms", "srv_us_per_req", "srv_hwm_kb", "cli_us_per_req")
    with open(os.path.join(outdir, "summary.tsv"), "w") as f:
        f.write("scenario\tvariant\tserver\tclient\truns\t" +
                "\t".join(f"{m}_median\t{m}_min\t{m}_max" for m in metrics) + "\terrors\n")
        for key in sorted(agg, key=sort_key):
            a = agg[key]
            cells = []
            for m in metrics:
                cells += [f"{v:.6g}" for v in a[m][:3]] if a.get(m) else ["", "", ""]
            f.write("\t".join(key) + f"\t{a['runs']}\t" + "\t".join(cells) + f"\t{a['errors']}\n")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--summary":
        print(summary_line(sys.argv[2], sys.argv[3]))
        return
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    agg = aggregate(load_rows(outdir))
    marks = load_memory(outdir)
    goals = goal_rows(agg, marks, outdir)
    write_summary(outdir, agg)
    drawn = charts(outdir, agg)
    text = markdown(outdir, agg, marks, goals, drawn)
    with open(os.path.join(outdir, "results.md"), "w") as f:
        f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
