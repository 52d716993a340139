"""Staff views for requests: ``inbox``, ``create``, ``detail`` and the actions in ``actions`` and ``kinds``."""
