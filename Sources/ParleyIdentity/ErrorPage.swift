import ParleyHub

/// The page a browser sees when sign-in fails: what went wrong, in words, and a way back.
enum ErrorPage {
    static func response(_ status: Int, _ error: IdentityError) -> HTTPResponse {
        let title: String
        switch error.reason {
        case .wrongState: title = "This sign-in link is no longer valid"
        case .providerDown: title = "The identity provider cannot be reached"
        case .providerError: title = "The identity provider refused the sign-in"
        case .codeRejected: title = "The identity provider rejected the sign-in code"
        case .deactivated: title = "This account is deactivated"
        case .unknownProvider: title = "No such identity provider"
        default: title = "The sign-in was refused"
        }
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title)) · Parley</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
            <h1 id="signin-error-title">\(escape(title))</h1>
            <p id="signin-error" data-reason="\(error.reason.rawValue)">\(escape(error.message))</p>
            <p><a href="/">Back to the sign-in page</a></p>
            </body></html>
            """
        return HTTPResponse(status: status, contentType: "text/html; charset=utf-8",
                            headers: [("Cache-Control", "no-store"), ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")],
                            body: Array(html.utf8))
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
