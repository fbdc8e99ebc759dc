internal import Foundation

/// Writing YAML this tool generates (scaffolds, automated incidents): values as double-quoted
/// scalars, so no title, reason or remote answer can end the value early or start a new key.
package enum YAMLQuoting {
    /// A YAML double-quoted scalar: `"`, `\\`, newlines, tabs, other control and format characters
    /// are escaped; everything else is kept as written.
    package static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.properties.generalCategory == .format {
                    output += scalar.value > 0xFFFF ? String(format: "\\U%08X", scalar.value) : String(format: "\\u%04X", scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}
