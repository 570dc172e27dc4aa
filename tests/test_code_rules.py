"""Code rules: thin pages, sources without I/O libraries, and no SQL assembled from values in the app."""

import ast
import functools
import re
from pathlib import Path

from etl import paths

SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP)\b.*\b(FROM|INTO|TABLE|SET)\b", re.DOTALL)
EXECUTING = {"execute", "executemany", "sql", "query", "read_sql", "read_sql_query"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_pages_hold_no_sql_and_no_database_import():
    pages = sorted((paths.ROOT / "dashboard" / "app_pages").glob("*.py"))
    assert pages, "no pages found"
    for page in pages:
        assert "duckdb" not in imported_modules(page), page.name
        assert not SQL_WORDS.search(page.read_text(encoding="utf-8")), page.name


def test_sources_never_touch_the_database_or_the_network():
    for source in (paths.ROOT / "etl" / "sources").glob("*.py"):
        assert not imported_modules(source) & {"duckdb", "requests", "urllib", "httpx", "socket"}, source.name


def _built_from_values(node: ast.AST, assigned: dict[str, ast.AST]) -> bool:
    """True when a SQL argument is an f-string, a % or + expression, or .format(), directly or via a local name."""
    if isinstance(node, ast.Name) and node.id in assigned:
        node = assigned[node.id]
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"


def sql_built_from_values(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    offending = []
    for func in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]:
        assigned = {
            t.id: n.value
            for n in ast.walk(func)
            if isinstance(n, ast.Assign)
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        for call in (n for n in ast.walk(func) if isinstance(n, ast.Call)):
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            if name in EXECUTING and call.args and _built_from_values(call.args[0], assigned):
                offending.append(call.lineno)
    return offending


def test_the_app_never_builds_sql_from_values():
    """Everything the dashboard runs is a constant SQL string with `?` parameters."""
    files = sorted((paths.ROOT / "dashboard").rglob("*.py"))
    assert files
    for path in files:
        assert sql_built_from_values(path) == [], f"{path.relative_to(paths.ROOT)}: SQL built from values"


CONSTANT = re.compile(r"_?[A-Z][A-Z0-9_]*")
SQL_TEXT = re.compile(r"\b(SELECT|FROM|WHERE|JOIN|ORDER BY|GROUP BY)\b")


# dashboard/queries/sql.py: a name checked against the schema's tables and columns, or the registry's streams.
VETTED = {"ident", "stream_name"}


def _constant_or_vetted(field: ast.expr) -> bool:
    if isinstance(field, ast.Name):
        return bool(CONSTANT.fullmatch(field.id))
    return isinstance(field, ast.Call) and getattr(field.func, "id", None) in VETTED


def sql_fstrings_with_values(path: Path) -> list[int]:
    """Lines of f-strings that look like SQL and interpolate anything but a module constant (an UPPER_CASE name) or
    a schema name vetted by `ident()` / `stream_name()` (per-stream SQL made from the registry)."""
    offending = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.JoinedStr):
            continue
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        fields = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
        if SQL_TEXT.search(text) and not all(_constant_or_vetted(f) for f in fields):
            offending.append(node.lineno)
    return offending


def test_sql_fragments_in_the_app_are_constants_only():
    """Queries may be assembled from constant SQL fragments, never from a variable that could hold a value."""
    for path in sorted((paths.ROOT / "dashboard").rglob("*.py")):
        assert sql_fstrings_with_values(path) == [], f"{path.relative_to(paths.ROOT)}: SQL f-string with a value"


def test_the_rule_catches_what_it_should(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def bad(con, iso3):\n"
        "    con.execute(f\"SELECT * FROM countries WHERE iso3 = '{iso3}'\")\n"
        "    query = 'SELECT * FROM countries WHERE iso3 = %s' % iso3\n"
        "    con.execute(query)\n"
        "def good(con, iso3):\n"
        "    con.execute('SELECT * FROM countries WHERE iso3 = ?', [iso3])\n"
        "def vetted(con, stream):\n"
        "    con.execute(f'SELECT {ident(\"pledge_id\")} FROM {ident(stream)}')\n"
        "    con.execute(f'SELECT * FROM {name(stream)}')\n"
    )
    assert sql_built_from_values(sample) == [2, 4, 8, 9]
    assert sql_fstrings_with_values(sample) == [2, 9]


def test_the_dashboard_never_classifies_except_the_worked_example():
    """The method is computed in the build only (METHOD.md 1.1): pages read stored classes. The Method page's worked
    example (sentences.worked_example) is the one place that shows classify() at work."""
    calls = []
    for path in sorted((paths.ROOT / "dashboard").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            for call in (n for n in ast.walk(func) if isinstance(n, ast.Call)):
                name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
                if name in ("classify", "composite", "fill"):
                    calls.append((path.name, func.name))
        top_level = [n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.ClassDef)]
        for node in top_level:
            for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
                name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
                assert name not in ("classify", "composite"), path.name
    assert calls == [("sentences.py", "worked_example")]


# ---------------------------------------------------------------- the import graph

TREE = ("etl", "dashboard", "benchmarks")
# Layers, lowest first: a module imports its own layer or lower ones only. The query layer and the figure builders
# are pure (no Streamlit); the pages and the app sit on top; the benchmarks measure everything.
LAYERS = (
    ("etl",),
    (
        "dashboard.queries",
        "dashboard.palette",
        "dashboard.messages",
        "dashboard.i18n",
        "dashboard.l10n",
        "dashboard.navigation",
        "dashboard.names",
    ),
    ("dashboard.sentences", "dashboard.charts", "dashboard.pdf_layout"),
    ("dashboard.filters", "dashboard.db", "dashboard.context", "dashboard.downloads", "dashboard.brief"),
    ("dashboard.ui",),
    ("dashboard.app", "dashboard.app_pages"),
    ("benchmarks",),
)


def _module_name(root: Path, path: Path) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path, module: str) -> set[str]:
    """Every module name an import statement of the file names (at any depth: imports inside functions too), with
    `from a import b` read as both `a` and `a.b`; relative imports resolved against the file's package."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([base] if base else [])])
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
    return found


def import_graph(root: Path = paths.ROOT, packages=TREE) -> dict[str, set[str]]:
    """Module -> every name it imports (project modules and third-party ones alike)."""
    graph = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            name = _module_name(root, path)
            graph[name] = _imports(path, name)
    return graph


def project_edges(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {m: {d for d in deps if d in graph and d != m} for m, deps in graph.items()}


def circles(edges: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """Every import circle found by a depth-first walk, as the trail that closes it."""
    state: dict[str, int] = {}
    found = []

    def visit(module: str, trail: tuple[str, ...]) -> None:
        state[module] = 1
        for dep in sorted(edges[module]):
            if state.get(dep) == 1:
                found.append((*(trail[trail.index(dep) :] if dep in trail else ()), module, dep))
            elif dep not in state:
                visit(dep, (*trail, module))
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, ())
    return found


def layer(module: str) -> int:
    if module in TREE:  # a bare package (`from dashboard import db` names it too): below all of its modules
        return min(r for r, prefixes in enumerate(LAYERS) if any(p.split(".")[0] == module for p in prefixes))
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for dep in edges[todo.pop()] - seen:
            seen.add(dep)
            todo.append(dep)
    return seen


@functools.cache
def tree_graph() -> dict[str, set[str]]:
    """The import graph of the repository's tree, read once per test session."""
    return import_graph()


