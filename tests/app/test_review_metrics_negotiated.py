"""`/metrics` answered every scraper in the Prometheus text format, whatever its `Accept` asked
(an SRE's review). Prometheus asks for OpenMetrics first (its scrape protocol negotiation,
prometheus.io/docs/instrumenting/content_negotiation), where a counter's `_created` is its
own sample, not a second series typed gauge beside every counter and histogram series, as the
text format has to write it. Now the exposition is the one the `Accept` header picks, by the
Prometheus client's own negotiation (`choose_encoder`); a request asking for no format (curl)
still gets the text format. Served on a real socket (the app's HTTP server)."""

from __future__ import annotations

from pathlib import Path

from prometheus_client.openmetrics.parser import text_string_to_metric_families

from tests.app.test_http import serving

# what Prometheus 3 sends by default (its scrape_protocols), and what 2.30 sent
PROMETHEUS_3 = ("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
                "application/openmetrics-text;version=0.0.1;q=0.4,"
                "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,"
                "text/plain;version=0.0.4;q=0.2,*/*;q=0.1")
PROMETHEUS_2_30 = ("application/openmetrics-text; version=0.0.1,text/plain;version=0.0.4;q=0.5,"
                   "*/*;q=0.1")


async def test_a_scraper_asking_for_openmetrics_gets_openmetrics(tmp_path: Path) -> None:
    async with serving(tmp_path, f"{{backend: sqlite, path: {tmp_path / 's.db'}}}") as (
            app, client):
        app.metrics.inc("mentions_in_total", source="m1")
        answer = await client.get("/metrics", headers={"Accept": PROMETHEUS_3})
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith(
            "application/openmetrics-text; version=1.0.0"), answer.headers["content-type"]
        assert answer.text.endswith("# EOF\n")
        families = {f.name: f for f in text_string_to_metric_families(answer.text)}
        mentions = families["socialops_mentions_in"]
        assert mentions.type == "counter"
        assert [(s.name, s.value) for s in mentions.samples if s.labels == {"source": "m1"}
                ] == [("socialops_mentions_in_total", 1.0), ("socialops_mentions_in_created",
                                                             mentions.samples[1].value)]
        # no _created series typed gauge of its own, as the text format writes them
        assert not [name for name in families if name.endswith("_created")]
        assert families["socialops_store_up"].type == "gauge"


async def test_a_scraper_asking_for_the_text_format_or_nothing_gets_it(tmp_path: Path) -> None:
    async with serving(tmp_path, f"{{backend: sqlite, path: {tmp_path / 's.db'}}}") as (
            app, client):
        app.metrics.inc("mentions_in_total", source="m1")
        for accept in (PROMETHEUS_2_30, "text/plain;version=0.0.4", None):
            headers = {"Accept": accept} if accept is not None else {}
            answer = await client.get("/metrics", headers=headers)
            assert answer.status_code == 200
            assert answer.headers["content-type"].startswith("text/plain; version=0.0.4"), (
                accept, answer.headers["content-type"])
            assert 'socialops_mentions_in_total{source="m1"} 1.0' in answer.text
            assert "# EOF" not in answer.text
