"""One module per ``kg`` command; see :mod:`kg.cli`."""
