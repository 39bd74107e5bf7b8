"""Provides MergeRequests: propose a change to one file of a GitLab repository as a merge
request (a branch, one commit, the merge request), with python-gitlab.

Used for the auto-reply (docs/autoreply.md) when the standard replies live in a repository:
the same GitLab server and token as [tracker], another project. Writes are never retried
(a retried POST could create a second branch or merge request); every failure becomes a
TrackerError saying what failed and what to do.
"""

from __future__ import annotations

import gitlab
import requests

from hdtui.domain.autoreply import ProposedChange
from hdtui.domain.text import one_line
from hdtui.errors import TrackerError
from hdtui.tracker.gitlab import GitLabSettings


class MergeRequests:
    """One repository on the GitLab server of ``settings`` (its ``project`` is ignored)."""

    def __init__(self, settings: GitLabSettings, repository: str) -> None:
        self.settings = settings
        self.repository = repository

    def propose(self, file_path: str, content: str, branch: str, title: str,
                description: str, commit_message: str, target_branch: str = "") -> ProposedChange:
        """Create ``branch`` from the target branch, commit ``content`` to ``file_path`` in
        it, and open a merge request; the target is the repository's default branch unless
        ``target_branch`` is given."""
        s = self.settings
        verify: bool | str = (s.ca_file or True) if s.verify else False
        doing = f"looking up the repository {self.repository}"
        try:
            client = gitlab.Gitlab(s.url, private_token=s.token(), ssl_verify=verify,
                                   timeout=s.timeout)
            project = client.projects.get(self.repository)
            target = target_branch or str(project.attributes.get("default_branch") or "main")
            doing = f"reading {file_path} on {target}"
            try:
                project.files.get(file_path=file_path, ref=target)
                action = "update"
            except gitlab.exceptions.GitlabGetError as error:
                if error.response_code != 404:
                    raise
                action = "create"
            doing = f"creating the branch {branch}"
            project.branches.create({"branch": branch, "ref": target})
            doing = f"committing {file_path} to {branch}"
            project.commits.create({"branch": branch, "commit_message": commit_message,
                                    "actions": [{"action": action, "file_path": file_path,
                                                 "content": content}]})
            doing = "opening the merge request"
            request = project.mergerequests.create({
                "source_branch": branch, "target_branch": target, "title": title,
                "description": description, "remove_source_branch": True})
        except (gitlab.exceptions.GitlabError, requests.exceptions.RequestException) as error:
            raise self._error(error, doing) from error
        return ProposedChange(int(request.attributes["iid"]),
                              str(request.attributes.get("web_url") or ""), branch, target)

    def _error(self, error: Exception, doing: str) -> TrackerError:
        where = f"{self.settings.url}, repository {self.repository}"
        if isinstance(error, requests.exceptions.RequestException):
            return TrackerError(f"Cannot reach GitLab at {self.settings.url} while {doing}: "
                                "check the network and [tracker] url. Nothing was proposed "
                                "unless a branch is listed in the repository.",
                                "GitLab unreachable")
        code = getattr(error, "response_code", None)
        said = one_line(str(getattr(error, "error_message", "") or ""), 200)
        if code == 401:
            return TrackerError(f"GitLab ({where}) rejected the token while {doing}: check "
                                "[tracker] token_env or token_command.", "GitLab token rejected")
        if code == 403:
            return TrackerError(f"GitLab ({where}) refused {doing} (403): the token needs the "
                                "api scope and the Developer role in that repository.",
                                "GitLab refused")
        if code == 404:
            return TrackerError(f"Not found while {doing} ({where}, 404): check [autoreply] "
                                "repository and target_branch.", "GitLab repository not found")
        return TrackerError(f"GitLab ({where}) refused {doing} ({code}): "
                            f"{said or 'no reason given'}.", "GitLab refused")
