/// The values of a rendering's variables, indexed by the slots the parser gave their names.
///
/// Raw memory owned by the one rendering that uses it: reading or writing a variable is an
/// index, without the uniqueness check and bounds check an array does on every write, and
/// making it costs one allocation without the runtime's generic-metadata lookup that
/// `Array(repeating:count:)` makes. Slots come from the template's own symbol table, so they
/// are always in range.
struct VariableSlots: ~Copyable {
    private let values: UnsafeMutableBufferPointer<VelocityValue>

    /// `count` variables, all null.
    init(count: Int) {
        values = .allocate(capacity: count)
        values.initialize(repeating: .null)
    }

    deinit {
        _ = values.deinitialize()
        values.deallocate()
    }

    subscript(slot: Int) -> VelocityValue {
        get {
            assert(slot >= 0 && slot < values.count)
            return values[slot]
        }
        nonmutating set {
            assert(slot >= 0 && slot < values.count)
            values[slot] = newValue
        }
    }
}
