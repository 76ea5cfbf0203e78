extension String {
    /// The text escaped for HTML text and double-quoted attribute values: `&`, `<`, `>`, `"`
    /// and `'`. The one HTML escaper of Portico: this module is the lowest that writes HTML,
    /// and the site uses it for every page, so no page can forget it.
    public var htmlEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
