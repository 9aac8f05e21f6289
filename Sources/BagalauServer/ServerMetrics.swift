import Hummingbird
import Prometheus

/// The server's Prometheus metrics at `/metrics`: acts by type and outcome, refusals by clause, and
/// request latency by route (the route's pattern, never an identifier from the path).
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()

    public init() {}

    func act(_ type: String, outcome: String) {
        registry.makeCounter(
            descriptor: .init(namespace: "bagalau", metricName: "acts", unitName: "total", helpText: "Acts asked for over HTTP, by act and outcome"),
            labels: [("act", type), ("outcome", outcome)]
        ).increment()
    }

    func refusal(clause: String) {
        registry.makeCounter(
            descriptor: .init(namespace: "bagalau", metricName: "refusals", unitName: "total", helpText: "Acts refused, by the clause applied"),
            labels: [("clause", clause)]
        ).increment()
    }

    /// The store's group commits: transactions and the appends they held.
    func commits(_ statistics: (groups: Int, appends: Int)) {
        registry.makeGauge(descriptor: .init(namespace: "bagalau", metricName: "commits", unitName: "total", helpText: "Ledger transactions committed by the group writer")).set(Int64(statistics.groups))
        registry.makeGauge(descriptor: .init(namespace: "bagalau", metricName: "committed_appends", unitName: "total", helpText: "Appends those transactions held")).set(Int64(statistics.appends))
    }

    func request(method: String, route: String, status: Int, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "bagalau", metricName: "request_duration", unitName: "seconds", helpText: "HTTP request latency"),
            labels: [("method", method), ("route", route), ("status", String(status))],
            buckets: [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5)]
        ).record(duration)
    }
}

/// Times each request and records it under its route's pattern.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        metrics.request(method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: response.status.code, duration: ContinuousClock.now - start)
        return response
    }
}
