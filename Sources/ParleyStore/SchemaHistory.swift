/// The one migration history of both stores: each backend registers these migrations, in this
/// order, under these names (a test checks both), and refuses to open a database that has a
/// migration this build does not know (a newer parleyd migrated it).
public enum SchemaHistory {
    public static let migrations = [
        "v1",
        "v2: topic index only for topic groups",
        "v3: meetings are stored from their start",
        "v4: full-text search",
        "v5: directory versions for cluster nodes",
        "v6: translation suggestions and memory",
        "v7: message positions for a search index kept apart",
        "v8: follow-ups",
        "v9: user directory and sign-in sessions",
        "v10: webhooks",
        "v11: message edits, deletions, reactions",
        "v12: attachments",
        "v13: API keys",
    ]

    /// Refuses a database whose applied migrations include one this build does not know.
    public static func check(applied: [String], store: String) throws(StoreError) {
        let unknown = applied.filter { !migrations.contains($0) }
        guard unknown.isEmpty else {
            throw StoreError(.refused, """
                the \(store) database's schema is newer than this parleyd: it has migration \
                '\(unknown[0])', which this build does not know (it knows up to '\(migrations.last!)'); \
                upgrade parleyd on this node, or point it at another database
                """)
        }
    }
}
