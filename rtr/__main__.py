from rtr.cli import main

raise SystemExit(main())
