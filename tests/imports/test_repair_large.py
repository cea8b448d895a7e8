"""The repair preview on a tree of 300 nodes: one change answers with the whole tree, updated.

How fast it answers is measured by benchmarks/bench_repair.py (beside its lower bound), not
here: a timing on a shared test machine proves nothing.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rectify.imports.models import ImportDraft
from rectify.lib.numbering import int_to_cn


def _feedback_300() -> bytes:
    lines = ["县委巡察组关于巡察某某局党组的反馈意见", "现将巡察发现的主要问题反馈如下："]
    for a in range(1, 11):  # 10 aspects × (5 problems × (1 + 4 items) + 1) = 260 … + 40
        lines.append(f"{int_to_cn(a)}、第{a}方面工作落实不到位")
        for p in range(1, 6):
            lines.append(f"（{int_to_cn(p)}）第{a}-{p}项工作存在差距。")
            lines += [f"{i}．第{a}-{p}-{i}处问题整改不彻底。" for i in range(1, 6)]
    return "\n".join(lines).encode()


def test_a_repair_on_300_nodes(client, cast, units):
    client.force_login(cast.office)
    client.post(
        reverse("imports:import_upload"), {"file": SimpleUploadedFile("fb.txt", _feedback_300())}
    )
    draft = ImportDraft.objects.get()
    response = client.post(
        reverse("imports:import_repair", args=[draft.pk]),
        {"op": "promote", "path": "9.4.4"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="repair-node ') == 310
    assert "10 个方面, 51 个问题, 249 个具体表现" in page or "10 aspects, 51 problems" in page
    assert 'data-path="9.5"' in page and "repair-node--focus" in page  # 9.4.4 follows 9.4
    assert 'name="f-0-title"' not in page  # the correction form is loaded when seen
    assert page.count('<option value="9.5"') == 2  # the move picker and the path list
