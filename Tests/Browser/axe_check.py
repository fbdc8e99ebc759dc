#!/usr/bin/env python3
"""Deque's axe-core over pages served on 127.0.0.1, in headless Debian Chromium, for canton-status tests.

    axe_check.py [--timeout SECONDS] [--modes light,dark,phone] [--axe-script FILE] BASE_URL PATH...

Loads BASE_URL/PATH for each PATH in three modes: `light` (prefers-color-scheme: light, 1280 px
wide), `dark` (prefers-color-scheme: dark, 1280 px wide) and `phone` (light, 360 px wide, a mobile
viewport). In each it injects axe-core and runs the WCAG 2.0, 2.1 and 2.2 level A and AA rules,
plus `heading-order`, which axe files under best practice but which is how a skipped heading
level (an h3 right after an h1) shows. Prints one line per violation:

    mainnet/index.html dark color-contrast serious: Elements must have sufficient color contrast (.quiet, #x > p)

followed by axe's explanation for the first element, indented, and a summary line. Exit status:
0 when no page has a violation, 1 when one has, 2 when the check could not run (a page that is not
served, no chromedriver, a time-out).

axe-core is the copy the axe-selenium-python package ships: under Python 3.11 pip installs its 2.1.6,
with axe-core 3.1.1; its 3.0.0 ships axe-core 4.10.2 but needs Python 3.12 or newer. `--axe-script`
takes another copy, for trying a newer axe (the site passed 4.10.2 too when this was written, with
target-size and scrollable-region-focusable among its rules). The driver is Debian's chromium-driver,
found on PATH, the same build as Debian's chromium.

Nothing is downloaded, and Chromium resolves no host name: every request except to 127.0.0.1 fails
at once, so a page that links a stylesheet elsewhere is checked as a reader who cannot reach that
host sees it. Every wait is bounded: page loads, scripts, each driver command and the whole run
(`--timeout`).
"""
import argparse
import json
import os
import shutil
import signal
import socket
import sys
import tempfile
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service

# axe-core tags: WCAG 2.0, 2.1 and 2.2 at levels A and AA (a copy of axe older than a tag just has
# no rule with it). heading-order is added by id: axe tags it best-practice only.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
EXTRA_RULES = ["heading-order"]

MODES = {
    # name: (prefers-color-scheme, viewport width, height, mobile viewport)
    "light": ("light", 1280, 900, False),
    "dark": ("dark", 1280, 900, False),
    "phone": ("light", 360, 780, True),
}
PAGE_LOAD_SECONDS = 30
SCRIPT_SECONDS = 60
DRIVER_COMMAND_SECONDS = 90  # every HTTP exchange with chromedriver
TARGETS_SHOWN = 5


class Timeout(Exception):
    pass


def loopback(url):
    return urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1")


def served(url):
    """The server answers 200 (a missing page would otherwise be checked as the server's error page)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start_browser(profile):
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    browser_path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.isfile(driver_path) or not os.path.isfile(browser_path):
        raise FileNotFoundError("chromium and chromium-driver are needed: scripts/setup --test installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = browser_path
    # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check",
                     "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--disable-default-apps",
                     "--disable-features=Translate,MediaRouter,OptimizationHints",
                     # Loopback only: any other host name fails to resolve, without a DNS query.
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                     "--window-size=1280,900", "--log-level=3"]:
        options.add_argument(argument)
    # A path to the driver keeps Selenium Manager (which would download one) out of it.
    service = Service(executable_path=driver_path, log_output=os.devnull)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(PAGE_LOAD_SECONDS)
    driver.set_script_timeout(SCRIPT_SECONDS)
    return driver


def emulate(driver, mode):
    scheme, width, height, mobile = MODES[mode]
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen", "features": [
        {"name": "prefers-color-scheme", "value": scheme}]})
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


# axe-selenium-python's Axe.run waits for a promise it never lets reject, so an axe error would
# show as a script time-out; this one hands the error back.
RUN = """
const done = arguments[arguments.length - 1];
const wanted = arguments[0], extra = arguments[1];
const known = new Set(axe.getRules().flatMap(rule => rule.tags));
const options = {runOnly: {type: "tag", values: wanted.filter(tag => known.has(tag))}, resultTypes: ["violations"],
                 rules: Object.fromEntries(extra.map(rule => [rule, {enabled: true}]))};
