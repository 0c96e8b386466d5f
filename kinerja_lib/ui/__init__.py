"""The ``kinerja`` command line: argument parsing (``cli``) and one function per subcommand
(``commands``). Indonesian messages and exit codes.

May import: every other layer. Nothing imports it.
"""
