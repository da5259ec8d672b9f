"""The section editor, conflict view, history and diffs (browser UI, sessions + CSRF)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.services import drafting, editor, reports
from webapp.services.errors import Conflict, InvalidInput, PayloadTooLarge
from webapp.text import diff_render
from webapp.text.diff import diff
from webapp.views import signed_in_only
from webapp.views.error_messages import localised

bp = signed_in_only(Blueprint("sections", __name__, url_prefix="/sections"))


@bp.get("/<int:section_id>")
def edit(section_id: int):
    state = editor.editor_state(section_id, current_user)
    return render_template(
        "sections/edit.html", state=state, heading=reports.numbered_heading(state.section)
    )


@bp.post("/<int:section_id>/save")
def save(section_id: int):
    form = request.form
    try:
        result = drafting.save_revision(
            section_id,
            current_user,
            form.get("base_revision", type=int, default=-1),
            form.get("body", ""),
            form.get("message", ""),
        )
    except Conflict as error:
        if error.code == "locked":
            flash(_("报告已签发，已锁定：未保存。您的文字已保留在草稿中。"), "error")
            return redirect(url_for("sections.edit", section_id=section_id))
        flash(_("保存冲突：有人同时修改了相同位置，请对照后重新保存。您的文字已保留。"), "warning")
        return redirect(url_for("sections.conflict", section_id=section_id))
    except (InvalidInput, PayloadTooLarge) as error:
        flash(localised(error), "error")
        return redirect(url_for("sections.edit", section_id=section_id))
    flash(_save_message(result), "success" if not result.merged else "info")
    return redirect(url_for("sections.edit", section_id=section_id, merged=result.merged or None))


def _save_message(result: drafting.SaveResult) -> str:
    if not result.created:
        return _("内容没有变化，未生成新版本。")
    if result.merged:
        return _("已保存为第 %(n)s 版，并自动合并了他人同时所做的修改。", n=result.revision)
    return _("已保存为第 %(n)s 版。", n=result.revision)


@bp.post("/<int:section_id>/draft")
def autosave(section_id: int):
    body = request.form.get("body", "")
    try:
        saved_at = drafting.save_draft(
            section_id, current_user, request.form.get("base_revision", type=int, default=-1), body
        )
    except Conflict as error:
        # editor.js swaps this 409 in: the editor says why instead of failing silently.
        return render_template("sections/_autosave_refused.html", error=error), 409
    return render_template(
        "sections/_autosave.html", saved_at=saved_at, findings=editor.proof(body)
    )


@bp.get("/<int:section_id>/editors")
def editors(section_id: int):
    return render_template(
        "sections/_editors.html", editors=drafting.other_editors(section_id, current_user)
    )


@bp.get("/<int:section_id>/conflict")
def conflict(section_id: int):
    state = editor.conflict_state(section_id, current_user)
    if state is None:
        return redirect(url_for("sections.edit", section_id=section_id))
    head_side, theirs_side = diff_render.side_by_side(diff(state.head_body, state.theirs))
    return render_template(
        "sections/conflict.html", state=state, head_side=head_side, theirs_side=theirs_side
    )


@bp.get("/<int:section_id>/history")
def history(section_id: int):
    section = drafting.readable_section(section_id, current_user)
    return render_template(
        "sections/history.html",
        section=section,
        entries=drafting.history(section_id, current_user),
    )


@bp.post("/<int:section_id>/restore/<int:number>")
def restore(section_id: int, number: int):
    try:
        result = drafting.restore(section_id, current_user, number)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(url_for("sections.history", section_id=section_id))
    flash(_save_message(result), "success")
    return redirect(url_for("sections.edit", section_id=section_id))


@bp.get("/<int:section_id>/diff")
def compare(section_id: int):
    section = drafting.readable_section(section_id, current_user)
    head = section.head_revision
    from_number = request.args.get("from", type=int, default=max(head - 1, 0))
    to_number = request.args.get("to", type=int, default=head)
    ops = drafting.compare(section_id, current_user, from_number, to_number)
    return render_template(
        "sections/diff.html",
        section=section,
        from_number=from_number,
        to_number=to_number,
        view=request.args.get("view", "inline"),
        inline=diff_render.inline_html(ops),
        sides=diff_render.side_by_side(ops),
        stats=diff_render.stats(ops),
    )
