"""SLA clocks that staff find fair: business calendars, SLA policies, clocks derived from a request's history,
and the breach scan that escalates owner → supervisors → leaders.

Modules, from the pure core outwards:

* ``calendar``   - working-time arithmetic on a ``CalendarSpec`` (pure).
* ``clocks``     - ``compute_clocks`` from status history and replies (pure).
* ``statutory``  - the public-sector complaint limits as templates (data).
* ``models``     - calendars, policies and targets, breach events.
* ``queries``    - which calendar and policy apply; builds the pure specs (reads).
* ``evaluation`` - clocks for a batch of requests in a fixed number of queries (reads).
* ``services``   - policies, templates, refreshing ``Ticket.due_at`` (writes).
* ``breaches``   - ``scan_for_breaches``, the periodic job (writes).
"""
