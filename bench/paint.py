"""Largest contentful paint and first-load weight of Saathi's pages on a throttled phone.

    uv run python bench/paint.py [--runs 3] [--members 2000] [--database-url URL]

Starts the app under gunicorn on 127.0.0.1 against a bench database (seeded with
``manage.py seed_demo --members N`` when empty), logs in as ``facilitator`` in Debian's
Chromium through Playwright, then opens each page in a fresh browser context (cold cache)
under DevTools' "Slow 3G" (2,000 ms latency, 50,000 B/s down and up) and 4x CPU slowdown,
applied through CDP, in a 360x740 phone viewport. Prints, per page, the median over the
runs of: largest contentful paint, bytes transferred, JavaScript bytes and render-blocking
requests, beside the budgets of DESIGN.md ("Budgets"). Exits 1 when a budget is missed.
The server is stopped at the end, whatever happens. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = f"sqlite:///{ROOT / 'var' / 'bench-paint.sqlite3'}"
SERVER_LOG = ROOT / "var" / "bench" / "paint-server.log"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 360, "height": 740}
USERNAME, PASSWORD = "facilitator", "saathi-demo-2026"

# DevTools' "Slow 3G" preset (latency 400 ms x 5; 500 kbit/s x 0.8 = 50,000 B/s) and the
# 4x CPU slowdown of DESIGN.md's budget.
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 50_000,
           "uploadThroughput": 50_000}  # fmt: skip
CPU_SLOWDOWN = 4

# Budgets (DESIGN.md, "Budgets")
MAX_LCP_MS = 5000  # largest contentful paint under 5 s
MAX_TRANSFER = 100 * 1024  # first load under 100 KB transferred
MAX_JS = 50 * 1024  # at most 50 KB of JavaScript
# "no render-blocking request besides the page (inline the critical CSS or keep one tiny
# file)": at most one blocking request, a stylesheet, and "tiny" taken as what fits in the
# first round trip with the page (TCP's initial window of 10 segments, about 14 KB).
MAX_BLOCKING = 1
MAX_TINY_CSS = 14 * 1024

# LCP, FCP, DOMContentLoaded and load of the page, read once the load event has fired.
# LCP entries are buffered; a short wait lets a late candidate arrive. (Navigation Timing's
# responseStart is not read: under CDP's emulated latency it shows 10-40 ms, not 2 s.)
METRICS_JS = """() => new Promise(resolve => {
  const out = {lcp: null, lcp_element: null};
  const nav = performance.getEntriesByType('navigation')[0];
  out.dcl = nav.domContentLoadedEventEnd; out.load = nav.loadEventEnd;
  for (const p of performance.getEntriesByType('paint')) out[p.name] = p.startTime;
  new PerformanceObserver(list => {
    const entries = list.getEntries(), last = entries[entries.length - 1];
    out.lcp = last.startTime;
    const el = last.element;
    out.lcp_element = el ? el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') : null;
  }).observe({type: 'largest-contentful-paint', buffered: true});
  out.blocking = performance.getEntriesByType('resource')
    .filter(e => e.renderBlockingStatus === 'blocking').map(e => e.name);
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(out), 1000)));
})"""


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3, help="cold loads per page; the median counts")
    p.add_argument("--members", type=int, default=2000, help="members to seed when empty")
    p.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_PAINT_DATABASE_URL", DEFAULT_DB),
        help=f"bench database (default {DEFAULT_DB}); never CI's 'test' database",
    )
    p.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default 8765)")
    p.add_argument("--json", type=Path, help="also write every run's figures to this file")
    return p.parse_args(argv)


# --------------------------------------------------------------------------- server
def server_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, SAATHI_ENV="demo", DJANGO_DEBUG="0")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def prepare_database(database_url: str, members: int) -> None:
    name = urlsplit(database_url).path.rsplit("/", 1)[-1]
    if not database_url.startswith("sqlite") and name == "test":
        sys.exit("bench/paint.py: refusing the database named 'test' (CI uses it).")
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    env = server_env(database_url)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    started = time.monotonic()
    subprocess.run(
        [*manage, "seed_demo", "--members", str(members), "--if-empty", "--verbosity", "0"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    if time.monotonic() - started > 5:
        print(f"Seeded {members:,} members in {time.monotonic() - started:.0f} s")


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def start_server(database_url: str, port: int) -> subprocess.Popen:
    """gunicorn as README.md deploys it, in its own process group (stopped by its id)."""
    if not port_free(port):
        sys.exit(f"bench/paint.py: 127.0.0.1:{port} is taken; pass --port.")
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    log = SERVER_LOG.open("w")
    cmd = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
           "--workers", "3", "--access-logfile", "-", "--no-control-socket"]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=server_env(database_url), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"gunicorn exited with {proc.returncode}:\n{SERVER_LOG.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    sys.exit(f"gunicorn did not answer within 60 s:\n{SERVER_LOG.read_text()[-3000:]}")


def stop_server(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)  # the group this script started
        proc.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


# --------------------------------------------------------------------------- browser
class _HeadBlocking(HTMLParser):
    """Stylesheets and classic scripts without defer/async in <head>: they block rendering."""

    def __init__(self):
        super().__init__()
        self.in_head = True
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.in_head = False
        if not self.in_head:
            return
        rel = (a.get("rel") or "").lower().split()
        media = (a.get("media") or "all").lower()
        if tag == "link" and "stylesheet" in rel and a.get("href") and media != "print":
            self.urls.append(a["href"])
        elif (
            tag == "script"
            and a.get("src")
            and "defer" not in a
            and "async" not in a
            and a.get("type") != "module"
        ):
            self.urls.append(a["src"])

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


@dataclass
class Run:
    lcp: float | None
    fcp: float | None
    dcl: float
    load: float
    transferred: int  # bytes on the wire, headers included (CDP encodedDataLength)
    js: int  # of which JavaScript
    css: int  # of which stylesheets
    requests: int
    blocking: list[tuple[str, str, int]]  # (type, url, bytes) besides the page
    lcp_element: str | None
    failed: list[str] = field(default_factory=list)


def load_once(browser, base: str, url: str, state) -> tuple[Run, str]:
    """One cold load of ``url`` under Slow 3G and 4x CPU; returns the run and the final URL."""
    context = browser.new_context(
        viewport=VIEWPORT, device_scale_factor=1, is_mobile=True, has_touch=True,
        locale="en-IN", base_url=base, storage_state=state,
    )  # fmt: skip
    try:
        context.set_default_timeout(120_000)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        reqs: dict[str, dict] = {}

        def sent(e):
            reqs.setdefault(e["requestId"], {"url": e["request"]["url"], "type": e.get("type")})

        def received(e):
            reqs.setdefault(e["requestId"], {"url": e["response"]["url"]})["type"] = e["type"]

        def finished(e):
            reqs.setdefault(e["requestId"], {"url": "?"})["bytes"] = e["encodedDataLength"]

        def failed(e):
            reqs.setdefault(e["requestId"], {"url": "?"})["failed"] = e.get("errorText", "")

        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.responseReceived", received)
        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.loadingFailed", failed)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})

        response = page.goto(url, wait_until="load")
        m = page.evaluate(METRICS_JS)
        html = response.text() if response else ""
        final_url = page.url
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    finally:
        context.close()

    parser = _HeadBlocking()
    parser.feed(html)
    blocking_urls = {urljoin(final_url, u) for u in parser.urls} | set(m["blocking"])
    by_url = {r["url"]: r for r in reqs.values()}
    done = [r for r in reqs.values() if "bytes" in r]
    run = Run(
        lcp=m["lcp"],
        fcp=m.get("first-contentful-paint"),
        dcl=m["dcl"],
        load=m["load"],
        transferred=sum(r["bytes"] for r in done),
        js=sum(r["bytes"] for r in done if r.get("type") == "Script"),
        css=sum(r["bytes"] for r in done if r.get("type") == "Stylesheet"),
        requests=len(reqs),
        blocking=sorted(
            (by_url.get(u, {}).get("type") or "?", u, int(by_url.get(u, {}).get("bytes", 0)))
            for u in blocking_urls
        ),
        lcp_element=m["lcp_element"],
        failed=[f"{r['url']}: {r['failed']}" for r in reqs.values() if "failed" in r],
    )
    return run, final_url


def log_in(browser, base: str) -> dict:
    """Logs in without throttling; the cookies are handed to every measured context."""
    context = browser.new_context(viewport=VIEWPORT, base_url=base, locale="en-IN")
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("#id_login", USERNAME)
        page.fill("#id_password", PASSWORD)
        page.click("#login-submit")  # the header's language buttons are submit buttons too
        page.wait_for_url(base + "/")
        return context.storage_state()
    finally:
        context.close()


def find_profile(browser, base: str, state) -> str:
    context = browser.new_context(viewport=VIEWPORT, base_url=base, storage_state=state)
    try:
        page = context.new_page()
        page.goto("/registry/members/")
        hrefs = page.eval_on_selector_all("a.name", "els => els.map(e => e.getAttribute('href'))")
    finally:
        context.close()
    for href in hrefs:
        if re.fullmatch(r"/registry/members/[0-9a-f-]{36}/", href or ""):
            return href
    sys.exit("bench/paint.py: no member profile link on the member list")


def warm_up(browser, base: str, state, pages) -> None:
    """One unthrottled request per page, so that no worker's first request is measured."""
    context = browser.new_context(viewport=VIEWPORT, base_url=base, storage_state=state)
    try:
        page = context.new_page()
        for _, url, _ in pages:
            for _ in range(3):  # three workers
                page.goto(url)
    finally:
        context.close()


