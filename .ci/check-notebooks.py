#!/usr/bin/env python3
"""Opens every notebook page in headless Chromium and checks it the way a reader would see it.

For each `*.html` in the given folders (from `--notebook`, e.g. `out/`):

- the page is opened from a `file://` URL, offline;
- any console error, and any request whose URL is not `file:` or `data:`, fails the check;
- on a page with a gain explorer, the slider is moved and the plotted path must change, and
  the activation picker must switch the visible charts;
- screenshots at 1280 and 390 pixels wide, in the light and the dark theme, are saved and must
  not be blank (most of a blank page is one colour).

    python3 -m venv /tmp/nbvenv && /tmp/nbvenv/bin/pip install selenium pillow
    /tmp/nbvenv/bin/python .ci/check-notebooks.py out --screenshots out/screenshots

Needs Debian's `chromium` and `chromium-driver`. A tool for developers: not run by CI.
"""

import argparse
import base64
import glob
import json
import os
import sys

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


def browser(width):
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={width},900"):
        options.add_argument(flag)
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--screenshots", help="where the PNGs go (default: FOLDER/screenshots of the first folder)")
    parser.add_argument("--full-page", action="store_true", help="also save each whole page, top to bottom")
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
    for failure in failures:
        print("FAIL " + failure)
    print(f"{len(pages)} page(s), {len(failures)} problem(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
