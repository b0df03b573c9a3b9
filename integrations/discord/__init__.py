"""The Discord workspace: cards as embeds with persistent buttons, interactions (buttons,
reactions, slash commands, modals) as platform-neutral ``Interaction``s, over the gateway or
signed HTTP interactions. Only this package imports discord.py."""
