"""Confluence's REST API (Cloud and Data Center): the pages of a space, or below a page.

``GET BASE_URL/rest/api/content?spaceKey=KEY&type=page&expand=body.storage,ancestors,version``
pages with ``start``/``limit`` and follows ``_links.next`` (a relative link is joined to
``_links.base``), as both products serve it. The token comes from ``CONFLUENCE_TOKEN``
only (a bearer token; with ``CONFLUENCE_USER``, basic auth as Cloud's API tokens need) and
never appears in a message. 429 and 5xx answers are retried, waiting what ``Retry-After``
says (bounded); the next-page link must stay on the wiki's own host, so the token is never
sent elsewhere.
"""

from __future__ import annotations

import email.utils
import os
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from .sources import Counts, WikiPage, WikiUnreachable

PAGE_SIZE = 50
MAX_REQUESTS = 10_000
"""No wiki sends more pages than this many requests hold (half a million pages)."""
MAX_ATTEMPTS = 5
MAX_WAIT = 60.0
TIMEOUT = (10.0, 120.0)
EXPAND = "body.storage,ancestors,version"


class Api:
    """A session with one wiki; every request goes to its scheme, host and port only."""

    def __init__(self, base_url: str, *, sleep: Any = time.sleep) -> None:
        base_url = base_url.strip().rstrip("/")
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                f"--url {base_url!r} is not an http or https address, e.g. https://example.atlassian.net/wiki"
            )
        self.base_url = base_url
        self.origin = (parts.scheme, parts.netloc)
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        self.session.headers["User-Agent"] = "minutes-import"
        self.session.trust_env = False
        token = os.environ.get("CONFLUENCE_TOKEN", "").strip()
        user = os.environ.get("CONFLUENCE_USER", "").strip()
        if token and user:
            self.session.auth = (user, token)
        elif token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        self.counts = Counts()
        self.sleep = sleep
        self.requests = 0

    def get(self, url: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        """One JSON answer; retried on 429 and 5xx; WikiUnreachable on anything else."""
        if (urlsplit(url).scheme, urlsplit(url).netloc) != self.origin:
            raise WikiUnreachable(f"the wiki sent a link to another host ({urlsplit(url).netloc}); stopped")
        for attempt in range(1, MAX_ATTEMPTS + 1):
            self.requests += 1
            if self.requests > MAX_REQUESTS:
                raise WikiUnreachable(
                    f"stopped after {MAX_REQUESTS} requests to {self.base_url}: the paging never ends"
                )
            try:
                answer = self.session.get(url, params=params, timeout=TIMEOUT, allow_redirects=False)
            except requests.RequestException as err:
                raise WikiUnreachable(f"cannot reach {self.base_url}: {_reason(err)}") from None
            if answer.status_code == 429 or 500 <= answer.status_code < 600:
                if attempt == MAX_ATTEMPTS:
                    raise WikiUnreachable(
                        f"{self.base_url} answered HTTP {answer.status_code} {MAX_ATTEMPTS} times; try again later"
                    )
                self.sleep(_wait(answer.headers.get("Retry-After"), attempt))
                continue
            if answer.status_code != 200:
                raise WikiUnreachable(self._refusal(answer.status_code))
            try:
                data = answer.json()
            except ValueError:
                data = None
            if not isinstance(data, dict):
                raise WikiUnreachable(f"{self.base_url} did not answer with the REST API's JSON: check --url")
            return data
        raise AssertionError("unreachable")

    def _refusal(self, status: int) -> str:
        if status == 401:
            return (
                f"{self.base_url} refused the token (HTTP 401): set CONFLUENCE_TOKEN to a valid token "
                "(and CONFLUENCE_USER to its account's email on Cloud)"
            )
        if status == 403:
            return f"{self.base_url} does not let this token read the space (HTTP 403)"
        if status == 404:
            return f"{self.base_url} has no such space or page (HTTP 404): check --url (on Cloud it ends in /wiki), --space and --ancestor"
        if 300 <= status < 400:
            return f"{self.base_url} redirects (HTTP {status}): give --url as the wiki's address it redirects to"
        return f"{self.base_url} answered HTTP {status}"

    def pages(self, space: str, ancestor: str | None = None, labels: bool = False) -> Iterator[dict[str, Any]]:
        """Every current page of the space (or below ``ancestor``), page by page of results."""
        expand = EXPAND + (",metadata.labels" if labels else "")
        url: str | None = f"{self.base_url}/rest/api/content"
        params: dict[str, str] | None = {
            "spaceKey": space,
            "type": "page",
            "status": "current",
            "expand": expand,
            "start": "0",
            "limit": str(PAGE_SIZE),
        }
        seen: set[str] = set()
        while url:
            data = self.get(url, params)
            for result in data.get("results") or []:
                if isinstance(result, dict):
                    ancestors = [str(a.get("id")) for a in result.get("ancestors") or [] if isinstance(a, dict)]
                    if ancestor is None or ancestor in ancestors:
                        yield result
            url, params = self._next(data), None
            if url in seen:
                break
            if url:
                seen.add(url)

    def _next(self, data: dict[str, Any]) -> str | None:
        """The next page of results: ``_links.next``, a relative one joined to ``_links.base``."""
        links = data.get("_links") if isinstance(data.get("_links"), dict) else {}
        following = links.get("next") if isinstance(links, dict) else None
        if not isinstance(following, str) or not following.strip():
            return None
        following = following.strip()
        named = links.get("base") if isinstance(links, dict) else None
        base = named if isinstance(named, str) else self.base_url
        if urlsplit(following).scheme:
            url = following
        elif following.startswith("/"):
            url = _join(base, following)
        else:
            url = urljoin(base.rstrip("/") + "/", following)
        return self._on_wiki(url, base)

    def _on_wiki(self, url: str, base: str) -> str:
        """The same request on ``--url``'s host: a wiki behind a proxy or on its own domain may
        name itself otherwise in ``_links``, and the token only ever goes where it was meant."""
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) == self.origin:
            return url
        path = parts.path
        prefix = urlsplit(base).path.rstrip("/")
        if prefix and path.startswith(prefix + "/"):
            path = path[len(prefix) :]
        return self.base_url + path + (f"?{parts.query}" if parts.query else "")


