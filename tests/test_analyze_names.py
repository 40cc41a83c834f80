from newsdigest.analyze.names import is_title, same_person, surname


def test_same_person_allows_one_letter_inside_a_long_surname():
    assert same_person("Brandt", "Brant") and same_person("Lavrov", "Lavrof")
    assert not same_person("Putin", "Pompeo") and not same_person("Lee", "Lea")
    assert not same_person("Korea", "Korean")  # a letter added at the end makes another word


def test_surname_and_titles():
    assert surname("Secretary of State Mike Pompeo") == "Pompeo" and surname("Putin's") == "Putin"
    assert is_title("Mayor") and is_title("Mr.") and not is_title("Brandt")
