"""Server time, SQL queries and first-load weight of the registry's pages at scale.

    uv run python bench/pages.py [--members 100000] [--database-url URL] [--runs 50]

Seeds a bench-only database with ``manage.py seed_demo --members N`` (or reuses it when it
already holds at least N members), then requests each page through Django's test Client
as a logged-in facilitator (organisation grant) and a collective leader (collective grant),
and prints p50/p95 server time and the number of SQL queries of each page against the
budgets of DESIGN.md, beside the time of each page's main query run alone as raw SQL on
the same connection and the ratio of the two (a slow page told from a slow query). A
second table gives the first-load weight of the member list (HTML + CSS + JS as sent with
``Accept-Encoding: gzip``). See bench/README.md.

Pages come from page sets: the registry's is :func:`registry_pages` below; an app adds
its list pages with ``@pages.page_set("name")`` in a module ``bench/pages_<app>.py``,
which this script imports by itself (bench/README.md, "Adding pages").
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import math
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"

MAX_QUERIES = 12
MAX_P95_MS = 150.0
MAX_FIRST_LOAD = 100 * 1024
MAX_JS = 50 * 1024
MAX_RATIO = 3.0  # goal: the page within 3 times its main query alone


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--members", type=int, default=100_000, help="members to seed (default 100000)")
    p.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB),
        help=f"bench database (default {DEFAULT_DB}); never CI's 'test' database",
    )
    p.add_argument("--runs", type=int, default=50, help="timed requests per page (default 50)")
    p.add_argument("--warmup", type=int, default=3, help="untimed requests per page first")
    p.add_argument(
        "--sets",
        default="",
        help="comma-separated page sets to measure (default: all registered; see --list)",
    )
    p.add_argument("--list", action="store_true", help="list the registered page sets and stop")
    p.add_argument(
        "--plans", action="store_true", help="print the query plan of each page's main query"
    )
    p.add_argument(
        "--analyze",
        action="store_true",
        help="SQLite: run ANALYZE first, and remove its statistics at the end (no "
        "installation runs one: this compares the plans with statistics)",
    )
    return p.parse_args(argv)


def setup_django(database_url: str) -> None:
    name = urlsplit(database_url).path.rsplit("/", 1)[-1]
    if not database_url.startswith("sqlite") and name == "test":
        sys.exit("bench/pages.py: refusing the database named 'test' (CI uses it).")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SAATHI_ENV", "demo")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    if database_url.startswith("postgres"):
        ensure_pg_database(database_url)
    elif database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def ensure_pg_database(url: str) -> None:
    """CREATE DATABASE when it is missing (connecting to the 'postgres' database)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"Creating PostgreSQL database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def ensure_seeded(members: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from saathi.people.models import Member, Organisation

    call_command("migrate", verbosity=0, interactive=False)
    if Organisation.objects.exists():
        have = Member.objects.count()
        if have < members:
            sys.exit(
                f"The bench database holds {have:,} members, fewer than {members:,}: "
                "drop it (delete the SQLite file, or dropdb) and run again."
            )
        print(f"Reusing the bench database: {have:,} members")
    else:
        print(f"Seeding {members:,} members (manage.py seed_demo)…")
        started = time.monotonic()
        with open(os.devnull, "w") as devnull:
            call_command("seed_demo", members=members, verbosity=0, stdout=devnull)
        print(f"Seeded in {time.monotonic() - started:.1f} s")
    if connection.vendor == "postgresql":
        # what autovacuum does on its own a while after a bulk load (statistics for the
        # planner, the visibility map for index-only scans); SQLite gets no ANALYZE, as
        # nothing runs one in an installation either (unless --analyze)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


TX = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
AUDIT_TABLES = ('"core_auditevent"', '"core_auditchainhead"')
# SessionTouchMiddleware moves the session's expiry at most once a minute: whether the
# captured request carries that write depends on the clock, so it is counted apart.
SESSION_WRITE = 'UPDATE "django_session"'


