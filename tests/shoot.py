"""Screenshot a served page for a person to look at (not a test):

    python tests/shoot.py "http://localhost:8501/?period=2023" /tmp/cockpit.png [height]
"""

import sys

from playwright.sync_api import sync_playwright

url, out = sys.argv[1], sys.argv[2]
height = int(sys.argv[3]) if len(sys.argv) > 3 else 2400
with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium",
                          args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                "--disable-background-networking"])
    page = b.new_page(viewport={"width": 1600, "height": height}, locale="zh-CN")
    page.goto(url)
    page.wait_for_timeout(500)
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=60000, state="attached")
    page.wait_for_timeout(int(sys.argv[4]) if len(sys.argv) > 4 else 2500)
    page.screenshot(path=out, full_page=True)
    print("exceptions on page:", page.locator('[data-testid="stException"]').count())
    b.close()
