"""Search at scale: `crm customer list --search` on a big database vs. the same on a small one.

Both databases hold the same five "needle" customers; the queries match exactly those,
so the two runs print the same records and only the size of what is searched differs.
Two queries: a 4-character one (trigram index) and a 2-character CJK one (word index).
Target: ratio <= 1.2.

    python bench/search_scale.py [--big 1000000] [--small 1000] [--runs 9] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from _common import DEFAULT_DATA, bench_env, build, crm_command, print_table, summary_row, timed

NEEDLES = [
    "杭州麒麟星链科技有限公司",
    "深圳市麒麟星链电子有限公司",
    "北京麒麟星链信息技术股份有限公司",
    "上海麒麟星链物流有限公司",
    "成都市麒麟星链软件有限公司",
]
QUERIES = [("trigram index", "麒麟星链"), ("CJK word index", "麒麟")]


def add_needles() -> None:
    from crm_cli.store.core import users
    from crm_cli.store.customers import customers

    admin = users.resolve_actor("admin")
    for name in NEEDLES:
        customers.add_customer(admin, name, {"city": "杭州", "phone": "0571-88880000"},
                               allow_duplicate=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=1_000_000, help="customers in the big one")
    parser.add_argument("--small", type=int, default=1_000, help="customers in the small one")
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each query")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="where databases live")
    args = parser.parse_args()
    paths = {size: args.data / f"search-{size}" / "crm.db" for size in (args.big, args.small)}
    for size, path in paths.items():
        build(path, size, add_needles)
    crm = crm_command()
    envs = {size: bench_env(path) for size, path in paths.items()}

    def five(stdout: str) -> None:
        names = sorted(c["name"] for c in json.loads(stdout))
        if names != sorted(NEEDLES):
            raise SystemExit(f"expected the five needles, got {names}")

    rows = []
    for label, text in QUERIES:
        argv = [*crm, "customer", "list", "--search", text, "--format", "json"]
        for size in paths:  # warm-up: bytecode caches and the OS file cache
            timed(argv, envs[size], five)
        big: list[float] = []
        small: list[float] = []
        for _ in range(args.runs):
            big.append(timed(argv, envs[args.big], five))
            small.append(timed(argv, envs[args.small], five))
        rows.append(summary_row(f"--search {text} ({label})", big, small))
    print(f"\ncrm customer list --search … -f json: {args.big:,} customers (ours) "
          f"vs {args.small:,} (anchor), PYTHONDONTWRITEBYTECODE unset\n")  # fmt: skip
    print_table(["query", "big median", "small median", "ratio", "big best", "runs"], rows)
    print("\ntarget ratio <= 1.2")


if __name__ == "__main__":
    main()
