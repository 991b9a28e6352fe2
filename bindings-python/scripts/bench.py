"""Measure the Python package's throughput against the native CLI and pure Python.

Run with the package installed (for example after scripts/test.sh):

    bindings-python/.venv/bin/python bindings-python/scripts/bench.py [--count N]

All runs use one request (linux_auth, seed 0, default clock), and each measurement is the
best of --repeat runs. The CLI writes raw text and NDJSON to a file as a subprocess, so its
time includes process start. The Python side runs `write()` of the same two outputs,
`generate()` returning a list of strings, and iteration of `stream()`. The baseline is a
pure-Python standard-library generator of linux_auth lines. The script prints events per
second and the ratios against these targets: write >= 80% of the CLI, generate >= 30% of
the CLI, generate >= 50x the pure-Python generator.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

import siemulator

REPO_ROOT = Path(__file__).resolve().parents[2]


def cli_binary() -> Path:
    """Return the release CLI, building it with cargo when it is missing."""
    explicit = os.environ.get("SIEMULATOR_CLI")
    if explicit:
        return Path(explicit)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO_ROOT / "target"))
    binary = target / "release" / "siemulator"
    if not binary.is_file():
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "siemulator"], cwd=REPO_ROOT, check=True)
    return binary


def best_seconds(action: Callable[[], object], repeat: int) -> float:
    """Run `action` `repeat` times and return the fastest wall-clock time in seconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


# A pure-Python generator of the same format, written the way a Python test helper would
# be: one seeded random.Random, a small synthetic organisation built once, and f-strings.

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FIRST_NAMES = ["aisha", "akira", "carlos", "chen", "elena", "felix", "hana", "james", "leila", "mateo", "nadia", "omar", "priya", "sara", "wei", "zoe"]
LAST_NAMES = ["abdullah", "bauer", "costa", "garcia", "gupta", "kim", "larsen", "lopez", "nguyen", "okafor", "patel", "rossi", "silva", "smith", "tanaka", "wang"]
VARIANTS = [
    ("ssh_accepted_password", 20),
    ("ssh_accepted_publickey", 30),
    ("ssh_failed_password", 10),
    ("ssh_invalid_user", 6),
    ("sudo_command", 15),
    ("session_opened", 10),
    ("session_closed", 10),
    ("useradd", 1),
]
INVALID_USERS = ["admin", "test", "oracle", "ubuntu", "guest", "postgres", "ftpuser", "pi", "support", "user1"]
SUDO_COMMANDS = ["/usr/bin/systemctl restart nginx", "/usr/bin/apt-get update", "/usr/bin/docker ps", "/bin/bash"]
SERVICE_ACCOUNTS = ["svc-backup", "svc-deploy", "svc-monitor", "jenkins", "ansible"]
ALPHANUMERIC = string.ascii_letters + string.digits


