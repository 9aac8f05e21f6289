#!/usr/bin/env python3
"""The web console in a real browser (issue: the console): Debian's Chromium, headless, driven by
Playwright for Python against a real `bagalau serve` on a loopback port.

Records the example quarterly year of body m (docs/examples/quarterly-2024.jsonl) with `bagalau acts`,
bootstraps the administrator, opens accounts over the API (HR officer, servants, a records officer and
an auditor), then, in the browser, as each person:
  - the sign-in page in Kazakh (the default) and Russian, a wrong password refused;
  - a servant's first sign-in with the one-time password leads to choosing their own;
  - the servant's home: their case with the year's band name as the methodology gives it and each
    quarter's score, in each language's decimal convention (3,75 / 3.75); their case file with every
    act's clause and event hash;
  - another servant's case by URL: the refusal page with the clause (004 §16, §21) and no data;
  - the language switch, remembered per account across sign-out and sign-in;
  - the HR officer's board of the body's cases and late acts;
  - an auditor (second factor) sees the ledger's integrity, and without a mandate is refused a case;
  - axe-core on every page visited: no serious or critical violation.
Screenshots of every page go to --artifacts (CI keeps .ci/artifacts/console).

    tools/console_test.py --bagalau .build/debug/bagalau --python-env .build/python [--artifacts DIR]
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_api import post, totp  # noqa: E402

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM = "/usr/bin/chromium"


class Failure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)


class Ledger:
    """A throwaway ledger holding the example year, its administrator, and the server on it."""

    def __init__(self, bagalau: str, work: str, only_setup: bool = False, files: list[str] | None = None):
        """The example years' acts (2018 annual, 2024 quarterly), or with `only_setup` the quarterly body's
        organisation and methodology alone, or the acts of `files`."""
        self.bagalau, self.work = bagalau, work
        self.db = os.path.join(work, "ledger.sqlite")
        self.env = {**os.environ, "BAGALAU_BCRYPT_COST": "4"}
        subprocess.run([bagalau, "init", "--db", self.db], check=True, env=self.env, stdout=subprocess.DEVNULL)
        quarterly = os.path.join(ROOT, "docs/examples/quarterly-2024.jsonl")
        if files is None and only_setup:
            lines = [line for line in open(quarterly, encoding="utf-8") if json.loads(line)["act"].split(".")[0] in ("organisation", "methodology")]
            files = [os.path.join(work, "setup.jsonl")]
            with open(files[0], "w", encoding="utf-8") as out:
                out.writelines(lines)
        for acts in files or [os.path.join(ROOT, "docs/examples/annual-2018.jsonl"), quarterly, os.path.join(ROOT, "docs/examples/attestation-2025.jsonl")]:
            subprocess.run([bagalau, "acts", "--db", self.db, acts], check=True, env=self.env, stdout=subprocess.DEVNULL)
        key = os.path.join(work, "ledger.key")
        for command in (["keygen", "--out", key], ["checkpoint", "--db", self.db, "--key", key]):
            subprocess.run([bagalau, *command], check=True, env=self.env, stdout=subprocess.DEVNULL)
        boot = subprocess.run([bagalau, "accounts", "bootstrap", "--db", self.db, "--person", "admin", "--operator", "ci"],
                              check=True, env=self.env, capture_output=True, text=True).stdout
        lines = dict(line.split(": ", 1) for line in boot.splitlines() if ": " in line)
        self.admin_secret = urllib.parse.parse_qs(urllib.parse.urlparse(lines["authenticator"]).query)["secret"][0]
        self.server = subprocess.Popen([bagalau, "serve", "--db", self.db, "--port", "0", "--key", key], env=self.env,
                                       stdout=subprocess.PIPE, stderr=open(os.path.join(work, "serve.log"), "w"), text=True)
        first = self.server.stdout.readline().strip()
        check(first.startswith("listening on "), f"the server did not start: {first!r}")
        self.base = first.removeprefix("listening on ")
        self.admin = self.first_sign_in("admin", lines["one-time password"], self.admin_secret)

    def first_sign_in(self, person: str, one_time: str, secret: str | None = None) -> dict:
        """Signs in over the API with a one-time password and chooses the person's own."""
        body = {"person": person, "password": one_time}
        if secret:
            body["code"] = totp(secret, time.time())
        status, signed, headers = post(self.base, "/sign-in", body)
        check(status == 200, f"{person} cannot sign in: {signed}")
        session = {"Cookie": headers.get("Set-Cookie").split(";")[0], "X-CSRF-Token": signed["csrfToken"]}
        status, changed, headers = post(self.base, "/account/password", {"current": one_time, "new": self.password(person)}, session)
        check(status == 200, f"{person} cannot choose a password: {changed}")
        return {"Cookie": headers.get("Set-Cookie").split(";")[0], "X-CSRF-Token": changed["csrfToken"]}

    @staticmethod
    def secret(issued: dict) -> str:
        """The second-factor key as an authenticator app reads it (base32, from the otpauth:// address)."""
        return urllib.parse.parse_qs(urllib.parse.urlparse(issued["authenticatorURL"]).query)["secret"][0]

    @staticmethod
    def password(person: str) -> str:
        return f"{person}-own-passphrase"

    def open_account(self, person: str, by: dict, role: str, body: str | None = "m", offices: list | None = None) -> dict:
        fields = {"actor": {"role": role}, "personId": person, "offices": offices or []}
        if body:
            fields["bodyId"] = body
        status, answer, _ = post(self.base, "/acts/access.open-account", fields, by)
        check(status == 201, f"opening {person}'s account: {answer}")
        return answer["credentials"]

    def stop(self) -> None:
        self.server.terminate()
        self.server.wait(timeout=30)


class Browser:
    """One person's browser: pages visited are screenshot and checked by axe-core."""

    def __init__(self, playwright, ledger: Ledger, artifacts: str):
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        self.ledger, self.artifacts = ledger, artifacts
        self.axe = Axe()
        self.visited = 0

    def person(self, locale: str = "kk-KZ"):
        context = self.browser.new_context(base_url=self.ledger.base, locale=locale, viewport={"width": 1280, "height": 900})
        return context.new_page()

    def look(self, page, name: str) -> None:
        """Screenshots the page and runs axe-core on it: no serious or critical violation."""
        page.screenshot(path=os.path.join(self.artifacts, f"{name}.png"), full_page=True)
        results = self.axe.run(page)
        serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        check(not serious, f"{name}: axe-core finds {[(v['id'], v['impact'], v['help']) for v in serious]}")
        self.visited += 1

    def sign_in(self, page, person: str, password: str, code: str | None = None) -> None:
        page.goto("/console/sign-in")
        page.get_by_label(re.compile("идентификатор|Person id", re.I)).fill(person)
        page.locator("#password").fill(password)
        if code:
            page.locator("#code").fill(code)
        with page.expect_navigation():
            page.locator("form.card button[type=submit]").click()


