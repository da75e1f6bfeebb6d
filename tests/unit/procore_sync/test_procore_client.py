"""The Procore client against the contract-faithful fake: auth, headers, pagination, retries."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from shared.clock import FixedClock
from shared.procore.auth import (
    ENVIRONMENTS,
    OAuthCredentials,
    ProcoreAuthError,
    StoredToken,
    TokenConflictError,
    TokenProvider,
)
from shared.procore.client import (
    ProcoreClient,
    ProcoreNotFoundError,
    ProcoreRateLimitedError,
    ProcoreUnavailableError,
    RetryPolicy,
    updated_between,
)
from tests.fakes.procore import FakeProcore
from tests.fakes.procore_stores import InMemoryTokenStore, RecordingSleeper

TENANT = "t1"
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def fake(clock: FixedClock) -> FakeProcore:
    return FakeProcore(now=clock.now)


@pytest.fixture
def tokens(fake: FakeProcore) -> InMemoryTokenStore:
    store = InMemoryTokenStore()
    # An installed connection whose access token has already expired.
    store.tokens[TENANT] = StoredToken(
        access_token="stale-access",
        expires_at=NOW - timedelta(minutes=1),
        refresh_token=fake.issue_refresh_token(),
        version=1,
    )
    return store


def make_client(
    fake: FakeProcore,
    clock: FixedClock,
    tokens: InMemoryTokenStore,
    *,
    mode: str = "authorization_code",
    sleeper: RecordingSleeper | None = None,
    retry: RetryPolicy | None = None,
    jitter: float = 0.0,
) -> ProcoreClient:
    http = httpx.Client(transport=fake.transport())
    provider = TokenProvider(
        tenant_id=TENANT,
        mode=mode,  # type: ignore[arg-type]
        environment=ENVIRONMENTS["production"],
        credentials=OAuthCredentials(fake.client_id, fake.client_secret),
        store=tokens,
        http=http,
        clock=clock,
    )
    return ProcoreClient(
        http=http,
        api_base_url=ENVIRONMENTS["production"].api_base_url,
        company_id=fake.company_id,
        tokens=provider,
        sleeper=sleeper or RecordingSleeper(),
        clock=clock,
        retry=retry,
        jitter=lambda: jitter,
    )


def api_requests(fake: FakeProcore) -> list[httpx.Request]:
    return [r for r in fake.requests if r.url.host == "api.procore.com"]


def test_every_api_call_carries_the_company_header_and_a_bearer_token(fake, clock, tokens):
    # GIVEN a project in the company
    fake.add_project(11, "Harbor Point")
    client = make_client(fake, clock, tokens)
    # WHEN it is read
    project = client.get_project(11)
    # THEN the call is authenticated and names the company
    assert project["name"] == "Harbor Point"
    (request,) = api_requests(fake)
    assert request.headers["Procore-Company-Id"] == str(fake.company_id)
    assert request.headers["Authorization"].startswith("Bearer ")


def test_fake_rejects_a_call_without_the_company_header(fake, clock, tokens):
    # GIVEN a valid token but no Procore-Company-Id header (the fake is faithful to Procore)
    client = make_client(fake, clock, tokens)
    token = client._tokens.access_token()
    # WHEN the API is called bare
    response = httpx.Client(transport=fake.transport()).get(
        "https://api.procore.com/rest/v1.0/projects", headers={"Authorization": f"Bearer {token}"}
    )
    # THEN Procore's documented error comes back
    assert response.status_code == 400
    assert response.json()["errors"] == "Missing Procore-Company-Id header!"


def test_an_expired_token_is_refreshed_and_the_rotated_pair_stored_atomically(fake, clock, tokens):
    # GIVEN an expired access token and its refresh token
    old_refresh = tokens.tokens[TENANT].refresh_token
    client = make_client(fake, clock, tokens)
    # WHEN any call is made
    list(client.list_projects())
    # THEN the pair was rotated: the old refresh token is dead, the new one stored at version 2
    stored = tokens.tokens[TENANT]
    assert stored.version == 2
    assert stored.refresh_token != old_refresh
    assert fake.refresh_tokens[old_refresh] is False
    assert fake.refresh_tokens[stored.refresh_token] is True
    assert stored.expires_at == NOW + timedelta(seconds=5400)


def test_a_fresh_token_is_reused_without_calling_the_token_endpoint(fake, clock, tokens):
    # GIVEN a first call that refreshed the token
    client = make_client(fake, clock, tokens)
    list(client.list_projects())
    # WHEN two more calls follow within the token's lifetime
    list(client.list_projects())
    list(client.list_vendors())
    # THEN only one token request was ever made
    assert sum(1 for r in fake.requests if r.url.path == "/oauth/token") == 1


class RacingTokenStore(InMemoryTokenStore):
    """Another cold start stores its refreshed token between our read and our save."""

    def __init__(self, winner: StoredToken) -> None:
        super().__init__()
        self.winner = winner

    def save(self, tenant_id: str, token: StoredToken, *, previous_version: int | None) -> None:
        if self.winner is not None:
            self.tokens[tenant_id], self.winner = self.winner, None  # type: ignore[assignment]
            raise TokenConflictError("lost the race")
        super().save(tenant_id, token, previous_version=previous_version)


def test_losing_a_concurrent_refresh_uses_the_winners_token(fake, clock):
    # GIVEN a store where another process saves a newer token while we refresh
    winner_access = fake._issue(with_refresh=False).json()["access_token"]
    winner = StoredToken(winner_access, NOW + timedelta(hours=1), fake.issue_refresh_token(), version=2)
    store = RacingTokenStore(winner)
    store.tokens[TENANT] = StoredToken("stale", NOW - timedelta(minutes=1), fake.issue_refresh_token(), 1)
    client = make_client(fake, clock, store)
    # WHEN a call needs a token
    list(client.list_projects())
    # THEN the winner's token was used and stays stored
    assert api_requests(fake)[-1].headers["Authorization"] == f"Bearer {winner_access}"
    assert store.tokens[TENANT].version == 2


def test_a_revoked_refresh_token_asks_for_reconnection(fake, clock, tokens):
    # GIVEN a refresh token Procore no longer accepts and nothing newer stored
    fake.refresh_tokens[tokens.tokens[TENANT].refresh_token] = False
    client = make_client(fake, clock, tokens)
    # WHEN a call needs a token / THEN a clear auth error, without the token in it
    with pytest.raises(ProcoreAuthError, match="invalid_grant") as caught:
        list(client.list_projects())
    assert tokens.tokens[TENANT].refresh_token not in str(caught.value)


def test_a_401_renews_the_token_once_and_retries(fake, clock, tokens):
    # GIVEN a token Procore expired early (stored expiry still in the future)
    client = make_client(fake, clock, tokens)
    list(client.list_projects())
    fake.expire_access_tokens()
    # WHEN the next call is made
    list(client.list_vendors())
    # THEN a 401 led to one refresh and a successful retry
    statuses = [r.url.path for r in fake.requests if r.url.path == "/oauth/token"]
    assert len(statuses) == 2
    assert tokens.tokens[TENANT].version == 3


def test_client_credentials_mode_needs_no_refresh_token(fake, clock):
    # GIVEN a DMSA connection with nothing stored yet
    store = InMemoryTokenStore()
    fake.add_vendor(5, "Rivera Concrete LLC")
    client = make_client(fake, clock, store, mode="client_credentials")
    # WHEN a vendor is read
    vendor = client.get_vendor(5)
    # THEN a client_credentials grant was used and its token stored without a refresh token
    assert vendor["name"] == "Rivera Concrete LLC"
    (token_request,) = [r for r in fake.requests if r.url.path == "/oauth/token"]
    assert b"grant_type=client_credentials" in token_request.content
    assert store.tokens[TENANT].refresh_token is None


def test_pagination_follows_the_link_header_to_the_last_page(fake, clock, tokens):
    # GIVEN seven vendors
    for vendor_id in range(1, 8):
        fake.add_vendor(vendor_id, f"Vendor {vendor_id}")
    client = make_client(fake, clock, tokens)
    # WHEN they are listed three per page
    vendors = list(client.paginate("/rest/v1.0/vendors", {"company_id": fake.company_id}, per_page=3))
    # THEN all seven came back over three pages, in order
    assert [v["id"] for v in vendors] == list(range(1, 8))
    pages = [r for r in api_requests(fake) if r.url.path == "/rest/v1.0/vendors"]
    assert [r.url.params["page"] for r in pages] == ["1", "2", "3"]


def test_updated_at_range_filter_selects_recent_changes(fake, clock, tokens):
    # GIVEN one vendor changed last week and one today
    fake.add_vendor(1, "Old", updated_at="2026-04-20T00:00:00Z")
    fake.add_vendor(2, "New", updated_at="2026-05-01T11:00:00Z")
    client = make_client(fake, clock, tokens)
    # WHEN vendors updated in the last day are listed
    recent = list(client.list_vendors(updated_between(NOW - timedelta(days=1), NOW)))
    # THEN only today's comes back, with Procore's range syntax on the wire
    assert [v["id"] for v in recent] == [2]
    request = api_requests(fake)[-1]
    assert request.url.params["filters[updated_at]"] == "2026-04-30T12:00:00Z...2026-05-01T12:00:00Z"


def test_429_sleeps_until_the_rate_limit_reset_plus_jitter(fake, clock, tokens):
    # GIVEN Procore answers 429 with a reset 30 s from now
    fake.add_project(11, "Harbor Point")
    fake.fail_next(429, X_Rate_Limit_Reset=str(int(NOW.timestamp()) + 30))
    sleeper = RecordingSleeper()
    client = make_client(fake, clock, tokens, sleeper=sleeper, jitter=0.5)
    # WHEN the project is read
    project = client.get_project(11)
    # THEN the client waited for the reset (with jitter) and retried
    assert project["id"] == 11
    assert sleeper.slept == [30.5]


def test_429_without_reset_honours_retry_after(fake, clock, tokens):
    fake.add_project(11, "Harbor Point")
    fake.fail_next(429, Retry_After="7")
    sleeper = RecordingSleeper()
    client = make_client(fake, clock, tokens, sleeper=sleeper)
    client.get_project(11)
    assert sleeper.slept == [7.0]


def test_503_honours_retry_after(fake, clock, tokens):
    fake.add_project(11, "Harbor Point")
    fake.fail_next(503, Retry_After="3")
    sleeper = RecordingSleeper()
    client = make_client(fake, clock, tokens, sleeper=sleeper)
    assert client.get_project(11)["id"] == 11
    assert sleeper.slept == [3.0]


def test_the_real_rate_window_is_waited_out(fake, clock, tokens):
    # GIVEN a company allowed two calls per 10-second window
    fake.rate_limit, fake.rate_window_seconds = 2, 10
    fake.add_project(11, "Harbor Point")
    sleeper = RecordingSleeper(clock)  # sleeping moves the fixed clock
    client = make_client(fake, clock, tokens, sleeper=sleeper)
    # WHEN three calls are made
    for _ in range(3):
        client.get_project(11)
    # THEN the third waited for the window to reset, once
    assert sleeper.slept == [10.0]


def test_a_wait_longer_than_the_invocation_allows_is_left_to_a_later_retry(fake, clock, tokens):
    fake.fail_next(429, X_Rate_Limit_Reset=str(int(NOW.timestamp()) + 3600))
    sleeper = RecordingSleeper()
    client = make_client(fake, clock, tokens, sleeper=sleeper, retry=RetryPolicy(max_wait_seconds=60))
    with pytest.raises(ProcoreRateLimitedError):
        list(client.list_projects())
    assert sleeper.slept == []


def test_5xx_is_retried_with_growing_backoff(fake, clock, tokens):
    # GIVEN two server errors before success
    fake.add_project(11, "Harbor Point")
    fake.fail_next(500)
    fake.fail_next(502)
    sleeper = RecordingSleeper()
    client = make_client(fake, clock, tokens, sleeper=sleeper)
    # WHEN the project is read / THEN it succeeds after 1.5^1 and 1.5^2 second waits
    assert client.get_project(11)["id"] == 11
    assert sleeper.slept == [1.5, 2.25]


def test_persistent_5xx_gives_up_after_the_last_attempt(fake, clock, tokens):
    for _ in range(3):
        fake.fail_next(500)
    client = make_client(fake, clock, tokens, retry=RetryPolicy(max_attempts=3))
    with pytest.raises(ProcoreUnavailableError, match="answered 500"):
        list(client.list_projects())


def test_a_write_keeps_its_idempotency_token_across_retries(fake, clock, tokens):
    # GIVEN a commitment and a server error on the first compliance PATCH
    fake.add_project(11, "Harbor Point")
    fake.add_vendor(5, "Rivera Concrete LLC")
    fake.add_commitment("work_order_contracts", 900, project_id=11, vendor_id=5)
    fake.fail_next(500, path_contains="/compliance")
    client = make_client(fake, clock, tokens)
    # WHEN the commitment's insurance status is set
    client.update_commitment_compliance(
        kind="work_order_contracts",
        project_id=11,
        commitment_id=900,
        fields={"insurance_status": "compliant"},
        idempotency_token="evt-1:compliance",
    )
    # THEN both attempts carried the same Idempotency-Token and the status is set
    patches = [r for r in fake.requests if r.method == "PATCH"]
    assert [r.headers["Idempotency-Token"] for r in patches] == ["evt-1:compliance"] * 2
    assert fake.compliance[("work_order_contracts", 900)]["insurance_status"] == "compliant"


def test_a_missing_resource_raises_not_found(fake, clock, tokens):
    client = make_client(fake, clock, tokens)
    with pytest.raises(ProcoreNotFoundError, match="404"):
        client.get_vendor(404404)


def test_tokens_and_secrets_never_reach_the_logs(fake, clock, tokens, caplog):
    # GIVEN a connection that refreshes, retries and reads
    caplog.set_level(logging.DEBUG)
    fake.add_project(11, "Harbor Point")
    fake.fail_next(500)
    client = make_client(fake, clock, tokens)
    client.get_project(11)
    stored = tokens.tokens[TENANT]
    # THEN no token or secret appears in any log line, nor in the stored token's repr
    secrets = [stored.access_token, stored.refresh_token, fake.client_secret]
    logged = "\n".join(record.getMessage() + str(record.__dict__) for record in caplog.records)
    assert caplog.records  # something was logged
    for secret in secrets:
        assert secret not in logged
        assert secret not in repr(stored)
