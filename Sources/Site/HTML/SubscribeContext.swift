internal import Model
internal import Status

/// The context of `subscribe.html`: every way to follow the page on one page, so a reader does not
/// hunt for feed links network by network.
///
/// Feed and calendar addresses are absolute (`page.url`), since they are copied into feed readers
/// and calendar apps rather than followed; the calendars also as `webcal://`, which calendar apps
/// open as a subscription instead of a one-time import.
enum SubscribeContext {
    static func context(_ snapshot: StatusSnapshot) -> TemplateNode {
        let base = snapshot.page.url
        func feeds(environmentID: String?, componentID: String? = nil) -> TemplateNode {
            [
                "atom": SitePaths.absolute(SitePaths.feed(.atom, environmentID: environmentID, componentID: componentID), base: base),
                "rss": SitePaths.absolute(SitePaths.feed(.rss, environmentID: environmentID, componentID: componentID), base: base),
                "json": SitePaths.absolute(SitePaths.feed(.json, environmentID: environmentID, componentID: componentID), base: base),
            ]
        }
        func calendar(environmentID: String?) -> TemplateNode {
            let url = SitePaths.absolute(SitePaths.calendar(environmentID: environmentID), base: base)
            return ["calendarURL": url, "webcal": webcal(url)]
        }
        let subscribe = snapshot.page.subscribe
        return [
            "siteFeeds": feeds(environmentID: nil),
            "siteCalendar": calendar(environmentID: nil),
            "networks": snapshot.environments.map { environment -> TemplateNode in
                let id = environment.environment.id.value
                return [
                    "networkID": id, "networkName": environment.environment.name,
                    "networkFeeds": feeds(environmentID: id),
                    "networkCalendar": calendar(environmentID: id),
                    "componentFeeds": environment.components.map { component -> TemplateNode in
                        ["componentName": component.component.name, "feeds": feeds(environmentID: id, componentID: component.component.id.value)]
                    },
                ]
            },
            "slackChannel": subscribe?.slackChannelURL,
            "mailingList": subscribe?.mailingList.map { list -> TemplateNode in
                ["join": list.join, "joinByMail": list.join.lowercased().hasPrefix("mailto:"), "unsubscribe": list.unsubscribe]
            },
            "webhookRequest": subscribe?.webhookRequest,
            "eventKinds": NotificationEventKind.names,
            "webhookBody": webhookBody,
            "webhookHeaders": webhookHeaders,
            "pythonVerification": pythonVerification,
            "javascriptVerification": javascriptVerification,
        ]
    }

    /// `https://host/x.ics` as `webcal://host/x.ics`; any other scheme stays as it is.
    static func webcal(_ url: String) -> String {
        for scheme in ["https://", "http://"] where url.lowercased().hasPrefix(scheme) {
            return "webcal://" + url.dropFirst(scheme.count)
        }
        return url
    }

    /// What a signed webhook request looks like, as `notify` sends it (see `SignedWebhook`).
    static let webhookHeaders = """
        POST /your/endpoint HTTP/1.1
        content-type: application/json
        webhook-id: incident/2026-11-03-mainnet-sequencer-outage/1
        webhook-timestamp: 1762161300
        webhook-signature: v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=
        """

    static let webhookBody = """
        {"type": "incident.updated", "timestamp": "2026-11-03T09:41:00Z",
         "data": {"incident": {"id": "2026-11-03-mainnet-sequencer-outage",
                               "name": "MainNet transactions not sequenced",
                               "status": "identified", "impact": "critical",
                               "shortlink": "https://status.example.org/incidents/2026-11-03-mainnet-sequencer-outage.html",
                               "incident_updates": [{"status": "identified", "body": "…"}, …],
                               "components": [{"id": "sequencers", "status": "major_outage"}, …]}}}
        """

    /// Checks a delivery with Python's standard library alone. Run by the tests against a delivery
    /// signed by the Standard Webhooks reference library.
    static let pythonVerification = #"""
        import base64, hashlib, hmac, time

        def verify(secret: str, headers: dict, body: bytes, tolerance: int = 300) -> bool:
            """secret: the whsec_... value you were given; headers: names in lower case."""
            key = base64.b64decode(secret.removeprefix("whsec_"))
            message_id, stamp = headers["webhook-id"], headers["webhook-timestamp"]
            if abs(time.time() - int(stamp)) > tolerance:
                return False  # too old or from the future: refuse replays
            signed = f"{message_id}.{stamp}.".encode() + body
            expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
            return any(hmac.compare_digest(expected, part[3:])
                       for part in headers["webhook-signature"].split() if part.startswith("v1,"))
        """#

    /// The same check in JavaScript for Node.js (`node:crypto`). Run by the tests too.
    static let javascriptVerification = #"""
        import { createHmac, timingSafeEqual } from "node:crypto";

        // secret: the whsec_... value you were given; headers: names in lower case; body: the raw bytes.
        export function verify(secret, headers, body, tolerance = 300) {
          const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
          const id = headers["webhook-id"], stamp = headers["webhook-timestamp"];
          if (Math.abs(Date.now() / 1000 - Number(stamp)) > tolerance) return false; // refuse replays
          const expected = createHmac("sha256", key).update(`${id}.${stamp}.`).update(body).digest();
          return headers["webhook-signature"].split(" ").some((part) => {
            if (!part.startsWith("v1,")) return false;
            const given = Buffer.from(part.slice(3), "base64");
            return given.length === expected.length && timingSafeEqual(given, expected);
          });
        }
        """#
}