def run(bagalau: str, artifacts: str) -> None:
    os.makedirs(artifacts, exist_ok=True)
    work = tempfile.mkdtemp(prefix="bagalau-console-")
    ledger = Ledger(bagalau, work)
    try:
        hr_issued = ledger.open_account("hr", ledger.admin, "administrator")
        hr = ledger.first_sign_in("hr", hr_issued["temporaryPassword"])
        s2_issued = ledger.open_account("s2", hr, "hr-officer")
        rec_issued = ledger.open_account("rec", ledger.admin, "administrator", body=None, offices=["records-officer"])
        rec = ledger.first_sign_in("rec", rec_issued["temporaryPassword"], Ledger.secret(rec_issued))
        aud_issued = ledger.open_account("aud", rec, "records-officer", body=None, offices=["auditor"])
        aud = ledger.first_sign_in("aud", aud_issued["temporaryPassword"], Ledger.secret(aud_issued))
        del aud

        with sync_playwright() as playwright:
            browser = Browser(playwright, ledger, artifacts)

            # The sign-in page: Kazakh by default, Russian by the switch; a wrong password refused.
            page = browser.person()
            page.goto("/console")
            check(page.url.endswith("/console/sign-in"), f"an anonymous visit goes to the sign-in page, not {page.url}")
            check(page.locator("html").get_attribute("lang") == "kk" and page.locator("h1").inner_text() == "Жүйеге кіру", "the sign-in page is in Kazakh first")
            browser.look(page, "sign-in-kk")
            page.get_by_role("link", name="Русский").click()
            check(page.locator("h1").inner_text() == "Вход в систему", "the language switch shows the sign-in page in Russian")
            browser.look(page, "sign-in-ru")
            browser.sign_in(page, "s2", "not-the-password")
            check(page.locator("[role=alert]").inner_text().startswith("Не удалось войти"), "a wrong password is refused in the page's language")

            # The servant's first sign-in: the one-time password, then their own.
            page = browser.person()
            browser.sign_in(page, "s2", s2_issued["temporaryPassword"])
            check(page.url.endswith("/console/password"), f"a one-time password leads to choosing one's own, not {page.url}")
            browser.look(page, "password-kk")
            page.locator("#current").fill(s2_issued["temporaryPassword"])
            page.locator("#new").fill(Ledger.password("s2"))
            with page.expect_navigation():
                page.locator("form.card button[type=submit]").click()
            check(page.url.endswith("/console"), f"after choosing a password the servant is home, not {page.url}")

            # Home: the servant's own case, the band in Kazakh, decimals with a comma.
            check(page.locator("h2#my-cases").inner_text() == "Менің істерім", "the servant's home lists their cases in Kazakh")
            case = page.locator("article.case")
            check(case.count() == 1, f"the servant sees exactly their own case, not {case.count()}")
            text = case.inner_text()
            check("2024" in text and "Тоқсандық бағалау" in text, f"the case names its method and year: {text}")
            scores = case.locator("table.quarters td.number").all_inner_texts()
            check(len(scores) == 4 and all(re.fullmatch(r"\d,\d\d|—", s) for s in scores), f"four quarters with Kazakh decimals: {scores}")
            browser.look(page, "home-servant-kk")

            # The servant's case file: every act with its clause and event hash.
            with page.expect_navigation():
                case.get_by_role("link").click()
            acts = page.locator("li.act")
            check(acts.count() > 10, f"the case file lists the case's acts: {acts.count()}")
            hashes = page.locator("code.hash").all_inner_texts()
            check(all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes) and len(hashes) == acts.count(), "every act carries its event hash")
            check("004 §" in page.locator("ol.acts").inner_text(), "the acts cite their clauses")
            check("Бағалау ісі ашылды" in page.locator("ol.acts").inner_text() and "quarterly.case-opened" in page.locator("ol.acts").inner_text(),
                  "each act is titled in Kazakh beside its event type")
            browser.look(page, "case-file-servant-kk")

            # Another servant's case by URL: the refusal page with the clause, and no data.
            response = page.goto("/console/case?case=case/quarterly/m/2024/s5")
            check(response.status == 403, f"another servant's case is refused: {response.status}")
            check("004 §16, §21" in page.locator(".clause").inner_text(), "the refusal names the clause")
            check(page.locator("li.act").count() == 0 and "score" not in page.content(), "the refusal shows nothing of the case")
            browser.look(page, "refused-servant-kk")
            response = page.goto("/console/staff")
            check(response.status == 403 and page.locator("table.staff").count() == 0, f"the staff list is the HR officer's (004 §21): {response.status}")
            # A printable form of someone else's case by URL: refused the same way, no row of the form.
            response = page.goto("/console/forms/competency-sheet?case=case/annual/b/2018/p1")
            check(response.status == 403 and page.locator("table.sheet tbody tr").count() == 0 and "Cooperation" not in page.content(),
                  f"another servant's competency sheet is refused, showing nothing of it: {response.status}")

            # The language switch, remembered for the account: Russian after signing out and in again.
            page.goto("/console")
            switch(page, "ru")
            check(page.locator("h2#my-cases").inner_text() == "Мои дела", "the switch shows the home in Russian")
            browser.look(page, "home-servant-ru")
            with page.expect_navigation():
                page.get_by_role("button", name="Выйти").click()
            check(page.url.endswith("/console/sign-in"), f"signing out ends at the sign-in page: {page.url}")
            other = browser.person(locale="en-US")
            browser.sign_in(other, "s2", Ledger.password("s2"))
            check(other.locator("html").get_attribute("lang") == "ru", "the account's language is remembered across sessions and browsers")
            switch(other, "en")
            scores = other.locator("article.case table.quarters td.number").all_inner_texts()
            check(other.locator("h2#my-cases").inner_text() == "My cases" and all(re.fullmatch(r"\d\.\d\d|—", s) for s in scores),
                  f"English, with decimal points: {scores}")
            browser.look(other, "home-servant-en")

            # The HR officer's board: every case of the body, and the acts done late.
            page = browser.person()
            browser.sign_in(page, "hr", Ledger.password("hr"))
            board = page.locator("section[aria-labelledby=board]")
            rows = board.locator("table").first.locator("tbody tr")
            check(rows.count() == 8, f"the board lists the body's 8 cases: {rows.count()}")
            browser.look(page, "home-hr-kk")
            # In Russian, remembered for the account: the next page comes with the session in Russian too.
            switch(page, "ru")
            page.goto("/console")
            check(page.locator("html").get_attribute("lang") == "ru" and rows.count() == 8, "the board in Russian, the same 8 cases")
            browser.look(page, "home-hr-ru")
            switch(page, "kk")
            page.goto("/console/case?case=case/quarterly/m/2024/s5")
            check(page.locator("li.act").count() > 5, "the HR officer reads any case of the body (004 §21)")
            # The body's staff, leaves and roles, from the board.
            page.goto("/console")
            with page.expect_navigation():
                page.locator("a[href='/console/staff']").click()
            staff = page.locator("table.staff tbody tr").all_inner_texts()
            hr_row = [row for row in staff if row.startswith("hr\t")]
            check(len(staff) >= 9 and len(hr_row) == 1 and "персонал қызметінің қызметкері" in hr_row[0],
                  f"every servant of body m, the HR officer's role among theirs: {len(staff)} rows, {hr_row}")
            check(page.locator("nav[aria-labelledby=staff-acts] a[href*='organisation.record-leave?bodyId=m']").count() == 1, "a leave is recorded from here")
            browser.look(page, "staff-kk")
            quarterly_forms(browser, page)

            # An auditor signs in with the second factor: the ledger's integrity; no mandate, no case.
            page = browser.person()
            browser.sign_in(page, "aud", Ledger.password("aud"), totp(Ledger.secret(aud_issued), time.time() + 30))
            check(page.url.endswith("/console"), f"the auditor is home: {page.url}")
            check(page.locator("section[aria-labelledby=ledger] .ok").count() == 1, "the auditor sees that the chain is intact")
            checkpoint = page.locator("section[aria-labelledby=ledger] tr").nth(2).inner_text()
            check(re.search(r"#\d+ · \d\d\.\d\d\.\d{4} \d\d:\d\d · [0-9a-f]{64}", checkpoint) is not None, f"the last signed checkpoint is shown: {checkpoint}")
            browser.look(page, "home-auditor-kk")
            page.locator("#case-stream").fill("case/quarterly/m/2024/s2")
            page.locator("#case-reason").fill("audit order 12")
            with page.expect_navigation():
                page.locator("form[action='/console/case'] button[type=submit]").click()
            check(page.locator("h1").inner_text() == "Қол жеткізу жабық" and page.locator("li.act").count() == 0,
                  "an auditor without a mandate is refused the case")
            browser.look(page, "refused-auditor-kk")
            # Nor the case's or the body's history: the refusal, in either language, and no state of it.
            for path, name in [("/console/case/history?case=case/annual/b/2018/p1&reason=audit+order+12", "refused-case-history"),
                               ("/console/body/history?body=b&reason=audit+order+12", "refused-body-history")]:
                page.goto(path)
                check(page.locator("h1").inner_text() == "Қол жеткізу жабық" and page.locator("section.as-of").count() == 0,
                      f"an auditor without a mandate is refused {path}")
                switch(page, "ru")
                check(page.locator("h1").inner_text() == "Доступ закрыт" and page.locator("section.as-of").count() == 0,
                      f"the refusal of {path} in Russian, still without the state")
                browser.look(page, f"{name}-ru")
                switch(page, "kk")

            # A mandate over body b, granted by the records office: the auditor reads p1's 2018 case with a
            # reason, then the case over time — as of a moment on the occurred axis, and the difference
            # between two moments with the acts that made it — and downloads the case's bundle.
            today = datetime.date.today()
            status, answer, _ = post(ledger.base, "/acts/access.grant-mandate", {
                "actor": {"role": "records-officer"}, "personId": "aud", "mandateId": "md-audit-12", "power": "auditor", "scope": "body",
                "scopeId": "b", "from": today.isoformat(), "until": (today + datetime.timedelta(days=90)).isoformat(), "basis": "audit order 12"}, rec)
            check(status == 201, f"the records office grants the auditor a mandate: {answer}")
            auditor_history(browser, page)

            # The 2018 KPI sheet (002 App. 2) of p1's case, filled from the ledger, in Kazakh and Russian,
            # on screen and printed to A4; each event hash it shows is one of the case file's.
            p1_issued = ledger.open_account("p1", ledger.admin, "administrator", body="b")
            page = first_browser_sign_in(browser, "p1", p1_issued)
            page.goto("/console/case?case=case/annual/b/2018/p1")
            case_hashes = set(page.locator("code.hash").all_inner_texts())
            # The individual work plan (002 App. 1): the KPIs as drafted, with the columns of the seed form.
            open_form(page, "case/annual/b/2018/p1", "work-plan")
            check(page.locator("h1.form-title").inner_text() == '"Б" корпусы мемлекеттік әкімшілік қызметшісінің жеке жұмыс жоспары', "the work plan is titled as the seed form")
            plan_rows = page.locator("table.sheet tbody tr")
            check(plan_rows.count() == 5, f"one row per KPI of the plan: {plan_rows.count()}")
            check("Қай мемлекеттік жоспарлау жүйесінің құжатынан түйінделеді" in page.locator("table.sheet thead").inner_text(), "the plan's source-document column, as the seed names it")
            check_proof(page, case_hashes, 2, "the plan's event hashes are the case's")
            in_kazakh_and_russian(browser, page, "form-work-plan", "Индивидуальный план работы административного государственного служащего корпуса «Б»", "the same plan in Russian")
            open_form(page, "case/annual/b/2018/p1", "kpi-sheet")
            check(page.locator("h1.form-title").inner_text() == "НМИ бойынша бағалау парағы", "the KPI sheet is titled as the seed form")
            rows = page.locator("table.sheet tbody tr")
            check(rows.count() == 5, f"one row per KPI of the plan: {rows.count()}")
            check("қол жетпеді" in rows.nth(2).inner_text() and "80" in rows.nth(2).inner_text(), f"KPI 3 was not achieved (80 of 100): {rows.nth(2).inner_text()}")
            check("тиімді" in page.locator("article.form").inner_text(), "the result is the sheet's grade, in Kazakh")
            check_proof(page, case_hashes, 3, "the form's event hashes are the case's")
            browser.look(page, "form-kpi-sheet-kk")
            page.emulate_media(media="print")
            page.pdf(path=os.path.join(artifacts, "form-kpi-sheet-kk.pdf"), format="A4", print_background=True)
            page.emulate_media(media="screen")
            switch(page, "ru")
            check(page.locator("h1.form-title").inner_text() == "Оценочный лист по КЦИ" and "не достигнут" in rows.nth(2).inner_text(), "the same sheet in Russian")
            browser.look(page, "form-kpi-sheet-ru")
            # The competency sheet (002 App. 3): each competency the supervisor assessed, with its result.
            switch(page, "kk")
            open_form(page, "case/annual/b/2018/p1", "competency-sheet")
            check(page.locator("h1.form-title").inner_text() == "Құзыреттер бойынша бағалау парағы", "the competency sheet is titled as the seed form")
            competencies = page.locator("table.sheet tbody tr")
            check(competencies.count() == 1 and "Cooperation" in competencies.nth(0).inner_text()
                  and "күтілетін нәтижеге сәйкес" in competencies.nth(0).inner_text()
                  and "сәйкес емес" not in competencies.nth(0).inner_text(),
                  f"3 of 4 indicators observed meets the expected result (001 §27): {competencies.nth(0).inner_text()}")
            check("Қызметшіде байқамаған мінез-құлық индикатор атауы" in page.locator("table.sheet thead").inner_text(), "the not-observed column, as the seed names it")
            sheet_proof = set(page.locator(".proof code.hash").all_inner_texts())
            check(len(sheet_proof) == 1 and sheet_proof <= case_hashes, f"the sheet's event hash is the case's: {sheet_proof - case_hashes}")
            browser.look(page, "form-competency-sheet-kk")
            switch(page, "ru")
            check(page.locator("h1.form-title").inner_text() == "Оценочный лист по компетенциям"
                  and "соответствует ожидаемому результату" in competencies.nth(0).inner_text(), "the same sheet in Russian")
            browser.look(page, "form-competency-sheet-ru")
            # p1 is not a member of the commission that decided the case: no link to its protocol, and
            # its address refused (001 §34, §36, §39; 004 §16, §21).
            page.goto("/console/case?case=case/annual/b/2018/p1")
            check(page.locator("nav[aria-labelledby=forms] a[href*=commission]").count() == 0, "the servant is offered no link to the commission's protocol")
            response = page.goto("/console/commission?commission=c-2018")
            check(response.status == 403 and page.locator("table.votes").count() == 0, f"the servant is refused the protocol: {response.status}")
            response = page.goto("/console/forms/protocol?commission=c-2018&meeting=mt-1")
            check(response.status == 403 and page.locator("table.protocol").count() == 0 and "N (p1)" not in page.locator("main").inner_text() and "тиімді" not in page.locator("main").inner_text(),
                  f"and its printable App. 5 form, with no row of it: {response.status}")
            switch(page, "ru")
            check(page.locator("html").get_attribute("lang") == "ru" and page.locator("table.protocol").count() == 0, "the refusal in Russian, still without the form")
            browser.look(page, "refused-protocol-form-ru")
            switch(page, "kk")

            attestation(browser, ledger)
            annual_plan(browser, ledger)
            commission_protocol(browser, ledger)
            records_office(browser, ledger, rec_issued)
            print(f"console_test: {browser.visited} pages checked in Chromium (axe-core: no serious violation); screenshots in {artifacts}")
    finally:
        ledger.stop()


