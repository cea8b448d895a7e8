from rectify.measures.selectors import inspection_list_for, measure_list_for


def test_cast_scoping(cast, inspection, measure):
    assert list(inspection_list_for(user=cast.office)) == [inspection]
    assert list(inspection_list_for(user=cast.reporter)) == [inspection]
    assert list(inspection_list_for(user=cast.party_reporter)) == []
    assert list(inspection_list_for(user=cast.outsider)) == []
    assert list(inspection_list_for(user=cast.sysadmin)) == []
    assert list(measure_list_for(user=cast.reviewer)) == [measure]
    assert list(measure_list_for(user=cast.party_reporter)) == []
