import Testing

@testable import LedgerCore

/// The perfect subtrees of a list of leaves, computed from the leaves every time: the definition the
/// stored tree must agree with (RFC 9162 §2.1.1).
struct LeafList: MerkleNodeSource {
    let leaves: [[UInt8]]

    init(eventHashes: [[UInt8]]) { leaves = eventHashes.map(MerkleHash.leaf) }

    init(events: [RecordedEvent]) { leaves = events.map { MerkleHash.leaf(eventHash: $0.hash)! } }

    func hash(of node: MerkleNodeKey) throws -> [UInt8] {
        let first = Int(node.firstLeaf), count = 1 << node.level
        guard first + count <= leaves.count else { throw MerkleProof.Failure(reason: "no \(node)") }
        return Self.mth(Array(leaves[first..<(first + count)]))
    }

    /// MTH(D[n]) straight from RFC 9162 §2.1.1, on leaf hashes.
    static func mth(_ leaves: [[UInt8]]) -> [UInt8] {
        if leaves.isEmpty { return MerkleHash.empty }
        if leaves.count == 1 { return leaves[0] }
        var k = 1
        while k * 2 < leaves.count { k *= 2 }
        return MerkleHash.node(mth(Array(leaves[..<k])), mth(Array(leaves[k...])))
    }
}

struct MerkleTests {
    static func hashes(_ count: Int) -> [[UInt8]] {
        (0..<count).map { ChainHasher.rawDigest(Array("event \($0)".utf8)) }
    }

    @Test("RFC 9162 §2.1.1: the empty tree's root is SHA-256 of nothing; a leaf is SHA-256(0x00 ‖ data) (the CT test vector for empty data)")
    func knownVectors() {
        #expect(Hex.encode(MerkleHash.empty) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hex.encode(MerkleHash.leaf([])) == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        #expect(MerkleHash.leaf(eventHash: "not hex") == nil)
    }

    @Test("the frontier kept while appending gives MTH of every prefix, and each node it completes is the perfect subtree the definition gives", arguments: [1, 2, 3, 7, 8, 9, 31, 64, 100])
    func frontierMatchesDefinition(count: Int) throws {
        let hashes = Self.hashes(count), all = LeafList(eventHashes: hashes)
        var frontier = MerkleFrontier(), completed = 0
        for (index, hash) in hashes.enumerated() {
            for node in frontier.append(eventHash: hash) {
                #expect(node.hash == (try all.hash(of: node.key)), "\(node.key)")
                completed += 1
            }
            #expect(frontier.root == LeafList.mth(Array(all.leaves[...index])), "size \(index + 1)")
        }
        // n − popcount(n) nodes above the leaves: one per append on average.
        #expect(completed == count - count.nonzeroBitCount)
        // Reloaded from the stored nodes, the edge is the same: appends go on where they stopped.
        #expect(try MerkleFrontier(size: Int64(count), nodes: all) == frontier)
        #expect(try MerkleProof.treeHash(0..<Int64(count), nodes: all) == frontier.root)
    }

    @Test("RFC 9162 §2.1.3: every leaf's inclusion proof in every tree up to 33 leaves verifies; another leaf, position or root does not")
    func inclusionProofs() throws {
        let hashes = Self.hashes(33), nodes = LeafList(eventHashes: hashes)
        for size in 1...Int64(33) {
            let root = LeafList.mth(Array(nodes.leaves[..<Int(size)]))
            for leaf in 0..<size {
                let proof = try MerkleProof.inclusion(leaf: leaf, size: size, nodes: nodes)
                let leafHash = nodes.leaves[Int(leaf)]
                #expect(MerkleProof.verifyInclusion(leafHash: leafHash, leaf: leaf, size: size, proof: proof, root: root))
                #expect(proof.count <= 64 - (size - 1).leadingZeroBitCount)
                if size > 1 {
                    let other = nodes.leaves[Int((leaf + 1) % size)]
                    #expect(!MerkleProof.verifyInclusion(leafHash: other, leaf: leaf, size: size, proof: proof, root: root))
                    #expect(!MerkleProof.verifyInclusion(leafHash: leafHash, leaf: (leaf + 1) % size, size: size, proof: proof, root: root))
                    #expect(!MerkleProof.verifyInclusion(leafHash: leafHash, leaf: leaf, size: size, proof: proof, root: MerkleHash.empty))
                }
            }
        }
        #expect(throws: MerkleProof.Failure.self) { _ = try MerkleProof.inclusion(leaf: 5, size: 5, nodes: nodes) }
    }

    @Test("RFC 9162 §2.1.4: a consistency proof between every pair of sizes up to 33 verifies; a rewritten leaf before the old size fails")
    func consistencyProofs() throws {
        let hashes = Self.hashes(33), nodes = LeafList(eventHashes: hashes)
        var rewritten = nodes.leaves
        rewritten[2] = MerkleHash.leaf(Array(repeating: 9, count: 32))
        for size in 1...Int64(33) {
            let root = LeafList.mth(Array(nodes.leaves[..<Int(size)]))
            for old in 1...size {
                let oldRoot = LeafList.mth(Array(nodes.leaves[..<Int(old)]))
                let proof = try MerkleProof.consistency(old: old, size: size, nodes: nodes)
                #expect(MerkleProof.verifyConsistency(old: old, oldRoot: oldRoot, size: size, root: root, proof: proof), "\(old) → \(size)")
                if old > 2 {
                    // The receipt remembers the old tree; today's tree rewrote leaf 2.
                    let forged = LeafList.mth(Array(rewritten[..<Int(old)]))
                    #expect(!MerkleProof.verifyConsistency(old: old, oldRoot: forged, size: size, root: root, proof: proof), "\(old) → \(size)")
                }
                if old < size {
                    #expect(!MerkleProof.verifyConsistency(old: old, oldRoot: oldRoot, size: size, root: oldRoot, proof: proof))
                }
            }
        }
    }
}