def open_form(page, case: str, path: str) -> None:
    """Opens a printable form from the case file's list of forms."""
    page.goto(f"/console/case?case={case}")
    with page.expect_navigation():
        page.locator(f"nav[aria-labelledby=forms] a[href*='forms/{path}']").first.click()


def switch(page, language: str) -> None:
    """Switches the page's language (the select submits its form at once)."""
    with page.expect_navigation():
        page.locator("#lang-select").select_option(language)


def submit(page) -> None:
    """Posts the act form on the page and waits for the page that answers."""
    with page.expect_navigation():
        page.locator("form.act-form button[type=submit]").click()


def check_proof(page, case_hashes: set, minimum: int, what: str) -> None:
    """A printed form's proof table: at least `minimum` event hashes, each one of the case file's."""
    proof = set(page.locator(".proof code.hash").all_inner_texts())
    check(len(proof) >= minimum and proof <= case_hashes, f"{what}: {proof - case_hashes}")


def in_kazakh_and_russian(browser: Browser, page, name: str, russian_title: str, what: str) -> None:
    """Looks at a form in Kazakh, then in Russian under its Russian title, and switches back."""
    browser.look(page, f"{name}-kk")
    switch(page, "ru")
    check(page.locator("h1.form-title").inner_text() == russian_title, what)
    browser.look(page, f"{name}-ru")
    switch(page, "kk")


