"""Demo step: the Binnenstad programme becomes a template and is rolled out to two more wards."""

from __future__ import annotations

from datetime import date

from planner.core.audit import acting_as
from planner.rollout import services

FOLLOWERS = ("WK079414", "WK079418")
FITS_WHEN = (
    "Voor een wijk met een winkelgebied waar leegstand en overlast in de avonduren samengaan: een pandenaanpak "
    "met de corporatie en ondernemers, een avondaanpak met horeca en politie, en vergroening van pleinen."
)


def add_rollout(world) -> None:
    pilot = world.programmes.get("binnenstad")
    manager = world.users.get("manager")
    if pilot is None or manager is None or not all(code in world.areas for code in FOLLOWERS):
        return
    with acting_as(manager):
        template = services.save_as_template(
            pilot, manager, title="Levendig en veilig winkelgebied", fits_when=FITS_WHEN
        )
        result = services.roll_out(
            template, manager, [world.areas[code] for code in FOLLOWERS], date(2027, 1, 1), "Levendig centrum"
        )
        for step, on in zip(
            template.steps, (date(2024, 3, 12), date(2024, 10, 8), date(2024, 11, 5), date(2025, 1, 28))
        ):
            services.tick_step(manager, pilot, step, on)
        services.tick_step(manager, result.programmes[0], template.steps[0], date(2026, 11, 18))
