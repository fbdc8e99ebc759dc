#!/usr/bin/env python3
"""Real notification receivers for canton-status tests: a Slack-incoming-webhook-like
endpoint, a Standard-Webhooks endpoint and an SMTP server, all on 127.0.0.1.

    notify_receivers.py --dir DIR [--smtp-auth USER:PASS]
                        [--smtp-tls-cert CERT --smtp-tls-key KEY]

Prints one line {"slack": PORT, "webhook": PORT, "smtp": PORT} once every server
accepts connections, then runs until killed or until stdin reaches EOF. Every request
or message is appended to DIR/slack.jsonl, DIR/webhook.jsonl or DIR/smtp.jsonl before
it is answered. The webhook secret comes from RECEIVER_WEBHOOK_SECRET (a Standard Webhooks secret).

An HTTP path whose last segment is a script such as 503,503,200 or 200,hang or
retry-after-1,200 answers its n-th request with entry n (the last entry repeats).
"""
import argparse
import email
import email.policy
import json
import logging
import os
import re
import ssl
import sys
import threading
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
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
            return 503, b"scripted", {"Retry-After": entry.removeprefix("retry-after-")}
        return int(entry), b"scripted", {}

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
            "path": self.path, "index": index, "scripted": entry, "status": status,
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
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class SlackReceiver(Receiver):
    ACCEPT, FAIL = (200, b"ok", {}), (400, b"invalid_blocks", {})

    def inspect(self, body, parsed, headers):
        errors = slack_errors(parsed)
        return not errors, {"valid": not errors, "errors": errors}


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
                       "references": header("References"), "content_type": msg.get_content_type(),
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
    journal = lambda name: Journal(os.path.join(args.dir, name))
    ports = {"slack": serve_http(SlackReceiver, journal("slack.jsonl")),
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
