#!/usr/bin/env python3
"""Load generator of benches/burst.sh (stdlib only): a burst of password grants, then of sign-ups,
from many concurrent clients, each bound to its own loopback source address 127.0.X.Y (all of
127.0.0.0/8 is loopback), as a distributed attack would come, so per-IP limits cannot hide what the
crypto pool does. Bounded: a fixed number of requests, each with a timeout, and a deadline overall.

Prints, per phase, requests/s and the count of each status code; exits 1 on any 5xx or failure.

  burst.py --port P --client-id ID --client-secret S --app-token T --users N --password PW \
           --invite CODE [--grants 1000] [--signups 200] [--clients 100]
"""

import argparse
import asyncio
import collections
import sys
import time
import urllib.parse

TIMEOUT = 30.0  # seconds for one request
DEADLINE = 600.0  # seconds for a whole phase


def source_address(client: int) -> str:
    """Client n's own source address: 127.0.1.1, 127.0.1.2, ... (never 127.0.0.1, the server's)."""
    return f"127.0.{1 + client // 250}.{1 + client % 250}"


async def post(port: int, source: str, path: str, form: dict, token: str | None = None) -> int:
    """One POST on a fresh connection from `source`; the status code (0 when the request failed)."""
    body = urllib.parse.urlencode(form).encode()
    head = [
        f"POST {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: application/x-www-form-urlencoded",
        f"Content-Length: {len(body)}",
        "Connection: close",
    ]
    if token:
        head.append(f"Authorization: Bearer {token}")
    request = ("\r\n".join(head) + "\r\n\r\n").encode() + body
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0)), TIMEOUT
        )
        try:
            writer.write(request)
            await writer.drain()
            status_line = await asyncio.wait_for(reader.readline(), TIMEOUT)
            await asyncio.wait_for(reader.read(), TIMEOUT)  # the rest, until the server closes
        finally:
            writer.close()
        return int(status_line.split()[1])
    except (OSError, asyncio.TimeoutError, IndexError, ValueError) as err:
        print(f"request from {source} failed: {err!r}", file=sys.stderr)
        return 0


async def phase(name: str, requests: list, clients: int, port: int) -> collections.Counter:
    """Runs `requests` (path, form, token) from `clients` concurrent clients, each sending its
    share one after another from its own address."""
    counts: collections.Counter = collections.Counter()

    async def client(n: int) -> None:
        source = source_address(n)
        for path, form, token in requests[n::clients]:
            counts[await post(port, source, path, form, token)] += 1

    started = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(client(n) for n in range(clients))), DEADLINE)
    took = time.monotonic() - started
    shown = ", ".join(f"{status or 'failed'}: {n}" for status, n in sorted(counts.items()))
    print(f"{name}: {len(requests)} requests from {clients} clients in {took:.1f} s, "
          f"{len(requests) / took:.0f} req/s; by status: {shown}")
    return counts


def grants(args) -> list:
    """Right passwords, wrong ones and unknown logins, a third each, interleaved."""
    requests = []
    for i in range(args.grants):
        kind = i % 3
        if kind == 0:
            username, password = f"user{i % args.users}", args.password
        elif kind == 1:
            username, password = f"user{i % args.users}", f"wrong password {i}"
        else:
            username, password = f"nobody{i}", args.password
        form = {
            "grant_type": "password",
            "client_id": args.client_id,
            "client_secret": args.client_secret,
            "username": username,
            "password": password,
            "scope": "read",
        }
        requests.append(("/oauth/token", form, None))
    return requests


def signups(args) -> list:
    """Half with the valid invite code, half with codes that do not exist, interleaved."""
    requests = []
    for i in range(args.signups):
        code = args.invite if i % 2 == 0 else f"nosuchcode{i}"
        form = {
            "username": f"burst{i}",
            "email": f"burst{i}@bench.example",
            "password": "burst password 1",
            "agreement": "true",
            "invite_code": code,
        }
        requests.append(("/api/v1/accounts", form, args.app_token))
    return requests


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--app-token", required=True)
    parser.add_argument("--users", type=int, required=True, help="user0..userN-1 exist")
    parser.add_argument("--password", required=True, help="their password")
    parser.add_argument("--invite", required=True, help="a usable invite code")
    parser.add_argument("--grants", type=int, default=1000)
    parser.add_argument("--signups", type=int, default=200)
    parser.add_argument("--clients", type=int, default=100)
    args = parser.parse_args()
    if not 0 < args.clients <= 250 * 254:
        parser.error("--clients: 1 to 63500 (one source address each)")

    total: collections.Counter = collections.Counter()
    total += await phase("password grants", grants(args), args.clients, args.port)
    total += await phase("sign-ups", signups(args), args.clients, args.port)
    bad = sum(n for status, n in total.items() if status == 0 or status >= 500)
    if bad:
        print(f"{bad} request(s) failed or answered 5xx", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