def quarterly_forms(browser: Browser, page) -> None:
    """The 2023 method's printable forms, filled from the example year, read by body m's HR officer (004 §21),
    in Kazakh and Russian: the head of apparatus's plan (App. 1) and first-quarter KPI sheet (App. 2, scored
    within the App. 3 table), s1's first-quarter differentiation sheet (App. 4) and 360 report (App. 7)."""
    case_hashes = lambda: set(page.locator("code.hash").all_inner_texts())  # noqa: E731
    page.goto("/console/case?case=case/quarterly/m/2024/head")
    head_hashes = case_hashes()
    open_form(page, "case/quarterly/m/2024/head", "quarterly-plan")
    check(page.locator("h1.form-title").inner_text() == "Аппарат басшысының жеке жұмыс жоспары", "the 2023 plan is titled as 004 names it")
    check(page.locator("table.sheet tbody tr").count() == 3, f"three KPIs (004 §24: three to five): {page.locator('table.sheet tbody tr').count()}")
    check_proof(page, head_hashes, 2, "the plan's event hashes are the case's")
    in_kazakh_and_russian(browser, page, "form-quarterly-plan", "Индивидуальный план работы руководителя аппарата", "the same plan in Russian")
    open_form(page, "case/quarterly/m/2024/head", "quarterly-kpi-sheet?case=case/quarterly/m/2024/head&quarter=1")
    rows = page.locator("table.sheet tbody tr")
    check(rows.count() == 3, f"one row per KPI: {rows.count()}")
    completions = page.locator("table.sheet tbody td:nth-child(6)").all_inner_texts()
    check(completions == ["100", "95", "82"], f"the completion HR computed (004 §23): {completions}")
    allowed, scores = page.locator("td.allowed").all_inner_texts(), page.locator("td.score").all_inner_texts()
    check(scores == ["5", "4", "3"] and all(a.isdigit() and int(s) <= int(a) for a, s in zip(allowed, scores)),
          f"each score within what the App. 3 table allows at its completion (004 §28): {scores} ≤ {allowed}")
    check(page.locator(".quarter-score").inner_text() == "4,00", f"the quarter's score is the mean of the KPI scores: {page.locator('.quarter-score').inner_text()}")
    band_kk = page.locator(".band").inner_text()
    check(band_kk.startswith("Функционалдық міндеттерін"), f"the band as the methodology version names it in Kazakh (004 §8): {band_kk}")
    check_proof(page, head_hashes, 3, "the sheet's event hashes are the case's")
    browser.look(page, "form-quarterly-kpi-sheet-kk")
    switch(page, "ru")
    check(page.locator("h1.form-title").inner_text() == "Оценочный лист по достижению КЦИ" and page.locator(".band").inner_text() != band_kk,
          "the same sheet in Russian, the band by its Russian name")
    browser.look(page, "form-quarterly-kpi-sheet-ru")
    switch(page, "kk")
    page.goto("/console/case?case=case/quarterly/m/2024/s1")
    s1_hashes = case_hashes()
    open_form(page, "case/quarterly/m/2024/s1", "differentiation-sheet?case=case/quarterly/m/2024/s1&quarter=1")
    check(page.locator("h1.form-title").inner_text() == "Саралау әдісі бойынша бағалау парағы", "the App. 4 sheet, titled in Kazakh")
    notes = page.locator("table.sheet tbody tr").all_inner_texts()
    check(len(notes) == 5 and "функционалдық міндеттерді орындау сапасы" in notes[0] and "drafts sound" in notes[0],
          f"the four parameters of 004 §33 and the volume of work, with the evaluator's grounds: {notes}")
    check(page.locator(".score").first.inner_text() == "3,00", f"the score given (004 §32): {page.locator('.score').first.inner_text()}")
    check(page.locator(".calibrated").inner_text().startswith("4,00"), f"the calibration session's final score (004 §42): {page.locator('.calibrated').inner_text()}")
    check_proof(page, s1_hashes, 1, "the sheet's event hashes are the case's")
    in_kazakh_and_russian(browser, page, "form-differentiation-sheet", "Оценочный лист по методу ранжирования", "the same sheet in Russian")
    open_form(page, "case/quarterly/m/2024/s1", "report-360")
    check(page.locator("h1.form-title").inner_text() == "360 әдісі бойынша бағалау нәтижелері туралы жеке есеп", "the App. 7 report, titled in Kazakh")
    competencies = page.locator("table.sheet tbody tr").all_inner_texts()
    check(len(competencies) == 8, f"the eight competencies of a corps B servant (004 §35): {len(competencies)}")
    ethics = [row for row in competencies if "әдеп нормалары" in row]
    check(len(ethics) == 1 and "иә" in ethics[0], f"the least developed competency is marked (004 §37): {competencies}")
    check(int(page.locator(".answered").inner_text()) >= 3, "at least three answered (004 §36)")
    check("s2" not in page.locator("table.sheet").inner_text() and "chair" not in page.locator("table.sheet").inner_text(),
          "no respondent is named beside an answer (004 §34)")
    in_kazakh_and_russian(browser, page, "form-report-360", "Индивидуальный отчёт по результатам оценки методом 360", "the same report in Russian")
    open_form(page, "case/quarterly/m/2024/s1", "feedback")
    check(page.locator("h1.form-title").inner_text() == "360 бағалау нәтижелері бойынша кері байланыс", "the App. 8 feedback form, titled in Kazakh")
    least = page.locator("table.competencies tr.least").all_inner_texts()
    check(len(least) == 1 and "әдеп нормалары" in least[0], f"the competency the 360 found least developed (004 §37): {least}")
    meetings = page.locator("table.meeting").all_inner_texts()
    check(len(meetings) == 1 and "Тоқсан 1" in meetings[0] and "кадр резервіне" in meetings[0],
          f"the first quarter's feedback meeting with its three topics (004 §43): {meetings}")
    check_proof(page, s1_hashes, 2, "the form's hashes are the case file's")
    in_kazakh_and_russian(browser, page, "form-feedback", "Обратная связь по результатам оценки 360", "the same form in Russian")


def record_value(scope, label: str) -> str:
    """The value beside `label` in a record table (a row's header and its cell)."""
    return scope.locator("table.record tr", has=scope.page.locator(f"th:text-is('{label}')")).first.locator("td").inner_text()


def auditor_history(browser: Browser, page) -> None:
    """The auditor, under a mandate, reads p1's 2018 case and its history; each read recorded with its reason."""
    page.goto("/console")
    page.locator("#case-stream").fill("case/annual/b/2018/p1")
    page.locator("#case-reason").fill("audit order 12")
    with page.expect_navigation():
        page.locator("form[action='/console/case'] button[type=submit]").click()
    check(page.locator("li.act").count() > 10, f"under a mandate the auditor reads the case: {page.locator('li.act').count()} acts")
    reads = page.locator("section[aria-labelledby=reads] tbody tr")
    check(reads.count() >= 1 and "audit order 12" in reads.last.inner_text(), f"the auditor's read is recorded with its reason: {page.locator('section[aria-labelledby=reads]').inner_text()}")
    with page.expect_navigation():
        page.locator("nav[aria-labelledby=forms] a[href*='case/history']").click()
    check(page.locator("h1").inner_text() == "Іс уақыт бойынша", "the case over time, in Kazakh")
    now = page.locator("section.as-of")
    check(record_value(now, "Қорытынды баға") not in ("", "—"),
          f"as of now the case has its final grade: {record_value(now, 'Қорытынды баға')}")
    browser.look(page, "case-history-now-kk")
    # As of 26.12.2018 12:00 on the occurred axis: the KPI sheet signed that morning, no final grade yet.
    page.locator("#axis").select_option("occurred")
    page.locator("#at").fill("2018-12-26T12:00")
    with page.expect_navigation():
        page.locator("form[aria-labelledby=as-of-form] button[type=submit]").click()
    then = page.locator("section.as-of")
    check("26.12.2018 12:00" in then.locator("h2").inner_text(), f"the moment shown: {then.locator('h2').inner_text()}")
    check(record_value(then, "Қорытынды баға") == "—" and record_value(then, "НМИ бойынша баға") not in ("", "—"),
          f"as of 26.12.2018 the KPI grade is known, the final grade is not: {then.inner_text()}")
    # The difference to 20.01.2019: the final grade appears, and the acts in between carry clause and hash.
    page.locator("#diff-axis").select_option("occurred")
    page.locator("#from").fill("2018-12-26T12:00")
    page.locator("#to").fill("2019-01-20T00:00")
    with page.expect_navigation():
        page.locator("form[aria-labelledby=diff-form] button[type=submit]").click()
    changes = page.locator("table.changes tbody tr")
    final = [row for row in changes.all_inner_texts() if "Қорытынды баға" in row]
    check(len(final) == 1 and "—" in final[0], f"the final grade changed from none: {changes.all_inner_texts()}")
    between = page.locator("table.acts-between tbody tr")
    types = " ".join(between.all_inner_texts())
    check("annual.result-approved" in types and "annual.competency-sheet-signed" in types and "annual.kpi-sheet-signed" not in types,
          f"the acts after 26.12.2018 12:00 and by 20.01.2019: {types}")
    check(all(re.fullmatch(r"[0-9a-f]{64}", h) for h in page.locator("table.acts-between code.hash").all_inner_texts()), "each act in between carries its event hash")
    check("001 §" in types, "the acts in between cite their clauses")
    browser.look(page, "case-history-diff-kk")
    switch(page, "ru")
    check(page.locator("h1").inner_text() == "Дело во времени" and page.locator("table.acts-between tbody tr").count() == between.count(),
          "the case over time in Russian, the same acts in between")
    browser.look(page, "case-history-diff-ru")
    switch(page, "kk")
    # The bundle: the case's events with the chain evidence, a download.
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("бумасын жүктеп алу")).click()
    bundle = json.load(open(download.value.path(), encoding="utf-8"))
    check(isinstance(bundle, dict) and "case/annual/b/2018/p1" in json.dumps(bundle), "the downloaded bundle holds the case's events")
    # The body over time, from the home: every case of body b the mandate covers, as of 31.12.2018.
    page.goto("/console")
    page.locator("#body-id").fill("b")
    page.locator("#body-reason").fill("audit order 12")
    with page.expect_navigation():
        page.locator("form[action='/console/body/history'] button[type=submit]").click()
    check(page.locator("h1").inner_text() == "Орган уақыт бойынша" and page.locator("p.admitted").inner_text().endswith(": 1"),
          f"the body's page shows the one case of body b: {page.locator('p.admitted').inner_text() if page.locator('p.admitted').count() else page.url}")
    page.locator("#axis").select_option("occurred")
    page.locator("#at").fill("2018-12-31T23:00")
    with page.expect_navigation():
        page.locator("form[aria-labelledby=as-of-form] button[type=submit]").click()
    then = page.locator("section.as-of")
    check(record_value(then, "Қызметші") == "p1" and record_value(then, "Қорытынды баға") == "—",
          f"as of 31.12.2018 on the occurred axis, p1's case without its final grade: {then.inner_text()[:300]}")
    browser.look(page, "body-history-kk")
    switch(page, "ru")
    then = page.locator("section.as-of")
    check(page.locator("h1").inner_text() == "Орган во времени" and record_value(then, "Служащий") == "p1" and record_value(then, "Итоговая оценка") == "—",
          f"the body over time in Russian, the same moment: {then.inner_text()[:300]}")
    browser.look(page, "body-history-ru")
    switch(page, "kk")


