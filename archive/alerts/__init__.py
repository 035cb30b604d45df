"""E-mail alerts: a saved search of the articles or statements list, and its messages.

`subscribe` asks for an address's confirmation (double opt-in, a signed link
that expires); `send_alerts --rate daily|weekly` mails each confirmed
subscription the records new to it since its last message (`matches.py` says
exactly what "new" means, `sending.py` how a run stays safe when two run at
once or one is killed); every message carries an unsubscribe link that needs
no login, and a `List-Unsubscribe` header.
"""
