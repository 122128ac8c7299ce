"""The worker accepts every task of ours, whichever backend was configured when its module was imported.

A task object's class is chosen at import time by the backend configured then, and the worker's database
backend (django-tasks-db) accepts only ``django.tasks.Task``. When the tests ran django-tasks' own immediate
backend, a task module first imported under it held a task of the wrong class for the rest of the process:
every later enqueue on the database raised ``SuspiciousOperation`` ("does not point to a Task"), and the
director asking for a period report was answered 400.
"""

import importlib

import pytest
from django.tasks import Task
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from tests.factories import IMMEDIATE_TASKS

TASK_MODULES = ["ledgers.tasks", "mediation.tasks", "messaging.tasks", "reports.tasks", "stats.tasks"]


def tasks_of(module) -> list[Task]:
    return [value for value in vars(module).values() if isinstance(value, Task)]


@pytest.mark.parametrize("name", TASK_MODULES)
def test_a_task_module_imported_under_the_tests_backend_still_runs_on_the_database(name, db):
    module = importlib.import_module(name)
    count = len(tasks_of(module))
    assert count, f"{name} defines no task"
    try:
        with override_settings(TASKS=IMMEDIATE_TASKS):
            importlib.reload(module)  # as if the first test to import it had run the tasks at once
        assert len(tasks_of(module)) == count
        for task in tasks_of(module):
            row = DBTaskResult(task_path=task.module_path, backend_name="default", queue_name="default")
            assert row.task.func is task.func  # what the worker reads back from the queue
    finally:
        importlib.reload(module)