def annual_plan(browser: Browser, ledger: Ledger) -> None:
    """A 2018-method plan agreed in the browser (001 §9–§12): HR of body b opens p1's 2019 case; the direct
    supervisor drafts the KPIs and submits them from *acts waiting for me*; the superior supervisor returns
    the plan with a reason; the direct supervisor sees the reason beside the act waiting, drafts again and
    submits; the superior supervisor approves."""
    hr_b = ledger.first_sign_in("hr-1", ledger.open_account("hr-1", ledger.admin, "administrator", body="b")["temporaryPassword"])
    status, answer, _ = post(ledger.base, "/acts/annual.open-case", {"actor": {"role": "hr-officer"}, "bodyId": "b", "year": 2019, "personId": "p1",
                                                                    "occurredAt": "2019-01-03T10:00:00+06:00"}, hr_b)
    check(status == 201, f"HR opens p1's 2019 case: {answer}")
    chief = first_browser_sign_in(browser, "chief", ledger.open_account("chief", ledger.admin, "administrator", body="b"))
    head = first_browser_sign_in(browser, "head", ledger.open_account("head", ledger.admin, "administrator", body="b"))
    kpis = {}
    for row in range(5):
        kpis.update({f"kpis-{row}-name": f"KPI {row + 1}", f"kpis-{row}-sourceDocument": "Development plan",
                     f"kpis-{row}-unit": "%", f"kpis-{row}-plannedValue": "100", f"kpis-{row}-deadline": "2019-12-20", f"kpis-{row}-expectedResult": "Result"})
    open_waiting(chief, "annual.draft-plan", None, "p1")
    numbers = [chief.locator(f"#f-kpis-{row}-number").input_value() for row in range(5)]
    check(numbers == ["1", "2", "3", "4", "5"], f"the plan's five rows are numbered (001 §14: five KPIs): {numbers}")
    perform_waiting(browser, chief, "annual.draft-plan", None, "2019-01-10T10:00", kpis, person="p1")
    perform_waiting(browser, chief, "annual.submit-plan", None, "2019-01-10T11:00", {}, person="p1")
    open_waiting(head, "annual.approve-plan", None, "p1")
    open_waiting(head, "annual.return-plan", None, "p1")
    fill_act(head, "2019-01-11T10:00", {"reason": "KPI 3 repeats KPI 1"})
    submit(head)
    check("annual.plan-returned" in head.locator("ol.acts").inner_text(), "the superior supervisor returned the plan")
    chief.goto("/console")
    waiting = chief.locator("section[aria-labelledby=waiting] li", has=chief.locator("a[href*='annual.draft-plan']")).inner_text()
    check("KPI 3 repeats KPI 1" in waiting and "қайтарылды" in waiting, f"the plan waits for the direct supervisor again, with the reason: {waiting}")
    browser.look(chief, "home-plan-returned-kk")
    open_waiting(chief, "annual.draft-plan", None, "p1")
    check(chief.locator("#f-kpis-2-name").input_value() == "KPI 3", "the returned plan is drafted again from what it held")
    perform_waiting(browser, chief, "annual.draft-plan", None, "2019-01-14T10:00", {"kpis-2-name": "Readers served"}, person="p1")
    perform_waiting(browser, chief, "annual.submit-plan", None, "2019-01-14T11:00", {}, person="p1")
    perform_waiting(browser, head, "annual.approve-plan", None, "2019-01-15T10:00", {}, person="p1")
    check("annual.plan-approved" in head.locator("ol.acts").inner_text(), "the plan is approved (001 §12)")
    head.goto("/console")
    check(head.locator("section[aria-labelledby=waiting] a[href*='-plan?']").count() == 0, "nothing of the plan waits for the superior any more")


def attestation(browser: Browser, ledger: Ledger) -> None:
    """a5's attestation (docs/examples/attestation-2025.jsonl), read by a5 from their case file, in Kazakh and
    Russian: the order, the date and the notice (000 §I.4), the package (000 §II), the interview with two
    of three members present (000 §III.1), a tie the chair's vote decided (000 §III.2), the order on the
    results (000 §IV.1); every proof hash one of the case file's."""
    issued = ledger.open_account("a5", ledger.admin, "administrator", body="k")
    page = first_browser_sign_in(browser, "a5", issued)
    page.goto("/console/case?case=case/attestation/k/r2025/a5")
    case_hashes = set(page.locator("code.hash").all_inner_texts())
    with page.expect_navigation():
        page.locator("nav[aria-labelledby=forms] a[href*='/console/attestation']").click()
    check(page.locator("h1").inner_text() == "Аттестаттау", "the attestation page, in Kazakh")
    check(page.locator("td.att-date").inner_text() == "15.04.2025" and page.locator("td.notice").inner_text() == "10.03.2025",
          f"the date and the notice signed a month before (000 §I.4): {page.locator('td.att-date').inner_text()} / {page.locator('td.notice').inner_text()}")
    documents = page.locator("table.documents tbody tr").all_inner_texts()
    check(len(documents) == 4 and any("қызметтік мінездеме" in d for d in documents), f"the package of four (000 §II): {documents}")
    check(page.locator("td.present").inner_text() == "dep, c2", f"two of three present: {page.locator('td.present').inner_text()}")
    votes = page.locator("table.votes tbody tr").all_inner_texts()
    check(len(votes) == 2, f"each present member's vote: {votes}")
    check(page.locator(".tie").count() == 1 and page.locator(".decision").inner_text() != "fits",
          f"a tie decided by the chair's vote, the outcome by the regulation's Kazakh name (000 §III.2): {page.locator('.decision').inner_text()}")
    decision_kk = page.locator(".decision").inner_text()
    proof = set(page.locator(".proof code.hash").all_inner_texts())
    check(len(proof) >= 10 and proof <= case_hashes, f"every hash is one of the case file's: {proof - case_hashes}")
    browser.look(page, "attestation-kk")
    switch(page, "ru")
    check(page.locator("h1").inner_text() == "Аттестация" and page.locator(".decision").inner_text() == "Соответствует занимаемой должности",
          f"the same in Russian, the outcome as the regulation names it: {page.locator('.decision').inner_text()}")
    browser.look(page, "attestation-ru")
    # The attestation sheet (000 §II.3, §III.2): the votes counted per outcome and the decision entered.
    switch(page, "kk")
    open_form(page, "case/attestation/k/r2025/a5", "attestation-sheet")
    check(page.locator("h1.form-title").inner_text() == "Аттестаттау парағы", "the attestation sheet, titled in Kazakh")
    tally = page.locator("table.tally tbody tr").all_inner_texts()
    check(len(tally) == 2 and all(row.endswith("1") for row in tally), f"one vote for each of two outcomes, a tie (000 §III.2): {tally}")
    check(page.locator(".tie").count() == 1 and page.locator(".decision").inner_text() == decision_kk,
          f"the chair's vote decided, the outcome by the regulation's name: {page.locator('.decision').inner_text()}")
    check_proof(page, case_hashes, 10, "the sheet's hashes are the case file's")
    in_kazakh_and_russian(browser, page, "form-attestation-sheet", "Аттестационный лист", "the same sheet in Russian")
    check(page.locator("a[href*='/console/attestation/round']").count() == 0, "a5 is offered no link to the round as a whole")
    response = page.goto("/console/attestation/round?body=k&round=r2025")
    check(response.status == 403 and page.locator("table.round").count() == 0, f"a5 is refused the round (000 §I.4; 004 §21): {response.status}")
    # A new round for a1 in 2027: the order and the schedule over the API, then the HR officer's home lists
    # the notice to take, due a month before the date (000 §I.4); taken, the interview waits.
    dir_k = ledger.first_sign_in("dir", ledger.open_account("dir", ledger.admin, "administrator", body="k")["temporaryPassword"])
    hrk = first_browser_sign_in(browser, "hrk", ledger.open_account("hrk", ledger.admin, "administrator", body="k"))
    status, answer, _ = post(ledger.base, "/acts/attestation.order", {
        "actor": {"role": "authorised-person"}, "bodyId": "k", "roundId": "r2027", "orderNumber": "3-ж", "orderDate": "2026-11-02",
        "commissionId": "c-att", "subject": ["a1"], "notSubject": [], "methods": "interview"}, dir_k)
    check(status == 201, f"the authorised person orders the 2027 round: {answer}")
    for act, fields in [("attestation.schedule", {"entries-0-personId": "a1", "entries-0-date": "2027-01-20"}), ("attestation.open-case", {"personId": "a1"})]:
        hrk.goto(f"/console/acts/{act}?bodyId=k&roundId=r2027")
        fill_act(hrk, "", fields)
        submit(hrk)
        check(hrk.locator("section.refusal").count() == 0, f"{act}: {hrk.locator('main').inner_text()[:300]}")
    hrk.goto("/console")
    notice = hrk.locator("section[aria-labelledby=waiting] li", has=hrk.locator("a[href*='attestation.sign-notice'][href*='personId=a1']")).inner_text()
    check("20.12.2026" in notice and "000 §I.4" in notice, f"a1's notice waits, due a month before 20.01.2027 (000 §I.4): {notice}")
    browser.look(hrk, "home-attestation-waiting-kk")
    perform_waiting(browser, hrk, "attestation.sign-notice", None, "", {"signedOn": "2026-12-01"}, person="a1")
    hrk.goto("/console")
    check(hrk.locator("section[aria-labelledby=waiting] a[href*='attestation.hold-interview'][href*='personId=a1']").count() == 1, "then the interview waits")
    # The 2025 round as a whole, for the HR officer: the three subject with dates and outcomes, a7 not subject.
    hrk.goto("/console/case?case=case/attestation/k/r2025/a5")
    with hrk.expect_navigation():
        hrk.locator("nav[aria-labelledby=forms] a[href*='/console/attestation']").click()
    with hrk.expect_navigation():
        hrk.locator("a[href*='/console/attestation/round']").click()
    rows = hrk.locator("table.round tbody tr").all_inner_texts()
    check(len(rows) == 3 and all("15.04.2025" in row for row in rows) and any(row.startswith("a2") and "резерв" in row.lower() for row in rows),
          f"the round's three, each with the date and the outcome by the regulation's name: {rows}")
    check("a7" in hrk.locator("table.not-subject").inner_text() and "child" in hrk.locator("table.not-subject").inner_text(), "a7, not subject, with the order's reason")
    browser.look(hrk, "attestation-round-kk")