def python_linux_auth(count: int, seed: int = 0) -> Iterator[str]:
    """Yield `count` auth.log lines in the format of the linux_auth source."""
    rng = random.Random(seed)
    users = [f"{rng.choice(FIRST_NAMES)}.{rng.choice(LAST_NAMES)}" for _ in range(200)]
    workstations = [f"10.50.{rng.randrange(1, 64)}.{rng.randrange(10, 250)}" for _ in range(200)]
    servers = [f"srv-{rng.choice(['web', 'sql', 'app', 'jump', 'ci'])}{n:02d}" for n in range(40)]
    external = [f"{rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{rng.randrange(1, 254)}" for _ in range(64)]
    names = [name for name, _ in VARIANTS]
    weights = [weight for _, weight in VARIANTS]
    start = datetime.datetime(2026, 1, 5, 9, 0, 0, tzinfo=datetime.timezone.utc)
    for index in range(count):
        moment = start + datetime.timedelta(milliseconds=100 * index)
        stamp = f"{MONTHS[moment.month - 1]} {moment.day:2d} {moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
        variant = rng.choices(names, weights)[0]
        host = rng.choice(servers)
        user = rng.choice(users)
        pid = rng.randrange(800, 65_000)
        port = rng.randrange(32_768, 60_999)
        source_ip = rng.choice(external) if variant == "ssh_invalid_user" or rng.random() < 0.1 else rng.choice(workstations)
        severity = 4 if variant in ("ssh_failed_password", "ssh_invalid_user") else 6
        pri = 10 * 8 + severity
        if variant == "ssh_accepted_password":
            line = f"<{pri}>{stamp} {host} sshd[{pid}]: Accepted password for {user} from {source_ip} port {port} ssh2"
        elif variant == "ssh_accepted_publickey":
            fingerprint = "".join(rng.choices(ALPHANUMERIC, k=43))
            key_type = rng.choice(["RSA", "ED25519", "ECDSA"])
            line = f"<{pri}>{stamp} {host} sshd[{pid}]: Accepted publickey for {user} from {source_ip} port {port} ssh2: {key_type} SHA256:{fingerprint}"
        elif variant == "ssh_failed_password":
            line = f"<{pri}>{stamp} {host} sshd[{pid}]: Failed password for {user} from {source_ip} port {port} ssh2"
        elif variant == "ssh_invalid_user":
            line = f"<{pri}>{stamp} {host} sshd[{pid}]: Invalid user {rng.choice(INVALID_USERS)} from {source_ip} port {port}"
        elif variant == "sudo_command":
            command = rng.choice(SUDO_COMMANDS)
            line = f"<{pri}>{stamp} {host} sudo: {user} : TTY=pts/{rng.randrange(8)} ; PWD=/home/{user} ; USER=root ; COMMAND={command}"
        elif variant == "session_opened":
            uid = 1000 + rng.randrange(500)
            line = f"<{pri}>{stamp} {host} sshd[{pid}]: pam_unix(sshd:session): session opened for user {user}(uid={uid}) by (uid=0)"
        elif variant == "session_closed":
            line = f"<{pri}>{stamp} {host} sshd[{pid}]: pam_unix(sshd:session): session closed for user {user}"
        else:
            name = rng.choice(SERVICE_ACCOUNTS)
            uid = 1001 + rng.randrange(900)
            line = (
                f"<{pri}>{stamp} {host} useradd[{pid}]: new user: name={name}, UID={uid}, GID={uid}, "
                f"home=/home/{name}, shell=/bin/bash, from=/dev/pts/{rng.randrange(8)}"
            )
        yield line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000, help="events per measured run (default 1000000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest counts (default 3)")
    arguments = parser.parse_args()
    count, repeat = arguments.count, arguments.repeat
    cli = cli_binary()

    rates: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "out"
        for format in ("raw", "ndjson"):
            command = [str(cli), "generate", "linux_auth", "--count", str(count), "--format", format, "--output", str(output), "--no-progress"]
            rates[f"cli {format} to file"] = count / best_seconds(lambda: subprocess.run(command, check=True), repeat)
            rates[f"write() {format} to file"] = count / best_seconds(lambda: siemulator.write(output, "linux_auth", count, format=format), repeat)
    rates["generate() list of str"] = count / best_seconds(lambda: siemulator.generate("linux_auth", count), repeat)
    rates["stream() iteration"] = count / best_seconds(lambda: sum(1 for _ in siemulator.stream("linux_auth", count)), repeat)
    baseline_count = max(count // 10, 1)
    rates["pure Python generator"] = baseline_count / best_seconds(lambda: sum(1 for _ in python_linux_auth(baseline_count)), repeat)

    print(f"siemulator {siemulator.__version__}, Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"linux_auth, {count} events per run ({baseline_count} for pure Python), best of {repeat}\n")
    for name, rate in rates.items():
        print(f"  {name:<26} {rate:>14,.0f} events/s")

    checks = [
        ("write() raw / cli raw", rates["write() raw to file"] / rates["cli raw to file"], 0.8),
        ("write() ndjson / cli ndjson", rates["write() ndjson to file"] / rates["cli ndjson to file"], 0.8),
        ("generate() / cli raw", rates["generate() list of str"] / rates["cli raw to file"], 0.3),
        ("generate() / pure Python", rates["generate() list of str"] / rates["pure Python generator"], 50.0),
    ]
    print()
    for name, ratio, target in checks:
        verdict = "meets" if ratio >= target else "MISSES"
        print(f"  {name:<28} {ratio:>8.2f}  (target >= {target:g}: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
