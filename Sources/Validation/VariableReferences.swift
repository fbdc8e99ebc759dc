internal import Foundation

/// Resolving `${NAME}` references (webhook URLs, signing secrets, check URLs and headers) from the
/// environment of the run, the only place secrets live.
public enum VariableReferences {
    /// The name of a variable that is unset or empty.
    public struct Missing: Error, Equatable {
        public var name: String
    }

    /// `text` with every `${NAME}` replaced; fails on the first unset or empty variable, so a run
    /// never goes out with half a URL.
    public static func substitute(_ text: String, from variables: [String: String]) -> Result<String, Missing> {
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            output += rest[..<open.lowerBound]
            let name = String(rest[open.upperBound..<close])
            guard let value = variables[name], !value.isEmpty else { return .failure(Missing(name: name)) }
            output += value
            rest = rest[rest.index(after: close)...]
        }
        return .success(output + rest)
    }
}
