"""Every public service method declares the permission it needs, and the roles table decides.
A new method without a rule fails here (the full per-role refusal matrix grows in the
reliability suite)."""

import inspect

import pytest

from blijf_desktop.services.accounts import AccountService
from blijf_desktop.services.audit_trail import AuditTrailService

SESSION_SERVICES = [AccountService, AuditTrailService]


def _public_methods(cls):
    return [(name, fn) for name, fn in inspect.getmembers(cls, inspect.isfunction)
            if not name.startswith("_")]


@pytest.mark.parametrize("service", SESSION_SERVICES, ids=lambda c: c.__name__)
def test_every_public_method_declares_its_permission(service):
    undeclared = [name for name, fn in _public_methods(service)
                  if not hasattr(fn, "required_permission")]
    assert undeclared == []
