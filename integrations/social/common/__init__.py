"""What several network packages (``integrations/social/<network>/``) share; import from the
module that owns it:

- ``cursor``: the JSON cursor a source keeps in the store (``load_cursor``, ``FUTURE_SKEW``).
- ``own``: the bot's own accounts on a network, whose posts a source drops (``OwnAccounts``).
- ``publish``: publishing once (``PublishMemo``, ``LookBeforeRetry``).
- ``shapes``: the objects of an array a payload promises (``objects``), nothing for any other
  value.
"""