def test_the_tree_has_no_import_circle():
    """etl, dashboard and benchmarks: no module imports one that (through others) imports it back, lazy imports
    inside functions included (they only hide a circle)."""
    assert circles(project_edges(tree_graph())) == []


def test_layers_point_one_way():
    """No import from a lower layer to a higher one: etl never imports the dashboard, the query layer and the figure
    builders never import the Streamlit side, no module imports a page."""
    edges = project_edges(tree_graph())
    upward = sorted((m, d) for m, deps in edges.items() for d in deps if layer(d) > layer(m))
    assert upward == []


def test_the_query_layer_and_the_figures_never_import_streamlit():
    """Queries run in CLIs, benchmarks and tests; figures are DataFrame in, Figure out: neither needs Streamlit, and
    the figures never run a query."""
    graph = tree_graph()
    edges = project_edges(graph)
    queries = [m for m in graph if m.startswith("dashboard.queries")]
    figures = [m for m in graph if m.startswith("dashboard.charts")]
    assert queries and figures
    for module in queries:
        for dep in {module} | reachable(edges, module):
            assert not any(n.split(".")[0] == "streamlit" for n in graph[dep]), (module, dep)
            assert dep.startswith(("etl", "dashboard.queries")), (module, dep)
    for module in figures:
        assert not any(n.split(".")[0] == "streamlit" for n in graph[module]), module
        assert not any(d.startswith(("dashboard.queries", "dashboard.db")) for d in reachable(edges, module)), module


def test_the_graph_rules_catch_what_they_should(tmp_path):
    """A circle hidden in a function, a relative import and an upward import are all seen."""
    pkg = tmp_path / "etl"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from etl import b\n")
    (pkg / "b.py").write_text("def late():\n    from . import a\n    import dashboard.ui.tables\n")
    graph = import_graph(tmp_path, ("etl",))
    assert graph["etl.b"] >= {"etl.a", "dashboard.ui.tables"}
    assert circles(project_edges(graph)) == [("etl.a", "etl.b", "etl.a")]
    assert layer("dashboard.ui.tables") > layer("etl.b")