# --------------------------------------------------------------------------- report
@dataclass
class PageResult:
    name: str
    url: str
    runs: list[Run]

    def med(self, attr: str) -> float:
        values = [getattr(r, attr) for r in self.runs]
        if any(v is None for v in values):
            return float("inf")
        return statistics.median(values)

    @property
    def blocking(self) -> list[tuple[str, str, int]]:
        # the worst run's: the list is the same from run to run unless the page changed
        return max((r.blocking for r in self.runs), key=len)

    @property
    def over(self) -> list[str]:
        flags = []
        if self.med("lcp") >= MAX_LCP_MS:
            flags.append(f"LCP ≥ {MAX_LCP_MS / 1000:.0f} s")
        if self.med("transferred") >= MAX_TRANSFER:
            flags.append(f"transfer ≥ {MAX_TRANSFER // 1024} KB")
        if self.med("js") > MAX_JS:
            flags.append(f"JS > {MAX_JS // 1024} KB")
        blocking = self.blocking
        if len(blocking) > MAX_BLOCKING:
            flags.append(f"{len(blocking)} render-blocking requests")
        for kind, url, size in blocking:
            if kind != "Stylesheet":
                flags.append(f"render-blocking {kind}: {urlsplit(url).path}")
            elif size > MAX_TINY_CSS:
                flags.append(
                    f"blocking stylesheet {size / 1024:.1f} KB > {MAX_TINY_CSS // 1024} KB"
                )
        for r in self.runs:
            flags += [f"failed: {f}" for f in r.failed]
        return flags


