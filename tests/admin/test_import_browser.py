"""A large import in a real browser: upload, the grouped summary, another page of the
preview, confirm, then the paginated review, with no serious axe-core violation on the
pages this flow adds. Uses the system's Chromium (tests/browser/chromium.py)."""

import pytest
from django.contrib.auth import get_user_model

from labsite.models import LabRole
from publications.models import PossibleDuplicate, Publication
from tests.admin.browser import PASSWORD, log_in, record_problems
from tests.browser.conftest import AXE_JS
from tests.factories import make_lab
from tests.imports.helpers import near_identical_bib

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def content_violations(page, axe_source) -> list[dict]:
    """Serious and critical axe-core violations inside #content-main: what these pages
    render (the breadcrumbs and header around it are Django admin's own)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)  # over CDP: the page's CSP does not apply
    violations = page.evaluate(
        """async () => (await axe.run({include: ["#content-main"]}, {
               resultTypes: ["violations"], rules: {"target-size": {enabled: true}},
           })).violations.map(v => ({id: v.id, impact: v.impact,
               nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))"""
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_a_large_import_is_previewed_page_by_page_and_reviewed(chromium, live_server, settings,
                                                                tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    lab = make_lab(slug="big", name="Big Lab", hosts=["localhost"])
    editor = get_user_model().objects.create_user("eddie", password=PASSWORD, is_staff=True)
    LabRole.objects.create(user=editor, lab=lab, role=LabRole.Role.EDITOR)
    export = tmp_path / "many.bib"
    export.write_bytes(near_identical_bib(250))
    base = live_server.url.replace("127.0.0.1", "localhost")
    axe = AXE_JS.read_text(encoding="utf-8")

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    problems = record_problems(page)
    log_in(page, base, "eddie")

    page.goto(base + "/admin/publications/publication/import/")
    page.set_input_files("#id_files", str(export))
    page.click("input[name=preview]")
    page.wait_for_selector(".labsite-import-summary")
    summary = page.inner_text(".labsite-import-summary summary >> nth=0")
    assert "entries look like near-duplicates of others" in summary
    assert summary.endswith("first 20 shown")
    assert page.locator(".labsite-import-plan tbody tr").count() == 100
    assert content_violations(page, axe) == []

    page.click(".labsite-pages >> nth=0 >> text=3")
    page.wait_for_selector("text=Every entry (201–250 of 250)")
    assert page.locator(".labsite-import-plan tbody tr").count() == 50
    assert "entry k249" in page.inner_text(".labsite-import-plan")
    page.click("input[name=confirm]")

    page.wait_for_selector("text=pairs to decide")
    pairs = PossibleDuplicate.objects.for_lab(lab).count()
    assert Publication.objects.for_lab(lab).count() == 250
    assert 100 < pairs <= 5 * 250
    assert f"Pairs 1–100 of {pairs}" in page.inner_text(".labsite-pages >> nth=0")
    assert page.locator("button[value=dismiss]").count() == 100
    assert content_violations(page, axe) == []
    assert not problems, problems
    context.close()
