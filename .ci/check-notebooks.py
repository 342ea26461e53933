#!/usr/bin/env python3
"""Opens every notebook page in headless Chromium and checks it the way a reader would see it.

For each `*.html` in the given folders (from `--notebook`, e.g. `out/`):

- the page is opened from a `file://` URL, offline;
- any console error, and any request whose URL is not `file:` or `data:`, fails the check;
- on a page with a gain explorer, the slider is moved and the plotted path must change, and
  the activation picker must switch the visible charts;
- screenshots at 1280 and 390 pixels wide, in the light and the dark theme, are saved and must
  not be blank (most of a blank page is one colour).

With `--jupyter`, each `*.ipynb` beside them too (see `check_jupyter`): it must pass
`nbformat.validate`, convert with `jupyter nbconvert --to html` with every figure loaded, and open
in JupyterLab, untrusted as a downloaded notebook is, with every figure shown as a picture.

    python3 -m venv /tmp/nbvenv && /tmp/nbvenv/bin/pip install selenium pillow
    /tmp/nbvenv/bin/python .ci/check-notebooks.py out --screenshots out/screenshots
    /tmp/nbvenv/bin/pip install jupyterlab nbconvert     # for --jupyter
    /tmp/nbvenv/bin/python .ci/check-notebooks.py out --jupyter

Needs Debian's `chromium` and `chromium-driver`. A tool for developers: not run by CI.
"""

import argparse
import base64
import glob
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


def browser(width, scrollbars=False):
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},900"):
        options.add_argument(flag)
    if not scrollbars:
        options.add_argument("--hide-scrollbars")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # Headless windows are at least 500 pixels wide: emulate the phone's width itself.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 500},
    )
    return driver


def requests(driver):
    """Every URL the page asked for, from Chrome's performance log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def blank(path):
    """Whether 97% or more of the screenshot is one colour."""
    image = Image.open(path).convert("RGB").resize((200, 200))
    colours = image.getcolors(200 * 200)
    return max(count for count, _ in colours) >= 0.97 * 200 * 200


def check_explorer(driver, failures, name):
    explorers = driver.find_elements("css selector", "figure.explorer")
    for explorer in explorers:
        controls = explorer.find_element("css selector", ".controls")
        if not controls.is_displayed():
            failures.append(f"{name}: the explorer's controls stayed hidden (did its script run?)")
            continue
        read = lambda: driver.execute_script(
            "var p = arguments[0].querySelector('.panels:not([hidden]) g.series polyline'); return p && p.getAttribute('points');",
            explorer,
        )
        before = read()
        driver.execute_script(
            "var s = arguments[0].querySelector('input[type=range]'); s.value = 0; s.dispatchEvent(new Event('input'));",
            explorer,
        )
        after = read()
        if not before or before == after:
            failures.append(f"{name}: moving the gain slider did not change the plotted path")
        options = explorer.find_elements("css selector", "select option")
        if len(options) > 1:
            driver.execute_script(
                "var s = arguments[0].querySelector('select'); s.value = '1'; s.dispatchEvent(new Event('change'));",
                explorer,
            )
            shown = driver.execute_script(
                "return arguments[0].querySelector('.panels:not([hidden])').getAttribute('data-family');", explorer
            )
            if shown != "1":
                failures.append(f"{name}: choosing another activation did not show its charts")
            driver.execute_script(
                "var s = arguments[0].querySelector('select'); s.value = '0'; s.dispatchEvent(new Event('change'));",
                explorer,
            )
    return len(explorers)


def figure_outputs(notebook):
    """How many outputs of the notebook are figures (they carry an SVG)."""
    return sum(
        "image/svg+xml" in output.get("data", {}) for cell in notebook.cells for output in cell.get("outputs", [])
    )


def loaded_images(driver, selector):
    """How many images under `selector` have loaded (a broken or blocked one has no width)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).filter(i => i.complete && i.naturalWidth > 0).length",
        selector,
    )


