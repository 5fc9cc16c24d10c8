"""The web client in headless Chromium against the real parleyd (issue 15's scenarios).

Run with Tests/web/run (scripts/test does). Screenshots go to .build/web-screenshots/.

Scenarios do not depend on each other's order or leftovers: each opens its own browsers (quit when
it ends), and its users, groups and partner tenant carry a tag of its own (`self.unique`), so on the
parleyd its class shares it sees nothing an earlier scenario made. The scenario that stops and
restarts parleyd has a parleyd of its own. One runs alone, e.g.
`python -m unittest test_scenarios.RestartTests.test_03_restart_resumes_without_gap_or_duplicate`.
"""
import datetime
import http.server
import json
import threading
import os
import shutil
import tempfile
import time
import unittest
import uuid

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from standardwebhooks import Webhook

from harness import Daemon, By, bodies, browser, click, console_errors, frames_sent, no_alert, online, open_conversation, shot, wait


# Follow-up reminders every half second (parleyd's default is 30 s), so that scenario 13 sees one at once.
os.environ.setdefault("PARLEY_REMINDER_INTERVAL", "0.5")
# Scenario 21's receiver listens on loopback, which webhooks refuse unless allowed; its retry comes after 1 s.
os.environ.setdefault("PARLEY_WEBHOOK_ALLOW_HOSTS", "127.0.0.1")
os.environ.setdefault("PARLEY_WEBHOOK_RETRY_SCHEDULE", "1,1,1")


def rendered(driver):
    """The text of every delivered message body as the reader sees it (a line break is a newline)."""
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#messages .message:not(.pending) .body")]


class Scenario(unittest.TestCase):
    """A parleyd per class (port 0, an empty data directory), browsers and names per scenario."""

    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon()
        cls.addClassCleanup(cls.daemon.cleanup)
        cls.daemon.start()

    def setUp(self):
        self.tag = uuid.uuid4().hex[:6]

    def unique(self, name):
        """`name` with this scenario's tag: the same within the scenario, different from every other."""
        return f"{name}-{self.tag}"

    def browser(self, width=1280, height=860):
        """A browser that quits when the scenario ends."""
        driver = browser(width, height)
        self.addCleanup(driver.quit)
        return driver

    def open(self, link, width=1280, height=860):
        driver = self.browser(width, height)
        driver.get(link)
        wait(driver, online, timeout=15, message="the client connects")
        return driver


