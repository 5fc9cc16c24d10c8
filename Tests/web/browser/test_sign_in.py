"""Sign-in with identity providers, end to end: parleyd as an OpenID Connect relying party in front of
two real providers (PyPI's oidc-provider-mock, started by scripts/throwaway-oidc), headless Chromium
signing in on the provider's own login page.

    scripts/throwaway-oidc Tests/web/sign-in
    PARLEY_TEST_STORE=postgres scripts/throwaway-postgres scripts/throwaway-oidc Tests/web/sign-in   # on PostgreSQL
"""
import http.client
import json
import os
import re
import socket
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

from harness import BUILD, ROOT, Daemon, By, bodies, browser, click, console_errors, online, open_conversation, shot, wait

ACME = os.environ.get("PARLEY_TEST_OIDC_ACME")
PARTNER = os.environ.get("PARLEY_TEST_OIDC_PARTNER")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class ProviderDaemon(Daemon):
    """parleyd with two identity providers: Acme (tenant acme, admins by group) and Partner (tenant partner)."""

    def __init__(self, access_lifetime=30):
        super().__init__()
        self.port = free_port()
        self.access_lifetime = access_lifetime

    def start(self, timeout=60):
        config = {
            "public_url": f"http://127.0.0.1:{self.port}",
            "access_token_lifetime": self.access_lifetime,
            "identity_providers": [
                {"name": "Acme", "issuer": ACME, "client_id": "parley-acme", "client_secret": "acme-secret-123",
                 "tenant": "acme", "claims": {"admin_claim": "groups", "admin_group": "parley-admins"}},
                {"name": "Partner", "issuer": PARTNER, "client_id": "parley-partner", "client_secret": "partner-secret-456",
                 "tenant": "partner"},
                # A provider that is down: nothing listens on its port.
                {"name": "Offline", "issuer": f"http://127.0.0.1:{free_port()}", "client_id": "x", "client_secret": "y",
                 "tenant": "offline"},
            ],
        }
        path = os.path.join(self.data, "parleyd.json")
        with open(path, "w") as f:
            json.dump(config, f)
        self.log = []
        store = []
        if os.environ.get("PARLEY_TEST_STORE") == "postgres":
            # Under scripts/throwaway-postgres: a database of its own on the throwaway server.
            name = "signin_" + os.path.basename(self.data).replace("-", "_").lower()
            subprocess.run(["psql", "-q", "-c", f"CREATE DATABASE {name}"], check=True, timeout=30)
            base = os.environ["PARLEY_TEST_POSTGRES_URL"].rsplit("/", 1)[0]
            store = ["--store-url", f"{base}/{name}"]
        self.process = subprocess.Popen(
            [os.path.join(BUILD, "parleyd"), "--port", str(self.port), "--data-dir", self.data, "--config", path,
             "--dictionaries", os.path.join(ROOT, "Dictionaries"), "--log-level", "info", *store],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        ready = threading.Event()

        def read():
            for line in self.process.stderr:
                self.log.append(line)
                if "parleyd listening" in line:
                    ready.set()
        self.reader = threading.Thread(target=read, daemon=True)
        self.reader.start()
        if not ready.wait(timeout):
            self.stop()
            raise RuntimeError("parleyd did not start:\n" + "".join(self.log[-30:]))
        return self

    def admin(self, tenant="acme"):
        """An administrator's token from `parley token` (the development tool stays for administrators)."""
        return self.token("root", tenant, "en", "--admin")

    def metric(self, reason):
        _, _, body = self.http("GET", "/metrics")
        m = re.search(r'parley_identity_refusals_total\{reason="%s"\} (\d+)' % reason, body.decode())
        return int(m.group(1)) if m else 0


class HTTPBrowser:
    """A browser without a page: follows the sign-in by hand, keeping cookies per host."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, url, body=None, headers=None):
        u = urllib.parse.urlsplit(url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
        h = dict(headers or {})
        jar = self.cookies.get(u.port, {})
        if jar:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        if body is not None:
            h["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, u.path + (f"?{u.query}" if u.query else ""), body=body, headers=h)
        r = conn.getresponse()
        data = r.read()
        for name, value in r.getheaders():
            if name.lower() == "set-cookie":
                k, v = value.split(";", 1)[0].split("=", 1)
                if "Max-Age=0" in value:
                    self.cookies.setdefault(u.port, {}).pop(k, None)
                else:
                    self.cookies.setdefault(u.port, {})[k] = v
        conn.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

    def start_login(self, daemon, provider):
        status, headers, _ = self.request("GET", f"{daemon.base}/auth/login?provider={provider}")
        assert status == 302, status
        return headers["location"]

    def authorize(self, authorize_url, sub):
        """Submits the provider's login form; returns the callback URL it redirects to."""
        status, headers, body = self.request("POST", authorize_url, body=urllib.parse.urlencode({"sub": sub}))
        assert status in (302, 303), (status, body[:300])
        return headers["location"]

    def callback(self, url):
        u = urllib.parse.urlsplit(url)
        return self.request("GET", f"http://127.0.0.1:{u.port}{u.path}?{u.query}")


@unittest.skipUnless(ACME and PARTNER, "needs scripts/throwaway-oidc")
class SignInTests(unittest.TestCase):
    maxDiff = None
    @classmethod
    def setUpClass(cls):
        cls.daemon = ProviderDaemon().start()
        cls.drivers = []

    @classmethod
    def tearDownClass(cls):
        for d in cls.drivers:
            d.quit()
        cls.daemon.cleanup()

    def sign_in(self, provider, sub):
        """Headless Chromium: Parley's sign-in page, the provider's own login page, back into Parley."""
        driver = browser()
        self.drivers.append(driver)
        driver.get(self.daemon.base + "/")
        click(driver, f"#signin-providers a[href$='provider={provider}']", timeout=15)
        field = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "input[name=sub]"), timeout=15,
                     message="the provider's login page")[0]
        self.assertTrue(driver.current_url.startswith(ACME if provider == "Acme" else PARTNER), driver.current_url)
        field.send_keys(sub)
        driver.find_element(By.XPATH, "//button[normalize-space()='Authorize']").click()
        wait(driver, online, timeout=20, message=f"{sub} lands in Parley, connected")
        self.assertNotIn("code=", driver.current_url)
        self.assertNotIn("token", driver.current_url)
        # From here on the console must stay clean; before, the provider's page (its CDN stylesheet) and the
        # signed-out page's first /auth/refresh (401: no session yet) log network errors by design.
        driver.get_log("browser")
        return driver

    def test_1_sign_in_page_lists_providers_and_no_dev_links(self):
        d = self.daemon
        driver = browser()
        self.drivers.append(driver)
        driver.get(d.base + "/")
        links = wait(driver, lambda x: x.find_elements(By.CSS_SELECTOR, "#signin-providers a"), timeout=15)
        self.assertEqual([a.text for a in links], ["Sign in with Acme", "Sign in with Partner", "Sign in with Offline"])
        self.assertFalse(driver.find_element(By.ID, "signin-form").is_displayed(), "no token paste with providers")
        shot(driver, "sign-in-1-providers")
        expected = "store=postgres" if os.environ.get("PARLEY_TEST_STORE") == "postgres" else "store=sqlite"
        self.assertTrue(any(expected in line for line in d.log), f"parleyd runs on the intended store ({expected})")
        self.assertFalse(any("web.link" in line for line in d.log), "no development link is logged")
        status, _, _ = d.http("GET", "/api/v1/dev", d.admin())
        self.assertEqual(status, 404)
        for secret in ("acme-secret-123", "partner-secret-456"):
            self.assertFalse(any(secret in line for line in d.log), "client secrets never reach the log")

    def test_2_staff_sign_in_chat_and_renew_without_losing_sends(self):
        d = self.daemon
        status, _, body = d.http("POST", "/api/v1/groups", d.admin(), {"title": "Launch", "members": ["alice", "bob"]})
        self.assertEqual(status, 201, body)
        alice = self.sign_in("Acme", "alice")
        wait(alice, lambda a: "Alice Liddell" in a.find_element(By.ID, "me").text, message="named by the provider's claims")
        self.assertIn("alice@acme", alice.find_element(By.ID, "me").text)
        self.assertTrue(alice.find_element(By.ID, "open-admin").is_displayed(), "alice is in parley-admins")
        open_conversation(alice, "Launch")
        box = alice.find_element(By.ID, "composer-text")
        box.send_keys("hello from single sign-on\n")
        wait(alice, lambda a: bodies(a) == ["hello from single sign-on"], message="acked")
        shot(alice, "sign-in-2-alice-chats")

        # The access token lives 30 s; the page renews it at 15 s. Sends straddle the renewal.
        started = time.monotonic()
        sent = []
        while time.monotonic() - started < 22:
            text = f"during renewal {len(sent)}"
            alice.find_element(By.ID, "composer-text").send_keys(text + "\n")
            sent.append(text)
            time.sleep(2)
        wait(alice, lambda a: bodies(a) == ["hello from single sign-on"] + sent, timeout=10, message="every send delivered once")
        self.assertTrue(online(alice), "the socket stayed open")
        refreshes = [e for e in alice.get_log("performance") if "/auth/refresh" in e["message"] and "requestWillBeSent" in e["message"]]
        self.assertGreaterEqual(len(refreshes), 1, "the token was renewed through /auth/refresh")
        self.assertEqual(console_errors(alice), [], json.dumps(console_errors(alice), indent=1))

        # The directory: alice as the provider described her, for an admin of acme only.
        status, _, body = d.http("GET", "/api/v1/users", d.admin())
        self.assertEqual(status, 200, body)
        users = {u["id"]: u for u in json.loads(body)["users"]}
        self.assertEqual(users["alice"]["name"], "Alice Liddell")
        self.assertEqual(users["alice"]["time_zone"], "Europe/Zurich")
        self.assertEqual(users["alice"]["locale"], "de-CH")
        self.assertEqual(users["alice"]["provider"], "Acme")
        self.assertTrue(users["alice"]["admin"])
        # Member lists name people as their provider does.
        launch = json.loads(d.http("GET", "/api/v1/groups", d.admin())[2])["groups"][0]["id"]
        status, _, body = d.http("GET", f"/api/v1/conversations/{launch}/members", d.token("alice", "acme", "en"))
        self.assertEqual(status, 200, body)
        self.assertIn({"id": "alice", "tenant": "acme", "name": "Alice Liddell"}, json.loads(body)["members"])
        # "New direct message" offers people by the names their provider gives (bob signs in elsewhere first).
        other = HTTPBrowser()
        self.assertEqual(other.callback(other.authorize(other.start_login(d, "Acme"), "bob"))[0], 303)
        before = len(alice.find_elements(By.CSS_SELECTOR, ".conversation-item"))
        alice.find_element(By.ID, "new-dm").click()
        options = wait(alice, lambda a: a.execute_script(
            "return [...document.querySelectorAll('#dm-people option')].map(o => [o.value, o.label])"), message="people by name")
        self.assertIn(["bob", "Bob Builder"], options)
        self.assertNotIn("alice", [value for value, _ in options], "not oneself")
        shot(alice, "sign-in-2-direct-message-by-name")
        alice.find_element(By.ID, "dm-user").send_keys("bob\n")
        wait(alice, lambda a: len(a.find_elements(By.CSS_SELECTOR, ".conversation-item")) == before + 1, message="the direct conversation opens")
        status, _, body = d.http("GET", "/api/v1/users", d.admin("partner"))
        self.assertEqual(status, 200)
        self.assertNotIn("alice", [u["id"] for u in json.loads(body)["users"]], "another tenant's admin does not see acme's users")
        status, _, _ = d.http("GET", "/api/v1/users", d.token("dave", "acme", "en"))
        self.assertEqual(status, 403, "only admins list users")

    def test_3_partner_signs_into_the_partner_tenant(self):
        d = self.daemon
        status, _, body = d.http("POST", "/api/v1/groups", d.admin(),
                                 {"title": "Joint venture", "members": ["alice", "carol@partner"], "shares": ["partner"]})
        self.assertEqual(status, 201, body)
        carol = self.sign_in("Partner", "carol")
        wait(carol, lambda c: "carol@partner" in c.find_element(By.ID, "me").text)
        open_conversation(carol, "Joint venture")
        titles = carol.execute_script("return [...document.querySelectorAll('.conversation-item .name')].map(e => e.textContent)")
        self.assertEqual(titles, ["Joint venture"], "the partner sees only what is shared")
        carol.find_element(By.ID, "composer-text").send_keys("bonjour from the partner\n")
        wait(carol, lambda c: bodies(c) == ["bonjour from the partner"])
        shot(carol, "sign-in-3-partner")

    def test_4_deactivation_closes_the_live_socket_and_refuses_sign_in(self):
        d = self.daemon
        bob = self.sign_in("Acme", "bob")
        self.assertTrue(online(bob))
        before = d.metric("deactivated")
        status, _, body = d.http("POST", "/api/v1/users/bob/deactivate", d.admin())
        self.assertEqual(status, 200, body)
        self.assertGreaterEqual(json.loads(body)["sessions_revoked"], 1)
        wait(bob, lambda b: b.find_element(By.ID, "signin").is_displayed(), timeout=5, message="bob's page is signed out within seconds")
        self.assertIn("deactivated", bob.find_element(By.ID, "signin-reason").text)
        closes = [json.loads(e["message"])["message"] for e in bob.get_log("performance") if "webSocketClosed" in e["message"]
                  or "webSocketFrameReceived" in e["message"]]
        self.assertTrue(any("deactivated" in json.dumps(m) for m in closes), "the server said why")
        shot(bob, "sign-in-4-deactivated")
        # Signing in again is refused at the callback, by name.
        click(bob, "#signin-providers a[href$='provider=Acme']", timeout=15)
        wait(bob, lambda b: b.find_elements(By.CSS_SELECTOR, "input[name=sub]"), timeout=15)[0].send_keys("bob")
        bob.find_element(By.XPATH, "//button[normalize-space()='Authorize']").click()
        error = wait(bob, lambda b: b.find_elements(By.ID, "signin-error"), timeout=15)[0]
        self.assertEqual(error.get_attribute("data-reason"), "deactivated")
        self.assertIn("deactivated", bob.find_element(By.ID, "signin-error-title").text)
        self.assertGreater(d.metric("deactivated"), before)
        # A token bob still holds is refused too.
        bob_token = d.token("bob", "acme", "en")
        status, _, body = d.http("GET", "/api/v1/conversations/x/members", bob_token)
        self.assertEqual(status, 401, body)
        self.assertIn("deactivated", body.decode())

    def test_5_wrong_state_and_replayed_code_are_refused(self):
        d = self.daemon
        before = d.metric("wrong_state")
        status, _, body = d.http("GET", "/auth/callback?state=forged&code=abc")
        self.assertEqual(status, 400)
        self.assertIn(b'data-reason="wrong_state"', body)
        self.assertEqual(d.metric("wrong_state"), before + 1)

        h = HTTPBrowser()
        authorize = h.start_login(d, "Acme")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(authorize).query)
        self.assertEqual(query["code_challenge_method"], ["S256"])
        self.assertEqual(query["redirect_uri"], [f"{d.base}/auth/callback"])
        self.assertTrue(query["nonce"][0] and query["state"][0])
        callback = h.authorize(authorize, "alice")
        status, headers, _ = h.callback(callback)
        self.assertEqual(status, 303)
        self.assertEqual(headers["location"], "/")
        self.assertIn("parley_refresh", h.cookies[d.port])

        # The same callback again: its state was used.
        status, _, body = h.callback(callback)
        self.assertEqual(status, 400)
        self.assertIn(b"wrong_state", body)
        # A fresh sign-in presenting the old (used) code: the provider refuses it, parleyd says so.
        fresh = urllib.parse.parse_qs(urllib.parse.urlsplit(h.start_login(d, "Acme")).query)["state"][0]
        old_code = urllib.parse.parse_qs(urllib.parse.urlsplit(callback).query)["code"][0]
        before = d.metric("code_rejected")
        status, _, body = h.request("GET", f"{d.base}/auth/callback?code={old_code}&state={fresh}")
        self.assertEqual(status, 403, body[:300])
        self.assertIn(b'data-reason="code_rejected"', body)
        self.assertEqual(d.metric("code_rejected"), before + 1)
        # A callback from a browser that did not start the sign-in (no login cookie).
        other = HTTPBrowser()
        authorize = h.start_login(d, "Acme")
        status, _, body = other.callback(h.authorize(authorize, "alice"))
        self.assertEqual(status, 400)
        self.assertIn(b"another browser", body)

    def test_6_refresh_rotates_and_a_reused_credential_ends_the_session(self):
        d = self.daemon
        h = HTTPBrowser()
        status, _, _ = h.callback(h.authorize(h.start_login(d, "Acme"), "alice"))
        self.assertEqual(status, 303)
        first = h.cookies[d.port]["parley_refresh"]
        status, headers, body = h.request("POST", d.base + "/auth/refresh")
        self.assertEqual(status, 200, body)
        grant = json.loads(body)
        self.assertEqual(grant["user"], "alice@acme")
        self.assertEqual(grant["expires_in"], 30)
        self.assertIn("HttpOnly", headers["set-cookie"])
        self.assertIn("SameSite=Strict", headers["set-cookie"])
        second = h.cookies[d.port]["parley_refresh"]
        self.assertNotEqual(first, second)
        # The access token works on the API.
        status, _, _ = d.http("GET", "/api/v1/users", grant["token"])
        self.assertEqual(status, 200)
        # A thief replays the first credential: refused, and the whole session ends.
        thief = HTTPBrowser()
        thief.cookies[d.port] = {"parley_refresh": first}
        status, _, body = thief.request("POST", d.base + "/auth/refresh")
        self.assertEqual(status, 401)
        self.assertEqual(json.loads(body)["error"], "session_reused")
        status, _, body = h.request("POST", d.base + "/auth/refresh")
        self.assertEqual(status, 401, "the owner's current credential is revoked too")
        # Sign-out revokes.
        h2 = HTTPBrowser()
        h2.callback(h2.authorize(h2.start_login(d, "Acme"), "alice"))
        kept = dict(h2.cookies[d.port])
        status, _, _ = h2.request("POST", d.base + "/auth/logout")
        self.assertEqual(status, 200)
        h2.cookies[d.port] = kept
        status, _, _ = h2.request("POST", d.base + "/auth/refresh")
        self.assertEqual(status, 401)
        # Another site's page cannot use the session.
        h3 = HTTPBrowser()
        h3.callback(h3.authorize(h3.start_login(d, "Acme"), "alice"))
        status, _, _ = h3.request("POST", d.base + "/auth/refresh", headers={"Origin": "http://evil.example"})
        self.assertEqual(status, 403)


    def test_9_sign_out_ends_the_session_here_and_at_the_provider(self):
        d = self.daemon
        # Over HTTP: the answer names the provider's end-session page, coming back to Parley.
        h = HTTPBrowser()
        h.callback(h.authorize(h.start_login(d, "Acme"), "alice"))
        self.assertIn("parley_provider", h.cookies[d.port])
        status, _, body = h.request("POST", d.base + "/auth/logout")
        self.assertEqual(status, 200)
        url = urllib.parse.urlsplit(json.loads(body)["provider_logout"])
        query = urllib.parse.parse_qs(url.query)
        self.assertTrue(f"{url.scheme}://{url.netloc}{url.path}".startswith(ACME), url)
        self.assertEqual(query["client_id"], ["parley-acme"])
        self.assertEqual(query["post_logout_redirect_uri"], [d.base + "/"])
        self.assertNotIn("parley_provider", h.cookies[d.port], "the provider cookie is cleared")
        # In the browser: Sign out goes to the provider's page; ending the session there comes back to sign-in.
        alice = self.sign_in("Acme", "alice")
        alice.find_element(By.ID, "sign-out").click()
        end = wait(alice, lambda a: a.find_elements(By.XPATH, "//button[normalize-space()='End session']"), timeout=15,
                   message="the provider's end-session page")[0]
        self.assertTrue(alice.current_url.startswith(ACME), alice.current_url)
        shot(alice, "sign-in-9-provider-end-session")
        end.click()
        wait(alice, lambda a: a.current_url.startswith(d.base) and a.find_element(By.ID, "signin").is_displayed(), timeout=15,
             message="back on Parley's sign-in page")
        self.assertIsNone(alice.execute_script("return sessionStorage.getItem('parley.token')"))
        status = alice.execute_script("return fetch('/auth/refresh', {method: 'POST'}).then(r => r.status)")
        self.assertEqual(status, 401, "the session is over")

    def test_8_a_provider_that_is_down_is_named(self):
        d = self.daemon
        before = d.metric("provider_down")
        driver = browser()
        self.drivers.append(driver)
        driver.get(d.base + "/")
        click(driver, "#signin-providers a[href$='provider=Offline']", timeout=15)
        error = wait(driver, lambda x: x.find_elements(By.ID, "signin-error"), timeout=15, message="the error page")[0]
        self.assertEqual(error.get_attribute("data-reason"), "provider_down")
        self.assertIn("cannot be reached", driver.find_element(By.ID, "signin-error-title").text)
        self.assertIn("Offline", error.text)
        shot(driver, "sign-in-8-provider-down")
        self.assertEqual(d.metric("provider_down"), before + 1)
        status, _, _ = d.http("GET", "/auth/login?provider=Nobody")
        self.assertEqual(status, 404)

    def test_7_websocket_upgrade_checks_origin(self):
        d = self.daemon

        def upgrade(origin):
            s = socket.create_connection(("127.0.0.1", d.port), timeout=5)
            s.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{d.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n").encode())
            try:
                answer = s.recv(200).decode(errors="replace")
            except (ConnectionResetError, socket.timeout):
                answer = ""
            s.close()
            return answer

        self.assertIn("101", upgrade(d.base).split("\r\n")[0])
        self.assertNotIn("101", upgrade("http://evil.example").split("\r\n", 1)[0])


if __name__ == "__main__":
    unittest.main()
