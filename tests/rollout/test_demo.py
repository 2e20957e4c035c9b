"""The demo's roll-out: the Binnenstad programme as a template, rolled out to two wards, the three side by side."""

from sqlalchemy import select

from planner.demo import content
from planner.extensions import db
from planner.indicators.models import GoalTarget
from planner.rollout.models import ProgrammeTemplate
from planner.rollout.services import rebase
from tests.helpers import login


def test_the_demo_rolls_binnenstad_out_to_two_wards_with_their_own_targets(client, demo):
    template = db.session.scalars(select(ProgrammeTemplate)).one()
    assert template.source_programme_id == demo.programmes["binnenstad"].id
    followers = [link.programme for link in template.links if link.role == "volger"]
    assert sorted(p.area.code for p in followers) == ["WK079414", "WK079418"]
    pilot = {
        t.indicator_id: t
        for t in db.session.scalars(
            select(GoalTarget).where(GoalTarget.area_id == demo.programmes["binnenstad"].area_id)
        )
    }
    targets = db.session.scalars(select(GoalTarget).where(GoalTarget.area_id.in_([p.area_id for p in followers]))).all()
    assert len(targets) == 4  # two targets in each ward, on the ward's own baseline
    for t in targets:
        own = pilot[t.indicator_id]
        assert t.baseline_value != own.baseline_value
        assert t.target_value == rebase(
            own.baseline_value, own.target_value, t.baseline_value, bounded=True, decimals=t.indicator.decimals
        )

    login(client, demo.users["manager"], password=content.PASSWORD)
    page = client.get(f"/sjablonen/{template.id}").get_data(as_text=True)
    for link in template.links:
        assert link.programme.area.name in page