def jupyter_server(folder, settings):
    """Starts JupyterLab on a free port serving `folder`; returns (process, base URL, token)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = "check-notebooks"
    # A data folder of its own: no notebook signature from an earlier session makes one trusted.
    data = os.path.join(settings, "data")
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=settings, JUPYTERLAB_WORKSPACES_DIR=settings, JUPYTER_DATA_DIR=data)
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1"]
    command += [f"--ServerApp.token={token}", f"--ServerApp.root_dir={os.path.abspath(folder)}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=1)
            return server, url, token
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("JupyterLab did not start within a minute")


def check_jupyter(folders, screenshots, failures):
    """Every `*.ipynb`: valid nbformat, converted by nbconvert, and opened in JupyterLab with its figures.

    A notebook a reader downloads is untrusted, and JupyterLab then shows an `image/svg+xml`
    output only as its text; each figure must also carry a `text/html` `<img>` of the SVG, which
    JupyterLab renders and prefers. So in JupyterLab, every figure output must show a loaded
    image through `text/html`. Kernels are not started (the notebook's kernel, Swift, is not
    installed: the check picks "No Kernel", as a reader would).
    """
    import nbformat  # only for --jupyter

    books = sorted(p for folder in folders for p in glob.glob(os.path.join(folder, "*.ipynb")))
    if not books:
        failures.append("--jupyter: no .ipynb notebooks in " + ", ".join(folders))
        return
    work = tempfile.mkdtemp(prefix="check-notebooks-")
    settings = os.path.join(work, "settings")
    # No cell virtualization (every output is in the page), no news or update pop-ups.
    for plugin, values in (
        ("notebook-extension/tracker", {"windowingMode": "none"}),
        ("apputils-extension/notification", {"fetchNews": "false", "checkForUpdates": False}),
    ):
        os.makedirs(os.path.join(settings, "@jupyterlab", os.path.dirname(plugin)), exist_ok=True)
        with open(os.path.join(settings, "@jupyterlab", plugin + ".jupyterlab-settings"), "w") as f:
            json.dump(values, f)
    expected = {}

    def converted_dir(book):
        return os.path.join(work, "converted", str(books.index(book)))

    for book in books:
        name = os.path.splitext(os.path.basename(book))[0]
        notebook = nbformat.read(book, as_version=4)
        try:
            nbformat.validate(notebook)
        except nbformat.ValidationError as error:
            failures.append(f"{name}.ipynb: not valid nbformat: {error.message}")
        expected[book] = (figure_outputs(notebook), sum(len(c.get("outputs", [])) for c in notebook.cells))
        converted = subprocess.run(
            # One folder per notebook: two folders' notebooks of one name (lab.ipynb) must not overwrite each other.
            [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", converted_dir(book), book],
            capture_output=True,
            text=True,
        )
        if converted.returncode != 0:
            failures.append(f"{name}.ipynb: nbconvert failed: {converted.stderr.strip().splitlines()[-1:]}")
    driver = browser(1280, scrollbars=True)  # a wide graph scrolls sideways: show that it does
    try:
        for book in books:  # nbconvert's pages: every figure an image that loads
            name = os.path.splitext(os.path.basename(book))[0]
            page = os.path.join(converted_dir(book), name + ".html")
            if not os.path.exists(page):
                continue
            driver.get("file://" + page)
            shown = loaded_images(driver, ".jp-OutputArea-output img")
            if shown < expected[book][0]:
                failures.append(f"{name}.ipynb: nbconvert's page shows {shown} of {expected[book][0]} figures")
            print(f"checked {name}.ipynb: valid, nbconvert's page shows {shown} figure(s)")
        for folder in sorted({os.path.dirname(b) for b in books}):
            server, url, token = jupyter_server(folder, settings)
            try:
                for book in (b for b in books if os.path.dirname(b) == folder):
                    check_in_jupyterlab(driver, url, token, book, expected[book], screenshots, failures)
            finally:
                server.terminate()
                server.wait(timeout=30)
    finally:
        driver.quit()


def check_in_jupyterlab(driver, url, token, book, expected, screenshots, failures):
    """Opens one notebook in JupyterLab's single-document view and counts the figures it shows."""
    name = os.path.splitext(os.path.basename(book))[0]
    figures, outputs = expected
    driver.get(f"{url}/doc/tree/{os.path.basename(book)}?token={token}")
    count = "return document.querySelectorAll('.jp-OutputArea-output').length"
    rendered_at = None
    for _ in range(240):  # the kernel picker (Swift is not installed): "No Kernel", as a reader would
        if driver.execute_script(
            "var b = Array.from(document.querySelectorAll('.jp-Dialog button')).find(b => b.innerText.trim() === 'No Kernel');"
            "if (b) { b.click(); return true; } return false;"
        ):
            break
        if driver.execute_script(count) >= outputs:
            rendered_at = rendered_at or time.time()
            if time.time() - rendered_at > 5:
                break
        time.sleep(0.25)
    for _ in range(120):
        if driver.execute_script(count) >= outputs:
            break
        time.sleep(0.25)
    time.sleep(1)
    trust = driver.execute_script(  # the status bar's shield: "Notebook not trusted: 0 of 4 code cells trusted."
        "var e = Array.from(document.querySelectorAll('[title]')).find(e => /trusted/i.test(e.getAttribute('title')));"
        "return e ? e.getAttribute('title') : '';"
    )
    if "not trusted" not in trust:
        failures.append(f"{name}.ipynb: expected JupyterLab to open it untrusted, its status bar says '{trust}'")
    shown = loaded_images(driver, ".jp-OutputArea-output img")
    kinds = driver.execute_script(
        "return Array.from(document.querySelectorAll('.jp-OutputArea-output')).filter(o => o.querySelector('img')).map(o => o.getAttribute('data-mime-type'))"
    )
    if shown < figures:
        failures.append(f"{name}.ipynb: JupyterLab shows {shown} of {figures} figures")
    if any(kind != "text/html" for kind in kinds):
        failures.append(f"{name}.ipynb: JupyterLab drew a figure from {sorted(set(kinds))}, expected text/html")
    driver.execute_script(  # the first figure near the top of the view, a little of what comes before above it
        "var img = document.querySelector('.jp-OutputArea-output img');"
        "if (img) { img.scrollIntoView({block: 'start'});"
        " var s = img.closest('.jp-WindowedPanel-outer') || img.closest('.jp-Notebook'); if (s) s.scrollTop -= 110; }"
    )
    time.sleep(0.5)
    shot = os.path.join(screenshots, f"{name}-jupyterlab.png")
    driver.save_screenshot(shot)
    if blank(shot):
        failures.append(f"{name}.ipynb: the JupyterLab screenshot is blank")
    print(f"checked {name}.ipynb in JupyterLab ({trust.split(':')[0].lower()}): {shown} of {figures} figure(s) shown via {sorted(set(kinds))} -> {shot}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--screenshots", help="where the PNGs go (default: FOLDER/screenshots of the first folder)")
    parser.add_argument("--full-page", action="store_true", help="also save each whole page, top to bottom")
    parser.add_argument(
        "--jupyter", action="store_true", help="also check the .ipynb notebooks: nbformat, nbconvert, JupyterLab"
    )
    args = parser.parse_args()
    pages = sorted(p for folder in args.folders for p in glob.glob(os.path.join(folder, "*.html")))
    if not pages:
        sys.exit("no .html pages in " + ", ".join(args.folders))
    args.screenshots = args.screenshots or os.path.join(args.folders[0], "screenshots")
    os.makedirs(args.screenshots, exist_ok=True)
    failures = []
    for width in (1280, 390):
        driver = browser(width)
        try:
            for page in pages:
                name = os.path.splitext(os.path.basename(page))[0]
                for theme in ("light", "dark"):
                    driver.execute_cdp_cmd(
                        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": theme}]}
                    )
                    driver.get("file://" + os.path.abspath(page))
                    for entry in driver.get_log("browser"):
                        if entry["level"] == "SEVERE":
                            failures.append(f"{name}: console error: {entry['message']}")
                    for url in requests(driver):
                        if not (url.startswith("file:") or url.startswith("data:")):
                            failures.append(f"{name}: requested {url}")
                    explorers = check_explorer(driver, failures, name) if theme == "light" else 0
                    driver.get("file://" + os.path.abspath(page))  # the explorer back at its default
                    shot = os.path.join(args.screenshots, f"{name}-{width}-{theme}.png")
                    driver.save_screenshot(shot)
                    overflow = driver.execute_script(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
                    )
                    if overflow > 0:
                        failures.append(f"{name}: at {width}px the page is {overflow}px wider than the screen")
                    if blank(shot):
                        failures.append(f"{name}: the {width}px {theme} screenshot is blank")
                    if args.full_page:
                        height = driver.execute_script("return document.documentElement.scrollHeight")
                        shot_data = driver.execute_cdp_cmd(
                            "Page.captureScreenshot",
                            {"captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
                        )
                        with open(shot.replace(".png", "-full.png"), "wb") as f:
                            f.write(base64.b64decode(shot_data["data"]))
                    note = f", {explorers} explorer(s) moved" if explorers else ""
                    print(f"checked {name} at {width}px, {theme}{note} -> {shot}")
        finally:
            driver.quit()
    if args.jupyter:
        check_jupyter(args.folders, args.screenshots, failures)
    for failure in failures:
        print("FAIL " + failure)
    print(f"{len(pages)} page(s), {len(failures)} problem(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
