/// Inclusion and consistency proofs over the ledger's Merkle tree, as RFC 9162 §2.1.3–§2.1.4 define
/// them: generated from the stored perfect subtrees (O(log n) of them) and checked with nothing but the
/// hashes. Leaves are counted from 0: the event at `seq` is leaf `seq - 1`.
public enum MerkleProof {
    /// Why a proof fails or cannot be made.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    // MARK: Generating

    /// The Merkle tree hash of the leaves `range` of a tree (MTH(D[a:b]) of RFC 9162 §2.1.1): a stored
    /// perfect subtree when the range is one, otherwise split at the largest power of two below its size.
    public static func treeHash(_ range: Range<Int64>, nodes: any MerkleNodeSource) throws -> [UInt8] {
        let size = range.count
        guard size > 0 else { return MerkleHash.empty }
        if size & (size - 1) == 0, range.lowerBound % Int64(size) == 0 {
            return try nodes.hash(of: MerkleNodeKey(level: Int64(size).trailingZeroBitCount, index: range.lowerBound / Int64(size)))
        }
        let k = Int64(largestPowerOfTwo(below: Int64(size)))
        return MerkleHash.node(
            try treeHash(range.lowerBound..<(range.lowerBound + k), nodes: nodes),
            try treeHash((range.lowerBound + k)..<range.upperBound, nodes: nodes))
    }

    /// PATH(m, D[n]) of RFC 9162 §2.1.3.1: the siblings from leaf `leaf` up to the root of a tree of `size` leaves.
    public static func inclusion(leaf: Int64, size: Int64, nodes: any MerkleNodeSource) throws -> [[UInt8]] {
        guard leaf >= 0, leaf < size else { throw Failure(reason: "leaf \(leaf) is outside a tree of \(size) leaves") }
        return try path(leaf, 0..<size, nodes: nodes)
    }

    private static func path(_ m: Int64, _ range: Range<Int64>, nodes: any MerkleNodeSource) throws -> [[UInt8]] {
        let n = Int64(range.count)
        guard n > 1 else { return [] }
        let k = largestPowerOfTwo(below: n), a = range.lowerBound
        if m < k { return try path(m, a..<(a + k), nodes: nodes) + [treeHash((a + k)..<range.upperBound, nodes: nodes)] }
        return try path(m - k, (a + k)..<range.upperBound, nodes: nodes) + [treeHash(a..<(a + k), nodes: nodes)]
    }

    /// PROOF(m, D[n]) of RFC 9162 §2.1.4.1: what shows that a tree of `size` leaves extends the tree of its first `old` leaves.
    public static func consistency(old: Int64, size: Int64, nodes: any MerkleNodeSource) throws -> [[UInt8]] {
        guard old > 0, old <= size else { throw Failure(reason: "a tree of \(old) leaves cannot be a prefix of one of \(size)") }
        return try subproof(old, 0..<size, complete: true, nodes: nodes)
    }

    private static func subproof(_ m: Int64, _ range: Range<Int64>, complete: Bool, nodes: any MerkleNodeSource) throws -> [[UInt8]] {
        let n = Int64(range.count), a = range.lowerBound
        if m == n { return complete ? [] : [try treeHash(range, nodes: nodes)] }
        let k = largestPowerOfTwo(below: n)
        if m <= k { return try subproof(m, a..<(a + k), complete: complete, nodes: nodes) + [treeHash((a + k)..<range.upperBound, nodes: nodes)] }
        return try subproof(m - k, (a + k)..<range.upperBound, complete: false, nodes: nodes) + [treeHash(a..<(a + k), nodes: nodes)]
    }

    /// The largest power of two strictly below `n` (n ≥ 2).
    static func largestPowerOfTwo(below n: Int64) -> Int64 {
        Int64(1) << Int64(63 - (n - 1).leadingZeroBitCount)
    }

    // MARK: Checking

    /// RFC 9162 §2.1.3.2: whether `proof` leads from the leaf hash at `leaf` to `root` in a tree of `size` leaves.
    public static func verifyInclusion(leafHash: [UInt8], leaf: Int64, size: Int64, proof: [[UInt8]], root: [UInt8]) -> Bool {
        guard leaf >= 0, leaf < size else { return false }
        var fn = leaf, sn = size - 1, r = leafHash
        for p in proof {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.node(p, r)
                while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
            } else {
                r = MerkleHash.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// RFC 9162 §2.1.4.2: whether `proof` shows the tree of `size` leaves with `root` extends the tree of
    /// `old` leaves with `oldRoot`.
    public static func verifyConsistency(old: Int64, oldRoot: [UInt8], size: Int64, root: [UInt8], proof: [[UInt8]]) -> Bool {
        guard old > 0, old <= size else { return false }
        if old == size { return proof.isEmpty && oldRoot == root }
        guard !proof.isEmpty else { return false }
        var path = proof
        if old & (old - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = old - 1, sn = size - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            guard sn != 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(c, fr)
                sr = MerkleHash.node(c, sr)
                while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
            } else {
                sr = MerkleHash.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == root && sn == 0
    }
}
