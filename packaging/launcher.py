"""Entry script for the PyInstaller bundle (packaging/blijf-desktop.spec): the same as
`python -m blijf_desktop`."""

import sys

from blijf_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