def print_table(results: list[PageResult], runs: int) -> None:
    print()
    print(f"Cold first load, DevTools 'Slow 3G' (2,000 ms, 50,000 B/s down/up) + {CPU_SLOWDOWN}x "
          f"CPU, 360x740, Chromium; median of {runs} run(s) per page")  # fmt: skip
    cols = [("page", 26), ("LCP (< 5 s)", 19), ("FCP", 7), ("transferred (< 100 KB)", 22),
            ("JS (≤ 50 KB)", 14), ("req", 3), ("blocking (≤ 1 tiny CSS)", 26),
            ("over budget", 11)]  # fmt: skip
    print("| " + " | ".join(c.ljust(w) for c, w in cols))
    print("|" + "|".join("-" * (w + 2) for _, w in cols))
    for r in results:
        lcps = [x.lcp for x in r.runs if x.lcp is not None]
        spread = f" ({min(lcps) / 1000:.2f}–{max(lcps) / 1000:.2f})" if len(lcps) > 1 else ""
        lcp = f"{r.med('lcp') / 1000:.2f} s{spread}"
        fcp = f"{r.med('fcp') / 1000:.2f} s"
        blocking = ", ".join(f"{urlsplit(u).path.rsplit('/', 1)[-1]} {b / 1024:.1f} KB"
                             for _, u, b in r.blocking) or "none"  # fmt: skip
        cells = [r.name, lcp, fcp, f"{r.med('transferred') / 1024:.1f} KB",
                 f"{r.med('js') / 1024:.1f} KB", f"{r.med('requests'):.0f}", blocking,
                 "; ".join(r.over) or "-"]  # fmt: skip
        print("| " + " | ".join(c.ljust(w) for c, (_, w) in zip(cells, cols, strict=True)))
    print(
        "LCP and FCP from navigation start (spread of the runs in brackets); transferred: "
        "every response on the wire, headers included (CDP encodedDataLength), JS and CSS "
        "compressed; blocking: stylesheets and classic scripts without defer/async in <head>, "
        "and what Chromium's Resource Timing marks render-blocking, besides the page itself."
    )
    for r in results:
        elements = {x.lcp_element for x in r.runs}
        print(f"  {r.name}: {r.url} (LCP element: {', '.join(sorted(map(str, elements)))})")
    over = [r for r in results if r.over]
    print(f"{len(over)} of {len(results)} pages over budget." if over
          else "Every page within budget.")  # fmt: skip


# --------------------------------------------------------------------------- main
def _terminate(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through the finally that stops the server


def main(argv=None) -> int:
    args = parse_args(argv)
    if not Path(CHROMIUM).exists():
        sys.exit(f"bench/paint.py: {CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    prepare_database(args.database_url, args.members)
    base = f"http://127.0.0.1:{args.port}"
    server = None
    try:
        server = start_server(args.database_url, args.port)
        print(f"gunicorn on {base} (log: {SERVER_LOG.relative_to(ROOT)})", flush=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            state = log_in(browser, base)
            members = "/registry/members/"
            pages = [
                ("login page", "/accounts/login/", None),
                ("home", "/", state),
                ("member list", members, state),
                ("member list, search 'laks'", members + "?" + urlencode({"q": "laks"}), state),
                ("member profile", find_profile(browser, base, state), state),
                ("registration form", "/registry/members/new/", state),
            ]
            warm_up(browser, base, state, pages)
            results = []
            for name, url, page_state in pages:
                runs = []
                for i in range(args.runs):
                    run, final = load_once(browser, base, url, page_state)
                    if urlsplit(final).path != urlsplit(base + url).path:
                        sys.exit(f"bench/paint.py: {url} ended on {final} (not logged in?)")
                    runs.append(run)
                    print(f"  {name:<28} run {i + 1}: LCP {run.lcp or 0:6.0f} ms, "
                          f"{run.transferred / 1024:5.1f} KB, {run.requests} requests",
                          flush=True)  # fmt: skip
                results.append(PageResult(name, url, runs))
            browser.close()
    finally:
        stop_server(server)
    print_table(results, args.runs)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2))
    return 1 if any(r.over for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
