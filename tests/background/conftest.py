from tests.agreements.conftest import version

__all__ = ["version"]
