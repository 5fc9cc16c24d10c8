import Foundation
import ParleyDomain

/// Turns a verified ID token's claims into a `SignedInPerson`, as the provider's configuration
/// names them. Refuses ids Parley cannot hold (see `IdentifierRules`). Pure.
public enum ClaimMapping {
    /// The longest display name kept, in characters.
    public static let maxNameCharacters = 200

    public static func person(from claims: ClaimSet, provider: IdentityProvider) -> Result<SignedInPerson, IdentityError> {
        let names = provider.claims
        guard let id = claims[names.userID]?.string else {
            return .failure(IdentityError(.badClaim, "the ID token has no string claim '\(names.userID)' for the user id"))
        }
        if let problem = IdentifierRules.problem(id) {
            return .failure(IdentityError(.badClaim, "the user id in claim '\(names.userID)' \(problem)"))
        }
        let tenant: String
        switch provider.tenancy {
        case .fixed(let t): tenant = t
        case .claim(let claim):
            guard let t = claims[claim]?.string else {
                return .failure(IdentityError(.badClaim, "the ID token has no string claim '\(claim)' for the tenant"))
            }
            tenant = t
        }
        if let problem = IdentifierRules.problem(tenant) {
            return .failure(IdentityError(.badClaim, "the tenant \(problem)"))
        }
        let name = claims[names.displayName]?.string.map(cleanName).flatMap { $0.isEmpty ? nil : $0 } ?? id
        let locale = claims[names.locale]?.string.flatMap(validLocale)
        let zone = claims[names.zoneinfo]?.string.flatMap { TimeZone(identifier: $0) != nil && $0.utf8.count <= 64 ? $0 : nil }
        var admin = false
        if let claim = names.adminClaim, let group = names.adminGroup {
            admin = claims[claim]?.strings.contains(group) ?? false
        }
        return .success(SignedInPerson(user: UserRef(id: id, tenant: tenant), displayName: name,
                                       language: locale.map { Language($0) } ?? .english, locale: locale, timeZone: zone,
                                       isAdmin: admin, provider: provider.name))
    }

    /// A name without control characters, whitespace runs folded, at most `maxNameCharacters`.
    static func cleanName(_ raw: String) -> String {
        let scalars = raw.unicodeScalars.map { s -> Character in
            let category = s.properties.generalCategory
            return category == .control || category == .format || category == .lineSeparator || category == .paragraphSeparator ? " " : Character(s)
        }
        let folded = String(scalars).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return String(folded.prefix(maxNameCharacters))
    }

    /// A BCP 47-looking tag ("en", "de-CH", "zh_Hans_CN"), else nil.
    static func validLocale(_ raw: String) -> String? {
        func allowed(_ s: Unicode.Scalar) -> Bool {
            (0x30...0x39).contains(s.value) || (0x41...0x5A).contains(s.value) || (0x61...0x7A).contains(s.value) || s == "-" || s == "_"
        }
        guard (2...35).contains(raw.utf8.count), raw.unicodeScalars.allSatisfy(allowed),
              let first = raw.split(whereSeparator: { $0 == "-" || $0 == "_" }).first, (2...3).contains(first.count),
              first.allSatisfy(\.isLetter) else { return nil }
        return raw
    }
}
