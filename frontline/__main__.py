"""Entry point for `python -m frontline`."""

from frontline.cli import main

raise SystemExit(main())
