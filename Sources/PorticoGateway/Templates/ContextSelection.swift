/// The `$context` entries one template needs, decided when the template is parsed: a template
/// that reads `$context.stage` and `$context.requestId` only is given a `$context` of those
/// two entries, so a request does not build (and free) the other twenty-odd values and the
/// identity map for it. A template that uses `$context` any other way (as a whole, through a
/// method, by `#set`) gets every entry. Bits index ``ContextTable/templateEntries``.
struct ContextSelection: Sendable, Equatable {
    private let bits: UInt64

    static let all = ContextSelection(bits: ContextTable.templateEntries.count >= 64 ? .max : (1 << UInt64(ContextTable.templateEntries.count)) - 1)

    private init(bits: UInt64) {
        self.bits = bits
    }

    /// The entries named in `names` (nil: every entry); names that are not entries (a typo,
    /// `authorizer` today) select nothing, as the full map has nothing under them either.
    init(names: Set<String>?) {
        guard let names else {
            self = .all
            return
        }
        var bits: UInt64 = 0
        for (index, entry) in ContextTable.templateEntries.enumerated() where names.contains(entry.key) { bits |= 1 << UInt64(index) }
        self.bits = bits
    }

    /// Whether the entry at `index` of ``ContextTable/templateEntries`` is selected.
    func contains(index: Int) -> Bool {
        bits & 1 << UInt64(index) != 0
    }

    /// Whether the entry named `key` is selected.
    func contains(_ key: String) -> Bool {
        ContextTable.templateEntries.firstIndex { $0.key == key }.map(contains(index:)) ?? false
    }

    /// The indices of the selected entries, in order.
    var indices: some Sequence<Int> {
        sequence(state: bits) { remaining -> Int? in
            guard remaining != 0 else { return nil }
            let index = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            return index
        }
    }

    /// How many entries are selected.
    var count: Int { bits.nonzeroBitCount }
}
