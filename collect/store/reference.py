"""Queries on the reference tables: provinces, districts, Sector Working Groups."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import District, Province, Swg


def province_codes() -> set[str]:
    return set(db.session.scalars(select(Province.code)))


def district_codes() -> set[str]:
    return set(db.session.scalars(select(District.code)))


def all_provinces() -> list[Province]:
    return list(db.session.scalars(select(Province).order_by(Province.name_en)))


def all_districts() -> list[District]:
    return list(db.session.scalars(select(District).order_by(District.position)))


def get_district(code: str) -> District | None:
    return db.session.get(District, code)


def all_swgs() -> list[Swg]:
    return list(db.session.scalars(select(Swg).order_by(Swg.position)))


def swg_named(code: str) -> Swg | None:
    return db.session.scalar(select(Swg).where(Swg.code == code))


def get_swg(swg_id: int) -> Swg | None:
    return db.session.get(Swg, swg_id)


def add(row) -> None:
    db.session.add(row)


def flush() -> None:
    db.session.flush()


def get_province(code: str) -> Province | None:
    return db.session.get(Province, code)
