import Foundation
import ParleyDomain
import ParleyHub

/// Machines with tokens from the company's provider (the client credentials grant): a JWT whose
/// `iss` is a configured provider is verified through that provider's key set (`kid` rotation,
/// one rate-limited refetch for an unknown key) and its claims (`iss`, `aud` = this client, `exp`,
/// `iat`, `nbf`), then speaks as a bot of the provider's tenant, named by the same claim mapping
/// as people. Parley's own tokens carry no such issuer and pass on to the daemon's check.
extension IdentityDesk: CredentialVerifier {
    public func verify(credential: String) async -> Result<Identity, ProtocolError>? {
        guard let issuer = Self.unverifiedIssuer(of: credential),
              let provider = configuration.providers.first(where: { $0.issuer == issuer }), let link = links[provider.name] else { return nil }
        do throws(IdentityError) {
            let claims = try await link.verify(machineToken: credential)
            let person = try ClaimMapping.person(from: claims, provider: provider).get()
            if deactivated.contains(person.user) { throw IdentityError(.deactivated, "\(person.user) is deactivated") }
            return .success(Identity(user: person.user, name: person.displayName, language: person.language,
                                     isAdmin: person.isAdmin, isBot: true))
        } catch {
            metrics.refused(error.reason)
            logger.notice("machine token refused", metadata: ["identity.reason": "\(error.reason.rawValue)", "identity.provider": "\(provider.name)"])
            return .failure(ProtocolError(.unauthorized, "\(provider.name) token refused: \(error.message)"))
        }
    }

    /// The `iss` claim of a JWT, read without verifying it (only to pick the provider that will).
    static func unverifiedIssuer(of token: String) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].utf8.count <= 16_384 else { return nil }
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["iss"] as? String
    }
}