def commission_protocol(browser: Browser, ledger: Ledger) -> None:
    """The chair of commission c-2018 finds it on their home; its protocol: attendance, quorum, open votes."""
    m1_issued = ledger.open_account("m1", ledger.admin, "administrator", body="b")
    page = first_browser_sign_in(browser, "m1", m1_issued)
    link = page.locator("section[aria-labelledby=commissions] a")
    check(link.count() == 1 and "c-2018" in link.inner_text(), f"the chair's home lists the commission: {link.all_inner_texts()}")
    with page.expect_navigation():
        link.click()
    check(page.locator("h1").inner_text() == "Комиссия хаттамасы", "the protocol, in Kazakh")
    check(page.locator("td.present").inner_text() == "m1, m2, m3, m4" and page.locator("td.quorum").inner_text() == "бар",
          f"four of five present, quorate (001 §30): {page.locator('td.present').inner_text()} / {page.locator('td.quorum').inner_text()}")
    check(page.locator("td.votes-for").inner_text() == "2" and page.locator("td.votes-against").inner_text() == "1"
          and page.locator("td.decision").inner_text() == "қабылданды", "two for, one against: carried (001 §33)")
    votes = page.locator("table.votes tbody tr").all_inner_texts()
    check(len(votes) == 3 and any("m3" in v and "қарсы" in v for v in votes), f"each member's open vote (001 §32): {votes}")
    browser.look(page, "commission-kk")
    switch(page, "ru")
    check(page.locator("td.decision").inner_text() == "принято" and page.locator("td.quorum").inner_text() == "есть", "the same protocol in Russian")
    browser.look(page, "commission-ru")
    # The meeting's protocol as the 2018 method's App. 5 form (001 §30–§39): the servant's row with the
    # sheets' results, the open votes, the correction column and the approved result.
    switch(page, "kk")
    with page.expect_navigation():
        page.locator("a[href*='/console/forms/protocol'][href*='meeting=mt-1']").click()
    check(page.locator("h1.form-title").inner_text() == "Бағалау жөніндегі комиссия отырысының хаттамасы", "the App. 5 protocol, titled in Kazakh")
    rows = page.locator("table.protocol tbody tr")
    check(rows.count() == 1 and "p1" in rows.first.inner_text(), f"one servant put to the meeting: {rows.all_inner_texts()}")
    check(page.locator("td.votes").inner_text() == "2 / 1" and page.locator("td.corrected").inner_text() == ""
          and page.locator("td.approved").inner_text().startswith(page.locator("table.protocol tbody td:nth-child(3)").inner_text()),
          f"two for, one against, nothing corrected, the KPI sheet's grade approved (001 §33, §38, §39): "
          f"{[page.locator(c).inner_text() for c in ('td.votes', 'td.corrected', 'td.approved')]}")
    check(page.locator("td.present").inner_text().count("(") == 4 and page.locator("td.quorum").inner_text() == "бар", "four present, quorate (001 §30)")
    signers = page.locator(".signatures > div").count()
    check(signers == 5, f"the chair, the three other members present and the secretary sign (001 §34): {signers}")
    proof = page.locator(".proof code.hash").count()
    check(proof == 5, f"schedule, meeting, motion, decision and approval prove it: {proof}")
    in_kazakh_and_russian(browser, page, "form-protocol", "Протокол заседания комиссии по оценке", "the same protocol in Russian")


def records_office(browser: Browser, ledger: Ledger, rec_issued: dict) -> None:
    """The records office: the 2018 cases due (ended 2019, kept three years), a dry run, then the purge
    with its certificate and the tree head signed after it (001 §8, 004 §15)."""
    page = browser.person()
    browser.sign_in(page, "rec", Ledger.password("rec"), totp(Ledger.secret(rec_issued), time.time() + 30))
    with page.expect_navigation():
        page.locator("a[href='/console/records']").click()
    rows = page.locator("table.retention tbody tr")
    due = page.locator("table.retention tbody tr.due")
    check(due.count() >= 1 and "case/annual/b/2018/p1" in " ".join(due.all_inner_texts()), f"p1's 2018 case is due: {due.all_inner_texts()}")
    check(rows.count() > due.count(), "the 2024 cases are listed and not due")
    browser.look(page, "records-kk")
    switch(page, "ru")
    check(page.locator("html").get_attribute("lang") == "ru" and page.locator("table.retention tbody tr.due").count() == due.count(), "the records office's page in Russian")
    browser.look(page, "records-ru")
    switch(page, "kk")
    with page.expect_navigation():
        page.locator("form[aria-labelledby=purge-form] button[type=submit]").click()
    result = page.locator("section.purge-result")
    check(result.locator("h2").inner_text().startswith("Сынақ") and result.locator("td.certificate").inner_text() == "жоқ",
          f"a dry run lists the cases and records no certificate: {result.inner_text()}")
    check(result.locator("tbody tr").count() >= due.count(), "the dry run lists every case due")
    browser.look(page, "records-dry-run-kk")
    page.locator("#dry-run").uncheck()
    with page.expect_navigation():
        page.locator("form[aria-labelledby=purge-form] button[type=submit]").click()
    result = page.locator("section.purge-result")
    check(result.locator("h2").inner_text() == "Жойылды", f"the purge is done: {result.locator('h2').inner_text()}")
    check(re.fullmatch(r"#\d+ · [0-9a-f]{64}", result.locator("td.certificate").inner_text()) is not None, f"its certificate: {result.locator('td.certificate').inner_text()}")
    check(re.fullmatch(r"#\d+ · [0-9a-f]{64}", result.locator("td.tree-head").inner_text()) is not None, f"the tree head signed after it: {result.locator('td.tree-head').inner_text()}")
    check("жойылды" in page.locator("table.retention").inner_text(), "the purged cases now stand as purged")
    browser.look(page, "records-purged-kk")
    page.goto("/console")
    check(page.locator("section[aria-labelledby=ledger] .ok").count() == 1, "after the purge the chain is still intact")
    # The records office opens an auditor's account in the console: the one-time secrets shown once, and the
    # auditor signs in with them, choosing their own password.
    with page.expect_navigation():
        page.locator("nav[aria-labelledby=accounts] a[href='/console/acts/access.open-account']").click()
    page.locator("#f-role").select_option("records-officer")
    page.locator("#f-personId").fill("aud2")
    page.locator("#f-offices").fill("auditor")
    submit(page)
    password = page.locator("code.one-time-password").inner_text()
    url = page.locator("code.authenticator-url").inner_text()
    check(len(password) >= 12 and url.startswith("otpauth://totp/"), f"the one-time password and the authenticator's address: {page.locator('main').inner_text()[:300]}")
    browser.look(page, "account-issued-kk")
    auditor = browser.person()
    browser.sign_in(auditor, "aud2", password, totp(urllib.parse.parse_qs(urllib.parse.urlparse(url).query)["secret"][0], time.time()))
    check(auditor.url.endswith("/console/password"), f"the new auditor signs in with the one-time secrets and chooses a password: {auditor.url}")


def first_browser_sign_in(browser: Browser, person: str, issued: dict):
    """A person's first sign-in in the browser: the one-time password, then their own."""
    page = browser.person()
    browser.sign_in(page, person, issued["temporaryPassword"])
    page.locator("#current").fill(issued["temporaryPassword"])
    page.locator("#new").fill(Ledger.password(person))
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    check(page.url.endswith("/console"), f"{person} is home after choosing a password: {page.url}")
    return page


