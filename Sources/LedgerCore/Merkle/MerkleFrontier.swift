/// The right edge of the Merkle tree as events are appended (RFC 9162 §2.1.1): the perfect subtrees
/// whose sizes are the binary digits of the tree's size, largest first. Appending a leaf completes
/// at most log n of them, one on average — the nodes a store keeps — and the root is their fold.
public struct MerkleFrontier: Sendable, Equatable {
    public private(set) var size: Int64
    /// The perfect subtrees of the edge, left to right (largest first).
    public private(set) var subtrees: [(key: MerkleNodeKey, hash: [UInt8])]

    public static func == (a: MerkleFrontier, b: MerkleFrontier) -> Bool {
        a.size == b.size && a.subtrees.map(\.key) == b.subtrees.map(\.key) && a.subtrees.map(\.hash) == b.subtrees.map(\.hash)
    }

    public init() {
        size = 0
        subtrees = []
    }

    /// The edge of a tree of `size` leaves, read from `nodes`: one node per binary digit of the size.
    public init(size: Int64, nodes: any MerkleNodeSource) throws {
        self.size = size
        subtrees = try Self.edge(of: size).map { ($0, try nodes.hash(of: $0)) }
    }

    /// The perfect subtrees a tree of `size` leaves ends with, largest first.
    public static func edge(of size: Int64) -> [MerkleNodeKey] {
        var keys: [MerkleNodeKey] = [], offset: Int64 = 0
        for level in stride(from: 62, through: 0, by: -1) where size & (Int64(1) << Int64(level)) != 0 {
            keys.append(MerkleNodeKey(level: level, index: offset >> Int64(level)))
            offset += Int64(1) << Int64(level)
        }
        return keys
    }

    /// Adds the next leaf (an event's `hash`, raw) and returns the nodes above level 0 it completed.
    public mutating func append(eventHash: [UInt8]) -> [(key: MerkleNodeKey, hash: [UInt8])] {
        subtrees.append((MerkleNodeKey(level: 0, index: size), MerkleHash.leaf(eventHash)))
        size += 1
        var completed: [(key: MerkleNodeKey, hash: [UInt8])] = []
        while subtrees.count >= 2, subtrees[subtrees.count - 1].key.level == subtrees[subtrees.count - 2].key.level {
            let right = subtrees.removeLast(), left = subtrees.removeLast()
            let node = (key: MerkleNodeKey(level: left.key.level + 1, index: left.key.index >> 1), hash: MerkleHash.node(left.hash, right.hash))
            subtrees.append(node)
            completed.append(node)
        }
        return completed
    }

    /// The tree head: MTH of every leaf so far.
    public var root: [UInt8] {
        guard var root = subtrees.last?.hash else { return MerkleHash.empty }
        for subtree in subtrees.dropLast().reversed() { root = MerkleHash.node(subtree.hash, root) }
        return root
    }
}
