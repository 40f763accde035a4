"""The core: engine, values, storage, languages and configuration. No platform code."""
