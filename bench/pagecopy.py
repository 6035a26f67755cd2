"""What a reader gets by opening a saved page in a browser, selecting all and copying: `document.body.innerText`.

Pages are rendered offline in Debian's chromium (Playwright drives it; every request the page makes
is refused, so stylesheets, scripts and images from the web are missing, as on a machine without the
network). The texts are cached in ``bench/.cache/innertext/`` (git ignores it) by the sha1 of the
HTML, so the benchmark and the line classifier's trainer render each page once.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache" / "innertext"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
RENDER_TIMEOUT_MS = 15_000


def copied_texts(pages: Iterable[tuple[str, str]]) -> dict[str, str]:
    """{key: innerText} for (key, html) pairs; cached pages are not rendered again."""
    pages = list(pages)
    texts: dict[str, str] = {}
    missing: list[tuple[str, str, Path]] = []
    for key, html in pages:
        path = CACHE / f"{hashlib.sha1(html.encode('utf-8', 'replace')).hexdigest()}.txt"
        if path.exists():
            texts[key] = path.read_text(encoding="utf-8")
        else:
            missing.append((key, html, path))
    if missing:
        texts.update(_render(missing))
    return texts


def _render(pages: list[tuple[str, str, Path]]) -> dict[str, str]:
    from playwright.sync_api import Error, sync_playwright

    if CHROMIUM is None:
        raise SystemExit("chromium is not installed: `make browser` installs Debian's")
    CACHE.mkdir(parents=True, exist_ok=True)
    texts: dict[str, str] = {}
    print(f"rendering {len(pages)} pages in chromium (cached in {CACHE})")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", lambda route: route.abort())  # offline: nothing is fetched
        for key, html, path in pages:
            page = context.new_page()
            try:
                page.set_content(html, wait_until="domcontentloaded", timeout=RENDER_TIMEOUT_MS)
                text = page.evaluate("document.body ? document.body.innerText : ''")
            except Error as err:  # a page whose scripts hang: what was rendered by then
                print(f"  {key}: {str(err).splitlines()[0]}")
                text = page.evaluate("document.body ? document.body.innerText : ''")
            finally:
                page.close()
            path.write_text(text, encoding="utf-8")
            texts[key] = text
        browser.close()
    return texts
