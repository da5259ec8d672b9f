"""Notifications in the reader's language.

Services store a notification's text in the organisation's language (Chinese), because other
people read it later. A reader of another language sees it through the catalogue: the stored
text is matched against the Chinese message of its kind, and the same values are put into that
message's translation. Text that matches none (an older wording) is shown as stored.
"""

from __future__ import annotations

import re
from functools import cache

from flask_babel import get_locale, gettext

from webapp.models import Notification

PREAMBLE = "（前言）"
# The msgids the services write, by notification kind (see services/notifications.py and
# services/deadlines.py); tests/web/test_notification_text.py keeps the two in step.
KIND_MESSAGES: dict[str, tuple[str, ...]] = {
    "section_assigned": ("《%(report)s》%(section)s已分配给本部门起草",),
    "section_submitted": ("《%(report)s》%(section)s已提交审核",),
    "changes_requested": ("《%(report)s》%(section)s被退回修改",),
    "section_approved": ("《%(report)s》%(section)s已审核通过",),
    "countersign_requested": ("请会签：《%(report)s》%(section)s",),
    "report_signed_off": ("《%(report)s》已签发",),
    "report_sign_off_withdrawn": ("《%(report)s》已撤回签发，重新开放修改。原因：%(reason)s",),
    "report_final_ready": ("《%(report)s》的定稿文件已生成，可以下载",),
    "overdue": ("《%(report)s》%(section)s已逾期（截止日期：%(date)s）",),
    "deadline_soon": (
        "《%(report)s》%(section)s今天截止（%(date)s）",
        "《%(report)s》%(section)s将于%(date)s截止，还有 %(days)s 天",
    ),
}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@cache
def _pattern(msgid: str) -> re.Pattern[str]:
    """The msgid as a regular expression with one named group per placeholder."""
    parts = _PLACEHOLDER.split(msgid)
    return re.compile(
        "".join(
            re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
            for index, part in enumerate(parts)
        ),
        re.DOTALL,
    )


def notification_text(item: Notification) -> str:
    """The notification's message in the reader's language."""
    if str(get_locale()).startswith("zh"):
        return item.message
    for msgid in KIND_MESSAGES.get(item.kind, ()):
        match = _pattern(msgid).fullmatch(item.message)
        if match:
            values = match.groupdict()
            if values.get("section") == PREAMBLE:
                values["section"] = gettext(PREAMBLE)
            return gettext(msgid, **values)
    return item.message
