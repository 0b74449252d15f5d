"""The Goals page in real Chromium, on its own server over a copy of the sample (it writes goals.yaml):
view, add, edit and delete a goal, reload, and the file on disk follows. Screenshots in tests/artifacts/."""

import shutil

import pytest
import yaml

from tests.browser import ARTIFACTS, start_dashboard, stop, wait_for_run

pytestmark = pytest.mark.browser
NEW = "csat-smb"


def ids(directory) -> list[str]:
    return [entry["id"] for entry in yaml.safe_load((directory / "goals.yaml").read_text())]


def cards(page) -> list[str]:
    return page.locator('[data-testid="stMain"] h4').all_inner_texts()


def expander(page, title: str):
    found = page.locator('[data-testid="stExpander"]', has_text=title).last
    found.locator("summary").click()
    return found


def save(page, scope, button: str = "Save goal") -> None:
    scope.get_by_role("button", name=button).click()
    page.wait_for_timeout(1000)
    wait_for_run(page)


def test_view_add_edit_delete_and_reload(sample_dir, tmp_path, browser):
    copy = tmp_path / "sample"
    shutil.copytree(sample_dir, copy)
    server, url = start_dashboard(copy)
    try:
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(url + "/goals")
        page.wait_for_selector('[data-testid="stMain"] h4', timeout=240_000)
        wait_for_run(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert len(cards(page)) == 7 and page.get_by_text("achieved or on track", exact=False).count() >= 1
        page.screenshot(path=ARTIFACTS / "goals_page.png", full_page=True)
        page.locator(".st-key-goal_card_consumer-nps").screenshot(path=ARTIFACTS / "goals_card.png")

        add = expander(page, "Add a goal")
        add.get_by_label("Id").fill(NEW)
        add.get_by_label("Name").fill("SMB satisfaction")
        add.get_by_role("combobox", name="Metric").click()
        page.get_by_role("option", name="CSAT", exact=True).click()
        add.get_by_label("Target").fill("90")
        add.get_by_label("Owner").fill("Head of SMB")
        add.get_by_role("combobox", name="Only segment").click()
        page.keyboard.type("SMB")  # the list shows only the options that fit below the box
        page.get_by_role("option", name="SMB", exact=True).click()
        page.keyboard.press("Escape")
        save(page, add)
        page.wait_for_selector("text=Added goal 'csat-smb'.", timeout=240_000)
        assert ids(copy)[-1] == NEW and any("SMB satisfaction" in c for c in cards(page))

        edit = expander(page, f"Edit or delete '{NEW}'")
        edit.get_by_label("Name").fill("SMB satisfaction, renamed")
        save(page, edit)
        page.wait_for_selector(f"text=Saved goal '{NEW}'.", timeout=240_000)
        assert yaml.safe_load((copy / "goals.yaml").read_text())[-1]["name"] == "SMB satisfaction, renamed"

        page.reload()
        page.wait_for_selector('[data-testid="stMain"] h4', timeout=240_000)
        wait_for_run(page)
        assert any("SMB satisfaction, renamed" in c for c in cards(page)), "a reload reads the saved file"

        delete = expander(page, f"Edit or delete '{NEW}'")
        delete.get_by_text(f"Yes, delete '{NEW}'").click()
        save(page, delete, "Delete goal")
        page.wait_for_selector(f"text=Deleted goal '{NEW}'.", timeout=240_000)
        page.reload()
        page.wait_for_selector('[data-testid="stMain"] h4', timeout=240_000)
        wait_for_run(page)
        assert NEW not in ids(copy) and len(cards(page)) == 7
        assert page.locator('[data-testid="stException"]').count() == 0
        page.close()
    finally:
        stop(server)
