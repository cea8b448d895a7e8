"""Which paths each OpenAPI document describes: v1 (the default), or the first API."""

V1 = "/api/v1/"


def only_v1(endpoints, **kwargs):
    return [e for e in endpoints if e[0].startswith(V1)]


def only_legacy(endpoints, **kwargs):
    return [e for e in endpoints if not e[0].startswith(V1)]


LEGACY_SETTINGS = {
    "PREPROCESSING_HOOKS": ["rectify.api.hooks.only_legacy"],
    "VERSION": "0.1.0",
    "DESCRIPTION": "整改台账 API: inspections, findings, measures, progress and sign-off.",
    "COMPONENT_SPLIT_REQUEST": False,
    "ENUM_NAME_OVERRIDES": {"MeasureStatusEnum": "rectify.measures.enums.MeasureStatus"},
}
