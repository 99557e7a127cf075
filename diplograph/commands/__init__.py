"""The subcommands of ``diplograph``, one module each; ``diplograph.cli`` gathers them into the command."""
