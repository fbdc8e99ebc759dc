internal import Yams
internal import Model

/// Reads `components.yml` into a `Configuration`, reporting every field that does not fit.
///
/// Only the file's own shape is checked here; references between its sections (a component's group,
/// its environments) are checked by `ReferenceRules`, once everything is loaded.
package struct ConfigurationLoader {
    static let path = "components.yml"

    static let topLevelKeys = ["page", "environments", "groups", "components", "notifications"]
    static let pageKeys = ["title", "url", "description", "maintenance_notice", "subscribe"]
    static let subscribeKeys = ["mailing_list", "slack_channel_url", "webhook_request"]
    static let mailingListKeys = ["join", "unsubscribe"]
    static let environmentKeys = ["id", "name", "scan", "dso_mirror", "vantages"]
    static let groupKeys = ["id", "name", "description"]
    static let componentKeys = ["id", "name", "group", "description", "environments", "checks", "sla"]
    /// Keys every notification target takes, besides those of its type (`notificationKeys`).
    static let notificationFilterKeys = ["id", "type", "environments", "components", "events"]
    /// Keys each notification type needs; no other keys apply to it.
    static let notificationKeys: [NotificationTarget.Kind: [String]] = [
        .slack: ["url"], .discord: ["url"], .teams: ["url"], .webhook: ["url", "secret"], .email: ["smtp", "from", "to"],
    ]
    static let conditionKeys = ["path", "equals", "not_equals", "above", "below", "exists"]

    /// Keys each check kind accepts, besides `type`.
    static let checkKeys: [Check.Kind: [String]] = {
        let incidentKeys = ["environments", "open_incident_after", "resolve_after", "flapping"]
        return [
            .http: ["url", "method", "expect", "json", "headers", "timeout", "degraded_above", "anomaly"] + incidentKeys,
            .scans: ["path", "timeout", "degraded_above", "anomaly"] + incidentKeys,
            .sequencers: ["timeout", "anomaly"] + incidentKeys,
            .rounds: ["degraded_after", "down_after", "source", "timeout", "anomaly"] + incidentKeys,
            // Versions are never an outage, so neither their speed nor their changes are judged.
            .versions: ["path", "timeout"] + incidentKeys.filter { $0 != "flapping" },
        ]
    }()

    var reader: NodeReader

    init() { reader = NodeReader(path: Self.path, lineOffset: 0) }

    /// `nil` when the file is too broken to use; the diagnostics say why.
    mutating func load(_ root: Node?) -> Configuration? {
        guard let root, !root.isNull else {
            reader.report(.error(.emptyFile, "components.yml is empty", at: reader.fileStart,
                                 hint: "it needs 'page', 'environments' and 'components' (and usually 'groups'); see docs/content.md"))
            return nil
        }
        guard let top = reader.fields(of: root, what: "components.yml", known: Self.topLevelKeys,
                                      required: ["page", "environments", "components"]) else { return nil }
        let page = top["page"].flatMap { readPage($0) }
        let environments = reader.list(top["environments"], field: "environments")?.compactMap { readEnvironment($0) } ?? []
        let groups = reader.list(top["groups"], field: "groups")?.compactMap { readGroup($0) } ?? []
        let components = reader.list(top["components"], field: "components")?.compactMap { readComponent($0) } ?? []
        let notifications = reader.list(top["notifications"], field: "notifications")?.compactMap { readNotification($0) } ?? []
        guard let page else { return nil }
        return Configuration(page: page, environments: environments, groups: groups, components: components,
                             notifications: notifications)
    }

    private mutating func readPage(_ node: Node) -> Page? {
        guard let fields = reader.fields(of: node, what: "'page'", known: Self.pageKeys, required: ["title", "url"]) else {
            return nil
        }
        let title = reader.string(fields["title"], field: "title")
        let url = absoluteURL(fields["url"], field: "url")
        let notice = reader.interval(fields["maintenance_notice"], field: "maintenance_notice")
        let subscribe = fields["subscribe"].flatMap { readSubscription($0) }
        guard let title, let url else { return nil }
        return Page(title: title.value, url: url, description: reader.string(fields["description"], field: "description")?.value,
                    maintenanceNotice: notice ?? Page.defaultMaintenanceNotice, subscribe: subscribe)
    }

    private mutating func readSubscription(_ node: Node) -> Subscription? {
        guard let fields = reader.fields(of: node, what: "'subscribe'", known: Self.subscribeKeys) else { return nil }
        var subscription = Subscription()
        if let list = fields["mailing_list"],
           let listFields = reader.fields(of: list, what: "'mailing_list'", known: Self.mailingListKeys, required: ["join"]) {
            let join = subscriptionURL(listFields["join"], field: "join", mailto: true)
            let unsubscribe = subscriptionURL(listFields["unsubscribe"], field: "unsubscribe", mailto: true)
            subscription.mailingList = join.map { MailingList(join: $0, unsubscribe: unsubscribe) }
        }
        subscription.slackChannelURL = subscriptionURL(fields["slack_channel_url"], field: "slack_channel_url", mailto: false)
        subscription.webhookRequest = subscriptionURL(fields["webhook_request"], field: "webhook_request", mailto: true)
        return subscription
    }

    private mutating func readEnvironment(_ node: Node) -> Network? {
        guard let fields = reader.fields(of: node, what: "an environment", known: Self.environmentKeys,
                                         required: ["id", "name", "scan"]) else { return nil }
        let id = reader.id(fields["id"], field: "environment id")
        let name = reader.string(fields["name"], field: "name")
        // One seed Scan, or several: discovery asks them all and trusts none alone.
        let scans: [String]
        if case .sequence(let seeds)? = fields["scan"] {
            scans = seeds.compactMap { absoluteURL($0, field: "scan") }
            if seeds.isEmpty, let node = fields["scan"] {
                reader.report(.error(.invalidValue, "'scan' lists no URL", at: reader.location(of: node),
                                     hint: "give at least one seed Scan, e.g. scan: https://scan.sv-1.global.canton.network.sync.global"))
            }
        } else {
            scans = absoluteURL(fields["scan"], field: "scan").map { [$0] } ?? []
        }
        let mirror = absoluteURL(fields["dso_mirror"], field: "dso_mirror")
        let quorum = reader.int(fields["vantages"], field: "vantages", range: 1...99)
        // Kept even when other fields are wrong (already reported), so references to it do not cascade.
        guard let id else { return nil }
        return Network(id: id, name: name?.value ?? id.value, scans: scans, dsoMirror: mirror, vantageQuorum: quorum)
    }

    private mutating func readGroup(_ node: Node) -> Group? {
        guard let fields = reader.fields(of: node, what: "a group", known: Self.groupKeys, required: ["id", "name"]) else {
            return nil
        }
        let id = reader.id(fields["id"], field: "group id")
        let name = reader.string(fields["name"], field: "name")
        guard let id else { return nil }
        return Group(id: id, name: name?.value ?? id.value, description: reader.string(fields["description"], field: "description")?.value)
    }

    private mutating func readComponent(_ node: Node) -> Component? {
        guard let fields = reader.fields(of: node, what: "a component", known: Self.componentKeys,
                                         required: ["id", "name", "group"]) else { return nil }
        let id = reader.id(fields["id"], field: "component id")
        let name = reader.string(fields["name"], field: "name")
        let group = reader.string(fields["group"], field: "group")
        let environments = reader.stringList(fields["environments"], field: "environments")
        let checks = reader.list(fields["checks"], field: "checks")?.compactMap { readCheck($0) } ?? []
        let sla = readPercentage(fields["sla"])
        guard let id else { return nil }
        // A missing group is already reported; an empty id keeps the reference rules quiet about it.
        let groupReference = group ?? Located("", at: id.location)
        return Component(id: id, name: name?.value ?? id.value, group: groupReference,
                         description: reader.string(fields["description"], field: "description")?.value,
                         environments: environments, checks: checks, sla: sla)
    }

    private mutating func readCheck(_ node: Node) -> Check? {
        guard case .mapping = node else {
            reader.report(reader.wrongType(node, expected: "a mapping such as {type: http, url: …}", for: "a check"))
            return nil
        }
        // The type decides which other keys apply, so read it first.
        guard case .mapping(let mapping) = node, let typeNode = mapping.first(where: { $0.key.scalar?.string == "type" })?.value,
              !typeNode.isNull else {
            reader.report(.error(.missingField, "a check is missing 'type'", at: reader.location(of: node),
                                 hint: "add 'type:' with one of " + Check.Kind.allCases.map(\.rawValue).joined(separator: ", ")))
            return nil
        }
        guard let kind = reader.choice(typeNode, field: "check type", as: Check.Kind.self),
              let fields = reader.fields(of: node, what: "a '\(kind.rawValue)' check", known: ["type"] + (Self.checkKeys[kind] ?? []))
        else { return nil }
        var check = Check(kind: kind, location: reader.location(of: node), headers: [:], conditions: [])
        if kind == .http {
            if fields["url"] == nil {
                reader.report(.error(.missingField, "an 'http' check is missing 'url'", at: reader.location(of: node),
                                     hint: "add 'url: https://…' (secrets and private hosts as ${VAR} references)"))
            }
            check.url = checkURL(fields["url"], field: "url")
        }
        check.environments = reader.stringList(fields["environments"], field: "environments")
        check.path = reader.string(fields["path"], field: "path")?.value
        if let path = check.path, !path.hasPrefix("/"), let pathNode = fields["path"] {
            reader.report(.error(.invalidValue, "check path '\(path)' must start with '/'", at: reader.location(of: pathNode),
                                 hint: "e.g. path: /api/scan/readyz"))
        }
        check.method = reader.string(fields["method"], field: "method")?.value.uppercased()
        if let method = check.method, !["GET", "HEAD", "POST"].contains(method), let methodNode = fields["method"] {
            reader.report(.error(.invalidValue, "method '\(method)' is not supported", at: reader.location(of: methodNode),
                                 hint: "use GET, HEAD or POST"))
        }
        check.expectStatus = reader.int(fields["expect"], field: "expect", range: 100...599)
        check.timeout = reader.interval(fields["timeout"], field: "timeout")
        check.degradedAbove = reader.interval(fields["degraded_above"], field: "degraded_above")
        check.degradedAfter = reader.interval(fields["degraded_after"], field: "degraded_after")
        check.downAfter = reader.interval(fields["down_after"], field: "down_after")
        check.failuresBeforeIncident = reader.int(fields["open_incident_after"], field: "open_incident_after", range: 1...100)
        check.successesBeforeResolve = reader.int(fields["resolve_after"], field: "resolve_after", range: 1...100)
        check.anomaly = readAnomaly(fields["anomaly"], kind: kind, fixedThreshold: check.degradedAbove != nil)
        check.flapping = kind == .versions ? nil : readFlapping(fields["flapping"])
        if let source = reader.string(fields["source"], field: "source"), !["scan", "dso_mirror"].contains(source.value) {
            reader.report(.error(.invalidValue, "'\(source.value)' is not a rounds source", at: source.location,
                                 hint: Suggestion.hint(for: source.value, in: ["scan", "dso_mirror"], kind: "source")))
        }
        if let degraded = check.degradedAfter, let down = check.downAfter, down <= degraded, let node = fields["down_after"] {
            reader.report(.error(.invalidValue, "down_after (\(down)) must be longer than degraded_after (\(degraded))",
                                 at: reader.location(of: node)))
        }
        if let headers = fields["headers"] {
            check.headers = readHeaders(headers)
        }
        if let conditions = reader.list(fields["json"], field: "json") {
            check.conditions = conditions.compactMap { readCondition($0) }
        }
        return check
    }

    /// `anomaly:` of a check: `off`, `on`, or `{factor: 3, runs: 3}` (either key may be left out).
    /// Without it, detection is on for `rounds` and for `scans` without a `degraded_above` of
    /// their own: checks with a fixed threshold already say what slow is.
    private mutating func readAnomaly(_ node: Node?, kind: Check.Kind, fixedThreshold: Bool) -> Check.Anomaly? {
        let standard: Check.Anomaly? = kind == .rounds || (kind == .scans && !fixedThreshold) ? .standard : nil
        guard let node else { return standard }
        guard let fields = switchFields(node, field: "anomaly", known: ["factor", "runs"], example: "{factor: 3, runs: 3}") else {
            return node.scalar.flatMap { Self.switchValue($0.string) } == true ? .standard : nil
        }
        let factor = readFactor(fields["factor"]) ?? Check.Anomaly.standard.factor
        let runs = reader.int(fields["runs"], field: "runs", range: 1...100) ?? Check.Anomaly.standard.runs
        return Check.Anomaly(factor: factor, runs: runs)
    }

    /// `flapping:` of a check: `off`, `on`, or `{changes: 4, stable_runs: 3}`; on when absent.
    private mutating func readFlapping(_ node: Node?) -> Check.Flapping? {
        guard let node else { return .standard }
        guard let fields = switchFields(node, field: "flapping", known: ["changes", "stable_runs"], example: "{changes: 4, stable_runs: 3}") else {
            return node.scalar.flatMap { Self.switchValue($0.string) } == false ? nil : .standard
        }
        return Check.Flapping(changes: reader.int(fields["changes"], field: "changes", range: 1...100) ?? Check.Flapping.standard.changes,
                              stableRuns: reader.int(fields["stable_runs"], field: "stable_runs", range: 1...100)
                                  ?? Check.Flapping.standard.stableRuns)
    }

    /// `on`/`true`/`yes` or `off`/`false`/`no`; `nil` for anything else.
    private static func switchValue(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "on", "true", "yes": true
        case "off", "false", "no": false
        default: nil
        }
    }

    /// The fields of a setting that is either a switch (`off`, `on`) or a mapping. `nil` for a
    /// switch, and for anything else after reporting it.
    private mutating func switchFields(_ node: Node, field: String, known: [String], example: String) -> NodeReader.Fields? {
        if case .scalar(let scalar) = node {
            if Self.switchValue(scalar.string) == nil {
                reader.report(.error(.invalidValue, "'\(scalar.string)' is not a setting for '\(field)'", at: reader.location(of: node),
                                     hint: "write \(field): off, \(field): on, or \(field): \(example)"))
            }
            return nil
        }
        guard case .mapping = node else {
            reader.report(.error(.wrongType, "expected off, on or a mapping such as \(example) for '\(field)', found a list",
                                 at: reader.location(of: node), hint: "write \(field): \(example)"))
            return nil
        }
        return reader.fields(of: node, what: "'\(field)'", known: known)
    }

    /// `factor` of `anomaly`: how many times the baseline a value must be to count as out of it.
    private mutating func readFactor(_ node: Node?) -> Double? {
        guard let text = reader.string(node, field: "factor") else { return nil }
        guard let value = Double(text.value), value.isFinite, value > 1, value <= 100 else {
            reader.report(.error(.invalidValue, "'factor' must be a number above 1 and at most 100, not '\(text.value)'", at: text.location,
                                 hint: "e.g. factor: 3, for three times the baseline's p95"))
            return nil
        }
        return value
    }

    private mutating func readHeaders(_ node: Node) -> [String: String] {
        guard case .mapping(let mapping) = node else {
            reader.report(reader.wrongType(node, expected: "a mapping of header names to values", for: "'headers'"))
            return [:]
        }
        var headers: [String: String] = [:]
        for (key, value) in mapping {
            guard let name = reader.string(key, field: "header name"), let text = reader.string(value, field: name.value) else {
                continue
            }
            SecretRules.checkHeader(name: name.value, value: text, reporter: &reader)
            headers[name.value] = text.value
        }
        return headers
    }

    private mutating func readCondition(_ node: Node) -> Check.Condition? {
        guard let fields = reader.fields(of: node, what: "a JSON condition", known: Self.conditionKeys, required: ["path"]) else {
            return nil
        }
        let comparisons = Check.Condition.Comparison.allCases.filter { fields[$0.rawValue] != nil }
        guard let path = reader.string(fields["path"], field: "path") else { return nil }
        guard comparisons.count == 1, let comparison = comparisons.first else {
            reader.report(.error(.invalidValue, "a JSON condition needs exactly one comparison", at: reader.location(of: node),
                                 hint: "add one of equals, not_equals, above, below or exists"))
            return nil
        }
        return Check.Condition(path: path.value, comparison: comparison,
                               value: reader.string(fields[comparison.rawValue], field: comparison.rawValue)?.value)
    }

    private mutating func readNotification(_ node: Node) -> NotificationTarget? {
        // The type decides which other keys apply, so read it first; without a valid one, every key
        // any type takes is accepted, so that only the type is reported.
        let typeNode: Node? = if case .mapping(let mapping) = node {
            mapping.first(where: { $0.key.scalar?.string == "type" })?.value
        } else {
            nil
        }
        let kind = reader.choice(typeNode.flatMap { $0.isNull ? nil : $0 }, field: "notification type", as: NotificationTarget.Kind.self)
        let what = kind.map { "a '\($0.rawValue)' notification target" } ?? "a notification target"
        let kindKeys = kind.map { Self.notificationKeys[$0] ?? [] } ?? Array(Set(Self.notificationKeys.values.joined())).sorted()
        guard let fields = reader.fields(of: node, what: what, known: Self.notificationFilterKeys + kindKeys,
                                         required: ["id", "type"]) else { return nil }
        let id = reader.id(fields["id"], field: "notification id")
        let url = reader.string(fields["url"], field: "url")
        let secret = reader.string(fields["secret"], field: "secret")
        let smtp = reader.string(fields["smtp"], field: "smtp")
        for (field, value) in [("url", url), ("secret", secret), ("smtp", smtp)] {
            if let value { SecretRules.requireReference(value, field: field, reporter: &reader) }
        }
        let to = reader.stringList(fields["to"], field: "to")
        if let kind {
            for field in Self.notificationKeys[kind] ?? [] where fields[field] == nil {
                let hint = field == "url" ? "add 'url: \"${\(Self.urlVariables[kind] ?? "WEBHOOK_URL")}\"' and set the variable in CI secrets"
                    : notificationHints[field]
                reader.report(.error(.missingField, "\(what) is missing '\(field)'", at: reader.location(of: node), hint: hint))
            }
        }
        guard let id, let kind else { return nil }
        return NotificationTarget(
            id: id, kind: kind, url: url?.value, secret: secret?.value, smtp: smtp?.value,
            from: reader.string(fields["from"], field: "from")?.value, to: to?.map(\.value) ?? [],
            environments: reader.stringList(fields["environments"], field: "environments"),
            components: reader.stringList(fields["components"], field: "components"),
            events: reader.stringList(fields["events"], field: "events"))
    }

    /// The variable a missing `url` hint suggests, by type.
    private static let urlVariables: [NotificationTarget.Kind: String] = [
        .slack: "SLACK_WEBHOOK_URL", .discord: "DISCORD_WEBHOOK_URL", .teams: "TEAMS_WEBHOOK_URL", .webhook: "WEBHOOK_URL",
    ]

    private let notificationHints: [String: String] = [
        "secret": "add 'secret: \"${WEBHOOK_SECRET}\"' (the webhook's signing secret) and set it in CI secrets",
        "smtp": "add 'smtp: \"${SMTP_URL}\"' (the SMTP server URL with its user and password) and set it in CI secrets",
        "from": "add 'from: status@example.org'",
        "to": "add 'to: [validator-announce@example.org]'",
    ]

    // MARK: Values

    private mutating func absoluteURL(_ node: Node?, field: String) -> String? {
        guard let text = reader.string(node, field: field) else { return nil }
        guard URLText.isAbsoluteHTTP(text.value) else {
            reader.report(.error(.invalidValue, "'\(text.value)' in '\(field)' is not an absolute http(s) URL", at: text.location,
                                 hint: "write the full URL, e.g. https://scan.sv-1.global.canton.network.sync.global"))
            return nil
        }
        if SecretRules.hasCredentials(text.value) {
            SecretRules.reportCredentialsInURL(text, field: field, reporter: &reader)
        }
        return text.value
    }

    /// A `page.subscribe` URL: `https:`, or (`mailto`) a `mailto:` URL of one address. Both end up
    /// between the angle brackets of a mail header, so only printable ASCII without spaces, `<`, `>`
    /// or `"` is accepted, and at most 500 characters (a header line holds 998).
    private mutating func subscriptionURL(_ node: Node?, field: String, mailto: Bool) -> String? {
        guard let text = reader.string(node, field: field) else { return nil }
        let value = text.value
        // Before anything quotes the value: a password in it must not reach a CI log.
        if SecretRules.hasCredentials(value) {
            SecretRules.reportCredentialsInURL(text, field: field, reporter: &reader)
            return nil
        }
        let printable = value.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) && !"<>\"".unicodeScalars.contains($0) }
        let isMailto = mailto && value.lowercased().hasPrefix("mailto:") && Self.isMailtoAddress(value.dropFirst("mailto:".count))
        let isWeb = value.lowercased().hasPrefix("https://") && URLText.isAbsoluteHTTP(value)
        guard printable, value.count <= 500, isMailto || isWeb else {
            let kinds = mailto ? "a mailto: or https: URL" : "an https: URL"
            let example = switch field {
            case "slack_channel_url": "https://example.slack.com/archives/C0123456789"
            case "webhook_request": "https://github.com/example/status/issues/new?template=webhook.yml or mailto:status@example.org"
            default: "mailto:validator-announce+\(field == "join" ? "subscribe" : "unsubscribe")@lists.example.org or https://lists.example.org/g/validator-announce"
            }
            reader.report(.error(.invalidValue, "'\(value.prefix(80))' in '\(field)' is not \(kinds)", at: text.location,
                                 hint: (printable ? "" : "percent-encode spaces and non-ASCII characters; ") + "e.g. \(example)"
                                     + (value.count > 500 ? " (at most 500 characters)" : "")))
            return nil
        }
        return value
    }

    /// `name@host` with an optional `?query`: one address, as a mail client's unsubscribe button needs.
    private static func isMailtoAddress(_ rest: Substring) -> Bool {
        let address = rest.prefix { $0 != "?" }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && !address.contains(",")
    }

    /// A check URL: absolute, or starting with a `${VAR}` reference that holds the base URL.
    private mutating func checkURL(_ node: Node?, field: String) -> String? {
        guard let text = reader.string(node, field: field) else { return nil }
        SecretRules.checkReferences(in: text, reporter: &reader)
        if text.value.hasPrefix("${") { return text.value }
        return absoluteURL(node, field: field)
    }

    private mutating func readPercentage(_ node: Node?) -> Double? {
        guard let text = reader.string(node, field: "sla") else { return nil }
        let digits = text.value.hasSuffix("%") ? String(text.value.dropLast()) : text.value
        guard let value = Double(digits), value > 0, value <= 100 else {
            reader.report(.error(.invalidValue, "sla '\(text.value)' is not a percentage", at: text.location,
                                 hint: "write a target such as 99.9%"))
            return nil
        }
        return value / 100
    }
}
