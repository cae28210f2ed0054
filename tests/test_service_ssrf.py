"""The service's address policy: the pure decision table, and refusals in a real check's report.

The table covers every spelling a URL host can take (dotted, decimal, hex,
octal, short IPv4; bracketed IPv6, zones, IPv4-mapped/compatible/6to4/NAT64)
and every class of non-public address. The end-to-end test submits a
document citing each attempt to a running service (guard on, one loopback
site allow-listed by host:port) and reads the report: every attempt is
refused with its reason, the allowed site's redirect to a refused address is
refused at the hop, and the loopback server that the refused URLs name
received no request at all.
"""

from __future__ import annotations

import ipaddress
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service needs fastapi (pip install -e .)")

from fastapi.testclient import TestClient  # noqa: E402
from loopback import Handler, serve  # noqa: E402

from citecheck.config import Settings  # noqa: E402
from citecheck.errors import NetError  # noqa: E402
from citecheck.service.app import ServiceConfig, create_app  # noqa: E402
from citecheck.service.ssrf import (  # noqa: E402
    AddressPolicy, AddressRefused, classify, parse_ip, parse_ipv4_loose,
)


@pytest.mark.parametrize("spelling, address", [
    ("127.0.0.1", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("0x7f000001", "127.0.0.1"),
    ("0x7F000001", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"), ("127.1", "127.0.0.1"),
    ("0x7f.1", "127.0.0.1"), ("127.0.0.1.", "127.0.0.1"), ("0", "0.0.0.0"),
    ("017700000001", "127.0.0.1"), ("10.0.0.1", "10.0.0.1"), ("167772161", "10.0.0.1"),
    ("[::1]", "::1"), ("::1", "::1"), ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
    ("[fe80::1%eth0]", "fe80::1"), ("93.184.215.14", "93.184.215.14"),
])
def test_every_spelling_parses_to_its_address(spelling: str, address: str) -> None:
    assert parse_ip(spelling) == ipaddress.ip_address(address)


@pytest.mark.parametrize("name", ["example.org", "localhost", "127.0.0.1.nip.io", "1.2.3.4.5",
                                  "0x", "256.1.1.1", "1.2.3.256", "08.1.1.1", "[::zz]", ""])
def test_names_and_invalid_numbers_are_not_addresses(name: str) -> None:
    assert parse_ip(name) is None or name == "0x"


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("::1", "loopback"),
    ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("192.168.1.1", "private"),
    ("fd00::1", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"), ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"), ("240.0.0.1", "reserved"), ("255.255.255.255", "broadcast"),
    ("100.64.0.1", "shared address space (carrier-grade NAT)"), ("192.0.2.1", "reserved"),
    ("2001:db8::1", "reserved"), ("198.18.0.1", "reserved"),
    ("::ffff:127.0.0.1", "loopback (IPv4 127.0.0.1 inside IPv6)"),
    ("::ffff:10.1.2.3", "private (IPv4 10.1.2.3 inside IPv6)"),
    ("::127.0.0.1", "loopback (IPv4 127.0.0.1 inside IPv6)"),
    ("2002:7f00:1::", "loopback (IPv4 127.0.0.1 inside IPv6)"),
    ("64:ff9b::a9fe:a9fe", "link-local (IPv4 169.254.169.254 inside IPv6)"),
])
def test_non_public_addresses_are_refused_with_their_reason(address: str, reason: str) -> None:
    decision = AddressPolicy().check_address(ipaddress.ip_address(address), 80)
    assert not decision.allowed
    assert decision.reason == f"{ipaddress.ip_address(address)} is a {reason} address"


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700::1111",
                                     "::ffff:8.8.8.8", "1.1.1.1"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert AddressPolicy().check_address(ipaddress.ip_address(address), 443).allowed
    assert classify(ipaddress.ip_address(address)) is None


