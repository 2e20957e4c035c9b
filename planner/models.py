"""Every model, imported in one place for Alembic and the app factory."""

from planner.actions.models import Action, ActionArea, Commitment, Milestone
from planner.agenda.models import ActionAgendaLink, AgendaItem
from planner.api.models import ApiToken
from planner.areas.models import Area
from planner.budget.models import Allocation, BudgetLine, DeviationNote, PcSnapshot, Taakveld
from planner.core.models import AuditEvent, RoleAssignment, User
from planner.cycle.models import ActionPcFlag, CalendarToken, PcMoment
from planner.excel.models import ImportChange, ImportProfile, ImportRun
from planner.indicators.models import GoalTarget, Indicator, Measurement
from planner.learning.models import Evaluation, GoalJudgement, Lesson, LessonChange, Participant, Principle, Reflection
from planner.opgaven.models import Agreement, Opgave, Organisation, Seat, TableMeeting, Theme
from planner.participation.models import (
    Contribution,
    ContributionContact,
    ContributionLink,
    MomentAttachment,
    ParticipationMoment,
    ReactionThrottle,
)
from planner.programmes.comments.models import DraftComment
from planner.programmes.models import Goal, Programme, ProgrammeVersion
from planner.rollout.models import ActionOrigin, ProgrammeTemplate, Revision, StepDone, TemplateProgramme
from planner.subsidies.models import (
    CapacityEntry,
    InitiativeContact,
    SubsidyApplication,
    SubsidyPayment,
    SubsidyScheme,
)
from planner.tracking.models import ProgressUpdate

ALL_MODELS = (
    Action,
    ActionArea,
    Commitment,
    Milestone,
    Area,
    AuditEvent,
    RoleAssignment,
    User,
    Goal,
    Programme,
    ProgrammeVersion,
    DraftComment,
    Opgave,
    Organisation,
    Seat,
    Agreement,
    TableMeeting,
    Theme,
    BudgetLine,
    Taakveld,
    Allocation,
    PcSnapshot,
    DeviationNote,
    Indicator,
    Measurement,
    AgendaItem,
    ActionAgendaLink,
    PcMoment,
    ActionPcFlag,
    CalendarToken,
    ParticipationMoment,
    Contribution,
    ContributionContact,
    ContributionLink,
    ReactionThrottle,
    MomentAttachment,
    ImportRun,
    ImportChange,
    ImportProfile,
    GoalTarget,
    ProgressUpdate,
    ApiToken,
    SubsidyScheme,
    SubsidyApplication,
    SubsidyPayment,
    InitiativeContact,
    CapacityEntry,
    ProgrammeTemplate,
    TemplateProgramme,
    ActionOrigin,
    StepDone,
    Revision,
    Reflection,
    Participant,
    Lesson,
    LessonChange,
    Principle,
    Evaluation,
    GoalJudgement,
)
