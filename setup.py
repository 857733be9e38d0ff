"""Build hook: an installed package carries the site's templates, static files
and bundled vocabulary (`catalogue/resources.py` finds them).

The layout keeps those folders at the top of the repository; a wheel can only
ship files inside a package, so they are copied into `catalogue/bundled/` of
the build. Editable installs read them from the checkout instead.
"""

from __future__ import annotations

import runpy
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = runpy.run_path(str(HERE / "catalogue" / "resources.py"))["SHIPPED"]


class BuildWithSiteFiles(build_py):
    """build_py, then copy the site's files into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "catalogue" / "bundled"
        for name in SHIPPED:
            source, copy = HERE / name, target / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, copy, dirs_exist_ok=True)
            elif source.is_file():
                shutil.copy2(source, copy)


setup(cmdclass={"build_py": BuildWithSiteFiles})
