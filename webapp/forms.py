"""WTForms for the browser UI; every form carries a CSRF token (Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("密码"), validators=[DataRequired(), Length(max=256)])


class DepartmentForm(FlaskForm):
    code = StringField(_l("部门代码"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("部门名称"), validators=[DataRequired(), Length(max=120)])


class UserForm(FlaskForm):
    username = StringField(_l("用户名"), validators=[DataRequired(), Length(max=64)])
    display_name = StringField(_l("姓名"), validators=[Length(max=120)])
    role = SelectField(
        _l("角色"),
        choices=[
            ("drafter", _l("拟稿人")),
            ("reviewer", _l("审核人")),
            ("leader", _l("签发人")),
            ("admin", _l("管理员")),
        ],
    )
    department = SelectField(_l("部门"), choices=[])
    password = PasswordField(_l("初始密码"), validators=[DataRequired(), Length(min=8, max=256)])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("当前密码"), validators=[DataRequired(), Length(max=256)])
    new_password = PasswordField(_l("新密码"), validators=[DataRequired(), Length(min=8, max=256)])
    confirm = PasswordField(
        _l("再次输入新密码"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("两次输入的密码不一致"))],
    )


class PasswordResetForm(FlaskForm):
    new_password = PasswordField(_l("新密码"), validators=[DataRequired(), Length(min=8, max=256)])
