#!/usr/bin/env python3
"""The bed: a local AWS for shipper's tests and demo (moto 5.2.5 plus behaviour patches).

    python tests/bed/bed.py [--host 127.0.0.1] [--port 0] [--exit-on-stdin-eof]
        Serve. Prints "bed listening on http://127.0.0.1:<port>" once it answers.
    python tests/bed/bed.py seed --endpoint http://127.0.0.1:PORT [--project acme --env dev] [--tfstate PATH]
        Ask a running bed to create the seed-like infrastructure; print what it created.

See tests/bed/README.md for the control API (/_bed/*).
"""

import argparse
import json
import os
import signal
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def serve(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bed.py", description="Serve the bed.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--exit-on-stdin-eof", action="store_true",
                        help="exit when stdin closes, so a bed never outlives the process that spawned it")
    args = parser.parse_args(argv)
    if args.host != "127.0.0.1":
        parser.error("the bed only listens on 127.0.0.1")

    started = time.monotonic()
    # SIGTERM must not wait for werkzeug's graceful shutdown (which takes seconds).
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    if args.exit_on_stdin_eof:
        threading.Thread(target=_exit_on_eof, daemon=True).start()

    import bedlib
    from bedlib import server

    bedlib.install()
    httpd, _ = server.make(args.host, args.port)
    print(f"bed listening on http://{args.host}:{httpd.server_port}", flush=True)
    print(f"bed: ready in {time.monotonic() - started:.2f}s", file=sys.stderr, flush=True)
    httpd.serve_forever()


def _exit_on_eof() -> None:
    while sys.stdin.buffer.read(65536):
        pass
    os._exit(0)


def seed(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bed.py seed", description="Seed a running bed.")
    parser.add_argument("--endpoint", required=True, help="the bed, e.g. http://127.0.0.1:5055")
    parser.add_argument("--project", default="acme")
    parser.add_argument("--env", default="dev")
    parser.add_argument("--region", default="ap-northeast-1")
    parser.add_argument("--tfstate", type=Path, help="also write the returned Terraform state here")
    args = parser.parse_args(argv)
    body = json.dumps({"project": args.project, "env": args.env, "region": args.region}).encode()
    request = urllib.request.Request(f"{args.endpoint.rstrip('/')}/_bed/seed", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        created = json.load(response)
    if args.tfstate:
        args.tfstate.write_text(json.dumps(created["tfstate"], indent=2) + "\n")
    json.dump(created, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    if sys.argv[1:2] == ["seed"]:
        seed(sys.argv[2:])
    else:
        serve(sys.argv[1:])