def open_waiting(page, act: str, quarter: int | None, person: str | None = None) -> None:
    """Follows the home's link to an act waiting for the person (of a quarter, of a servant, when given)."""
    page.goto("/console")
    selector = f"section[aria-labelledby=waiting] a[href*='/console/acts/{act}?']"
    selector += f"[href*='quarter={quarter}']" if quarter else ""
    selector += f"[href*='personId={person}']" if person else ""
    link = page.locator(selector).first
    check(link.count() == 1, f"{act} (quarter {quarter}) waits for the person: {page.locator('main').inner_text()[:600]}")
    with page.expect_navigation():
        link.click()


def fill_act(page, occurred: str, fills: dict) -> None:
    page.locator("#f-occurredAt").fill(occurred)
    for name, value in fills.items():
        field = page.locator(f"#f-{name}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def perform_waiting(browser: Browser, page, act: str, quarter: int | None, occurred: str, fills: dict, screenshot: str | None = None,
                    person: str | None = None) -> None:
    """Follows the home's link to an act waiting for the person, fills the form and performs it; the
    console answers with the case file, which lists the act."""
    open_waiting(page, act, quarter, person)
    fill_act(page, occurred, fills)
    if screenshot:
        browser.look(page, screenshot)
    submit(page)
    check("/console/case?case=" in page.url, f"{act} was performed: {page.url} {page.locator('main').inner_text()[:400]}")
    check(act.split(".")[1] in page.locator("ol.acts").inner_text() or page.locator("li.act").count() > 0, f"the case file lists {act}")


def head_of_apparatus_plan(browser: Browser, hr, chair) -> None:
    """The head of apparatus's KPIs in the browser (004 §22–§28): HR opens the year, the chair (the
    evaluator) sets three KPIs agreed with HR, HR places the plan and pre-computes the first quarter's
    actual values, and the chair scores each KPI beside the App. 3 table — a score above what a KPI's
    completion allows is refused, naming the KPI's field, and nothing is recorded."""
    hr.goto("/console/acts/quarterly.open-case?bodyId=m&year=2024&personId=head")
    fill_act(hr, "2024-01-03T10:00", {})
    submit(hr)
    check(hr.url.endswith("/console/case?case=case/quarterly/m/2024/head"), f"the head's case is opened: {hr.url}")
    kpis = {}
    for row, (name, planned) in enumerate([("Budget executed", "100"), ("Decisions published on time", "100"), ("Staff trained", "20")]):
        kpis.update({f"kpis-{row}-number": str(row + 1), f"kpis-{row}-name": name, f"kpis-{row}-unit": "%", f"kpis-{row}-plannedValue": planned})
    open_waiting(chair, "quarterly.set-plan", None)
    check(chair.locator("#f-agreedBy").input_value() == "hr", "the plan's form names the HR officer who agrees it (004 §23)")
    fill_act(chair, "2024-01-15T10:00", kpis)
    browser.look(chair, "act-set-plan-kk")
    submit(chair)
    check("quarterly.plan-set" in chair.locator("ol.acts").inner_text(), "the chair set the KPIs")
    perform_waiting(browser, hr, "quarterly.place-plan", None, "2024-01-17T10:00", {})
    open_waiting(hr, "quarterly.compute-actual-values", 1)
    check([hr.locator(f"#f-values-{row}-number").input_value() for row in range(3)] == ["1", "2", "3"], "the plan's KPI numbers are filled in")
    fill_act(hr, "2024-04-03T10:00", {"values-0-actualValue": "100", "values-0-completion": "100", "values-1-actualValue": "95",
                                      "values-1-completion": "95", "values-2-actualValue": "14", "values-2-completion": "70"})
    submit(hr)
    open_waiting(chair, "quarterly.score-kpis", 1)
    guidance = chair.locator("section.guidance tbody tr").all_inner_texts()
    allowed = chair.locator("section.guidance td.allowed").all_inner_texts()
    check(len(guidance) == 3 and "70" in guidance[2] and all(a.isdigit() for a in allowed) and int(allowed[2]) < 5,
          f"beside the form, each KPI's completion and the highest score it allows (App. 3): {guidance}")
    fill_act(chair, "2024-04-08T10:00", {"scores-0-score": "5", "scores-1-score": "4", "scores-2-score": "5"})
    submit(chair)
    refusal = chair.locator("section.refusal")
    check(refusal.count() == 1 and "scores[2].score" in refusal.inner_text() and "004" in refusal.inner_text(),
          f"a score above what 70 % allows is refused, naming the KPI's field and the clause: {refusal.inner_text() if refusal.count() else chair.url}")
    check(chair.locator("section.guidance tbody tr").count() == 3, "the refused form still shows the App. 3 table")
    words = refusal.locator(".field-words").inner_text()
    invalid = chair.locator("[aria-invalid=true]")
    check(words.startswith("Балдар, 3-жол: ") and invalid.count() == 1 and invalid.get_attribute("id") == "f-scores-2-score",
          f"the refused field in the reader's words, and that input alone marked invalid: {words!r}, {invalid.count()}")
    # (Screenshot and axe-core after the post: run before it on this page, the click did not submit the form in
    # headless Chromium — seen, not explained; the page looked at is the same form with the refusal.)
    browser.look(chair, "act-score-kpis-refused-kk")
    chair.locator("#f-scores-2-score").fill(allowed[2])
    submit(chair)
    check(chair.url.endswith("/console/case?case=case/quarterly/m/2024/head") and "quarterly.kpis-scored" in chair.locator("ol.acts").inner_text(),
          f"the KPIs are scored within the table: {chair.url}")


