"""``python -m balkan_kg``: the same as the ``balkan-kg`` console script."""

from balkan_kg.cli import main

raise SystemExit(main())
