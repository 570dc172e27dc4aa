"""Objectives: one or more objectives (or a round table, MPTF area, guiding principle) by stream, round and region."""

import streamlit as st

from dashboard import context, filters, queries
from dashboard.i18n import t
from dashboard.ui import funding_sections, objective_sections, viewdata, widgets

KINDS = ["objectives", "roundtable", "mptf", "principle"]


def selector(ctx: context.Context) -> str:
    """Objectives, or a whole group of them, or a guiding principle; every choice lands in the shared filters."""
    f = ctx.filters
    # A link holding exactly a round table's or an MPTF area's objectives reopens that group, not a list of them.
    group_kind = next(
        (k for k in ("roundtable", "mptf") if f.objectives and f.objectives in group_sets(ctx, k)[0].values()), None
    )
    kind = st.segmented_control(
        t("objectives.pick_kind"),
        KINDS,
        format_func=lambda k: t(f"objectives.kind.{k}"),
        default="principle" if f.principle is not None else group_kind or "objectives",
        required=True,
        key="w_obj_kind",
    )
    if kind == "objectives":
        filters.bound(
            st.multiselect,
            "objectives",
            "w_obj_page",
            list(f.objectives),
            convert=lambda v: tuple(sorted(v)),
            label=t("filters.objectives"),
            options=list(range(1, 24)),
            format_func=ctx.objective_label,
            placeholder=t("filters.objectives_all"),
        )
    elif kind in ("roundtable", "mptf"):
        sets, titles = group_sets(ctx, kind)
        filters.bound(
            st.selectbox,
            "objectives",
            f"w_group_{kind}",
            next((g for g, ids in sets.items() if ids == f.objectives), None),
            convert=lambda g: sets.get(g, ()),
            label=t(f"objectives.kind.{kind}"),
            options=list(sets),
            index=None,
            format_func=lambda g: f"{g} · {titles[g]}",
            placeholder=t("objectives.pick_group"),
        )
    else:
        names = viewdata.principle_names(ctx)
        filters.bound(
            st.selectbox,
            "principle",
            "w_gp",
            f.principle,
            label=t("objectives.kind.principle"),
            options=list(names),
            index=None,
            format_func=lambda p: f"{p} · {names[p]}",
            placeholder=t("objectives.pick_principle"),
        )
    if kind != "principle" and f.principle is not None:
        filters.apply(ctx, principle=None)  # leaving the principle view drops its filter from the link too
    return kind


def forget_previous_choice(ctx: context.Context, kind: str) -> None:
    """Switching "Choose by" clears what the previous choice set: an MPTF area's objectives must not stay applied,
    unseen, under a guiding principle (or a principle under a round table)."""
    previous = st.session_state.get("_obj_kind")
    st.session_state["_obj_kind"] = kind
    if previous is not None and previous != kind and (ctx.filters.objectives or ctx.filters.principle is not None):
        filters.apply(ctx, objectives=(), principle=None)
        st.rerun()


def group_sets(ctx: context.Context, kind: str) -> tuple[dict[int, tuple[int, ...]], dict[int, str]]:
    """The round tables or MPTF areas: their objectives and titles."""
    groups = ctx.run(queries.objective_groups)
    mine = groups[groups["group_kind"] == kind]
    sets = {int(g): tuple(int(o) for o in ids) for g, ids in zip(mine["group_id"], mine["objective_ids"], strict=True)}
    return sets, {int(g): str(title) for g, title in zip(mine["group_id"], mine["title"], strict=True)}


def main() -> None:
    ctx = context.get()
    kind = selector(ctx)
    forget_previous_choice(ctx, kind)
    f = ctx.filters
    if f.rounds is None:
        widgets.empty("empty.no_rounds")
    elif kind in ("roundtable", "mptf"):
        sets, titles = group_sets(ctx, kind)
        chosen = next((g for g, ids in sets.items() if ids == f.objectives), None)
        if chosen is not None:  # the group's own classes (each record once), then its objectives one by one
            objective_sections.group_view(ctx, "mptf_area" if kind == "mptf" else kind, chosen, titles[chosen])
        if kind == "mptf":  # the programmes by the thematic area they state themselves, whichever area is chosen
            funding_sections.thematic_area_section(ctx, key="obj-areas", url_path="objectives")
        objective_sections.objective_view(ctx)
    elif kind != "principle":
        objective_sections.objective_view(ctx)
    elif f.principle is None:
        widgets.empty("objectives.principle_hint")
    else:
        objective_sections.principle_view(ctx, viewdata.principle_names(ctx)[f.principle])


main()