@dataclass
class Result:
    who: str
    page: str
    url: str
    times_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # this process's CPU time per request
    queries: int = 0  # statements of the page itself (not transaction control, not audit)
    audit: int = 0  # statements appending audit rows (3 per row)
    session: int = 0  # the session's expiry moved (at most once a minute)
    tx: int = 0  # BEGIN/COMMIT/SAVEPOINT
    status: int = 0
    size: int = 0
    main_sql: str = ""  # the page's slowest SELECT, run alone
    main_ms: list[float] = field(default_factory=list)
    sql_ms: float = 0.0  # its SELECTs run alone one after the other (sum of their p50)
    plan: list[str] = field(default_factory=list)

    def pct(self, q: float) -> float:
        return percentile(self.times_ms, q)

    @property
    def main_p50(self) -> float:
        return percentile(self.main_ms, 0.5) if self.main_ms else 0.0

    @property
    def ratio(self) -> float:
        """The page's p50 over its main query's p50 (goal ≤ MAX_RATIO)."""
        return self.pct(0.5) / self.main_p50 if self.main_p50 else 0.0

    @property
    def over(self) -> list[str]:
        flags = []
        if self.queries > MAX_QUERIES:
            flags.append(f"queries > {MAX_QUERIES}")
        if self.pct(0.95) > MAX_P95_MS:
            flags.append(f"p95 > {MAX_P95_MS:.0f} ms")
        if self.status != 200:
            flags.append(f"HTTP {self.status}")
        return flags


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[max(0, math.ceil(q * len(xs)) - 1)]


def time_alone(statements: list[str], runs: int) -> list[tuple[str, list[float]]]:
    """Each statement run ``runs`` times by itself as raw SQL, on the connection the page
    used (opened, its page cache warm), rows fetched: (sql, times in ms)."""
    from django.db import connection

    connection.ensure_connection()
    cursor = connection.connection.cursor()  # the driver's own: no Django wrapper
    out = []
    try:
        for sql in statements:
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                times.append((time.perf_counter() - t) * 1000)
            out.append((sql, times))
    finally:
        cursor.close()
        if not connection.get_autocommit():
            connection.rollback()
    return out


