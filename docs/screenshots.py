"""Regenerate the README's screenshots from a running demo portal.

make run            # in one terminal (serves the demo on :8000)
.venv/bin/python docs/screenshots.py
"""

import os
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).parent / "screenshots"
PASSWORD = os.environ.get("DEMO_PASSWORD", "nasenco-demo")


def sign_in(page, email):
    page.goto(f"{BASE}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{BASE}/")


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1200, "height": 760}, locale="en-GB")
    page.goto(f"{BASE}/accounts/login/")
    page.screenshot(path=OUT / "login.png")
    sign_in(page, "admin@eastern-partnership.example")
    page.screenshot(path=OUT / "admin-dashboard.png")
    page.goto(f"{BASE}/cohorts/")
    page.screenshot(path=OUT / "cohort-list.png", full_page=True)
    page.get_by_role("link", name="Group 152").click()
    page.screenshot(path=OUT / "cohort-detail.png", full_page=True)
    page.get_by_role("link", name="Edit cohort and timetable").click()
    page.screenshot(path=OUT / "cohort-edit.png", full_page=True)
    page.context.clear_cookies()
    sign_in(page, "admin@bpn.example")
    page.goto(f"{BASE}/applications/")
    page.get_by_role("link", name="Aisha Khan").click()
    page.screenshot(path=OUT / "application.png", full_page=True)
    page.context.clear_cookies()
    sign_in(page, "sarah.ahmed@school.example")
    page.screenshot(path=OUT / "participant-dashboard.png")
    page.context.clear_cookies()
    sign_in(page, "tutor@roehampton.example")  # the running cohort: what waits for a tutor today
    page.goto(f"{BASE}/assessment/my-work/")
    page.screenshot(path=OUT / "tutor-my-work.png", full_page=True)
    page.locator("section", has_text="Work to mark").get_by_role("link").first.click()
    for radio in page.get_by_role("radio", name=re.compile("^Merit for ")).all()[:3]:
        radio.check()
    page.screenshot(path=OUT / "rubric.png", full_page=True)
    phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="en-GB")
    sign_in(phone, "nia.campbell@stmarks-lambeth.example")
    phone.screenshot(path=OUT / "participant-phone.png", full_page=True)
    browser.close()
