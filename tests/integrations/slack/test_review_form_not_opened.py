"""A form Slack will not open (``views.open`` refused: the ``trigger_id`` expired after its
3 s, or Slack unreachable) is answered in one line naming what to type instead; the slash
command's form was answered in two (a sentence, then the usage on a line of its own), without
saying why the form did not open. Through bolt's request path, signed, on the local Slack."""

from __future__ import annotations

from urllib.parse import parse_qsl

from integrations.slack.escape import unescape
from tests.integrations.slack.served import REAL, Served
from tests.support.fake_slack import FakeSlack


async def test_a_form_slack_will_not_open_is_answered_in_one_line(
        served: Served, fake_slack: FakeSlack) -> None:
    fake_slack.fail(method="views.open", error="expired_trigger_id")
    form = dict(parse_qsl((REAL / "slash_command.form.txt").read_text().strip()))
    form.update(command="/socialops", text="reply T-3", trigger_id="111.222.late",
                response_url=fake_slack.response_url("cmd"))
    status, _ = await served.command(form)
    assert status == 200
    (resp,) = await fake_slack.wait_for("response")
    text = unescape(resp.args["text"])
    assert "\n" not in text.strip(), text
    assert "/socialops reply <ticket id>" in text and "3 s" in text, text
