from tests.agreements.conftest import dpa_settings, version

__all__ = ["dpa_settings", "version"]
