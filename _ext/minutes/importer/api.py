"""Confluence's REST API (Cloud and Data Center): the pages of a space, or below a page.

``GET BASE_URL/rest/api/content?spaceKey=KEY&type=page&expand=body.storage,ancestors,version``
pages with ``start``/``limit`` and follows ``_links.next`` (a relative link is joined to
``_links.base``), as both products serve it. The token comes from ``CONFLUENCE_TOKEN``
only (a bearer token; with ``CONFLUENCE_USER``, basic auth as Cloud's API tokens need) and
never appears in a message. 429 and 5xx answers are retried, waiting what ``Retry-After``
says (bounded); the next-page link must stay on the wiki's own host, so the token is never
sent elsewhere.

A page read as a meeting has its attachments listed (``/content/{id}/child/attachment``) and
each copied one downloaded from its ``_links.download``, on the same host, within the zip
exports' size limit. Users that storage format names by key (Data Center) or account id
(Cloud) only are looked up once each (``/rest/api/user``) for their username and name.
"""

from __future__ import annotations

import email.utils
import functools
import json
import os
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import requests

from .sources import MAX_FILE_SIZE, Attachment, Counts, SourceError, TooLarge, WikiPage, WikiUnreachable
from .storage import WikiUser, name_users, user_keys

PAGE_SIZE = 50
MAX_REQUESTS = 10_000
"""No wiki sends more pages than this many requests hold (half a million pages)."""
MAX_ATTEMPTS = 5
MIN_ANSWER = 4 * 2**20
"""The least an answer may hold whatever ``--max-file-size`` says: a page of results holds
several pages' bodies."""
MAX_ATTACHMENTS = 1_000
"""The most attachments listed of one page."""
MAX_USERS = 2_000
"""The most users looked up (one request each) for mentions that name only a key."""
MAX_WAIT = 60.0
TIMEOUT = (10.0, 120.0)
EXPAND = "body.storage,ancestors,version"


