/// The head of the ledger's Merkle tree at a size: the root over the first `size` events' hashes and the
/// last of them (design.md §7). Signed, it is a checkpoint (``ChainCheckpoint``).
public struct TreeHead: Sendable, Equatable {
    public let size: Int64
    /// MTH of the first `size` leaves, 64 lower-case hex characters.
    public let rootHash: String
    /// The hash of the event at `seq = size`.
    public let headHash: String

    public init(size: Int64, rootHash: String, headHash: String) {
        self.size = size
        self.rootHash = rootHash
        self.headHash = headHash
    }
}
