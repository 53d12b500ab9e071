"""One module per SWG report kind; :mod:`exports.report` documents the conventions and picks one."""