def query_plan(sql: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            rows = cursor.fetchall()
            depth = {0: -1}
            lines = []
            for node, parent, _, detail in rows:
                depth[node] = depth.get(parent, -1) + 1
                lines.append("  " * depth[node] + detail)
            return lines
        cursor.execute("EXPLAIN " + sql)
        return [r[0] for r in cursor.fetchall()]


def get(client, url, **headers):
    """One request as a server runs it: close_old_connections() after it, as Django's
    request_finished handler does (the test Client skips that). With SQLite
    (CONN_MAX_AGE=0) every request opens its connection, as under gunicorn."""
    from django.db import close_old_connections

    try:
        return client.get(url, **headers)
    finally:
        close_old_connections()


def measure(
    client, who: str, page: str, url: str, runs: int, warmup: int, plans: bool = False, **headers
) -> Result:
    """Time one page (``runs`` requests after ``warmup``), count its SQL on one more, then
    run each of its SELECTs alone as raw SQL: the slowest is its main query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    res = Result(who, page, url)
    for _ in range(warmup):
        get(client, url, **headers)
    # Queries counted on one request; the timed runs go without the debug cursor.
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    selects = []
    for q in ctx.captured_queries:
        sql = q["sql"]
        if sql.startswith(TX):
            res.tx += 1
        elif any(t in sql for t in AUDIT_TABLES):
            res.audit += 1
        elif sql.startswith(SESSION_WRITE):
            res.session += 1
        else:
            res.queries += 1
            if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                selects.append(sql)
    res.status = response.status_code
    res.size = len(response.content)
    for _ in range(runs):
        c, t = time.process_time(), time.perf_counter()
        get(client, url, **headers)
        res.times_ms.append((time.perf_counter() - t) * 1000)
        res.cpu_ms.append((time.process_time() - c) * 1000)
    # the page's own SELECTs alone, on the connection the last request used (a test
    # Client request leaves it open until close_old_connections)
    client.get(url, **headers)
    alone = time_alone(selects, max(5, runs // 2))
    if alone:
        res.sql_ms = sum(percentile(ts, 0.5) for _, ts in alone)
        res.main_sql, res.main_ms = max(alone, key=lambda a: percentile(a[1], 0.5))
        if plans:
            res.plan = query_plan(res.main_sql)
    from django.db import close_old_connections

    close_old_connections()
    return res


@dataclass
class Page:
    """One page to measure: its name in the table, its URL and extra request headers
    (Django test Client style, e.g. ``{"HTTP_HX_REQUEST": "true"}``)."""

    name: str
    url: str
    headers: dict = field(default_factory=dict)


@dataclass
class BenchUser:
    """Who requests the pages: the seeded ``facilitator`` (a grant on her organisation)
    or ``leader`` (a grant on one collective), with what a page set needs to build URLs."""

    user: object  # accounts.User
    collective: object  # people.Collective: a collective she sees
    district: str  # a district of her members
    members: int  # members she sees


@dataclass
class PageSet:
    name: str
    pages: Callable[[BenchUser], list[Page]]
    prepare: Callable[[argparse.Namespace], None] | None = None


PAGE_SETS: dict[str, PageSet] = {}


def page_set(name: str, prepare: Callable[[argparse.Namespace], None] | None = None):
    """Register ``fn(who: BenchUser) -> list[Page]``: the pages of one app, measured for
    each bench user (return no pages for a user who may not open them).

    ``prepare(args)``, when given, runs once after the members are seeded and before any
    page is measured: it adds the app's own rows when the bench database lacks them
    (idempotent: the database is reused between runs). See bench/README.md.
    """

    def register(fn):
        PAGE_SETS[name] = PageSet(name, fn, prepare)
        return fn

    return register


def load_page_sets() -> None:
    """Import every ``bench/pages_*.py``: each registers its page sets."""
    # they `import pages`: let that be this module also when it runs as the script
    sys.modules.setdefault("pages", sys.modules[__name__])
    for path in sorted(Path(__file__).parent.glob("pages_*.py")):
        importlib.import_module(path.stem)


@page_set("registry")
def registry_pages(who: BenchUser) -> list[Page]:
    """The member list (page 1, a deep page, searches, filters), a profile, the API."""
    from django.conf import settings
    from django.urls import reverse

    from saathi.core import policy
    from saathi.people.models import Member

    user, coll = who.user, who.collective
    base = reverse("people:member_list")
    visible = Member.objects.visible_to(user).filter(archived_at__isnull=True)
    pages = max(1, math.ceil(who.members / settings.SAATHI_PAGE_SIZE))
    deep = max(1, pages * 3 // 4)
    profile = (
        visible.filter(primary_collective=coll, household__isnull=False)
        .order_by("id")
        .values_list("uuid", flat=True)[100]
    )

    def q(**params):
        return base + "?" + urlencode(params)

    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "member-results"}
    return [
        Page("list, page 1", base),
        Page(f"list, page {deep:,} of {pages:,}", q(page=deep)),
        Page("search 'laks'", q(q="laks")),
        Page("search 'লক্ষ্মী'", q(q="লক্ষ্মী")),
        Page("search rare 'gudla yasoda'", q(q="gudla yasoda")),
        Page("search, no match 'zubeida'", q(q="zubeida")),
        Page("search 'yerra' (names that sort last)", q(q="yerra")),
        Page("search 'a' (first keystroke)", q(q="a")),
        Page("search 'laks' (htmx partial)", q(q="laks"), htmx),
        Page("filter collective", q(collective=str(coll.uuid))),
        Page("filter missing document", q(missing="1")),
        Page(f"filter district '{who.district}'", q(district=who.district)),
        Page("filter collective + missing + 'laks'",
             q(q="laks", collective=str(coll.uuid), missing="1")),
        Page("member profile", reverse("people:member_detail", args=[profile])),
    ] + ([
        Page("API: member list, page 1", "/api/members"),
        Page("API: search 'laks'", "/api/members?" + urlencode({"q": "laks"})),
    ] if policy.has_cap(user, policy.Cap.USE_API) else [])  # fmt: skip


def bench_users() -> list[BenchUser]:
    from saathi.accounts.models import User
    from saathi.people.models import Collective, Member

    leader = User.objects.get(username="leader")
    leader_coll = leader.grants.get(collective__isnull=False).collective
    facilitator = User.objects.get(username="facilitator")
    return [
        BenchUser(
            facilitator,
            Collective.objects.get(name="Bandhan Mukti Sangha"),
            "Guntur",
            Member.objects.filter(organisation_id=facilitator.organisation_id).count(),
        ),
        BenchUser(
            leader,
            leader_coll,
            "South 24 Parganas",
            Member.objects.filter(
                memberships__collective=leader_coll, memberships__left_on__isnull=True
            ).count(),
        ),
    ]


def selected_sets(args) -> list[PageSet]:
    names = [n.strip() for n in args.sets.split(",") if n.strip()] or list(PAGE_SETS)
    unknown = [n for n in names if n not in PAGE_SETS]
    if unknown:
        sys.exit(f"bench/pages.py: no page set {', '.join(unknown)} (--list shows them)")
    return [PAGE_SETS[n] for n in names]


def run_pages(args, sets: list[PageSet]) -> list[Result]:
    from django.test import Client

    results: list[Result] = []
    for who in bench_users():
        client = Client()
        client.force_login(who.user)
        for ps in sets:
            for pg in ps.pages(who):
                res = measure(client, who.user.username, pg.name, pg.url, args.runs,
                              args.warmup, plans=args.plans, **pg.headers)  # fmt: skip
                results.append(res)
                print(
                    f"  {res.who:<12} {res.page:<42} p95 {res.pct(0.95):7.1f} ms  "
                    f"{res.queries:3d} queries  main query {res.main_p50:6.1f} ms "
                    f"({res.ratio:4.1f}x)",
                    flush=True,
                )
                for line in res.plan:
                    print("      " + line)
    return results


def print_pages(results: list[Result], vendor: str, members: int) -> None:
    print()
    print(f"Server time and SQL queries, {vendor}, {members:,} members "
          f"(budget: ≤ {MAX_QUERIES} queries, p95 < {MAX_P95_MS:.0f} ms; "
          f"goal: page ≤ {MAX_RATIO:.0f}× its main query)")  # fmt: skip
    cols = ["user", "page", "p50 ms", "p95 ms", "cpu ms", "main ms", "sql ms", "ratio",
            "queries", "audit", "sess", "tx", "KB", "over budget"]  # fmt: skip
    widths = [12, 42, 7, 7, 7, 7, 7, 5, 7, 5, 4, 3, 5, 11]
    print("| " + " | ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    print("|" + "|".join("-" * (w + 2) for w in widths))
    for r in results:
        print(
            f"| {r.who:<12} | {r.page:<42} | {r.pct(0.5):7.1f} | {r.pct(0.95):7.1f} | "
            f"{percentile(r.cpu_ms, 0.5) if r.cpu_ms else 0:7.1f} | {r.main_p50:7.1f} | {r.sql_ms:7.1f} | {r.ratio:5.1f} | "
            f"{r.queries:7d} | {r.audit:5d} | {r.session:4d} | {r.tx:3d} | {r.size / 1024:5.1f} | "
            f"{', '.join(r.over) or '-'}"
        )
    print(
        "cpu ms: p50 of this process's CPU time per request (server and test client: "
        "less sensitive than p50/p95 to other work on the machine, which makes a request "
        "wait for a core); main ms: p50 of the page's slowest SELECT run alone as raw SQL on the same "
        "connection; sql ms: all its SELECTs so run, one after the other; ratio: page p50 "
        "over main ms. queries: the page's own statements; audit: statements that append "
        "audit rows (3 a row), counted apart as in the query-count tests; sess: the "
        "session's expiry moved (SessionTouchMiddleware, at most once a minute, so usually 0 "
        "on the counted request; the timed runs include it when it falls in them); tx: "
        "BEGIN/COMMIT."
    )
    over = [r for r in results if r.over]
    print(
        f"{len(over)} of {len(results)} pages over budget." if over else "Every page within budget."
    )
    slow = [r for r in results if r.ratio > MAX_RATIO]
    if slow:
        print(
            f"{len(slow)} page(s) over {MAX_RATIO:.0f}× their main query: "
            + "; ".join(f"{r.who} {r.page} ({r.ratio:.1f}×)" for r in slow)
        )


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets: list[tuple[str, str, bool]] = []  # (kind, url, render-blocking)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.assets.append(("css", a["href"], True))
        elif tag == "script" and a.get("src"):
            blocking = "defer" not in a and "async" not in a and a.get("type") != "module"
            self.assets.append(("js", a["src"], blocking))
        elif tag == "img" and a.get("src") and not a["src"].startswith("data:"):
            self.assets.append(("img", a["src"], False))


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def whitenoise_gzip_size(body: bytes) -> int:
    """What production sends for a static file: collectstatic
    (CompressedManifestStaticFilesStorage) writes a gzip copy at level 9 and keeps it only
    when it saves more than 5 % (whitenoise.compress); WhiteNoise then serves that copy."""
    compressed = gzip.compress(body, 9, mtime=0)
    return len(compressed) if body and len(compressed) / len(body) <= 0.95 else len(body)


def page_weight(client, url: str) -> list[tuple]:
    """(kind, url, bytes, sent here, encoding here, sent in production, blocking) of the
    page and of every stylesheet, script and image it loads.

    The page goes through GZipMiddleware, here as in production. Static files: in demo
    mode WhiteNoise serves them from the finders and GZipMiddleware (above it) compresses
    them on the fly at level 6 ("sent here"); in production WhiteNoise sends the level-9
    gzip copy that collectstatic wrote ("production", computed here).
    """
    gz = {"HTTP_ACCEPT_ENCODING": "gzip"}
    rows = []
    plain = client.get(url)
    sent = client.get(url, **gz)
    enc = sent.get("Content-Encoding", "none")
    rows.append(("html", url, len(plain.content), len(sent.content), enc, len(sent.content), True))
    parser = _Assets()
    parser.feed(plain.content.decode())
    for kind, src, blocking in parser.assets:
        path = re.sub(r"^https?://[^/]+", "", src)
        plain = client.get(path)
        sent = client.get(path, **gz)
        if plain.status_code != 200:
            rows.append((kind, path, 0, 0, f"HTTP {plain.status_code}", 0, blocking))
            continue
        body, sent_body = _body(plain), _body(sent)
        enc = sent.get("Content-Encoding", "none")
        rows.append((kind, path, len(body), len(sent_body), enc, whitenoise_gzip_size(body),
                     blocking))  # fmt: skip
    return rows


def print_weight(rows) -> None:
    print()
    print("First load of the member list (facilitator, page 1), with Accept-Encoding: gzip "
          f"(budget: < {MAX_FIRST_LOAD // 1024} KB transferred, ≤ {MAX_JS // 1024} KB JS)")  # fmt: skip
    print(f"| {'resource':<46} | {'bytes':>7} | {'sent here':>9} | {'encoding':<8} "
          f"| {'production':>10} | blocking")  # fmt: skip
    print(f"|{'-' * 48}|{'-' * 9}|{'-' * 11}|{'-' * 10}|{'-' * 12}|---------")
    for kind, url, raw, sent, enc, prod, blocking in rows:
        print(f"| {kind + ' ' + url:<46} | {raw:7,d} | {sent:9,d} | {enc:<8} | {prod:10,d} "
              f"| {'yes' if blocking else 'no (defer)'}")  # fmt: skip
    total = sum(r[5] for r in rows)
    js = sum(r[5] for r in rows if r[0] == "js")
    js_raw = sum(r[2] for r in rows if r[0] == "js")
    blocking = sum(1 for r in rows if r[6]) - 1  # the page itself does not count
    print(f"| {'total':<46} | {sum(r[2] for r in rows):7,d} | {sum(r[3] for r in rows):9,d} "
          f"| {'':<8} | {total:10,d} |")  # fmt: skip
    flags = []
    if total >= MAX_FIRST_LOAD:
        flags.append(f"first load {total / 1024:.1f} KB ≥ {MAX_FIRST_LOAD // 1024} KB")
    if js > MAX_JS:
        flags.append(f"JS {js / 1024:.1f} KB > {MAX_JS // 1024} KB")
    if blocking > 1:
        flags.append(f"{blocking} render-blocking requests besides the page")
    print(
        f"In production: {total / 1024:.1f} KB transferred, of which JS {js / 1024:.1f} KB "
        f"({js_raw / 1024:.1f} KB uncompressed); {blocking} render-blocking request(s) "
        "besides the page: " + ("OVER BUDGET: " + "; ".join(flags) if flags else "within budget.")
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    setup_django(args.database_url)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from saathi.accounts.models import User
    from saathi.people.models import Member

    load_page_sets()
    if args.list:
        for ps in PAGE_SETS.values():
            doc = (ps.pages.__doc__ or "").strip().split("\n")[0]
            print(f"{ps.name:<16} {doc}")
        return 0
    sets = selected_sets(args)
    ensure_seeded(args.members)
    for ps in sets:
        if ps.prepare:
            ps.prepare(args)
    if connection.vendor == "postgresql" and any(ps.prepare for ps in sets):
        # the rows a page set just added need statistics too (as after seeding):
        # without them the planner takes 200,000 fresh stock movements for one
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    members = Member.objects.count()
    if connection.vendor == "sqlite":
        vendor = f"SQLite {connection.Database.sqlite_version}"
        if args.analyze:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            vendor += " after ANALYZE"
    else:
        version = connection.pg_version
        vendor = f"PostgreSQL {version // 10000}.{version % 10000}"
    print(f"Measuring on {vendor}: {args.runs} runs per page after {args.warmup} warm-up")
    try:
        results = run_pages(args, sets)
    finally:
        if args.analyze and connection.vendor == "sqlite":
            with connection.cursor() as cursor:  # leave the bench database as it was
                cursor.execute("DELETE FROM sqlite_stat1")
    weight = None
    if "registry" in {ps.name for ps in sets}:
        client = Client()
        client.force_login(User.objects.get(username="facilitator"))
        weight = page_weight(client, reverse("people:member_list"))
    print_pages(results, vendor, members)
    if weight:
        print_weight(weight)
    return 0


if __name__ == "__main__":
    sys.exit(main())
