"""The building blocks of the schema: columns, tables, import fields and files, and the DDL of a table."""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.schema.vocabularies import DATE_PRECISIONS


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    nullable: bool = True
    allowed: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    group: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, table, column)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def enforces_key(self) -> bool:
        """Small tables carry their PRIMARY KEY constraint; the big ones are unique by validation and construction
        (a DuckDB key index on millions of text keys would take most of the build), checked after loading."""
        return self.group in ("reference", "bookkeeping")


def C(name, type_, description, allowed=None) -> Column:
    """A nullable column (values the source does not give stay NULL)."""
    return Column(name, type_, description, True, allowed)


def NN(name, type_, description, allowed=None) -> Column:
    """A NOT NULL column."""
    return Column(name, type_, description, False, allowed)


def bridge_table(name: str, owner: str, owner_key: str, dim_col: Column, dim_fk, description: str) -> Table:
    return Table(
        name,
        description,
        "bridge",
        (NN(owner_key, "VARCHAR", f"Key of the {owner} record."), dim_col),
        (owner_key, dim_col.name),
        ((owner_key, owner, owner_key),) + ((dim_fk,) if dim_fk else ()),
    )


OBJECTIVE = NN("objective_id", "INTEGER", "GCM objective number (1-23).")
ISO3 = NN("iso3", "VARCHAR", "ISO 3166-1 alpha-3 code of the country.")
PRINCIPLE = NN("principle_id", "INTEGER", "Guiding principle number (1-10).")
SOURCE_URL_COL = C(
    "source_url", "VARCHAR", "Public page the record comes from (the first, when the source gave several)."
)
IS_GLOBAL = NN("is_global", "BOOLEAN", "True when the record is tagged `Global`: it then counts at the global level.")


def precision(prefix: str) -> Column:
    return C(f"{prefix}_precision", "VARCHAR", f"How precise `{prefix}` is.", allowed=DATE_PRECISIONS)


def ddl(tbl: Table) -> str:
    """The CREATE TABLE statement of a table, with NOT NULL, CHECK and (small tables) PRIMARY KEY constraints."""
    lines = []
    for col in tbl.columns:
        line = f"{col.name} {col.type}"
        if not col.nullable:
            line += " NOT NULL"
        if col.allowed:
            values = ", ".join("'" + v.replace("'", "''") + "'" for v in col.allowed)
            line += f" CHECK ({col.name} IN ({values}))"
        lines.append(line)
    if tbl.primary_key and tbl.enforces_key:
        lines.append(f"PRIMARY KEY ({', '.join(tbl.primary_key)})")
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {tbl.name} (\n  {body}\n)"


@dataclass(frozen=True)
class Field:
    """One column of an import file.

    `required`: "yes" (column and value required), "column" (column required, an empty cell is kept with a
    warning) or "no". `kind` says how the cell is parsed (see etl/cell_values.py).
    """

    name: str
    kind: str
    description: str
    required: str = "no"
    allowed: tuple[str, ...] | None = None
    example: str = ""


@dataclass(frozen=True)
class ImportFile:
    name: str
    stream: str
    description: str
    fields: tuple[Field, ...]
    natural_key: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


SOURCE_URL_FIELD = Field(
    "source_url",
    "urls",
    "Public page(s) of the record; several separated by `;`.",
    example="https://migrationnetwork.un.org/pledge/un-system-pledge",
)
