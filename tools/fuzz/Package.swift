// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets (issue 11), built with `-sanitize=fuzzer` (`tools/fuzz/run`). Each target's main hands
// its input function to libFuzzer's driver; they live outside the main package, whose builds have no
// libFuzzer to link.
let package = Package(
    name: "BagalauFuzz",
    dependencies: [.package(name: "Bagalau", path: "../..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzDriver", .product(name: "LedgerCore", package: "Bagalau")]),
        .executableTarget(name: "FuzzActs", dependencies: [
            "FuzzDriver", .product(name: "LedgerCore", package: "Bagalau"), .product(name: "Evaluation", package: "Bagalau"),
        ]),
    ]
)
