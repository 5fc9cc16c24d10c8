"""The real parleyd and parley binaries and headless Chromium, for the web client's browser tests.

parleyd runs on port 0 with a temporary data directory; its port and the development admin's
sign-in link are read from its log. Browsers are Debian's chromium driven by Debian's chromedriver.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BUILD = os.environ.get("PARLEY_BUILD_DIR", os.path.join(ROOT, ".build", "debug"))
SCREENSHOTS = os.path.join(ROOT, ".build", "web-screenshots")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", shutil.which("chromedriver") or "/usr/bin/chromedriver")
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


class Daemon:
    """parleyd on a free port with its own data directory; restartable on the same port."""

    def __init__(self):
        self.data = tempfile.mkdtemp(prefix="parley-web-test-")
        self.port = 0
        self.process = None
        self.log = []
        self.admin_link = None

    def start(self, timeout=60):
        self.log = []
        self.process = subprocess.Popen(
            [os.path.join(BUILD, "parleyd"), "--port", str(self.port), "--data-dir", self.data,
             "--dictionaries", os.path.join(ROOT, "Dictionaries"), "--log-level", "info"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        ready = threading.Event()
        process = self.process

        def read():
            # Ends when parleyd exits and its stderr reaches end of file; `stop` waits for that.
            for line in process.stderr:
                self.log.append(line)
                m = re.search(r"hub\.port=(\d+)", line)
                if m:
                    self.port = int(m.group(1))
                m = re.search(r"web\.link=(\S+)", line)
                if m:
                    self.admin_link = m.group(1)
                    ready.set()
                if "listening" in line and "hub.port" in line and self.admin_link and self.port:
                    ready.set()
        self.reader = threading.Thread(target=read, daemon=True)
        self.reader.start()
        if not ready.wait(timeout):
            self.stop()
            raise RuntimeError(f"parleyd did not start within {timeout} s:\n" + "".join(self.log[-30:]))
        return self

    def stop(self):
        """SIGTERM, then SIGKILL after 15 s; waits (bounded) for the log reader to see the end."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(15)
        self.reader.join(5)
        if not self.reader.is_alive():
            process.stderr.close()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.data, ignore_errors=True)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def admin_token(self):
        return self.admin_link.split("#token=", 1)[1]

    def cli(self, *args):
        """Runs the parley CLI against this daemon; returns its stdout."""
        out = subprocess.run([os.path.join(BUILD, "parley"), *args], capture_output=True, text=True, cwd=ROOT, timeout=60)
        if out.returncode != 0:
            raise RuntimeError(f"parley {' '.join(args)} failed: {out.stderr}")
        return out.stdout.strip()

    def link(self, user, tenant, lang, name=None):
        """`parley token --link` (host and port given as to parleyd)."""
        args = ["token", "--user", user, "--tenant", tenant, "--lang", lang, "--link", "--data-dir", self.data,
                "--port", str(self.port)]
        if name:
            args += ["--name", name]
        return self.cli(*args)

    def token(self, user, tenant, lang, *flags):
        return self.cli("token", "--user", user, "--tenant", tenant, "--lang", lang, "--data-dir", self.data, *flags)

    def send(self, token, conversation, text, topic=None):
        args = ["send", "--url", f"ws://127.0.0.1:{self.port}/ws", "--token", token, "-c", conversation]
        if topic:
            args += ["--topic", topic]
        return self.cli(*args, text)

    def http(self, method, path, token=None, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            request.add_header(k, v)
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def create_group(self, title, members, kind="group", shares=()):
        status, _, body = self.http("POST", "/api/v1/groups", self.admin_token(),
                                    {"title": title, "kind": kind, "members": members, "shares": list(shares)})
        assert status == 201, body
        return json.loads(body)["id"]


def browser(width=1280, height=860):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}",
                "--lang=en-US"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    # Deadlines for the browser itself, so a page or script that never finishes fails the scenario.
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(10)
    return driver


def wait(driver, condition, timeout=10, message=""):
    """Polls `condition`; the client redraws lists often, so an element gone stale is just polled again."""
    return WebDriverWait(driver, timeout, poll_frequency=0.05,
                         ignored_exceptions=[StaleElementReferenceException]).until(lambda d: condition(d), message)


def click(driver, css, timeout=10):
    """Clicks the element `css` names, again if a redraw replaced it between finding and clicking."""
    def attempt(d):
        elements = d.find_elements(By.CSS_SELECTOR, css)
        if not elements:
            return False
        elements[0].click()
        return True
    wait(driver, attempt, timeout, message=f"click {css}")


def shot(driver, name):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, name + ".png")
    driver.save_screenshot(path)
    return path


def no_alert(driver):
    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        return f"an alert opened: {text}"
    except NoAlertPresentException:
        return None


def online(driver):
    return driver.find_element(By.ID, "status").get_attribute("data-state") == "online"


def open_conversation(driver, title):
    script = ("return [...document.querySelectorAll('.conversation-item')]"
              ".find(b => b.querySelector('.name').textContent === arguments[0])?.dataset.id ?? null")
    conversation = wait(driver, lambda d: d.execute_script(script, title), message=f"conversation {title} in the list")
    click(driver, f".conversation-item[data-id='{conversation}']")
    wait(driver, lambda d: d.find_element(By.ID, "conv-title").text == title)


def bodies(driver):
    """The text of every delivered (not pending) message body on screen, in order."""
    return driver.execute_script(
        "return [...document.querySelectorAll('#messages .message:not(.pending) .body')].map(e => e.textContent.trim())")


def frames_sent(driver):
    """The JSON frames the page sent on its WebSocket since the last call (DevTools performance log)."""
    frames = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.webSocketFrameSent":
            try:
                frames.append(json.loads(message["params"]["response"]["payloadData"]))
            except (KeyError, ValueError):
                pass
    return frames


def console_errors(driver):
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


__all__ = ["Daemon", "browser", "wait", "click", "frames_sent", "shot", "no_alert", "online", "open_conversation", "bodies", "console_errors",
           "By", "TimeoutException"]
