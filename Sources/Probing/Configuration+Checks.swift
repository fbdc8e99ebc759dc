public import Model
internal import Validation

extension Configuration {
    /// The checks that run on `environment`, with every `${VAR}` resolved. A missing variable is an
    /// error naming it, raised before any client exists: a run that cannot start opens no connections.
    public func checks(
        on environment: String, variables: [String: String]
    ) throws(EnvironmentError) -> [(component: Component, check: Check)] {
        func resolve(_ text: String, what: String) throws(EnvironmentError) -> String {
            switch VariableReferences.substitute(text, from: variables) {
            case .success(let value):
                return value
            case .failure(let missing):
                throw EnvironmentError("environment variable \(missing.name) is not set (needed by \(what))",
                                       hint: "set \(missing.name) in the environment of the prober (a CI secret or a Kubernetes Secret); no request was sent")
            }
        }
        var result: [(Component, Check)] = []
        for component in components where environmentIDs(of: component).contains(environment) {
            for check in component.checks where check.environments.map({ $0.contains { $0.value == environment } }) ?? true {
                var resolved = check
                resolved.url = try check.url.map { url throws(EnvironmentError) in try resolve(url, what: "the URL of a '\(component.id.value)' check") }
                for (name, value) in check.headers {
                    resolved.headers[name] = try resolve(value, what: "the '\(name)' header of a '\(component.id.value)' check")
                }
                result.append((component, resolved))
            }
        }
        return result
    }
}
