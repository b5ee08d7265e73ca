"""Make docs/serve-*.png: one screenshot of each page kind of `kgbuild
serve`, in headless Chromium (Debian's chromium and chromedriver, through
Selenium; only 127.0.0.1 reachable), over a store of the shipped seed
article and the Arabic and English dev sets.

Usage (from the repository root, the shared corpus beside it)::

    kgbuild build examples/articles ../shared/corpus/ar/dev.jsonl ../shared/corpus/en/dev.jsonl \\
        --out /tmp/serve-docs --no-files
    python docs/serve-screenshots.py /tmp/serve-docs/store

Writes docs/serve-search.png, serve-entity.png, serve-events.png,
serve-article.png.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "search": "/search?" + urllib.parse.urlencode({"q": "هادى البحره"}),
    "entity": "/id/person/hady-bhrh-8573671a",
    "events": "/events",
    "article": "/id/article/qasioun-2025-01-22",
}


def main(store: str) -> None:
    spec = importlib.util.spec_from_file_location("bench_html", ROOT / "benchmarks" / "bench_html.py")
    B = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(B)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "kgbuild", "serve", store, "--port", str(port)])
    d = None
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        d = B.chrome(1400, 1300, loopback=True)
        for name, path in PAGES.items():
            d.get(base + path)
            if name == "entity":
                B.wait_ready(d)
                d.execute_script("document.getElementById('timeline').scrollIntoView()")
            time.sleep(0.5)
            out = ROOT / "docs" / f"serve-{name}.png"
            d.save_screenshot(str(out))
            print(f"wrote {out}")
    finally:
        if d is not None:
            d.quit()
        proc.terminate()
        proc.wait(20)


if __name__ == "__main__":
    main(sys.argv[1])
