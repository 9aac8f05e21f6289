import Crypto

/// The hashes of the ledger's Merkle tree, as RFC 9162 §2.1.1 defines them (design.md §7): a leaf is
/// `SHA-256(0x00 ‖ hash)` over an event's 32-byte `hash`, a node `SHA-256(0x01 ‖ left ‖ right)`.
/// The prefixes keep a leaf from ever being read as a node (a second-preimage guard).
public enum MerkleHash {
    /// The leaf of an event, from its `hash` (64 hex characters). Nil when the text is not a hash.
    public static func leaf(eventHash: String) -> [UInt8]? {
        guard let bytes = Hex.decode(eventHash), bytes.count == 32 else { return nil }
        return leaf(bytes)
    }

    public static func leaf(_ eventHash: [UInt8]) -> [UInt8] {
        var sha = SHA256()
        sha.update(data: [0x00])
        sha.update(data: eventHash)
        return Array(sha.finalize())
    }

    public static func node(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var sha = SHA256()
        sha.update(data: [0x01])
        sha.update(data: left)
        sha.update(data: right)
        return Array(sha.finalize())
    }

    /// The root of the empty tree: SHA-256 of nothing (RFC 9162 §2.1.1).
    public static var empty: [UInt8] { Array(SHA256.hash(data: [UInt8]())) }
}

/// A perfect subtree of the Merkle tree: the `2^level` leaves from `index × 2^level` on. Level 0 is one
/// leaf (the event at `seq = index + 1`).
public struct MerkleNodeKey: Sendable, Hashable, CustomStringConvertible {
    public let level: Int
    public let index: Int64

    public init(level: Int, index: Int64) {
        self.level = level
        self.index = index
    }

    public var firstLeaf: Int64 { index << Int64(level) }
    public var description: String { "level \(level) node \(index)" }
}

/// Where the tree's perfect subtrees are read from: a store keeps them as they are appended, so that a
/// root or a proof reads O(log n) of them.
public protocol MerkleNodeSource {
    func hash(of node: MerkleNodeKey) throws -> [UInt8]
}
