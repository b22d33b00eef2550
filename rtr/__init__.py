"""The `rtr` command: the one place outside web/ that reads the clock."""
