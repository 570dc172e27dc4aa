"""Run the public-records converter: `python -m etl.convert_public`."""

import sys

from etl.convert_public.cli import main

sys.exit(main())