def quarterly_year(bagalau: str, artifacts: str) -> None:
    """A 2023-method year performed in the browser by the people themselves: HR opens the cases, the
    chair sets the head of apparatus's KPIs agreed with HR and scores them within the App. 3 table; the
    head scores a servant's quarter, HR familiarises the servant, the servant applies for calibration, the
    chair convenes the session, the participants argue and vote, the chair signs, HR posts the protocol,
    the servant sees the corrected grade; the other three quarters are scored and familiarised, and the
    servant sees the year's grade (004 §5, §8, §12, §23–§28, §39–§42)."""
    work = tempfile.mkdtemp(prefix="bagalau-console-year-")
    ledger = Ledger(bagalau, work, only_setup=True)
    try:
        hr_issued = ledger.open_account("hr", ledger.admin, "administrator")
        hr_api = ledger.first_sign_in("hr", hr_issued["temporaryPassword"])
        issued = {person: ledger.open_account(person, hr_api, "hr-officer") for person in ["head", "chair", "s4", "s5", "s6"]}
        with sync_playwright() as playwright:
            browser = Browser(playwright, ledger, artifacts)
            hr = browser.person()
            browser.sign_in(hr, "hr", Ledger.password("hr"))
            hr.goto("/console/acts/quarterly.open-case?bodyId=m&year=2024&personId=s6")
            hr.locator("#f-occurredAt").fill("2024-01-03T10:00")
            browser.look(hr, "act-open-case-kk")
            submit(hr)
            check(hr.url.endswith("/console/case?case=case/quarterly/m/2024/s6"), f"the case is opened: {hr.url}")

            chair = first_browser_sign_in(browser, "chair", issued["chair"])
            head_of_apparatus_plan(browser, hr, chair)
            head = first_browser_sign_in(browser, "head", issued["head"])
            perform_waiting(browser, head, "quarterly.score-differentiation", 1, "2024-04-08T10:00",
                            {"score": "3", "quality": "drafts sound", "timeliness": "tasks on time", "initiative": "proposals made",
                             "discipline": "no breaches", "workload": "average"}, screenshot="act-score-differentiation-kk", person="s6")
            perform_waiting(browser, hr, "quarterly.familiarise", 1, "2024-04-09T10:00", {"channel": "system"}, person="s6")
            servant = first_browser_sign_in(browser, "s6", issued["s6"])
            servant.goto("/console")
            item = servant.locator("section[aria-labelledby=waiting] li", has=servant.locator("a[href*='apply-for-calibration'][href*='quarter=1']")).inner_text()
            check("16.04.2024" in item and "004 §13" in item and "мерзімі өтті" in item,
                  f"the application's deadline, five working days from familiarisation on 09.04.2024, passed long ago (004 §13): {item}")
            browser.look(servant, "home-servant-waiting-kk")
            perform_waiting(browser, servant, "quarterly.apply-for-calibration", 1, "2024-04-10T10:00", {"reason": "the quarter's work deserves more"}, person="s6")
            perform_waiting(browser, chair, "quarterly.convene-calibration", 1, "2024-04-11T10:00",
                            {"sessionId": "cal-s6-1", "participants": "head\nchair\ns4\ns5", "sessionDate": "2024-04-15"}, person="s6")
            s4 = first_browser_sign_in(browser, "s4", issued["s4"])
            s5 = first_browser_sign_in(browser, "s5", issued["s5"])
            perform_waiting(browser, head, "quarterly.argue", 1, "2024-04-15T10:00", {"position": "support", "argument": "the grade reflects the work"}, person="s6")
            perform_waiting(browser, s5, "quarterly.argue", 1, "2024-04-15T10:05", {"position": "raise", "proposedScore": "4", "argument": "the evidence says more"}, person="s6")
            # A vote outside 0–5 is refused on the form, naming the field, and nothing is recorded.
            s4.goto("/console/acts/quarterly.vote?bodyId=m&year=2024&personId=s6&quarter=1&role=calibration-participant")
            s4.locator("#f-score").fill("7")
            submit(s4)
            check(s4.locator("section.refusal").count() == 1 and "score" in s4.locator("section.refusal").inner_text(), "a vote of 7 is refused, naming the field")
            check(s4.locator("#f-score").input_value() == "7", "the refused form keeps what was typed")
            browser.look(s4, "act-vote-refused-kk")
            for page, score in [(head, "3"), (chair, "4"), (s4, "4"), (s5, "4")]:
                perform_waiting(browser, page, "quarterly.vote", 1, "2024-04-15T11:00", {"score": score}, person="s6")
            perform_waiting(browser, chair, "quarterly.sign-protocol", 1, "2024-04-15T12:00", {}, person="s6")
            perform_waiting(browser, hr, "quarterly.post-protocol", 1, "2024-04-16T10:00", {}, person="s6")
            servant.goto("/console")
            complaint = servant.locator("section[aria-labelledby=waiting] li", has=servant.locator("a[href*='quarterly.file-complaint'][href*='quarter=1']")).inner_text()
            check("16.07.2024" in complaint and "APC" in complaint,
                  f"a complaint of the calibration decision may follow, within three months of the protocol's posting on 16.04.2024: {complaint}")
            quarter = servant.locator("article.case table.quarters tbody tr").first.inner_text()
            check("4,00" in quarter and "калибрлеуден кейін" in quarter, f"the servant sees the corrected grade of quarter 1: {quarter}")
            browser.look(servant, "home-servant-corrected-kk")
            # The rest of the year: the head scores each quarter, HR familiarises the servant.
            for quarter, scored, familiarised in [(2, "2024-07-08T10:00", "2024-07-09T10:00"), (3, "2024-10-08T10:00", "2024-10-09T10:00"),
                                                  (4, "2025-01-08T10:00", "2025-01-09T10:00")]:
                perform_waiting(browser, head, "quarterly.score-differentiation", quarter, scored,
                                {"score": "4", "quality": "drafts sound", "timeliness": "tasks on time", "initiative": "proposals made",
                                 "discipline": "no breaches", "workload": "average"}, person="s6")
                perform_waiting(browser, hr, "quarterly.familiarise", quarter, familiarised, {"channel": "system"}, person="s6")
            # What HR still owes for the year: the notices of each quarter's evaluation, with their deadlines.
            hr.goto("/console")
            notice = hr.locator("section[aria-labelledby=waiting] li", has=hr.locator("a[href*='quarterly.notify'][href*='personId=head'][href*='quarter=2']")).inner_text()
            check("05.07.2024" in notice and "004 §27" in notice, f"the notice of the head's unscored second quarter was due by 5 July (004 §27): {notice}")
            check(hr.locator("section[aria-labelledby=waiting] a[href*='quarterly.notify'][href*='personId=s6']").count() == 0,
                  "no notice waits for a quarter already scored")
            check(hr.locator("section[aria-labelledby=waiting] a[href*='quarterly.open-360'][href*='personId=head']").count() == 1
                  and hr.locator("section[aria-labelledby=waiting] a[href*='quarterly.open-360'][href*='personId=s6']").count() == 0,
                  "the 360 waits for the head's open year, not for s6's settled one (004 §34)")
            browser.look(hr, "home-hr-waiting-kk")
            servant.goto("/console")
            case = servant.locator("article.case")
            quarters = case.locator("table.quarters tbody tr td.number").all_inner_texts()
            check(quarters == ["4,00", "4,00", "4,00", "4,00"], f"four quarters scored, the first after calibration: {quarters}")
            year = case.locator("table").first.inner_text()
            check("4,00" in year and "Функционалдық міндеттерін тиімді атқарады" in year,
                  f"the year's score is the mean of its quarters, banded by the version's Kazakh name (004 §5, §8): {year}")
            browser.look(servant, "home-servant-year-kk")
            print(f"console_test: a 2023-method year performed in the browser by 7 people ({browser.visited} pages checked)")
    finally:
        ledger.stop()


def recent_annual_year(work: str) -> tuple[str, int, datetime.date]:
    """p1's 2018-method year scripted again (docs/examples/annual-2018.jsonl) for the year before its
    commission meeting, which is put two days before today: the sheets signed in the December of the year
    evaluated, the meeting scheduled two weeks and notified eleven days before, the result approved and
    the servant familiarised yesterday. Returns the acts file, the year and the meeting's day."""
    meeting = datetime.date.today() - datetime.timedelta(days=2)
    year = meeting.year - 1 if meeting.month > 1 else meeting.year - 2
    day = lambda date: f"{date.isoformat()}T10:00:00+06:00"  # noqa: E731
    commission_days = {"commission.schedule": meeting - datetime.timedelta(days=14), "commission.notify": meeting - datetime.timedelta(days=11),
                       "annual.approve-result": meeting + datetime.timedelta(days=1), "annual.record-familiarisation": meeting + datetime.timedelta(days=1)}
    path = os.path.join(work, "recent-annual.jsonl")
    with open(os.path.join(ROOT, "docs/examples/annual-2018.jsonl"), encoding="utf-8") as example, open(path, "w", encoding="utf-8") as out:
        for number, line in enumerate(example):
            act = json.loads(line)
            if not act["act"].startswith(("annual.", "commission.")) or act["act"] == "commission.form":
                continue
            text = line.replace("2018-", f"{year}-").replace('"year":2018', f'"year":{year}').replace("annual-2018-p1", f"annual-{year}-p1")
            text = text.replace('"mt-1"', '"mt-recent"').replace('"mo-1"', '"mo-recent"')
            act = json.loads(text)
            act["id"] = f"00000000-0000-4000-b000-{number:012d}"
            if act["act"].startswith("commission.") or act["act"] in commission_days:
                act["occurredAt"] = day(commission_days.get(act["act"], meeting))
            if act["act"] == "commission.schedule":
                act["date"] = meeting.isoformat()
            out.write(json.dumps(act, ensure_ascii=False) + "\n")
    return path, year, meeting


def annual_appeal(bagalau: str, artifacts: str) -> None:
    """A 2018-method appeal waiting on the servant's home (001 §43): p1's result decided two days ago may be
    appealed until ten working days after the meeting, by the calendar in force — the act waits with that
    deadline, said to be counted in working days; p1's 2018 result, decided in 2019, waits for nothing.
    p1 files the appeal from the home, and it waits no longer."""
    work = tempfile.mkdtemp(prefix="bagalau-console-appeal-")
    path, year, meeting = recent_annual_year(work)
    ledger = Ledger(bagalau, work, files=[os.path.join(ROOT, "docs/examples/annual-2018.jsonl"), path])
    try:
        issued = ledger.open_account("p1", ledger.admin, "administrator", body="b")
        with sync_playwright() as playwright:
            browser = Browser(playwright, ledger, artifacts)
            page = first_browser_sign_in(browser, "p1", issued)
            waiting = page.locator("section[aria-labelledby=waiting] li", has=page.locator("a[href*='annual.file-appeal']"))
            check(waiting.count() == 1, f"one appeal waits, of the year decided two days ago, not of 2018: {waiting.all_inner_texts()}")
            text = waiting.inner_text()
            check(str(year) in text and "001 §43" in text and "жұмыс күндерімен" in text,
                  f"the appeal waits with its deadline in working days and its clause: {text}")
            due = re.search(r"(\d\d)\.(\d\d)\.(\d{4})", text)
            check(due is not None and meeting + datetime.timedelta(days=14) <= datetime.date(int(due[3]), int(due[2]), int(due[1])) <= meeting + datetime.timedelta(days=30),
                  f"ten working days after the meeting of {meeting}: {text}")
            browser.look(page, "home-appeal-waiting-kk")
            perform_waiting(browser, page, "annual.file-appeal", None, "", {"authority": "agency-department"}, person="p1")
            check("annual.appeal-filed" in page.locator("ol.acts").inner_text(), "the appeal is on the case file")
            page.goto("/console")
            check(page.locator("section[aria-labelledby=waiting] a[href*='annual.file-appeal']").count() == 0, "once filed, the appeal waits no longer")
            print(f"console_test: a 2018 appeal waiting on the servant's home until {due[0]}, filed from it ({browser.visited} pages checked)")
    finally:
        ledger.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bagalau", required=True)
    parser.add_argument("--artifacts", default=os.path.join(ROOT, ".ci/artifacts/console"))
    arguments = parser.parse_args()
    try:
        run(arguments.bagalau, arguments.artifacts)
        quarterly_year(arguments.bagalau, arguments.artifacts)
        annual_appeal(arguments.bagalau, arguments.artifacts)
    except Failure as failure:
        print(f"console_test: FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
