public import Validation

/// What `preview` serves instead of the site while the content has errors, the way `hugo server`
/// shows a broken build in the browser: every diagnostic with its file, line, column, hint and
/// source line, escaped.
public enum PreviewErrorPage {
    public static func html(_ report: ValidationReport) -> String {
        let text = DiagnosticFormatter(colour: false).text(report)
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Content errors — preview</title>
            <style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}pre{background:#f4f4f4;color:#111;padding:1rem;overflow:auto}
            @media (prefers-color-scheme: dark){body{background:#111;color:#eee}pre{background:#222;color:#eee}}</style></head>
            <body><h1>The content has errors</h1>
            <p>Fix them and save: the preview rebuilds on its own. The last good site is not shown, so nothing here hides a problem.</p>
            <pre>\(XMLEscaping.text(text))</pre></body></html>

            """
    }
}
