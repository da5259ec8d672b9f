"""The one table that translates a domain error by its stable code: services write the Chinese
message (the source, used as is in Chinese and by the CLI), the UI and the API show it in the
reader's language through this table."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from webapp.services.errors import DomainError

# The msgids are the services' messages with their details as named parameters.
MESSAGES = {
    "already_signed_off": _l("报告已签发"),
    "admins_only": _l("只有管理员可以查看审计日志"),
    "assign_forbidden": _l("只有管理员和签发人可以分配章节"),
    "body_too_long": _l("正文过长：%(chars)s 字，上限 %(limit)s 字"),
    "comment_change_forbidden": _l("无权修改这条评论"),
    "comment_forbidden": _l("无权评论这个章节"),
    "comment_not_found": _l("没有这条评论"),
    "corrupt_docx": _l("无法读取该 Word 文件：文件已损坏、是旧版 .doc 或不是 .docx 格式"),
    "countersign_own_department": _l("会签部门不能是章节的承办部门"),
    "create_forbidden": _l("只有管理员和签发人可以创建报告"),
    "department_exists": _l("部门代码已存在：%(department)s"),
    "department_name_missing": _l("部门名称不能为空"),
    "department_not_found": _l("没有这个部门：%(department)s"),
    "department_required": _l("拟稿人和审核人必须属于一个部门（--department）"),
    "document_not_found": _l("没有这个文档：%(document_id)s"),
    "documents_not_readable": _l("无权查看这个报告的文档"),
    "download_forbidden": _l("无权下载这个文档"),
    "empty_import": _l("没有识别出任何内容：文件是空的吗？"),
    "file_too_large": _l("文件过大：%(kb)s KB，上限 %(limit_kb)s KB"),
    "final_leaders_only": _l("只有签发人可以生成正式文本；其他用户可以生成征求意见稿"),
    "formats_not_a_list": _l('formats 应为格式名数组，如 ["docx", "pdf"]'),
    "import_forbidden": _l("只有管理员和签发人可以导入报告"),
    "invalid_anchor": _l("所选文字的位置无效"),
    "invalid_base_revision": _l("起始版本无效：%(base_revision)s（当前最新为第 %(head)s 版）"),
    "invalid_comment_length": _l("评论不能为空，也不能超过 %(limit)s 字"),
    "invalid_date": _l("日期格式应为 2026-11-25：%(value)s"),
    "invalid_decision": _l("审核意见类型无效：%(decision)s（approve、request_changes、comment）"),
    "invalid_department_code": _l(
        "部门代码无效：%(department)s（只能用字母、数字、-、_，最多 32 个字符）"
    ),
    "invalid_field": _l("字段无效：%(field)s"),
    "invalid_page": _l("页码无效：%(page)s"),
    "invalid_role": _l("角色无效：%(role)s（可选 drafter、reviewer、leader、admin）"),
    "invalid_section_index": _l("章节序号无效（共 %(total)s 个章节）"),
    "invalid_username": _l("用户名无效：%(username)s"),
    "job_not_found": _l("没有这个生成任务：%(job_id)s"),
    "leaders_only": _l("只有签发人可以签发报告"),
    "locked": _l("报告已签发，已锁定，不能再修改；如需修改，请签发人先撤回签发"),
    "merge_conflict": _l("保存冲突：您修改的位置在第 %(head)s 版中也被他人修改，请对照后重新保存"),
    "message_too_long": _l("修改说明不能超过 %(limit)s 字"),
    "no_format": _l("至少选择一种格式"),
    "no_user_with_role": _l("还没有角色为 %(role)s 的用户"),
    "not_a_number": _l("必须是数字：%(value)s"),
    "not_a_reviewer": _l("只有本部门（或会签部门）的审核人、签发人和管理员可以审核"),
    "not_a_task": _l("这是只有标题的结构节点，不需要提交或审核，请处理其下的章节"),
    "not_signed_off": _l("报告尚未签发"),
    "not_submittable": _l("只有起草中或退回修改的章节可以提交审核"),
    "not_submitted": _l("章节尚未提交审核"),
    "not_your_department": _l("只有本部门的拟稿人和审核人可以这样做"),
    "notification_not_found": _l("没有这条通知"),
    "own_revision": _l("不能审批自己撰写的版本（四眼原则），请由其他审核人审批"),
    "password_too_short": _l("密码至少 %(min_chars)s 个字符"),
    "placeholders_left": _l("以下章节仍有未填写的占位符，请修改后重新审核：%(sections)s"),
    "reason_too_long": _l("撤回原因不能超过 %(limit)s 字"),
    "reason_required": _l("退回修改时请写明修改意见"),
    "reply_to_other_section": _l("只能回复本章节的评论"),
    "report_not_found": _l("没有这个报告：%(report_id)s"),
    "report_not_readable": _l("无权查看这个报告"),
    "review_too_long": _l("审核意见不能超过 %(limit)s 字"),
    "revision_not_found": _l("这个章节没有第 %(revision)s 版"),
    "save_contention": _l("保存冲突：其他人正在频繁修改这个章节，请稍后再试"),
    "section_not_found": _l("没有这个章节：%(section_id)s"),
    "section_not_in_report": _l("章节不属于这个报告"),
    "section_not_readable": _l("无权查看这个章节"),
    "sections_unapproved": _l("还有 %(count)s 个章节未通过审核：%(sections)s"),
    "sign_off_blocked": _l("签发检查还有未完成的项目，不能签发"),
    "stale_revision": _l("章节已有新版本（第 %(head)s 版），请阅读最新版本后再审核"),
    "title_missing": _l("报告标题不能为空"),
    "unauthenticated": _l("需要登录或 API 令牌（Authorization: Bearer …）"),
    "undecodable_text": _l(
        "无法识别文件编码：请将文件另存为 UTF-8 或 GB18030（GBK）编码的纯文本后再导入"
    ),
    "unsaved_draft": _l("您有尚未保存为版本的文字：请先保存（或在编辑器中提交），再提交审核"),
    "unsupported_file_type": _l("不支持的文件类型：%(suffix)s（请上传 .docx 或 .txt 文件）"),
    "unsupported_format": _l("不支持的格式：%(formats)s（可选 docx, pdf, txt, md）"),
    "user_not_found": _l("没有这个用户：%(username)s"),
    "username_taken": _l("用户名已存在：%(username)s"),
    "already_claimed": _l("%(reviewer)s 正在审核这个章节"),
    "chase_forbidden": _l("只有签发人和管理员可以催办"),
    "chased_recently": _l("刚刚已催办过%(department)s，请 %(minutes)s 分钟后再催办"),
    "claim_forbidden": _l("只有本部门（或会签部门）的审核人可以认领审核"),
    "claim_not_submitted": _l("只能认领已提交待审核的章节"),
    "claimed_by_other": _l("%(reviewer)s 正在审核这个章节，只有本人可以放弃"),
    "nothing_overdue": _l("%(department)s在这个报告中没有逾期的章节"),
    "search_query_empty": _l("请输入要搜索的词（汉字、字母或数字）"),
    "search_query_too_long": _l("搜索词不能超过 %(limit)s 字"),
}


def localised(error: DomainError) -> str:
    """The error's message in the reader's language; the service's own text in Chinese."""
    template = MESSAGES.get(error.code)
    if template is None or str(get_locale()).startswith("zh"):
        return error.message
    try:
        return str(template) % error.details
    except (KeyError, TypeError, ValueError):
        return str(template)
