SPEC = {
    "name": "package-2022",
    "description": "a department's package: a project form (operators-2023's), a 部门整体支出绩效自评表 (near-threshold-2022's "
                   "form under the department-wide title, not a project), another project form (sichuan-split-2023's, "
                   "another font); two projects expected, each with its own findings, year and money block",
    "parts": [
        {"spec": "operators-2023"},
        {"spec": "near-threshold-2022", "department_wide": True,
         "set": {"title": [], "narrative": []}, "set_form": {"form_title": "部门整体支出绩效自评表"}},
        {"spec": "sichuan-split-2023"},
    ],
    "expected": {"pages": 4},
}
