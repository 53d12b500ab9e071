"""Reference data in the database: provinces, districts and Sector Working Groups.

The lists themselves live in ``forms/reference.py``; ``load_reference`` adds whatever rows
are missing (so a new district or sub-group reaches an existing database), and the
readers below give them in the order people expect them on a page.
"""
from __future__ import annotations

from forms.reference import DISTRICTS, PROVINCES, SWGS

from ..store import reference
from ..store.models import District, Province, Swg


def load_reference() -> dict[str, int]:
    """Insert the provinces, districts and SWGs that are missing; returns how many of each."""
    added = {"provinces": 0, "districts": 0, "swgs": 0}
    known = reference.province_codes()
    for code, lo, en in PROVINCES:
        if code not in known:
            reference.add(Province(code=code, name_lo=lo, name_en=en))
            added["provinces"] += 1
    known = reference.district_codes()
    for position, (code, province, lo, en) in enumerate(DISTRICTS):
        if code not in known:
            reference.add(District(code=code, province_code=province, name_lo=lo, name_en=en, position=position))
            added["districts"] += 1
    swgs = {swg.code: swg for swg in reference.all_swgs()}
    for position, (code, lo, en, parent) in enumerate(SWGS):
        if code not in swgs:
            swgs[code] = Swg(code=code, name_lo=lo, name_en=en, parent=swgs.get(parent), position=position)
            reference.add(swgs[code])
            added["swgs"] += 1
    reference.flush()
    return added


def all_provinces() -> list[Province]:
    return reference.all_provinces()


def districts_by_province() -> dict[str, list[District]]:
    found: dict[str, list[District]] = {}
    for district in reference.all_districts():
        found.setdefault(district.province_code, []).append(district)
    return found


def top_level_swgs() -> list[Swg]:
    """The ten SWGs, each with its sub-groups as ``children``."""
    return [swg for swg in reference.all_swgs() if swg.parent_id is None]


def swg_by_code(code: str) -> Swg | None:
    return reference.swg_named(code)
