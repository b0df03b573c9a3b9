"""What several network packages (``integrations/social/<network>/``) share; import from the
module that owns it:

- ``domains``: where a link's domain ends as twitter-text reads it, for X's and Mastodon's
  counts (``domain_end``, ``domain_length``, ``domain_fits``, ``is_country``); ``tlds`` holds
  twitter-text's lists.
- ``cursor``: the JSON cursor a source keeps in the store (``load_cursor``, ``FUTURE_SKEW``).
- ``said``: where a parser says a field of a post it changed or refused (``Said``; a poll's
  ``Counted``, a lookup's ``Logged``).
- ``own``: the bot's own accounts on a network, whose posts a source drops (``OwnAccounts``).
- ``publish``: publishing once (``PublishMemo``, ``LookBeforeRetry``).
- ``shapes``: the objects of an array a payload promises (``objects``), nothing for any other
  value.
"""
