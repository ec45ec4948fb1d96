"""newsarchive: the app shell (command line, terminal output, settings, errors)."""
