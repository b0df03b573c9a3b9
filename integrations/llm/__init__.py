"""The optional OpenAI-compatible model endpoint: one chat client for classification,
translation, reply drafts and digest sentences (``endpoint.py``)."""
