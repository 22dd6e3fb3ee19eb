"""The apps sit on floors and only look down (STYLE.md "Layers", README "Apps").

Reads the import statements of every app package (migrations and tests aside) and fails when a
module imports an app on a later floor, or when the modules of one app import each other in a
circle. Imports inside functions count too: a circle broken by a late import is still a circle.
"""

import ast
from collections import defaultdict
from pathlib import Path

from django.conf import settings

# Ground up; search and staff share a floor and do not import each other.
FLOORS = [
    ("core",),
    ("accounts",),
    ("plan",),
    ("pillars",),
    ("networks",),
    ("participation",),
    ("nerizu",),
    ("progress",),
    ("consultations",),
    ("search", "staff"),
    ("nerima_portal",),
]
FLOOR_OF = {app: floor for floor, apps in enumerate(FLOORS) for app in apps}
BASE_DIR = Path(settings.BASE_DIR)


def modules_of(app: str) -> dict[str, Path]:
    modules = {}
    for path in sorted((BASE_DIR / app).rglob("*.py")):
        relative = path.relative_to(BASE_DIR).with_suffix("")
        if "migrations" in relative.parts:
            continue
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imports_of(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, module imported) for every import statement, relative ones resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            # `from app import module` imports that module too
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def test_every_portal_app_is_on_a_floor() -> None:
    portal_apps = [app for app in settings.INSTALLED_APPS if (BASE_DIR / app).is_dir()]
    assert set(portal_apps) == set(FLOOR_OF)
    # INSTALLED_APPS lists them ground up, as here
    assert [FLOOR_OF[app] for app in portal_apps] == sorted(FLOOR_OF[app] for app in portal_apps)


def test_no_app_imports_an_app_on_a_later_floor_or_its_own_floor() -> None:
    problems = []
    for app, floor in FLOOR_OF.items():
        for module, path in modules_of(app).items():
            for line, imported in imports_of(module, path):
                top = imported.split(".")[0]
                if top in FLOOR_OF and top != app and FLOOR_OF[top] >= floor:
                    problems.append(f"{path.relative_to(BASE_DIR)}:{line} imports {imported}")
    assert not problems, "\n".join(problems)


def test_the_modules_of_an_app_do_not_import_each_other_in_a_circle() -> None:
    circles = []
    for app in FLOOR_OF:
        modules = modules_of(app)
        graph: dict[str, set[str]] = defaultdict(set)
        for module, path in modules.items():
            for _line, imported in imports_of(module, path):
                # the longest module of this app that the import names
                target = max(
                    (m for m in modules if imported == m or imported.startswith(f"{m}.")),
                    key=len,
                    default=None,
                )
                if target and target != module and target != app:
                    graph[module].add(target)
        circles += _circles(graph)
    assert not circles, "\n".join(" → ".join(circle) for circle in circles)


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for neighbour in sorted(graph.get(node, ())):
            if state.get(neighbour) == "open":
                found.append([*trail[trail.index(neighbour) :], neighbour])
            elif neighbour not in state:
                visit(neighbour, [*trail, neighbour])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found
