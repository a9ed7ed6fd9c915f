from desktop.core import profile
from tests.conftest import ADMIN, PASSWORD


def test_profile_reopens(province, data_dir):
    province.close()
    again = profile.open_profile(data_dir, ADMIN, PASSWORD)
    assert again.user.username == ADMIN
    again.close()
