"""``makemessages`` that also finds the table cells' translated literals: ``ocop_portal.tables.trans("...")`` and
``blocktrans("...", n=...)`` write what ``{% translate %}``/``{% blocktranslate %}`` wrote in the cell templates
they replace, and their strings must stay in the catalogue (``make messages`` runs with ``--no-obsolete``)."""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=trans", "--keyword=blocktrans"]
