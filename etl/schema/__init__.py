"""The one schema: tables, import files, streams and vocabularies; DDL, validation and the dictionary come from it."""

from etl.schema.docs import import_formats_markdown, main, markdown
from etl.schema.imports import IMPORT_FILES, IMPORT_FILES_BY_NAME
from etl.schema.model import (  # noqa: I001  (vocabularies first: the modules below read them)
    Column,
    Field,
    ImportFile,
    Table,
    ddl,
)
from etl.schema.streams import STREAM_REGISTRY, STREAMS, Stream, stream
from etl.schema.tables import (
    BOOKKEEPING_TABLES,
    BRIDGE_TABLES,
    DERIVED_TABLES,
    FACT_TABLES,
    REFERENCE_TABLES,
    TABLES,
    TABLES_BY_NAME,
    table,
)
from etl.schema.vocabularies import *  # noqa: F403  (the vocabularies are the schema's public names)
