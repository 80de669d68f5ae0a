#!/usr/bin/env python3
"""Screenshots of the officers' main pages on a desktop (1366×768) and on a phone (390×844)
for docs/screenshots/, on the `cchc demo` data:

    .venv/bin/python scripts/screenshots_phone.py [--out docs/screenshots]

Each page is captured twice, `<page>-1366.png` and `<page>-390.png`, as the README shows them
side by side; `menu-390.png` is the phone's header menu opened.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from screenshots import (
    DESKTOP, _shoot, _task_with_history, demo_in_browser, output_folder, signed_in)

PHONE = {"width": 390, "height": 844}
SIZES = (DESKTOP, PHONE)
PAGES = [  # file name, who, path ({task}: the commune task with the most history)
    ("login", None, "/login"),
    ("my-work", "canbo", "/my"),
    ("task-list", "thuongtruc", "/tasks"),
    ("task-page", "canbo", "/tasks/{task}"),
    ("dashboard", "lanhdao", "/"),
    ("org-tree", "captren", "/orgs?year=2023"),
    ("targets", "lanhdao", "/#chi-tieu"),
    ("reports", "thuongtruc", "/reports"),
    ("scoring", "lanhdao", "/scoring"),
    ("account", "canbo", "/account"),
]


def main() -> None:
    out = output_folder(__doc__)
    with tempfile.TemporaryDirectory() as tmp, demo_in_browser(Path(tmp)) as (factory, base,
                                                                              browser):
        task = _task_with_history(factory)
        for name, username, path in PAGES:
            for size in SIZES:
                page = signed_in(browser, base, username, size)
                page.goto(path.format(task=task))
                _shoot(page, out / f"{name}-{size['width']}.png")
                page.context.close()
        page = signed_in(browser, base, "thuongtruc", PHONE)
        page.get_by_text("Menu", exact=True).click()
        _shoot(page, out / "menu-390.png")
    print(f"{2 * len(PAGES) + 1} screenshots in {out}/")


if __name__ == "__main__":
    main()
