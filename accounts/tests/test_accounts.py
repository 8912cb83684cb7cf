import pytest

from accounts.models import Role, User
from accounts.scoping import AreaScopedQuerySet, in_scope, scope_q, visible_units
from accounts.tests.factories import PASSWORD
from devdata import producers_demo
from devdata.demo import accounts as accounts_demo
from devdata.demo import areas as areas_demo


def _text(response):
    return response.content.decode()


@pytest.fixture
def demo(db):
    areas_demo.load()
    accounts_demo.load()


def test_login_page_is_vietnamese_by_default(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    assert '<html lang="vi">' in _text(response)
    assert "Đăng nhập" in _text(response)
    assert "Tên đăng nhập" in _text(response) and "Mật khẩu" in _text(response)


def test_language_switch_shows_english(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/login/"
    text = _text(response)
    assert '<html lang="en">' in text
    assert "Sign in to the OCOP portal" in text and "Password" in text
    assert "Đăng nhập" not in text
    # and back to Vietnamese
    text = _text(client.post("/i18n/setlang/", {"language": "vi", "next": "/login/"}, follow=True))
    assert '<html lang="vi">' in text and "Đăng nhập" in text


def test_wrong_password_shows_a_vietnamese_error(client, make_user):
    make_user(username="lan")
    response = client.post("/login/", {"username": "lan", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác" in _text(response)
    assert "_auth_user_id" not in client.session


def test_login_then_home_shows_role_and_unit(client, area_tree, make_user):
    make_user(username="lan", role=Role.LOCAL_OFFICER, unit=area_tree["d1"], full_name="Nguyễn Thị Lan")
    response = client.post("/login/", {"username": "lan", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    home = _text(client.get("/"))
    assert "Nguyễn Thị Lan" in home and "Cán bộ huyện/xã" in home and "Huyện 1" in home


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/areas/")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


def test_password_change(client, make_user):
    user = make_user(username="lan")
    client.force_login(user)
    form = client.get("/accounts/password/")
    assert form.status_code == 200 and "Đổi mật khẩu" in _text(form)
    new_password = "Cay-Xoai-Cat-Hoa-2026"
    wrong_old = client.post(
        "/accounts/password/",
        {"old_password": "sai", "new_password1": new_password, "new_password2": new_password},
    )
    assert wrong_old.status_code == 200 and "Mật khẩu cũ không chính xác" in _text(wrong_old)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/password/done/"
    user.refresh_from_db()
    assert user.check_password(new_password) and not user.check_password(PASSWORD)
    client.logout()
    assert client.login(username="lan", password=new_password)


def test_every_demo_account_logs_in_through_the_form(client, demo):
    assert User.objects.filter(username__in=[a[0] for a in accounts_demo.DEMO_ACCOUNTS]).count() == 7
    # one staff account per role; the producer's demo accounts come from ``devdata.producers_demo`` (#18)
    assert {a[2] for a in accounts_demo.DEMO_ACCOUNTS} == set(Role.values) - {Role.PRODUCER}
    producers = producers_demo.load()
    assert producers and {user.role for user in producers} == {Role.PRODUCER}
    accounts = [(a[0], a[1], a[2]) for a in accounts_demo.DEMO_ACCOUNTS]
    accounts += [(user.username, user.full_name, user.role) for user in producers]
    assert {role for _u, _n, role in accounts} == set(Role.values)  # every role can be tried in the demo
    for username, full_name, role in accounts:
        client.logout()
        response = client.post("/login/", {"username": username, "password": accounts_demo.DEMO_PASSWORD})
        assert response.status_code == 302, username
        home = _text(client.get("/", follow=True))
        assert full_name in home and str(Role(role).label) in home, username


def test_user_list_is_for_administrators_only(client, demo):
    client.force_login(User.objects.get(username="quantri"))
    response = client.get("/accounts/users/")
    assert response.status_code == 200 and "vpdp.dongthap" in _text(response)
    for username in ("vpdp.dongthap", "lanhdao.tinh", "canbo.laivung"):
        client.force_login(User.objects.get(username=username))
        assert client.get("/accounts/users/").status_code == 403


@pytest.fixture
def scoped_users(monkeypatch):
    """Use the User model (it has ``unit``) as a stand-in scoped model for the central ``restrict``."""
    monkeypatch.setattr(User, "area_lookup", "unit", raising=False)
    return AreaScopedQuerySet(model=User)


@pytest.mark.parametrize("missing", ["role", "unit", "inactive"])
def test_user_without_role_or_unit_sees_nothing(client, area_tree, make_user, scoped_users, missing):
    make_user(unit=area_tree["d1"])  # somebody to see
    kwargs = {"role": Role.COORDINATION_OFFICE, "unit": area_tree["province"], "is_active": True}
    kwargs = {**kwargs, **{"role": {"role": ""}, "unit": {"unit": None}, "inactive": {"is_active": False}}[missing]}
    user = make_user(**kwargs)
    assert not scoped_users.restrict(user, "view").exists()
    assert not visible_units(user).exists()
    assert not in_scope(user, area_tree["d1"])
    assert not User.objects.filter(scope_q(user, "view", "unit")).exists()
    if missing != "inactive":
        client.force_login(user)
        home = _text(client.get("/"))
        assert "chưa được gán vai trò hoặc đơn vị hành chính" in home
        assert 'class="mainnav"' in home and "/areas/" not in home
        assert client.get("/areas/").status_code == 403


def test_restrict_limits_rows_to_the_area_and_action(area_tree, make_user, scoped_users):
    inside = make_user(unit=area_tree["c1"])
    outside = make_user(unit=area_tree["c2"])
    officer = make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"])
    visible = set(scoped_users.restrict(officer, "view"))
    assert inside in visible and officer in visible and outside not in visible
    assert not scoped_users.restrict(officer, "approve").exists()  # a local officer may not approve
    office = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    assert {inside, outside} <= set(scoped_users.restrict(office, "approve"))
    leader = make_user(role=Role.LEADERSHIP, unit=area_tree["province"])
    assert outside in set(scoped_users.restrict(leader, "view"))
    assert not scoped_users.restrict(leader, "change").exists()


def test_restrict_refuses_a_model_without_area_lookup(db):
    with pytest.raises(TypeError):
        AreaScopedQuerySet(model=User).restrict(None)


def test_seed_demo_prints_one_account_per_role_with_the_password(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    assert accounts_demo.DEMO_PASSWORD in text
    for username, _name, role, _unit in accounts_demo.DEMO_ACCOUNTS:
        assert username in text and str(Role(role).label) in text


def test_seed_demo_prints_the_producers_demo_accounts(db):
    from io import StringIO

    from django.core.management import call_command

    from devdata import producers_demo

    out = StringIO()
    call_command("seed_demo", stdout=out)
    lines = out.getvalue().splitlines()
    for username in (producers_demo.VERIFIED_USERNAME, producers_demo.PENDING_USERNAME):
        line = next(line for line in lines if username in line)
        assert str(Role.PRODUCER.label) in line


@pytest.mark.parametrize("actor_role", [Role.ADMINISTRATOR, Role.COORDINATION_OFFICE])
def test_no_one_grants_the_producer_role(area_tree, make_user, actor_role):
    """A producer account comes only from the registration and the commune's verification (#18)."""
    from django.core.exceptions import ValidationError

    from accounts.services import account_create, grantable_roles

    actor = make_user(role=actor_role, unit=area_tree["province"])
    assert Role.PRODUCER not in grantable_roles(actor) and Role.LOCAL_OFFICER in grantable_roles(actor)
    data = {"full_name": "Nguyễn Văn A", "email": "a@example.vn", "role": Role.PRODUCER, "unit": area_tree["c1"]}
    with pytest.raises(ValidationError) as error:
        account_create(actor=actor, username="chuthe.a", data=data)
    assert "role" in error.value.message_dict
    assert not User.objects.filter(username="chuthe.a").exists()


def test_a_producer_lands_on_its_own_page(client, area_tree, make_user):
    from django.urls import reverse

    client.force_login(make_user(role=Role.PRODUCER, unit=None))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("producers:home")
    client.force_login(make_user(role=Role.LOCAL_OFFICER, unit=area_tree["d1"]))
    assert client.get("/").status_code == 200


def test_login_page_offers_the_producers_registration(client, db):
    from django.urls import reverse

    page = _text(client.get("/login/"))
    assert "Chủ thể OCOP chưa có tài khoản?" in page and f'href="{reverse("producers:register")}"' in page
