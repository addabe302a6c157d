"""What the admin's browser tests share (with the ``chromium`` fixture of conftest.py): a
page that records what went wrong on it, and the login form filled in as a person does."""

PASSWORD = "a long and good password 42"


def record_problems(page) -> list[str]:
    """The list the page's JS errors and failed responses (>= 400) are appended to as they
    happen; the browser's own /favicon.ico probe is not the admin's business."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"JS error: {error}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and not response.url.endswith("/favicon.ico")
            and problems.append(f"{response.status} {response.url}")
        ),
    )
    return problems


def log_in(page, base: str, username: str, password: str = PASSWORD) -> None:
    """Through the admin's login form, waiting for the signed-in user's tools: the login
    page has the admin's header too, so waiting for that could return before the POST."""
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
