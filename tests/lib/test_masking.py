"""Masking of personal data: what a reader without the right to it sees."""

from rectify.lib.masking import mask_contact, mask_name


def test_names_keep_their_first_character():
    assert mask_name("张三丰") == "张**"
    assert mask_name("李") == "李*"
    assert mask_name("  ") == ""


def test_contacts_keep_only_what_identifies_nobody():
    assert mask_contact("13812345678") == "138****5678"
    assert mask_contact("020-89998901") == "020-8999****"
    assert mask_contact("li.si@example.cn") == "l***@example.cn"
    assert mask_contact("微信 lisi") == "****"
    assert mask_contact("") == ""