class Api:
    """A session with one wiki; every request goes to its scheme, host and port only."""

    def __init__(self, base_url: str, *, sleep: Any = time.sleep, limit: int = MAX_FILE_SIZE) -> None:
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
        self.session.max_redirects = (
            5  # a download may redirect (Cloud's files); the token never follows to another host
        )
        token = os.environ.get("CONFLUENCE_TOKEN", "").strip()
        user = os.environ.get("CONFLUENCE_USER", "").strip()
        if token and user:
            self.session.auth = (user, token)
        elif token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        self.counts = Counts()
        self.sleep = sleep
        self.requests = 0
        self.limit = max(limit, MIN_ANSWER)
        """The most bytes read of one answer (``--max-file-size``, at least MIN_ANSWER)."""

    def get(self, url: str, params: dict[str, str] | None = None, optional: bool = False) -> dict[str, Any]:
        """One JSON answer; retried on 429 and 5xx; WikiUnreachable on anything else, but
        nothing (``{}``) for a 403 or 404 when ``optional`` (a user or a list the token may
        not see: the page is still imported)."""
        if (urlsplit(url).scheme, urlsplit(url).netloc) != self.origin:
            raise WikiUnreachable(f"the wiki sent a link to another host ({urlsplit(url).netloc}); stopped")
        for attempt in range(1, MAX_ATTEMPTS + 1):
            self.requests += 1
            if self.requests > MAX_REQUESTS:
                raise WikiUnreachable(
                    f"stopped after {MAX_REQUESTS} requests to {self.base_url}: the paging never ends"
                )
            try:
                answer = self.session.get(url, params=params, timeout=TIMEOUT, allow_redirects=False, stream=True)
                with answer:
                    text = self._content(answer) if answer.status_code == 200 else b""
            except requests.RequestException as err:
                raise WikiUnreachable(f"cannot reach {self.base_url}: {_reason(err)}") from None
            if answer.status_code == 429 or 500 <= answer.status_code < 600:
                if attempt == MAX_ATTEMPTS:
                    raise WikiUnreachable(
                        f"{self.base_url} answered HTTP {answer.status_code} {MAX_ATTEMPTS} times; try again later"
                    )
                self.sleep(_wait(answer.headers.get("Retry-After"), attempt))
                continue
            if optional and answer.status_code in (403, 404):
                return {}
            if answer.status_code != 200:
                raise WikiUnreachable(self._refusal(answer.status_code))
            try:
                data = json.loads(text)
            except (ValueError, RecursionError):
                data = None
            if not isinstance(data, dict):
                raise WikiUnreachable(f"{self.base_url} did not answer with the REST API's JSON: check --url")
            return data
        raise AssertionError("unreachable")

    def _content(self, answer: requests.Response) -> bytes:
        """An answer's bytes, read in chunks that stop at ``limit`` (``--max-file-size``):
        a proxy or a wiki that answers gigabytes never fills memory."""
        chunks: list[bytes] = []
        total = 0
        for chunk in answer.iter_content(2**20):
            total += len(chunk)
            if total > self.limit:
                raise WikiUnreachable(
                    f"{self.base_url} answered more than {self.limit // 2**20} MB to one request, more than the "
                    "importer reads (--max-file-size)"
                )
            chunks.append(chunk)
        return b"".join(chunks)

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

    def attachments(self, page_id: str, limit: int) -> dict[str, Attachment]:
        """A page's attachments (``/rest/api/content/{id}/child/attachment``, paged), each read
        from its ``_links.download`` only when it is copied, and never past ``limit`` bytes."""
        found: dict[str, Attachment] = {}
        url: str | None = f"{self.base_url}/rest/api/content/{quote(page_id, safe='')}/child/attachment"
        params: dict[str, str] | None = {"limit": str(PAGE_SIZE), "start": "0"}
        seen: set[str] = set()
        while url and len(found) < MAX_ATTACHMENTS:
            data = self.get(url, params, optional=True)
            links = data.get("_links") if isinstance(data.get("_links"), dict) else {}
            named = links.get("base") if isinstance(links, dict) else None
            base = named if isinstance(named, str) else self.base_url
            for result in data.get("results") or []:
                attachment = self._attachment(result, base, limit)
                if attachment is not None and attachment.name not in found:
                    found[attachment.name] = attachment
            url, params = self._next(data), None
            if url in seen:
                break
            if url:
                seen.add(url)
        return found

    def _attachment(self, result: object, base: str, limit: int) -> Attachment | None:
        if not isinstance(result, dict) or not isinstance(result.get("title"), str):
            return None
        links = result.get("_links") if isinstance(result.get("_links"), dict) else {}
        download = links.get("download") if isinstance(links, dict) else None
        if not isinstance(download, str) or not download.strip():
            return None
        download = download.strip()
        url = (
            download
            if urlsplit(download).scheme
            else _join(base, download if download.startswith("/") else "/" + download)
        )
        url = self._on_wiki(url, base)
        extensions = result.get("extensions") if isinstance(result.get("extensions"), dict) else {}
        size = extensions.get("fileSize") if isinstance(extensions, dict) else None
        declared = size if isinstance(size, int) and size >= 0 else 0
        read = functools.partial(self.download, url, limit)
        return Attachment(result["title"], read, declared, declared)

    def download(self, url: str, limit: int) -> bytes:
        """A file's bytes, with the same token, retries and host rule as every request, read
        in chunks that stop at ``limit`` whatever the wiki says of its size."""
        if (urlsplit(url).scheme, urlsplit(url).netloc) != self.origin:
            raise SourceError(f"the wiki sent a download link to another host ({urlsplit(url).netloc})")
        for attempt in range(1, MAX_ATTEMPTS + 1):
            self.requests += 1
            if self.requests > MAX_REQUESTS:
                raise SourceError(f"stopped after {MAX_REQUESTS} requests to {self.base_url}")
            try:
                with self.session.get(url, timeout=TIMEOUT, stream=True) as answer:
                    if answer.status_code == 429 or 500 <= answer.status_code < 600:
                        if attempt < MAX_ATTEMPTS:
                            self.sleep(_wait(answer.headers.get("Retry-After"), attempt))
                            continue
                    if answer.status_code != 200:
                        raise SourceError(f"the wiki answered HTTP {answer.status_code} for {urlsplit(url).path}")
                    chunks: list[bytes] = []
                    total = 0
                    for chunk in answer.iter_content(2**20):
                        total += len(chunk)
                        if total > limit:
                            raise TooLarge(
                                f"{urlsplit(url).path}: more than the {limit // 2**20} MB the importer reads "
                                "(--max-file-size)"
                            )
                        chunks.append(chunk)
                    return b"".join(chunks)
            except requests.RequestException as err:
                raise SourceError(f"cannot download {urlsplit(url).path}: {_reason(err)}") from None
        raise SourceError(f"{self.base_url} kept answering HTTP 429 or 5xx for {urlsplit(url).path}")

    def users(self, keys: dict[str, str]) -> dict[str, WikiUser]:
        """Usernames and names of the users mentions name by key (Data Center) or account id
        (Cloud): ``/rest/api/user?key=`` or ``?accountId=``; one request each, at most
        MAX_USERS; a user the token may not see is left as it is."""
        found: dict[str, WikiUser] = {}
        for key, kind in sorted(keys.items())[:MAX_USERS]:
            param = "accountId" if kind == "account-id" else "key"
            data = self.get(f"{self.base_url}/rest/api/user", {param: key}, optional=True)
            username, name = data.get("username"), data.get("displayName")
            user = WikiUser(
                username=username.strip() if isinstance(username, str) else "",
                name=name.strip() if isinstance(name, str) else "",
            )
            if user.username or user.name:
                found[key] = user
        return found

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


def read_space(api: Api, space: str, ancestor: str | None, labels: bool, limit: int = MAX_FILE_SIZE) -> list[WikiPage]:
    """The space's pages as ``WikiPage``s, parents and titles filled in from the ancestors,
    mentions by key given the user's name, attachments listed when a page is imported."""
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
        if page_id:
            page.list_attachments = functools.partial(api.attachments, page_id, limit)
        pages.append(page)
    parents = {p.parent_id for p in pages}
    keys: dict[str, str] = {}
    for page in pages:
        page.has_children = page.id in parents
        keys.update(user_keys(page.body or ""))
    users = api.users(keys) if keys else {}
    for page in pages:
        page.body = name_users(page.body or "", users)
    return pages


def _labels(result: dict[str, Any]) -> tuple[str, ...]:
    metadata = result.get("metadata") if isinstance(result.get("metadata"), dict) else {}
    labels = metadata.get("labels") if isinstance(metadata, dict) else None
    found = labels.get("results") if isinstance(labels, dict) else None
    return tuple(str(x.get("name")) for x in found or [] if isinstance(x, dict) and x.get("name"))
