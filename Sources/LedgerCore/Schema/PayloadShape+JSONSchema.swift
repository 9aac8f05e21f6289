extension PayloadShape {
    /// The JSON Schema (draft 2020-12) fragment equivalent to this shape.
    public var jsonSchema: JSONValue {
        switch self {
        case .object(let fields):
            let properties = fields.map { field -> (String, JSONValue) in
                var schema = field.shape.jsonSchema.objectMembers ?? []
                schema.insert(("description", .string(field.summary)), at: 0)
                return (field.name, .object(schema))
            }
            return .object([
                ("type", "object"),
                ("properties", .object(properties)),
                ("required", .array(fields.filter(\.required).map { .string($0.name) })),
                ("additionalProperties", false),
            ])
        case .string(let minLength, let maxLength):
            return .object([
                ("type", "string"), ("minLength", .integer(Int64(minLength))), ("maxLength", .integer(Int64(maxLength))),
            ])
        case .enumeration(let allowed):
            return .object([("type", "string"), ("enum", .array(allowed.map { .string($0) }))])
        case .integer(let minimum, let maximum):
            var members: [(String, JSONValue)] = [("type", "integer")]
            if let minimum { members.append(("minimum", .integer(minimum))) }
            if let maximum { members.append(("maximum", .integer(maximum))) }
            return .object(members)
        case .boolean:
            return .object([("type", "boolean")])
        case .date:
            return .object([("type", "string"), ("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), ("format", "date")])
        case .dateTime:
            return .object([("type", "string"), ("format", "date-time")])
        case .decimal:
            return .object([("type", "string"), ("pattern", .string(PayloadShape.decimalPattern))])
        case .sha256:
            return .object([("type", "string"), ("pattern", "^[0-9a-f]{64}$")])
        case .array(let element, let minItems, let maxItems):
            var members: [(String, JSONValue)] = [
                ("type", "array"), ("items", element.jsonSchema), ("minItems", .integer(Int64(minItems))),
            ]
            if let maxItems { members.append(("maxItems", .integer(Int64(maxItems)))) }
            return .object(members)
        case .nullable(let inner):
            return .object([("anyOf", .array([inner.jsonSchema, .object([("type", "null")])]))])
        }
    }
}