def test_allow_list_takes_networks_and_exact_endpoints() -> None:
    policy = AddressPolicy(["10.1.0.0/16", "127.0.0.1:8081", "[::1]:9000", "intranet.local:443"])
    ip = ipaddress.ip_address
    assert policy.check_address(ip("10.1.2.3"), 22).allowed
    assert not policy.check_address(ip("10.2.0.1"), 80).allowed
    assert policy.check_address(ip("127.0.0.1"), 8081).allowed
    assert not policy.check_address(ip("127.0.0.1"), 8082).allowed
    assert policy.check_address(ip("::1"), 9000).allowed
    assert policy.check_address(ip("10.9.9.9"), 443, host="intranet.local").allowed
    assert not policy.check_address(ip("10.9.9.9"), 80, host="intranet.local").allowed
    # the same endpoint in another spelling is the same endpoint
    assert policy.allows_endpoint("0x7f000001", 8081)
    with pytest.raises(ValueError):
        AddressPolicy(["not a network"])


def test_loose_ipv4_spellings_parse_as_the_address_they_name() -> None:
    assert parse_ipv4_loose("1.2.3") == ipaddress.ip_address("1.2.0.3")
    assert parse_ipv4_loose("0x7f000001") == ipaddress.ip_address("127.0.0.1")
    assert parse_ipv4_loose("2130706433") == ipaddress.ip_address("127.0.0.1")


# --------------------------------------------------------------------------- in a real check

PAGE = b"<html><head><title>Allowed page</title></head><body>An allowed page.</body></html>"


@pytest.fixture
def sites() -> Iterator[tuple[Any, Any]]:
    with serve({}, fallback=lambda h: h.reply(200, PAGE)) as target:
        def jump(h: Handler) -> None:
            h.redirect(302, f"http://127.0.0.1:{target.port}/secret")

        with serve({"/jump": jump, "/page": lambda h: h.reply(200, PAGE)}) as allowed:
            yield allowed, target


def test_attempts_are_refused_in_the_report_with_their_reason(
        tmp_path: Path, sites: tuple[Any, Any]) -> None:
    allowed, target = sites
    t = target.port
    attempts = {
        f"http://127.0.0.1:{t}/a": "127.0.0.1 is a loopback address",
        f"http://[::1]:{t}/b": "::1 is a loopback address",
        "http://10.0.0.1/c": "10.0.0.1 is a private address",
        "http://169.254.169.254/latest/meta-data/": "169.254.169.254 is a link-local address",
        f"http://0x7f000001:{t}/d": "127.0.0.1 is a loopback address",
        f"http://2130706433:{t}/e": "127.0.0.1 is a loopback address",
        f"http://[::ffff:127.0.0.1]:{t}/f": "loopback (IPv4 127.0.0.1 inside IPv6)",
        f"http://localhost:{t}/g": "is a loopback address",
        f"http://127.0.0.1:{allowed.port}/jump": "127.0.0.1 is a loopback address",
    }
    entries = "\n\n".join(
        f"Author{i}, A. 2020. Page {i}. Site. {url}" for i, url in enumerate(attempts, 1))
    text = (f"A paper\n\nReferences\n\n{entries}\n\nGood, G. 2020. Fine page. "
            f"http://127.0.0.1:{allowed.port}/page\n")
    closed = f"http://127.0.0.1:{allowed.port}"  # catalogues/archive: not asked (resolve off)
    settings = Settings(cache_dir=tmp_path / "cache", retries=0, cdx_url=f"{closed}/cdx",
                        wayback_url=f"{closed}/wb", memento_url=f"{closed}/tm",
                        rate_limits={"web": 1000.0})
    config = ServiceConfig(data_dir=tmp_path / "data", poll=0.05,
                           allow=[f"127.0.0.1:{allowed.port}"])
    app = create_app(config, settings)
    with TestClient(app) as client:
        r = client.post("/v1/checks", json={"text": text, "options": {
            "resolve": False, "archive": "none", "footnotes": False}})
        assert r.status_code == 202, r.text
        job_id = r.json()["id"]
        for _ in range(600):
            status = client.get(f"/v1/checks/{job_id}").json()
            if status["state"] in ("done", "failed"):
                break
            time.sleep(0.05)
        assert status["state"] == "done", status
        report = client.get(f"/v1/checks/{job_id}/report").json()
        metrics = client.get("/metrics").text
    by_url = {link["original"]: link for link in report["links"]}
    for url, reason in attempts.items():
        link = by_url.get(url) or next(
            (l for l in report["links"] if l["original"].rstrip(".") == url), None)
        assert link is not None, (url, sorted(by_url))
        if link["status"] == "invalid":  # the link checker never fetches a bare-number host
            assert "2130706433" in url and "not a valid host name" in link["evidence"]
            continue
        assert link["status"] == "connection-error", link
        assert "refused by the service's address policy" in link["evidence"], link
        assert reason in link["evidence"], link
    good = by_url[f"http://127.0.0.1:{allowed.port}/page"]
    assert good["status"] == "ok"
    assert allowed.hits[("GET", "/jump")] >= 1  # the allowed hop was made ...
    assert sum(target.hits.values()) == 0  # ... and nothing reached the refused server
    assert 'status="refused"' in metrics
    assert json.dumps(report).count("refused by the service's address policy") >= len(attempts) - 1


