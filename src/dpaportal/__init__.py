"""DPA Portal: conclude, version and prove GDPR data processing agreements."""
