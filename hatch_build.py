"""Hatch build hook: the query editor's two built files go into the distributions.

YASGUI (``@zazuko/yasgui``, MIT) is installed from the npm registry by ``npm ci`` in
``src/balkan_kg/server/static/`` (its ``package.json`` and lockfile are committed; the
files themselves are not, and ``node_modules/`` is ignored by git, so hatch would leave
them out). When they are there, this hook adds ``yasgui.min.js``, ``yasgui.min.css``
and the package's ``package.json`` (its licence) as ``balkan_kg/server/static/yasgui/``
in the wheel, and under the same path in the source distribution, from which a wheel
built later takes them as ordinary package files. Without them the distributions are
built all the same, and ``balkan-kg serve`` shows a plain query form.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

STATIC = Path("src/balkan_kg/server/static")
INSTALLED = STATIC / "node_modules" / "@zazuko" / "yasgui"
FILES = {"build/yasgui.min.js": "yasgui.min.js", "build/yasgui.min.css": "yasgui.min.css",
         "package.json": "package.json"}  # fmt: skip
CARRIED = STATIC / "yasgui"


class EditorAssets(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        if all((root / CARRIED / name).is_file() for name in FILES.values()):
            return  # built from a source distribution that carries them already
        sources = {root / INSTALLED / src: name for src, name in FILES.items()}
        if not all(path.is_file() for path in sources):
            self.app.display_warning(
                "the query editor (YASGUI) is not installed: run 'npm ci' in "
                f"{STATIC} to put it in the {self.target_name}"
            )
            return
        inside = "balkan_kg/server/static/yasgui" if self.target_name == "wheel" else str(CARRIED)
        for path, name in sources.items():
            build_data["force_include"][str(path)] = f"{inside}/{name}"