class WebClientTests(Scenario):
    # Scenario 1 ----------------------------------------------------------------------------------
    def test_01_cross_language_chat_with_show_original(self):
        d, u = self.daemon, self.unique
        d.create_group(u("Site Ops"), [u("alice"), u("bob")])
        alice_link = d.link(u("alice"), "acme", "zh", name="Alice")
        self.assertTrue(alice_link.startswith(f"http://127.0.0.1:{d.port}/#token="), alice_link)
        alice = self.open(alice_link)
        self.assertNotIn("token", alice.current_url, "the token leaves the address bar")
        self.assertIsNotNone(alice.execute_script("return sessionStorage.getItem('parley.token')"))
        bob = self.open(d.link(u("bob"), "acme", "en", name="Bob"))
        for driver in (alice, bob):
            open_conversation(driver, u("Site Ops"))

        box = alice.find_element(By.ID, "composer-text")
        # Enter while an input method is composing confirms a candidate; it must not send.
        alice.execute_script("""
            const t = document.getElementById('composer-text'); t.value = '我们';
            t.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', isComposing: true, bubbles: true, cancelable: true}));""")
        self.assertEqual(alice.find_elements(By.CSS_SELECTOR, "#messages .message"), [])
        self.assertEqual(box.get_attribute("value"), "我们")
        alice.execute_script("document.getElementById('composer-text').value = ''")

        box.send_keys("我们需要三台挖掘机")
        box.send_keys("\n")
        sent = time.monotonic()
        wait(bob, lambda b: b.find_elements(By.CSS_SELECTOR, "#messages .message .translation-note"), timeout=5,
             message="bob sees the translated message")
        elapsed = time.monotonic() - sent
        self.assertLess(elapsed, 1.0, f"bob saw the message after {elapsed:.2f} s")
        english = bodies(bob)[-1]
        self.assertEqual(english, "We need three excavators")  # the dictionary engine's rendering
        self.assertTrue(bob.find_element(By.CSS_SELECTOR, "#messages .translation-note").text.startswith("translated from Chinese · "))
        wait(alice, lambda a: bodies(a) == ["我们需要三台挖掘机"], message="alice's message is acked and shown once")
        self.assertEqual(alice.find_elements(By.CSS_SELECTOR, "#messages .message.pending"), [])
        shot(bob, "1-cross-language-bob-translated")
        click(bob, "#messages .toggle-original")
        wait(bob, lambda b: bodies(b)[-1] == "我们需要三台挖掘机", message="show original shows the Chinese")
        shot(bob, "1-cross-language-bob-original")
        shot(alice, "1-cross-language-alice")
        click(bob, "#messages .toggle-original")
        wait(bob, lambda b: bodies(b)[-1] == english, message="and back")
        self.assertEqual(console_errors(bob), [])

        # Settings: "always show originals" (the settings frame) shows the Chinese without a label.
        bob.find_element(By.ID, "open-settings").click()
        bob.find_element(By.ID, "setting-originals").click()
        bob.find_element(By.ID, "save-settings").click()
        wait(bob, lambda b: bodies(b) == ["我们需要三台挖掘机"] and not b.find_elements(By.CSS_SELECTOR, "#messages .translation-note"),
             message="originals after the settings change")
        bob.find_element(By.ID, "open-settings").click()
        self.assertTrue(bob.find_element(By.ID, "setting-originals").is_selected())
        bob.find_element(By.ID, "setting-originals").click()
        bob.find_element(By.ID, "save-settings").click()
        wait(bob, lambda b: bodies(b) == [english], message="translations again")

    # Scenario 2 ----------------------------------------------------------------------------------
    def test_02_topic_follow_survives_reload(self):
        d, u = self.daemon, self.unique
        gid = d.create_group(u("Regions"), [u("carol"), u("dave")], kind="topics")
        dave = d.token(u("dave"), "acme", "en")
        d.send(dave, gid, "EU kickoff", topic="eu")
        d.send(dave, gid, "Asia kickoff", topic="asia")
        carol = self.open(d.link(u("carol"), "acme", "en", name="Carol"))
        open_conversation(carol, u("Regions"))
        wait(carol, lambda c: len(c.find_elements(By.CSS_SELECTOR, ".follow-topic")) == 2, message="both topics listed")
        wait(carol, lambda c: bodies(c) == ["EU kickoff", "Asia kickoff"], message="every topic shown while all are followed")
        click(carol, ".follow-topic[data-topic='asia']")
        wait(carol, lambda c: bodies(c) == ["EU kickoff"], message="unfollowed topic hidden")
        carol.refresh()
        wait(carol, online)
        open_conversation(carol, u("Regions"))
        wait(carol, lambda c: len(c.find_elements(By.CSS_SELECTOR, ".follow-topic")) == 2)
        self.assertFalse(carol.find_element(By.CSS_SELECTOR, ".follow-topic[data-topic='asia']").is_selected())
        self.assertTrue(carol.find_element(By.CSS_SELECTOR, ".follow-topic[data-topic='eu']").is_selected())
        wait(carol, lambda c: bodies(c) == ["EU kickoff"], message="still unfollowed after the reload")

        # Sent in this order, so when the EU message is on screen the Asia one has reached the page too.
        d.send(dave, gid, "Asia secret plan", topic="asia")
        d.send(dave, gid, "EU news today", topic="eu")
        wait(carol, lambda c: bodies(c) == ["EU kickoff", "EU news today"], message="the followed topic arrives, the other does not")
        # Topics list their last activity.
        wait(carol, lambda c: all(t.text.startswith("last ") for t in c.find_elements(By.CSS_SELECTOR, ".topic-last"))
             and len(c.find_elements(By.CSS_SELECTOR, ".topic-last")) == 2, message="topics show last activity")
        # The per-topic view shows one topic.
        click(carol, ".topic-select[data-topic='eu']")
        wait(carol, lambda c: bodies(c) == ["EU kickoff", "EU news today"])
        shot(carol, "2-topics-carol-follows-eu")

    # Scenario 4 ----------------------------------------------------------------------------------
    def test_04_uploaded_minutes_reach_a_spanish_reader(self):
        d, u = self.daemon, self.unique
        release = d.create_group(u("Release"), [u("hana"), u("sofia")])
        sofia = self.open(d.link(u("sofia"), "acme", "es", name="Sofía"))
        hana = self.open(d.link(u("hana"), "acme", "en", name="Hana"))
        folder = tempfile.mkdtemp(prefix="parley-transcripts-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        broken = os.path.join(folder, "broken.vtt")
        with open(broken, "w") as f:
            f.write("WEBVTT\n\n00:00:01.000 --> nonsense\n<v Ana>hello\n")
        good = os.path.join(folder, "release.vtt")
        with open(good, "w") as f:
            f.write("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Hana>We decided to ship the crane update on Monday.\n\n"
                    f"00:00:05.000 --> 00:00:09.000\n<v {u('sofia')}>I will write the release notes by Friday.\n")

        hana.find_element(By.ID, "open-upload").click()
        hana.find_element(By.ID, "upload-title-input").send_keys("Release review")
        hana.execute_script("document.getElementById('upload-date').value = '2026-11-25'")
        hana.find_element(By.ID, "upload-attendees").send_keys(u("sofia"))
        hana.find_element(By.ID, "upload-file").send_keys(broken)
        hana.find_element(By.CSS_SELECTOR, "#upload-form button[type=submit]").click()
        error = wait(hana, lambda h: h.find_element(By.ID, "upload-error").is_displayed() and h.find_element(By.ID, "upload-error"),
                     message="a broken transcript shows the server's error")
        self.assertIn("line 3", error.text)
        self.assertIn("broken.vtt", error.text)
        shot(hana, "4-minutes-upload-error")
        Select(hana.find_element(By.ID, "upload-conversation")).select_by_value(release)
        hana.find_element(By.ID, "upload-file").send_keys(good)
        hana.find_element(By.CSS_SELECTOR, "#upload-form button[type=submit]").click()
        wait(hana, lambda h: h.find_element(By.ID, "minutes-panel").is_displayed(), message="host sees the minutes")
        self.assertEqual(hana.find_element(By.CSS_SELECTOR, "#minutes-view .minutes-decisions li").text,
                         "We decided to ship the crane update on Monday.", "the host reads them in English")

        wait(sofia, lambda s: s.find_elements(By.CSS_SELECTOR, ".meeting-item"), timeout=10, message="minutes reach sofia")
        # They were also posted into the group: a card there, and still one entry in the meetings list.
        wait(sofia, lambda s: s.find_elements(By.CSS_SELECTOR, "#messages .open-minutes"), message="the minutes message in the group")
        self.assertEqual(len(sofia.find_elements(By.CSS_SELECTOR, ".meeting-item")), 1)
        click(sofia, "#messages .open-minutes")
        wait(sofia, lambda s: s.find_element(By.ID, "minutes-panel").is_displayed())
        self.assertEqual(sofia.find_element(By.CSS_SELECTOR, "#minutes-view .minutes-doc").get_attribute("lang"), "es")
        sofia.find_element(By.CSS_SELECTOR, "#minutes-panel .close-panel").click()
        click(sofia, ".meeting-item")
        wait(sofia, lambda s: s.find_element(By.ID, "minutes-panel").is_displayed())
        view = sofia.find_element(By.ID, "minutes-view")
        self.assertEqual(view.find_element(By.CSS_SELECTOR, ".minutes-doc").get_attribute("lang"), "es")
        # The dictionary engine's Spanish, word for word (the labels around them are the client's own).
        self.assertEqual(view.find_element(By.CSS_SELECTOR, ".minutes-title").text, "Reseña de Emisión")
        self.assertEqual([e.text for e in view.find_elements(By.CSS_SELECTOR, ".minutes-decisions li")],
                         ["Nosotros decidido a barco la actualización de grúa en lunes."])
        items = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in view.find_elements(By.CSS_SELECTOR, ".action-item")]
        self.assertEqual(items, [["Escribiré las notas de emisión por viernes.", u("sofia"), "2026-11-27 (por viernes)"]])
        # The action item became Sofía's follow-up (her user id spoke it): listed under the minutes, in Spanish.
        followups = wait(sofia, lambda s: s.find_element(By.ID, "minutes-followups").is_displayed()
                         and s.find_elements(By.CSS_SELECTOR, "#minutes-followup-list li.followup"), message="follow-ups under the minutes")
        self.assertEqual(followups[0].find_element(By.CSS_SELECTOR, ".followup-text").text, "Escribiré las notas de emisión por viernes.")
        self.assertEqual(followups[0].find_element(By.CSS_SELECTOR, ".followup-meta").text,
                         f"{u('sofia')}@acme · proposed · due 2026-11-27 · overdue")
        self.assertTrue(view.find_element(By.CSS_SELECTOR, ".translation-note").text.startswith("translated from English · "))
        shot(sofia, "4-minutes-spanish-reader")
        click(sofia, "#minutes-view .toggle-original")
        wait(sofia, lambda s: [e.text for e in s.find_elements(By.CSS_SELECTOR, "#minutes-view .ai-text")]
             == ["I will write the release notes by Friday."], message="show original shows the English")
        # After a reload the client asks for the minutes it had again (meeting.minutes); the version
        # it already shows arriving again is listed once.
        sofia.refresh()
        wait(sofia, online)
        wait(sofia, lambda s: s.find_elements(By.CSS_SELECTOR, ".meeting-item"), message="minutes remembered across a reload")
        time.sleep(0.3)
        self.assertEqual(len(sofia.find_elements(By.CSS_SELECTOR, ".meeting-item")), 1)

    # Scenario 5 ----------------------------------------------------------------------------------
    def test_05_hostile_text_is_inert(self):
        d, u = self.daemon, self.unique
        gid = d.create_group(u("Lobby"), [u("gina"), u("mallory")])
        mallory = d.token(u("mallory"), "acme", "en")
        gina = self.open(d.link(u("gina"), "acme", "en", name="Gina"))
        open_conversation(gina, u("Lobby"))
        hostile = ["<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "<script>alert(2)</script>",
                   f"**bold** and [site](https://example.org) @{u('gina')}"]
        for text in hostile:
            d.send(mallory, gid, text)
        wait(gina, lambda g: len(bodies(g)) == 4, message="all four arrive")
        time.sleep(0.5)
        self.assertIsNone(no_alert(gina))
        got = bodies(gina)
        self.assertEqual(got[0], "<img src=x onerror=alert(1)>", "raw HTML shows as text")
        self.assertIn("<script>alert(2)</script>", got[2])
        self.assertEqual(gina.find_elements(By.CSS_SELECTOR, "#messages .body img, #messages .body script"), [])
        self.assertEqual(gina.execute_script(
            "return [...document.querySelectorAll('#messages a')].filter(a => !/^https?:|^mailto:/.test(a.getAttribute('href') || '')).length"), 0)
        self.assertEqual(gina.execute_script("return document.querySelectorAll('#messages [onerror], #messages [onclick]').length"), 0)
        link = gina.find_element(By.CSS_SELECTOR, "#messages .body a[href='https://example.org']")
        self.assertEqual(link.get_attribute("rel"), "noopener noreferrer")
        self.assertEqual(gina.find_element(By.CSS_SELECTOR, "#messages .body strong").text, "bold")
        self.assertEqual(gina.find_element(By.CSS_SELECTOR, "#messages .mention").text, "@" + u("gina"))
        shot(gina, "5-hostile-text-inert")
        # A direct message by user id.
        gina.find_element(By.ID, "new-dm").click()
        gina.find_element(By.ID, "dm-user").send_keys(u("mallory") + "\n")
        wait(gina, lambda g: g.find_element(By.ID, "conv-title").text == u("mallory"), message="the direct conversation opens")
        gina.find_element(By.ID, "composer-text").send_keys("just us\n")
        wait(gina, lambda g: bodies(g) == ["just us"], message="sent and acked in the direct conversation")

    # Scenario 6 ----------------------------------------------------------------------------------
    def test_06_partner_sees_only_the_shared_group(self):
        d, u = self.daemon, self.unique
        partner = u("partner")
        internal = d.create_group(u("Internal Only"), [u("hugo"), u("ivy")])
        shared = d.create_group(u("Joint Venture"), [u("hugo"), f"{u('pat')}@{partner}"], shares=[partner])
        pat = self.open(d.link(u("pat"), partner, "en", name="Pat"))
        wait(pat, lambda p: p.find_elements(By.CSS_SELECTOR, ".conversation-item"))
        names = [e.text for e in pat.find_elements(By.CSS_SELECTOR, ".conversation-item .name")]
        self.assertEqual(names, [u("Joint Venture")])
        box = pat.find_element(By.ID, "composer-text")
        box.send_keys("hello from the partner\n")
        hugo = self.open(d.link(u("hugo"), "acme", "en", name="Hugo"))
        self.assertEqual(sorted(e.text for e in hugo.find_elements(By.CSS_SELECTOR, ".conversation-item .name")),
                         [u("Internal Only"), u("Joint Venture")])
        open_conversation(hugo, u("Joint Venture"))
        wait(hugo, lambda h: bodies(h) == ["hello from the partner"])
        self.assertEqual(hugo.find_element(By.CSS_SELECTOR, "#messages .run .tenant").text, "@" + partner)
        shot(pat, "6-partner-sees-shared-group")
        shot(hugo, "6-partner-message-marked")
        # A message elsewhere: a badge, the count in the title; Alt+Up/Down switches there and reads it.
        d.send(d.token(u("ivy"), "acme", "en"), internal, "internal note")
        badge = wait(hugo, lambda h: h.find_elements(By.CSS_SELECTOR, ".conversation-item[data-id='%s'] .badge" % internal))
        self.assertEqual(badge[0].text, "1")
        self.assertEqual(hugo.title, "(1) Parley")
        hugo.find_element(By.ID, "composer-text").send_keys(Keys.ALT, Keys.ARROW_DOWN)
        wait(hugo, lambda h: h.find_element(By.ID, "conv-title").text == u("Internal Only"), message="Alt+Down switches")
        wait(hugo, lambda h: h.title == "Parley", message="reading clears the count")
        self.assertEqual(bodies(hugo), ["internal note"])
        # Members of the shared group are listed to the partner (for @mentions); the internal group's are not.
        pat_token = d.token(u("pat"), partner, "en")
        status, _, body = d.http("GET", f"/api/v1/conversations/{shared}/members", pat_token)
        self.assertEqual(status, 200)
        self.assertEqual(sorted(m["id"] for m in json.loads(body)["members"]), [u("hugo"), f"{u('pat')}@{partner}"])
        self.assertEqual(d.http("GET", f"/api/v1/conversations/{internal}/members", pat_token)[0], 403)

    # Sign-in, serving, narrow layout ---------------------------------------------------------------
    def test_07_bad_token_signs_out_with_reason_and_headers_are_right(self):
        d = self.daemon
        driver = self.browser()
        driver.get(d.base + "/#token=not-a-jwt")
        reason = wait(driver, lambda x: x.find_element(By.ID, "signin-reason").is_displayed()
                      and x.find_element(By.ID, "signin-reason"), message="4001 sends the user to sign in")
        self.assertIn("JWT", reason.text)
        self.assertIsNone(driver.execute_script("return sessionStorage.getItem('parley.token')"))
        shot(driver, "7-signin-after-4001")
        driver.get(d.base + "/")
        # The page first asks /auth/refresh for a session cookie; only its refusal shows the sign-in page.
        wait(driver, lambda x: x.find_element(By.ID, "signin").is_displayed(), message="no token, no cookie: sign in")
        self.assertFalse(driver.find_element(By.ID, "app").is_displayed())

        status, headers, body = d.http("GET", "/")
        self.assertEqual(status, 200)
        h = {k.lower(): v for k, v in headers.items()}
        self.assertIn("script-src 'self'", h["content-security-policy"])
        self.assertNotIn("unsafe-inline", h["content-security-policy"])
        self.assertEqual(h["cache-control"], "no-cache")
        self.assertTrue(h["content-type"].startswith("text/html"))
        status, headers304, _ = d.http("GET", "/", headers={"If-None-Match": h["etag"]})
        self.assertEqual(status, 304)
        status, headers, _ = d.http("GET", "/js/session.js")
        self.assertTrue({k.lower(): v for k, v in headers.items()}["content-type"].startswith("text/javascript"))
        status, _, body = d.http("GET", "/vendor/marked.js")
        self.assertEqual(status, 200, "marked is served from Debian's libjs-marked")
        self.assertEqual(d.http("GET", "/healthz")[0], 200)
        self.assertEqual(d.http("GET", "/api/v1/nothing")[0], 401)
        self.assertEqual(d.http("GET", "/nothing.js")[0], 404)

    def test_08_admin_page_mints_links_and_narrow_layout(self):
        d, u = self.daemon, self.unique
        admin = self.open(d.admin_link, width=390, height=800)
        self.assertTrue(admin.find_element(By.ID, "open-admin").is_displayed())
        admin.find_element(By.ID, "open-admin").click()
        admin.find_element(By.ID, "group-title").send_keys(u("Harbour"))
        admin.find_element(By.ID, "group-members").send_keys(u("ivan"))
        admin.find_element(By.CSS_SELECTOR, "#group-form button[type=submit]").click()
        wait(admin, lambda a: f"Created {u('Harbour')}" in a.find_element(By.ID, "admin-output").text)
        admin.find_element(By.ID, "group-title").send_keys(Keys.ESCAPE)
        wait(admin, lambda a: not a.find_element(By.ID, "admin-panel").is_displayed(), message="Esc closes the panel")
        admin.find_element(By.ID, "open-admin").click()
        wait(admin, lambda a: a.find_element(By.ID, "mint-form").is_displayed(), message="sign-in links on a development server")
        admin.find_element(By.ID, "mint-user").send_keys(u("ivan"))
        admin.find_element(By.CSS_SELECTOR, "#mint-form button[type=submit]").click()
        link = wait(admin, lambda a: a.find_elements(By.CSS_SELECTOR, "#admin-output a.minted-link"))[0].get_attribute("href")
        self.assertIn("/#token=", link)
        shot(admin, "8-admin-narrow")
        ivan = self.open(link, width=390, height=800)
        self.assertFalse(ivan.find_element(By.ID, "sidebar").is_displayed(), "narrow layout hides the list behind ☰")
        ivan.find_element(By.ID, "menu-button").click()
        wait(ivan, lambda i: i.find_element(By.ID, "sidebar").is_displayed())
        self.assertEqual([e.text for e in ivan.find_elements(By.CSS_SELECTOR, ".conversation-item .name")], [u("Harbour")])
        shot(ivan, "8-narrow-conversation-list")
        # Dark theme follows the system.
        ivan.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        background = ivan.execute_script("return getComputedStyle(document.body).backgroundColor")
        self.assertEqual(background, "rgb(22, 25, 29)")
        shot(ivan, "8-narrow-dark")

    # Search (issue 12) ---------------------------------------------------------------------------
    def test_09_search_finds_across_languages_and_opens_the_message(self):
        d, u = self.daemon, self.unique
        group = d.create_group(u("Yard Search"), [u("lena"), u("marco")])
        lena = d.token(u("lena"), "acme", "zh")
        d.send(lena, group, "新的挖掘机零件周五到。")
        # Enough newer messages that the match is not on the first page the client loads.
        bot = d.token(u("feed"), "acme", "zh", "--bot")
        for i in range(70):
            status, _, body = d.http("POST", "/api/v1/messages", bot, {"conversation": group, "text": f"普通消息 {i}"})
            self.assertEqual(status, 201, body)
        marco = self.open(d.link(u("marco"), "acme", "es", name="Marco"))
        box = marco.find_element(By.ID, "search-input")
        box.send_keys("excavadora")
        box.send_keys("\n")
        results = wait(marco, lambda m: m.find_elements(By.CSS_SELECTOR, "#search-results .search-result"), timeout=10,
                       message="a Spanish query finds the Chinese message")
        self.assertEqual(len(results), 1)
        marked = [e.text for e in marco.find_elements(By.CSS_SELECTOR, "#search-results mark")]
        self.assertEqual(marked, ["挖掘机"])
        self.assertEqual(results[0].find_element(By.CSS_SELECTOR, ".search-snippet").text, "新的挖掘机零件周五到。")
        self.assertEqual(results[0].find_element(By.CSS_SELECTOR, ".search-matched").text, "matched in Chinese")
        self.assertTrue(results[0].find_element(By.CSS_SELECTOR, ".search-where").text.startswith(f"{u('Yard Search')} · {u('lena')} · "))
        shot(marco, "9-search-results")
        results[0].click()
        found = wait(marco, lambda m: m.find_elements(By.CSS_SELECTOR, "#messages .message.found"), timeout=15,
                     message="the result opens its conversation at the message, loading older pages")
        self.assertEqual(found[0].get_attribute("data-seq"), "1")
        self.assertTrue(marco.find_element(By.ID, "search-panel").get_attribute("hidden") is not None)
        # A query of nothing searchable says so instead of failing quietly.
        box.clear()
        box.send_keys("*")
        box.send_keys("\n")
        wait(marco, lambda m: "no word" in m.find_element(By.ID, "search-status").text, message="bad_query is shown")
        self.assertEqual(console_errors(marco), [])

    # Corrections (issue 11) ----------------------------------------------------------------------
    def test_10_suggested_translation_accepted_by_an_admin_changes_the_next_message(self):
        d, u = self.daemon, self.unique
        sentence = "请李娜下周五之前把供应商名单发给大家。"
        correction = "Li Na, please send everyone the supplier list by next Friday."
        group = d.create_group(u("Suppliers"), [u("wen"), u("nora")])
        wen = d.token(u("wen"), "acme", "zh")
        nora = self.open(d.link(u("nora"), "acme", "en", name="Nora"))
        open_conversation(nora, u("Suppliers"))
        d.send(wen, group, sentence)
        wait(nora, lambda n: n.find_elements(By.CSS_SELECTOR, "#messages .message .suggest-translation"), timeout=10,
             message="a translated message offers 'suggest a translation'")
        machine = bodies(nora)[-1]
        self.assertEqual(machine, "Li Na, please send the supplier list to everyone before next Friday.")  # the dictionary engine's
        click(nora, "#messages .message .suggest-translation")
        wait(nora, lambda n: n.find_element(By.ID, "suggest-panel").is_displayed(), message="the form opens")
        box = nora.find_element(By.ID, "suggest-text")
        self.assertEqual(box.get_attribute("value"), machine, "prefilled with the rendering shown")
        self.assertEqual(nora.find_element(By.ID, "suggest-original").text, sentence)
        shot(nora, "10-suggest-form")
        box.clear()
        box.send_keys(correction)
        nora.find_element(By.CSS_SELECTOR, "#suggest-form button[type=submit]").click()
        wait(nora, lambda n: not n.find_element(By.ID, "suggest-panel").is_displayed(), message="the form closes once the server has it")
        self.assertEqual([f["type"] for f in frames_sent(nora) if f.get("type", "").startswith("translation.")], ["translation.suggest"])

        admin = self.open(d.admin_link)
        admin.find_element(By.ID, "open-admin").click()
        click(admin, "#load-suggestions")
        nora_items = ("return [...document.querySelectorAll('#suggestion-list .suggestion-item')]"
                      ".filter(e => e.textContent.includes(arguments[0]))")
        items = wait(admin, lambda a: a.execute_script(nora_items, f"{u('nora')}@acme"), timeout=10,
                     message="the admin sees the pending suggestion")
        self.assertEqual(len(items), 1)
        self.assertIn(correction, items[0].text)
        self.assertIn(sentence, items[0].text)
        shot(admin, "10-admin-suggestions")
        items[0].find_element(By.CSS_SELECTOR, ".accept-suggestion").click()
        wait(admin, lambda a: "Accepted" in a.find_element(By.ID, "suggestion-status").text
             and not a.execute_script(nora_items, f"{u('nora')}@acme"), message="accepted and gone from the list")

        # The next message with the same sentence reads as corrected, marked so.
        d.send(wen, group, sentence)
        wait(nora, lambda n: bodies(n)[-1] == correction and len(bodies(n)) == 2, timeout=10,
             message="the next message uses the correction")
        notes = nora.find_elements(By.CSS_SELECTOR, "#messages .translation-note")
        self.assertIn("corrected by your team", notes[-1].text)
        shot(nora, "10-corrected")
        # The memory downloads for the admin as TSV (with the correction) and is refused to others.
        status, headers, body = d.http("GET", "/api/v1/translation/memory.tsv", d.admin_token())
        self.assertEqual(status, 200)
        self.assertIn(correction, body.decode())
        self.assertEqual(d.http("GET", "/api/v1/translation/memory.tsv", wen)[0], 403)
        # And through the CLI, as TMX.
        tmx = d.cli("memory", "export", "--format", "tmx", "--url", f"ws://127.0.0.1:{d.port}/ws", "--token", d.admin_token())
        self.assertIn(f"<seg>{correction}</seg>", tmx)
        self.assertEqual(console_errors(nora), [])
        self.assertEqual(console_errors(admin), [])

    # Composer and switching conversations ---------------------------------------------------------
    def test_11_shift_enter_is_a_new_line_and_switching_keeps_conversations_apart(self):
        d, u = self.daemon, self.unique
        north_title, south_title = u("North Yard"), u("South Yard")
        north = d.create_group(north_title, [u("uma"), u("vic")])
        south = d.create_group(south_title, [u("uma"), u("vic")])
        vic_token = d.token(u("vic"), "acme", "en")
        d.send(vic_token, north, "north one")
        d.send(vic_token, north, "north two")
        d.send(vic_token, south, "south one")
        uma = self.open(d.link(u("uma"), "acme", "en", name="Uma"))
        vic = self.open(d.link(u("vic"), "acme", "en", name="Vic"))

        # Switching shows the messages of the conversation opened, none of the other's.
        open_conversation(uma, north_title)
        wait(uma, lambda u: bodies(u) == ["north one", "north two"], message="North Yard shows its own messages")
        open_conversation(uma, south_title)
        wait(uma, lambda u: bodies(u) == ["south one"], message="South Yard shows its own messages only")
        # A message to the conversation not on screen is a badge there, not a line here.
        d.send(vic_token, north, "north three")
        wait(uma, lambda u: u.find_elements(By.CSS_SELECTOR, f".conversation-item[data-id='{north}'] .badge"),
             message="a badge on North Yard")
        self.assertEqual(bodies(uma), ["south one"])
        open_conversation(uma, north_title)
        wait(uma, lambda u: bodies(u) == ["north one", "north two", "north three"], message="back on North Yard, its three")

        # Shift+Enter puts a new line in the composer and sends nothing.
        box = uma.find_element(By.ID, "composer-text")
        frames_sent(uma)  # forget what was sent so far
        box.send_keys("line one")
        ActionChains(uma).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
        box.send_keys("line two")
        self.assertEqual(box.get_attribute("value"), "line one\nline two")
        self.assertEqual(uma.find_elements(By.CSS_SELECTOR, "#messages .message.pending"), [])
        self.assertEqual(bodies(uma), ["north one", "north two", "north three"])
        self.assertEqual([f for f in frames_sent(uma) if f.get("type") == "send"], [])
        # Enter sends both lines as one message; the reader sees them on two lines.
        box.send_keys(Keys.ENTER)
        wait(uma, lambda u: box.get_attribute("value") == "", message="Enter sends")
        self.assertEqual([f["text"] for f in frames_sent(uma) if f.get("type") == "send"], ["line one\nline two"])
        open_conversation(vic, north_title)
        wait(vic, lambda v: rendered(v) == ["north one", "north two", "north three", "line one\nline two"],
             message="the reader sees the two lines as one message")
        wait(uma, lambda u: rendered(u)[-1:] == ["line one\nline two"] and not u.find_elements(By.CSS_SELECTOR, "#messages .pending"),
             message="the writer's message is acknowledged")
        shot(vic, "11-two-lines")

        # Each conversation keeps its own draft across switching and a reload.
        box.send_keys("draft for north")
        open_conversation(uma, south_title)
        self.assertEqual(box.get_attribute("value"), "")
        self.assertEqual(bodies(uma), ["south one"])
        box.send_keys("draft for south")
        open_conversation(uma, north_title)
        self.assertEqual(box.get_attribute("value"), "draft for north")
        uma.refresh()
        wait(uma, online)
        for title, draft in ((south_title, "draft for south"), (north_title, "draft for north")):
            open_conversation(uma, title)
            self.assertEqual(uma.find_element(By.ID, "composer-text").get_attribute("value"), draft)
        self.assertEqual(console_errors(uma), [])



    # Follow-ups (issue 24) -----------------------------------------------------------------------
    def test_12_my_follow_ups_overdue_first_accept_then_done(self):
        d, u = self.daemon, self.unique
        bot = d.token(u("desk"), "acme", "en", "--bot")
        for key, text, due in [("T-1", "Replace the pump seal on line 3", "2026-01-05"),
                               ("T-2", "Order spare filters", "2099-03-01")]:
            status, _, body = d.http("POST", "/api/v1/followups", bot, {"key": key, "owner": u("mia"), "text": text, "due": due})
            self.assertEqual(status, 201, body)
        mia = self.open(d.link(u("mia"), "acme", "en", name="Mia"))
        mia.find_element(By.ID, "open-followups").click()
        rows = lambda m: m.find_elements(By.CSS_SELECTOR, "#followup-list li.followup")
        wait(mia, lambda m: len(rows(m)) == 2, message="both follow-ups listed")
        self.assertEqual([r.find_element(By.CSS_SELECTOR, ".followup-text").text for r in rows(mia)],
                         ["Replace the pump seal on line 3", "Order spare filters"])
        first = rows(mia)[0]
        self.assertIn("overdue", first.get_attribute("class").split())
        self.assertEqual(first.find_element(By.CSS_SELECTOR, ".followup-meta").text,
                         f"proposed · due 2026-01-05 · overdue · asked by {u('desk')}@acme")
        self.assertNotIn("overdue", rows(mia)[1].get_attribute("class").split())
        self.assertEqual([b.text for b in first.find_elements(By.TAG_NAME, "button")],
                         ["Accept", "Done", "Reassign…", "Change date…", "Drop"])
        shot(mia, "12-my-follow-ups")
        # Change date on the second (it stays after the overdue one).
        rows(mia)[1].find_element(By.CSS_SELECTOR, "button[data-action=due]").click()
        day = wait(mia, lambda m: m.find_elements(By.CSS_SELECTOR, "#followup-list .followup-edit input[type=date]"))[0]
        mia.execute_script("arguments[0].value = '2098-12-24'", day)
        mia.find_element(By.CSS_SELECTOR, "#followup-list .followup-edit button[type=submit]").click()
        wait(mia, lambda m: "due 2098-12-24" in rows(m)[1].find_element(By.CSS_SELECTOR, ".followup-meta").text, message="date changed")
        # Reassign: proposed to someone else, who sees it in their list; Mia no longer owns it.
        rows(mia)[1].find_element(By.CSS_SELECTOR, "button[data-action=reassign]").click()
        who = wait(mia, lambda m: m.find_elements(By.CSS_SELECTOR, "#followup-list .followup-edit input"))[0]
        who.send_keys(u("noah") + "\n")
        wait(mia, lambda m: len(rows(m)) == 1, message="reassigned away from Mia")
        status, _, body = d.http("GET", "/api/v1/followups", d.token(u("noah"), "acme", "en"))
        moved = json.loads(body)["followups"]
        self.assertEqual([(f["owner"], f["status"], f["due"]) for f in moved], [(f"{u('noah')}@acme", "proposed", "2098-12-24")])
        first = rows(mia)[0]
        first.find_element(By.CSS_SELECTOR, "button[data-action=accept]").click()
        meta = lambda m: rows(m)[0].find_element(By.CSS_SELECTOR, ".followup-meta").text
        wait(mia, lambda m: meta(m).startswith("open · "), message="accepted: open")
        rows(mia)[0].find_element(By.CSS_SELECTOR, "button[data-action=done]").click()
        wait(mia, lambda m: meta(m).startswith("done · "), message="marked done")
        self.assertEqual(rows(mia)[0].find_elements(By.TAG_NAME, "button"), [], "the owner waits for the requester now")
        self.assertNotIn("overdue", rows(mia)[0].get_attribute("class").split(), "done work is not overdue")
        # The store kept every step, in order.
        status, _, body = d.http("GET", "/api/v1/followups", d.token(u("mia"), "acme", "en"))
        self.assertEqual(status, 200)
        kept = json.loads(body)["followups"][0]
        self.assertEqual(kept["status"], "done")
        self.assertEqual([h["by"] for h in kept["history"]], [f"{u('desk')}@acme", f"{u('mia')}@acme", f"{u('mia')}@acme"])
        shot(mia, "12-follow-up-done")
        # The command line sees the same, and changes it too.
        cli = ["--url", f"ws://127.0.0.1:{d.port}/ws", "--token", d.token(u("mia"), "acme", "en")]
        listed = d.cli("followups", *cli, "--status", "done").splitlines()
        self.assertEqual(len(listed), 1)
        self.assertTrue(listed[0].endswith(f"[done] due 2026-01-05 owner {u('mia')}@acme, asked by {u('desk')}@acme: Replace the pump seal on line 3"),
                        listed[0])
        spare = json.loads(d.http("GET", "/api/v1/followups", d.token(u("noah"), "acme", "en"))[2])["followups"][0]
        noah = ["--url", f"ws://127.0.0.1:{d.port}/ws", "--token", d.token(u("noah"), "acme", "en")]
        changed = d.cli("followups", *noah, "--update", spare["id"], "--action", "drop")
        self.assertIn("[dropped] due 2098-12-24", changed)


    def test_13_a_reminder_in_the_owners_chat_snoozes_and_marks_done(self):
        d, u = self.daemon, self.unique
        bot = d.token(u("desk"), "acme", "en", "--bot")
        status, _, body = d.http("POST", "/api/v1/followups", bot,
                                 {"key": "T-9", "owner": u("noor"), "text": "Calibrate the torque wrench", "due": "2026-01-05"})
        self.assertEqual(status, 201, body)
        noor = self.open(d.link(u("noor"), "acme", "en", name="Noor"))
        click(noor, ".conversation-item")
        reminder = wait(noor, lambda n: n.find_elements(By.CSS_SELECTOR, "#messages .message.kind-bot"), timeout=20,
                        message="the reminder arrives in Noor's chat with Parley")[0]
        self.assertEqual(reminder.find_element(By.CSS_SELECTOR, ".body").text,
                         "Overdue since 2026-01-05 — Calibrate the torque wrench (sent late: Parley was offline)")
        self.assertEqual([b.text for b in reminder.find_elements(By.CSS_SELECTOR, ".reminder-action")],
                         ["Done", "Snooze 1 day", "Snooze 1 week"])
        shot(noor, "13-reminder-in-chat")
        token = d.token(u("noor"), "acme", "en")
        kept = lambda: json.loads(d.http("GET", "/api/v1/followups", token)[2])["followups"][0]
        reminder.find_element(By.CSS_SELECTOR, ".reminder-action[data-action='snooze-week']").click()
        week = (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=7)).isoformat()
        wait(noor, lambda n: kept()["due"] == week, message="snoozed a week")
        reminder.find_element(By.CSS_SELECTOR, ".reminder-action[data-action='done']").click()
        wait(noor, lambda n: kept()["status"] == "done", message="marked done from the reminder")
        self.assertEqual(len(noor.find_elements(By.CSS_SELECTOR, "#messages .message.kind-bot")), 1, "one reminder, once")


    def test_21_webhook_added_in_the_admin_page_verified_retried_and_logged(self):
        d, u = self.daemon, self.unique
        received = []

        class Receiver(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                # The first delivery fails, so that the log shows a retry.
                self.send_response(500 if len(received) == 1 else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.shutdown)
        tenant = u("corp")
        admin_token = d.token(u("ops"), tenant, "en", "--admin")
        admin = self.open(d.base + "/#token=" + admin_token)
        admin.find_element(By.ID, "open-admin").click()
        wait(admin, lambda a: a.find_element(By.ID, "webhook-form").is_displayed())
        admin.find_element(By.ID, "webhook-url").send_keys(f"http://127.0.0.1:{server.server_port}/parley")
        admin.find_element(By.CSS_SELECTOR, "#webhook-form button[type=submit]").click()
        status = wait(admin, lambda a: "signing secret" in a.find_element(By.ID, "webhook-status").text
                      and a.find_element(By.ID, "webhook-status").text)
        secret = status.split("shown only now: ", 1)[1].strip()
        self.assertTrue(secret.startswith("whsec_"))
        status, _, body = d.http("POST", "/api/v1/groups", admin_token, {"title": u("Plant"), "members": [u("ops"), u("li")]})
        self.assertEqual(status, 201, body)
        group = json.loads(body)["id"]
        d.send(d.token(u("li"), tenant, "zh"), group, "三号线已恢复")
        deadline = time.time() + 30
        while len(received) < 2 and time.time() < deadline:
            time.sleep(0.1)
        self.assertEqual(len(received), 2, "a 500, then the retry")
        (first_headers, _), (headers, body) = received
        self.assertEqual(first_headers["webhook-id"], headers["webhook-id"], "one webhook-id for every attempt")
        # PyPI's standardwebhooks checks the signature and the timestamp; a changed body fails it.
        event = Webhook(secret).verify(body, headers)
        self.assertEqual(event["type"], "message.created")
        self.assertEqual(event["data"]["text"], "三号线已恢复")
        self.assertEqual(event["data"]["conversation"], group)
        with self.assertRaises(Exception):
            Webhook(secret).verify(body.replace("三号线", "四号线"), headers)
        # The delivery log in the admin page: delivered after two attempts, the 204 shown.
        click(admin, "#webhook-list li .webhook-actions button")
        row = wait(admin, lambda a: [r for r in a.find_elements(By.CSS_SELECTOR, "#delivery-table tbody tr")
                                     if r.find_elements(By.TAG_NAME, "td")[1].text == "delivered"], timeout=15)[0]
        cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
        self.assertEqual(cells[:4], ["message.created", "delivered", "2", "204"])
        shot(admin, "21-webhook-delivery-log")
        self.assertEqual(d.http("DELETE", "/api/v1/webhooks/" + json.loads(d.http("GET", "/api/v1/webhooks", admin_token)[2])["webhooks"][0]["id"],
                                admin_token)[0], 200)

    # Scenarios 14-18: edit, delete, reply, react (issue 25) -------------------------------------------
    def chat_pair(self, alice_lang="en", bob_lang="zh"):
        d, u = self.daemon, self.unique
        d.create_group(u("Crew"), [u("alice"), u("bob")])
        alice = self.open(d.link(u("alice"), "acme", alice_lang, name="Alice"))
        bob = self.open(d.link(u("bob"), "acme", bob_lang, name="Bob"))
        for driver in (alice, bob):
            open_conversation(driver, u("Crew"))
        return alice, bob

    def say(self, driver, text):
        box = driver.find_element(By.ID, "composer-text")
        box.send_keys(text)
        box.send_keys("\n")
        wait(driver, lambda b: not b.find_elements(By.CSS_SELECTOR, "#messages .message.pending"), message="acked")

    def test_14_up_arrow_edits_the_last_message_and_every_reader_sees_it_marked_edited(self):
        alice, bob = self.chat_pair()
        self.say(alice, "The pump is late")
        wait(bob, lambda b: len(bodies(b)) == 1, message="bob has the message")
        box = alice.find_element(By.ID, "composer-text")
        box.send_keys(Keys.ARROW_UP)
        wait(alice, lambda a: a.find_element(By.ID, "composer-text").get_attribute("value") == "The pump is late",
             message="Up puts the last own message into the composer")
        self.assertFalse(alice.find_element(By.ID, "composer-context").get_attribute("hidden"))
        alice.execute_script("document.getElementById('composer-text').value = ''")
        box.send_keys("The excavator needs a new hydraulic pump.")
        box.send_keys("\n")
        wait(bob, lambda b: "挖掘机" in bodies(b)[-1] and b.find_elements(By.CSS_SELECTOR, "#messages .edited-mark"), timeout=5,
             message="bob sees the edited text in Chinese, marked edited")
        wait(alice, lambda a: bodies(a) == ["The excavator needs a new hydraulic pump."]
             and a.find_elements(By.CSS_SELECTOR, "#messages .edited-mark"), message="alice sees her edit")
        self.assertEqual(len(bodies(bob)), 1, "the edit replaces the message; it is not a message of its own")
        shot(bob, "14-edit-bob-reads-it-in-chinese")
        shot(alice, "14-edit-alice")
        # After a reload (catch-up from nothing), still the edited text.
        bob.refresh()
        wait(bob, online, timeout=15)
        open_conversation(bob, self.unique("Crew"))
        wait(bob, lambda b: bodies(b) and "挖掘机" in bodies(b)[-1] and b.find_elements(By.CSS_SELECTOR, "#messages .edited-mark"),
             message="after a reload")

    def test_15_delete_from_the_keyboard_leaves_message_deleted_for_everyone(self):
        alice, bob = self.chat_pair(bob_lang="en")
        self.say(alice, "Posted in the wrong group")
        self.say(alice, "Second message stays")
        wait(bob, lambda b: len(bodies(b)) == 2, message="bob has both")
        # Keyboard: Tab reaches the hover menu's buttons; Enter presses Delete.
        alice.execute_script("document.querySelector('#messages .message[data-seq=\"1\"] .message-action[data-action=delete]').focus()")
        self.assertEqual(alice.switch_to.active_element.text, "Delete")
        shot(alice, "15-delete-menu-focused")
        alice.switch_to.active_element.send_keys(Keys.ENTER)
        def confirm(a):
            try:
                a.switch_to.alert.accept()
                return True
            except Exception:
                return False
        wait(alice, confirm, message="the page asks before deleting for everyone")
        wait(bob, lambda b: bodies(b) == ["message deleted", "Second message stays"], timeout=5, message="bob sees the placeholder")
        wait(alice, lambda a: bodies(a) == ["message deleted", "Second message stays"], message="alice too")
        shot(bob, "15-delete-bob-sees-placeholder")
        bob.refresh()
        wait(bob, online, timeout=15)
        open_conversation(bob, self.unique("Crew"))
        wait(bob, lambda b: bodies(b) == ["message deleted", "Second message stays"], message="after a reload")
        self.assertNotIn("wrong group", bob.page_source)

    def test_16_reply_quotes_the_original_in_the_readers_language_and_jumps_to_it(self):
        alice, bob = self.chat_pair()
        self.say(alice, "The excavator needs a new hydraulic pump.")
        wait(bob, lambda b: len(bodies(b)) == 1 and "挖掘机" in bodies(b)[0], message="bob reads it in Chinese")
        bob.execute_script("document.querySelector('#messages .message[data-seq=\"1\"] .message-action[data-action=reply]').click()")
        wait(bob, lambda b: not b.find_element(By.ID, "composer-context").get_attribute("hidden"), message="replying bar")
        self.say(bob, "好的")
        wait(alice, lambda a: a.find_elements(By.CSS_SELECTOR, "#messages .reply-quote"), timeout=5, message="alice sees the reply")
        self.assertIn("excavator", alice.find_element(By.CSS_SELECTOR, "#messages .reply-quote .reply-excerpt").text)
        wait(bob, lambda b: b.find_elements(By.CSS_SELECTOR, "#messages .reply-quote"), message="bob sees his reply")
        self.assertIn("挖掘机", bob.find_element(By.CSS_SELECTOR, "#messages .reply-quote .reply-excerpt").text)
        shot(bob, "16-reply-quote-in-chinese")
        shot(alice, "16-reply-quote-in-english")
        click(alice, "#messages .reply-quote")
        wait(alice, lambda a: a.find_elements(By.CSS_SELECTOR, "#messages .message.found[data-seq='1']"), message="the quote jumps")

    def test_17_reactions_are_chips_with_counts_toggled_by_a_click(self):
        alice, bob = self.chat_pair(bob_lang="en")
        self.say(alice, "Crane 3 is back online")
        wait(bob, lambda b: len(bodies(b)) == 1, message="bob has it")
        bob.execute_script("document.querySelector('#messages .message[data-seq=\"1\"] .message-action[data-action=react]').click()")
        click(bob, "#messages .message[data-seq='1'] .react-pick[data-emoji='👍']")
        chip = "#messages .message[data-seq='1'] .reaction-chip[data-emoji='👍']"
        count = lambda drv: (drv.find_elements(By.CSS_SELECTOR, chip + " .count") or [None])[0]
        wait(alice, lambda a: count(a) is not None and count(a).text == "1", timeout=5, message="alice sees bob's reaction")
        click(alice, chip)
        wait(bob, lambda b: count(b) is not None and count(b).text == "2", timeout=5, message="two now")
        wait(alice, lambda a: a.find_element(By.CSS_SELECTOR, chip).get_attribute("aria-pressed") == "true", message="alice's is pressed")
        shot(alice, "17-reactions-two")
        click(alice, chip)
        wait(bob, lambda b: count(b) is not None and count(b).text == "1", timeout=5, message="toggled off")
        self.assertEqual(len(bodies(bob)), 1, "reactions are not messages")
        # A reload shows the final state from history.
        bob.refresh()
        wait(bob, online, timeout=15)
        open_conversation(bob, self.unique("Crew"))
        wait(bob, lambda b: count(b) is not None and count(b).text == "1", message="after a reload")
        shot(bob, "17-reactions-after-reload")


    def test_18_a_mention_is_sent_structured_and_marks_the_mentioned_persons_badge(self):
        d, u = self.daemon, self.unique
        d.create_group(u("Crew"), [u("alice"), u("bob")])
        d.create_group(u("Other"), [u("bob")])
        alice = self.open(d.link(u("alice"), "acme", "en", name="Alice"))
        bob = self.open(d.link(u("bob"), "acme", "zh", name="Bob"))
        open_conversation(alice, u("Crew"))
        open_conversation(bob, u("Other"))
        frames_sent(alice)
        # The member list (for picking mentions) arrives after the conversation opens.
        wait(alice, lambda a: a.execute_script("return document.querySelectorAll('#messages').length") == 1)
        time.sleep(0.5)
        self.say(alice, f"@{u('bob')} the excavator needs a new hydraulic pump.")
        sent = [f for f in frames_sent(alice) if f.get("type") == "send"]
        self.assertEqual(sent[-1].get("mentions"), [u("bob")], sent)
        badge = f".conversation-item .badge.mentioned"
        wait(bob, lambda b: b.find_elements(By.CSS_SELECTOR, badge) and b.find_element(By.CSS_SELECTOR, badge).text == "@1",
             timeout=5, message="bob's badge shows the mention")
        shot(bob, "18-mention-badge")
        open_conversation(bob, u("Crew"))
        wait(bob, lambda b: "挖掘机" in bodies(b)[-1], message="the message, translated, with the mention kept")
        self.assertIn(f"@{u('bob')}", bodies(bob)[-1])
        shot(bob, "18-mention-message")
    # Files (issue 26) ------------------------------------------------------------------------------
    # A small valid PNG (a 24x16 orange rectangle), made here so the scenario needs no fixture file.
    @staticmethod
    def png_bytes(width=24, height=16):
        import struct
        import zlib
        def chunk(kind, data):
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
        raw = b"".join(b"\x00" + b"\xf0\x80\x20" * width for _ in range(height))
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))

    def test_19_a_dropped_image_uploads_with_progress_and_shows_inline_to_another_member(self):
        d, u = self.daemon, self.unique
        import base64
        d.create_group(u("Workshop"), [u("ines"), u("olaf")])
        ines = self.open(d.link(u("ines"), "acme", "en", name="Ines"))
        olaf = self.open(d.link(u("olaf"), "acme", "en", name="Olaf"))
        for who in (ines, olaf):
            open_conversation(who, u("Workshop"))
        # Drag and drop: a real drop event with a DataTransfer holding the file (as a desktop drag gives).
        ines.execute_script("""
            const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
            const file = new File([bytes], 'broken-gear.png', {type: 'image/png'});
            const dt = new DataTransfer();
            dt.items.add(file);
            const zone = document.getElementById('messages');
            zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
            zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
        """, base64.b64encode(self.png_bytes()).decode())
        upload = wait(ines, lambda i: i.find_elements(By.CSS_SELECTOR, "#composer-files .upload.uploaded"), timeout=15,
                      message="the upload finishes")[0]
        self.assertEqual(upload.find_element(By.CSS_SELECTOR, ".upload-name").text, "broken-gear.png")
        self.assertEqual(upload.find_element(By.TAG_NAME, "progress").get_attribute("value"), "1")
        shot(ines, "19-image-uploaded-in-composer")
        ines.find_element(By.ID, "composer-text").send_keys("the gear that broke\n")
        loaded = "return [...document.querySelectorAll('#messages .attachment-image')].some(i => i.complete && i.naturalWidth === 24)"
        for who in (ines, olaf):
            wait(who, lambda w: w.execute_script(loaded), timeout=15, message="the image shows inline")
        wait(olaf, lambda o: bodies(o) == ["the gear that broke"])
        image = olaf.find_element(By.CSS_SELECTOR, "#messages .attachment-image")
        self.assertEqual(image.get_attribute("alt"), "broken-gear.png")
        src = image.get_attribute("src")
        self.assertIn("/api/v1/files/fl-", src)
        self.assertIn("&s=", src, "a signed link, not a token")
        self.assertNotIn(d.token(u("olaf"), "acme", "en"), src)
        # Click for full size: the preview links to the same signed URL in a new tab.
        self.assertEqual(olaf.find_element(By.CSS_SELECTOR, "#messages .attachment-preview").get_attribute("href"), src)
        self.assertEqual(console_errors(olaf), [])
        shot(olaf, "19-image-inline-for-another-member")

    def test_20_a_pdf_card_is_downloaded_by_another_member_and_not_by_an_outsider(self):
        d, u = self.daemon, self.unique
        g = d.create_group(u("Drawings"), [u("petra"), u("quinn")])
        pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" + bytes(range(256)) * 8
        path = os.path.join(tempfile.mkdtemp(), "pump-drawing.pdf")
        with open(path, "wb") as f:
            f.write(pdf)
        petra = self.open(d.link(u("petra"), "acme", "en", name="Petra"))
        quinn = self.open(d.link(u("quinn"), "acme", "en", name="Quinn"))
        for who in (petra, quinn):
            open_conversation(who, u("Drawings"))
        petra.find_element(By.ID, "attach-input").send_keys(path)
        wait(petra, lambda p: p.find_elements(By.CSS_SELECTOR, "#composer-files .upload.uploaded"), timeout=15, message="uploaded")
        petra.find_element(By.ID, "composer-text").send_keys("pump drawing rev B\n")
        card = wait(quinn, lambda q: q.find_elements(By.CSS_SELECTOR, "#messages .attachment-card"), timeout=15,
                    message="the card reaches Quinn")[0]
        self.assertEqual(card.find_element(By.CSS_SELECTOR, ".attachment-name").text, "pump-drawing.pdf")
        self.assertIn("application/pdf", card.find_element(By.CSS_SELECTOR, ".attachment-size").text)
        link = wait(quinn, lambda q: card.find_element(By.CSS_SELECTOR, ".attachment-download").get_attribute("href"))
        self.assertEqual(card.find_element(By.CSS_SELECTOR, ".attachment-download").get_attribute("download"), "pump-drawing.pdf")
        shot(quinn, "20-pdf-card-for-another-member")
        # Quinn's browser downloads it by the card's link: the same bytes, as an attachment, never sniffed.
        got = quinn.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch(arguments[0]).then(async r => done({status: r.status, disposition: r.headers.get('content-disposition'),
                nosniff: r.headers.get('x-content-type-options'), bytes: Array.from(new Uint8Array(await r.arrayBuffer()))}))
              .catch(e => done({error: String(e)}));
        """, link)
        self.assertEqual(got.get("status"), 200, got)
        self.assertEqual(bytes(got["bytes"]), pdf)
        self.assertTrue(got["disposition"].startswith("attachment;"), got["disposition"])
        self.assertEqual(got["nosniff"], "nosniff")
        # An outsider with a token of their own gets nothing for the file id.
        file_id = link.split("/api/v1/files/")[1].split("?")[0]
        self.assertEqual(d.http("GET", f"/api/v1/files/{file_id}", d.token(u("rolf"), "acme", "en"))[0], 404)
        self.assertEqual(d.http("GET", f"/api/v1/conversations/{g}/members", d.token(u("rolf"), "acme", "en"))[0], 403)


class RestartTests(Scenario):
    """Stops and restarts its parleyd, so it has one of its own."""

    # Scenario 3 ----------------------------------------------------------------------------------
    def test_03_restart_resumes_without_gap_or_duplicate(self):
        d, u = self.daemon, self.unique
        gid = d.create_group(u("Night Shift"), [u("erin"), u("frank")])
        frank = d.token(u("frank"), "acme", "en")
        d.send(frank, gid, "before restart")
        erin = self.open(d.link(u("erin"), "acme", "en", name="Erin"))
        open_conversation(erin, u("Night Shift"))
        wait(erin, lambda e: bodies(e) == ["before restart"])

        d.stop()
        wait(erin, lambda e: e.find_element(By.ID, "status").get_attribute("data-state") == "offline", message="indicator shows the drop")
        self.assertIn("offline", erin.find_element(By.ID, "status").text)
        box = erin.find_element(By.ID, "composer-text")
        box.send_keys("typed while offline\n")
        wait(erin, lambda e: e.find_elements(By.CSS_SELECTOR, "#messages .message.pending"), message="pending while offline")
        shot(erin, "3-reconnect-offline-pending")
        # Keep the browser off the network while parleyd is back and the CLI writes, so these
        # messages are certainly sent while the client is disconnected.
        erin.execute_cdp_cmd("Network.enable", {})
        erin.execute_cdp_cmd("Network.emulateNetworkConditions",
                             {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        d.start()
        for i in (1, 2, 3):
            d.send(frank, gid, f"meanwhile {i}")
        time.sleep(1.5)
        self.assertEqual(erin.find_element(By.ID, "status").get_attribute("data-state") == "online", False,
                         "the client must still be disconnected while the CLI sends")
        self.assertNotIn("meanwhile 1", bodies(erin))
        erin.execute_cdp_cmd("Network.emulateNetworkConditions",
                             {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        wait(erin, online, timeout=20, message="reconnects")
        expected = ["before restart", "meanwhile 1", "meanwhile 2", "meanwhile 3"]
        wait(erin, lambda e: all(x in bodies(e) for x in expected) and "typed while offline" in bodies(e), timeout=10,
             message="everything arrives after the reconnect")
        time.sleep(0.5)
        got = bodies(erin)
        self.assertEqual([x for x in got if x != "typed while offline"], expected, "in order, once each")
        self.assertEqual(got.count("typed while offline"), 1)
        self.assertEqual(erin.find_elements(By.CSS_SELECTOR, "#messages .message.pending"), [])
        # What the client said on the new connection: resume from seq 1 (no history page), one send.
        sent = frames_sent(erin)
        resumed = [f for f in sent if f.get("type") == "subscribe" and f.get("conversation") == gid][-1]
        self.assertEqual(resumed.get("since"), 1)
        hello = max(i for i, f in enumerate(sent) if f.get("type") == "hello")
        after = sent[hello:]
        self.assertFalse([f for f in after if f.get("type") == "history" and f.get("conversation") == gid])
        sends = [f for f in after if f.get("type") == "send"]
        self.assertEqual([f["text"] for f in sends], ["typed while offline"])
        shot(erin, "3-reconnect-resumed")
        # The server stored the offline message once: a fresh page reads it back from history once.
        erin.refresh()
        wait(erin, online)
        open_conversation(erin, u("Night Shift"))
        wait(erin, lambda e: bodies(e) == expected + ["typed while offline"], message="history holds each message once, in order")


if __name__ == "__main__":
    unittest.main(verbosity=2)
