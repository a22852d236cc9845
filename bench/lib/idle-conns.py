#!/usr/bin/env python3
"""bench/lib/idle-conns.py: measures a server's memory with N idle keep-alive connections open.

Usage: idle-conns.py PORT COUNT HOLD_SECONDS PID...

Reads VmRSS/VmHWM of the given server pids (summed), opens COUNT connections to 127.0.0.1:PORT, sends one
keep-alive GET / on each and reads its response (so every connection is a real, idle keep-alive
connection), waits 1 s, reads the memory again while all connections are held, then closes them all.
Prints one line per reading: "idle_before rss_kb=.. hwm_kb=..", "idle_held rss_kb=.. hwm_kb=.. open=N",
and "idle_after ..." after closing. Bounded: every socket operation has a 5 s timeout and the whole run
stops after HOLD_SECONDS.
"""
import socket
import sys
import time


def memory(pids):
    rss = hwm = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        hwm += int(line.split()[1])
        except OSError:
            pass
    return rss, hwm


def one_request(sock):
    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return False
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            return False
        body += chunk
    return True


def main():
    port, count, hold = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    pids = sys.argv[4:]
    deadline = time.monotonic() + hold
    rss, hwm = memory(pids)
    print(f"idle_before rss_kb={rss} hwm_kb={hwm}", flush=True)
    socks, failed = [], 0
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.settimeout(5)
        try:
            sock.connect(("127.0.0.1", port))
            if one_request(sock):
                socks.append(sock)
                continue
        except OSError:
            pass
        failed += 1
        sock.close()
    time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
    rss, hwm = memory(pids)
    print(f"idle_held rss_kb={rss} hwm_kb={hwm} open={len(socks)} failed={failed}", flush=True)
    for sock in socks:
        sock.close()
    time.sleep(0.5)
    rss, hwm = memory(pids)
    print(f"idle_after rss_kb={rss} hwm_kb={hwm}", flush=True)


if __name__ == "__main__":
    main()
