"""`python -m etl.schema`: the DDL, the data dictionary or the import formats."""

import sys

from etl.schema.docs import main

sys.exit(main())