axe.run(document, options).then(results => done({violations: results.violations, version: axe.version}))
  .catch(error => done({error: String(error)}));
"""


def violations(driver, axe):
    """axe's violations on the loaded page; the async call ends within the script time-out."""
    axe.inject()
    results = driver.execute_async_script(RUN, TAGS, EXTRA_RULES)
    if not isinstance(results, dict) or "violations" not in results:
        raise RuntimeError(f"axe did not run: {str((results or {}).get('error', results))[:300]}")
    return results["violations"], results["version"]


def describe(page, mode, violation):
    targets = [" ".join(t) if isinstance(t, list) else str(t) for node in violation["nodes"] for t in node["target"]]
    shown = ", ".join(targets[:TARGETS_SHOWN])
    if len(targets) > TARGETS_SHOWN:
        shown += f", and {len(targets) - TARGETS_SHOWN} more"
    line = f"{page} {mode} {violation['id']} {violation.get('impact') or 'unknown'}: {violation['help']} ({shown})"
    summary = (violation["nodes"][0].get("failureSummary") or "") if violation["nodes"] else ""
    detail = "".join(f"\n    {text.strip()}" for text in summary.splitlines() if text.strip())
    return line + detail


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="http://127.0.0.1:PORT/ serving the site")
    parser.add_argument("paths", nargs="+", help="page paths relative to BASE_URL")
    parser.add_argument("--timeout", type=int, default=300, help="seconds for the whole run (default 300)")
    parser.add_argument("--axe-script", help="axe.min.js to inject instead of axe-selenium-python's")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated subset of " + ",".join(MODES))
    args = parser.parse_args()

    base = args.base_url if args.base_url.endswith("/") else args.base_url + "/"
    if not loopback(base):
        print(f"axe_check: {base} is not on 127.0.0.1; only loopback is checked", file=sys.stderr)
        return 2
    modes = [mode for mode in args.modes.split(",") if mode]
    unknown = [mode for mode in modes if mode not in MODES]
    if unknown or not modes:
        print(f"axe_check: unknown mode {', '.join(unknown) or '(none)'}; modes are {', '.join(MODES)}",
              file=sys.stderr)
        return 2
    urls = {path: urljoin(base, path.lstrip("/")) for path in args.paths}
    missing = [path for path, url in urls.items() if not served(url)]
    if missing:
        print(f"axe_check: not served with status 200: {', '.join(missing)}", file=sys.stderr)
        return 2

    def expire(signum, frame):
        raise Timeout(f"the run took longer than {args.timeout} s")
    signal.signal(signal.SIGALRM, expire)
    signal.alarm(args.timeout)
    socket.setdefaulttimeout(DRIVER_COMMAND_SECONDS)

    found, version = 0, "?"
    driver = None
    with tempfile.TemporaryDirectory(prefix="axe-check-chromium") as profile:
        try:
            driver = start_browser(profile)
            axe = Axe(driver, args.axe_script) if args.axe_script else Axe(driver)
            for mode in modes:
                for path, url in urls.items():
                    emulate(driver, mode)
                    driver.get(url)
                    results, version = violations(driver, axe)
                    for violation in results:
                        print(describe(path, mode, violation))
                        found += 1
        except (Timeout, WebDriverException, FileNotFoundError, RuntimeError) as error:
            first_line = (str(error).strip().splitlines() or [""])[0]
            print(f"axe_check: {type(error).__name__}: {first_line}", file=sys.stderr)
            return 2
        finally:
            signal.alarm(0)
            if driver is not None:
                signal.alarm(30)  # quit() too is bounded
                try:
                    driver.quit()
                except (Timeout, WebDriverException, OSError):
                    pass
                finally:
                    signal.alarm(0)
    print(f"axe-core {version}: {len(urls)} pages in {len(modes)} modes ({', '.join(modes)}), "
          f"{found} violation{'s' if found != 1 else ''}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
