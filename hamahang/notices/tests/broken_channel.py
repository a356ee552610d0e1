"""A channel module that needs a package which is not installed (for test_channels)."""

import hamahang_no_such_dependency  # noqa: F401