def _join(base: str, path: str) -> str:
    """``/rest/api/...?start=50`` after ``https://x.atlassian.net/wiki``: the base keeps its path."""
    base = base.rstrip("/")
    parts = urlsplit(base)
    if path.startswith(parts.path + "/") and parts.path:
        return f"{parts.scheme}://{parts.netloc}{path}"
    return base + path


def _wait(header: str | None, attempt: int) -> float:
    """What Retry-After asks (seconds or an HTTP date), else 1, 2, 4... seconds; at most a minute."""
    wait = float(2 ** (attempt - 1))
    if header:
        header = header.strip()
        if header.isdigit():
            wait = float(header)
        else:
            try:
                when = email.utils.parsedate_to_datetime(header)
                wait = max(0.0, when.timestamp() - time.time())
            except (TypeError, ValueError, OverflowError):
                pass  # a Retry-After nobody can read: the usual backoff
    return min(wait, MAX_WAIT)


def _reason(err: requests.RequestException) -> str:
    if isinstance(err, requests.Timeout):
        return "it did not answer in time"
    if isinstance(err, requests.ConnectionError):
        return "no connection (check --url and the network)"
    return type(err).__name__


def read_space(api: Api, space: str, ancestor: str | None, labels: bool) -> list[WikiPage]:
    """The space's pages as ``WikiPage``s, parents and titles filled in from the ancestors."""
    pages: list[WikiPage] = []
    for result in api.pages(space, ancestor, labels):
        ancestors = [a for a in result.get("ancestors") or [] if isinstance(a, dict)]
        parent = ancestors[-1] if ancestors else None
        body = result.get("body") if isinstance(result.get("body"), dict) else {}
        storage = body.get("storage") if isinstance(body, dict) and isinstance(body.get("storage"), dict) else {}
        value = storage.get("value") if isinstance(storage, dict) else None
        links = result.get("_links") if isinstance(result.get("_links"), dict) else {}
        shown = links.get("webui") if isinstance(links, dict) else None
        webui = shown if isinstance(shown, str) else ""
        page_id = str(result.get("id") or "")
        title = str(result.get("title") or "")
        label_names = _labels(result)
        page = WikiPage(
            id=page_id,
            title=title,
            address=_join(api.base_url, webui)
            if webui.startswith("/")
            else f"{api.base_url}/pages/viewpage.action?pageId={page_id}",
            source=f"{space}: {title!r}",
            parent_id=str(parent.get("id")) if parent else None,
            parent_title=str(parent.get("title") or "") if parent else "",
            ancestors=tuple(str(a.get("id")) for a in reversed(ancestors)),
            labels=label_names,
            body=value if isinstance(value, str) else "",
            is_home=not ancestors and ancestor is None,
        )
        if not isinstance(value, str):
            page.problem = "the API gave no storage body for this page"
        pages.append(page)
    parents = {p.parent_id for p in pages}
    for page in pages:
        page.has_children = page.id in parents
    return pages


def _labels(result: dict[str, Any]) -> tuple[str, ...]:
    metadata = result.get("metadata") if isinstance(result.get("metadata"), dict) else {}
    labels = metadata.get("labels") if isinstance(metadata, dict) else None
    found = labels.get("results") if isinstance(labels, dict) else None
    return tuple(str(x.get("name")) for x in found or [] if isinstance(x, dict) and x.get("name"))