async def test_the_shared_layer_refuses_every_attempt_itself(
        tmp_path: Path, sites: tuple[Any, Any]) -> None:
    """The same table straight through the service's HTTP layer (no link-checker pre-filter)."""
    from citecheck.service.app import build_http_layer
    from citecheck.service.metrics import Metrics

    allowed, target = sites
    t = target.port
    settings = Settings(cache_dir=tmp_path / "cache", retries=0)
    layer = build_http_layer(settings, ServiceConfig(data_dir=tmp_path, allow=[
        f"127.0.0.1:{allowed.port}"]), Metrics())
    try:
        for url in (f"http://127.0.0.1:{t}/", f"http://[::1]:{t}/", "http://10.0.0.1/",
                    "http://169.254.169.254/", f"http://0x7f000001:{t}/",
                    f"http://[::ffff:127.0.0.1]:{t}/",
                    f"http://localhost:{t}/", f"http://127.0.0.1:{allowed.port}/jump"):
            with pytest.raises(AddressRefused, match="address policy"):
                await layer.fetch(url, cache=False)
        with pytest.raises(NetError, match="invalid URL"):  # httpx refuses the octal spelling
            await layer.fetch(f"http://0177.0.0.1:{t}/", cache=False)
        with pytest.raises(NetError, match="invalid URL"):  # aiohttp the decimal one (never sent)
            await layer.fetch(f"http://2130706433:{t}/", cache=False)
        ok = await layer.fetch(f"http://127.0.0.1:{allowed.port}/page", cache=False)
        assert ok.status == 200
    finally:
        await layer.aclose()
    assert sum(target.hits.values()) == 0


async def test_the_service_refuses_to_start_when_the_policy_is_bypassed(tmp_path: Path) -> None:
    from citecheck.net import HttpLayer
    from citecheck.service.app import build_http_layer, verify_guard
    from citecheck.service.metrics import Metrics

    settings = Settings(cache_dir=tmp_path / "cache", retries=0)
    config = ServiceConfig(data_dir=tmp_path)
    guarded = build_http_layer(settings, config, Metrics())
    try:
        await verify_guard(guarded, config)  # wired: passes
    finally:
        await guarded.aclose()
    bare = HttpLayer(settings)  # the policy not in the path
    try:
        with pytest.raises(RuntimeError, match="not applied"):
            await verify_guard(bare, config)
    finally:
        await bare.aclose()


async def test_the_policy_as_an_aiohttp_socket_factory(sites: tuple[Any, Any]) -> None:
    """The hook for an aiohttp-based transport (the network layer may move to httpx-aiohttp)."""
    aiohttp = pytest.importorskip("aiohttp", reason="aiohttp not installed")
    from citecheck.service.ssrf import socket_factory

    allowed, target = sites
    refused: list[str] = []
    factory = socket_factory(AddressPolicy([f"127.0.0.1:{allowed.port}"]), refused)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(socket_factory=factory)) as s:
        async with s.get(f"http://127.0.0.1:{allowed.port}/page") as r:
            assert r.status == 200
        for url in (f"http://127.0.0.1:{target.port}/", f"http://localhost:{target.port}/",
                    f"http://127.0.0.1:{allowed.port}/jump"):
            with pytest.raises(aiohttp.ClientConnectorError):
                async with s.get(url) as r:
                    pass
    assert len(refused) >= 3 and all("loopback address" in m for m in refused)
    assert sum(target.hits.values()) == 0
