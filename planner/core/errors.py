"""Domain errors whose messages a civil servant can act on (in Dutch)."""


class PlannerError(Exception):
    """A broken rule. `field` names the form field the message belongs beside, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class WorkflowError(PlannerError):
    pass


class StaleEditError(PlannerError):
    """Someone else saved the object after this form was opened."""

    def __init__(self, message: str, changes: dict[str, tuple[object, object]]):
        super().__init__(message)
        self.changes = changes  # field -> (value when the form was opened?, value now)
