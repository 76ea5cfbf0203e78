"""Fixtures for the browser test: a copy of the repo's docs project served by the real
`portico serve`, and headless Chromium driven by selenium that records every request."""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="session")
def project():
    """A temporary copy of Content/ (the test edits a note; the repo's files stay untouched)."""
    folder = tempfile.mkdtemp(prefix="portico-browser-")
    shutil.copytree(os.path.join(REPO, "Content"), os.path.join(folder, "Content"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def server(project):
    """`portico serve` on a free loopback port; stopped by PID at the end."""
    binary = os.environ.get("PORTICO_BIN", os.path.join(REPO, ".build", "debug", "portico"))
    log = open(os.path.join(project, "serve.log"), "w+")
    process = subprocess.Popen([binary, "serve", project, "--port", "0"], stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL)
    base = None
    deadline = time.time() + 60
    while time.time() < deadline and base is None:
        if process.poll() is not None:
            break
        log.seek(0)
        match = re.search(r"Serving .* at (http://127\.0\.0\.1:\d+)/", log.read())
        if match:
            base = match.group(1)
        else:
            time.sleep(0.1)
    if base is None:
        process.kill()
        log.seek(0)
        pytest.fail("portico serve did not start:\n" + log.read())
    yield base
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        log.seek(0)
        pytest.fail("portico serve did not stop within 15 s of SIGINT; its output:\n" + log.read()[-4000:])
    log.close()


@pytest.fixture(scope="session")
def browser():
    options = Options()
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--disable-gpu")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument("--window-size=1280,1000")
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
