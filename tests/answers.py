"""A `httpx.MockTransport` handler for the REST client tests: it answers from a list and records the requests.

Shared by the gateway and JobManager client tests (`tests/unit/test_gateway_client.py`,
`tests/unit/test_cluster_client.py`), which test answers a real server cannot be made to give.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Recorder:
    """Answers each request with the next answer (the last one repeats): a response, an exception to raise
    (a transport failure), or a function of the request."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer):
            return answer(request)
        return answer
