from blijf_desktop.app import main

raise SystemExit(main())
