"""Inbound e-mail: a message to a unit's address becomes a request, a reply becomes a message on its request.

``parsing`` reads raw bytes, ``text`` cleans bodies, ``threading`` and ``routing`` decide where a message goes
(reads only), ``services`` stores and processes (the only writes), ``imap`` polls a mailbox. The management
commands ``receive_email`` (an MTA pipe or a file) and ``poll_mailbox`` (IMAP) and the periodic job
``services.process_pending_inbound`` are the ways in.
"""
