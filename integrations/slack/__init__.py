"""Slack: Block Kit rendering (``render``), escaping (``escape``), the outbound ``SlackWorkspace``
(``workspace``) and the inbound bolt app for buttons, reactions, modals and ``/socialops``
(``app``)."""
