"""`python -m etl.demo`: generate the synthetic demo dataset."""

import sys

from etl.demo import main

if __name__ == "__main__":
    sys.exit(main())
