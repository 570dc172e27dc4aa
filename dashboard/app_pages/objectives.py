"""Objectives: one or more objectives (or a round table, MPTF area, guiding principle) by stream, round and region."""

import streamlit as st

from dashboard import charts, components, context, filters, narrative, queries, views
from dashboard.i18n import t

ctx = context.get()
f = ctx.filters
groups = ctx.run(queries.objective_groups)
principles = ctx.run(queries.principles)
kinds = ["objectives", "roundtable", "mptf", "principle"]
kind = st.segmented_control(t("objectives.pick_kind"), kinds, format_func=lambda k: t(f"objectives.kind.{k}"),
                            default="principle" if f.principle is not None else "objectives", required=True,
                            key="w_obj_kind")
if kind == "objectives":
    filters.bound(st.multiselect, "objectives", "w_obj_page", list(f.objectives), convert=lambda v: tuple(sorted(v)),
                  label=t("filters.objectives"), options=list(range(1, 24)), format_func=ctx.objective_label,
                  placeholder=t("filters.objectives_all"))
elif kind in ("roundtable", "mptf"):
    mine = groups[groups["group_kind"] == kind]
    sets = {int(g): tuple(int(o) for o in ids) for g, ids in zip(mine["group_id"], mine["objective_ids"], strict=True)}
    current = next((g for g, ids in sets.items() if ids == f.objectives), None)
    titles = dict(zip(mine["group_id"], mine["title"], strict=True))
    filters.bound(st.selectbox, "objectives", f"w_group_{kind}", current, convert=lambda g: sets.get(g, ()),
                  label=t(f"objectives.kind.{kind}"), options=list(sets), index=None,
                  format_func=lambda g: f"{g} · {titles[g]}", placeholder=t("objectives.pick_group"))
else:
    names = dict(zip(principles["principle_id"], principles["name"], strict=True))
    filters.bound(st.selectbox, "principle", "w_gp", f.principle, label=t("objectives.kind.principle"),
                  options=list(names), index=None, format_func=lambda p: f"{p} · {names[p]}",
                  placeholder=t("objectives.pick_principle"))
if kind != "principle" and f.principle is not None:
    f = filters.apply(ctx, principle=None)  # leaving the principle view drops its filter from the link too
if f.rounds is None:
    components.empty("empty.no_rounds")
    st.stop()

if kind == "principle" and f.principle is not None:
    views.principle_view(ctx, dict(zip(principles["principle_id"], principles["name"], strict=True))[f.principle])
    st.stop()

levels = ("subregion", "commission", "country") if f.geos else ("subregion", "commission")
cells = ctx.run(queries.progress, stream=f.stream, rounds=f.rounds, levels=levels, geos=f.geos, objectives=f.objectives)
if len(f.objectives) in (1, 2, 3):
    for objective_id in f.objectives:
        st.markdown("**" + narrative.objective_sentence(cells, objective_id, ctx.short_title(objective_id), f.rounds,
                                                        "subregion") + "**")
else:
    st.markdown("**" + narrative.groups_sentence(cells, f.rounds, "subregion") + "**")
if not f.objectives:
    st.caption(t("objectives.all_hint"))
if components.stream_missing(ctx):
    st.stop()

by_round = ctx.run(queries.activity_by_round, stream=f.stream, objectives=f.objectives, geos=f.geos)
components.chart(ctx, charts.stream_bars(by_round, t("objectives.bars_title")), by_round, view="activity-by-round",
                 key="obj-bars", url_path="objectives", caption=t("note.full_counting_distinct"))

st.subheader(t("objectives.table_heading", a=f.rounds[0], b=f.rounds[1]))
shown = components.with_class_text(cells)[["class", "objective_id", "short_title", "geo_level", "geo_name", "n_from",
                                           "n_to", "category", "confidence", "label", "score", "reason_count",
                                           "is_interpretable", "geo_id"]]
if shown.empty:
    components.empty("empty.no_cells")
else:
    components.table(ctx, shown, view="progress", key="obj-cells", url_path="objectives",
                     column_config=components.class_column_config(f.rounds), styler=components.class_styler(shown))
reasons = ctx.run(queries.cell_reasons, stream=f.stream, rounds=f.rounds, levels=levels, geos=f.geos,
                  objectives=f.objectives)
if not reasons.empty:
    st.markdown(f"**{t('reasons.heading')}**")
    components.table(ctx, reasons, view="reasons", key="obj-reasons", url_path="objectives",
                     column_config=components.activity_column_config())

st.subheader(t("objectives.list_heading"))
activities = ctx.run(queries.activity_list, stream=f.stream, rounds=f.rounds, objectives=f.objectives, geos=f.geos)
if activities.empty:
    components.empty("empty.no_activities")
else:
    components.table(ctx, activities, view="activities", key="obj-list", url_path="objectives",
                     column_config=components.activity_column_config())
