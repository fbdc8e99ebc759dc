import Model
import Content
import Site
import CantonStatusLive
import CantonStatusTestSupport
import Foundation
import Testing

/// The repository this test file lives in: its `site-template/` and content are the real ones.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

let siteNow = try! Timestamp.parse("2026-11-24T12:00Z").get()

/// A temp repository holding the real `site-template/` and the given content files.
func siteRepository(_ files: [String: String]) throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory(prefix: "canton-status-site")
    let templates = repositoryRoot.appendingPathComponent("site-template")
    for name in try FileManager.default.contentsOfDirectory(atPath: templates.path) {
        try directory.write("site-template/\(name)", String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8))
    }
    for (path, text) in files { try directory.write(path, text) }
    return directory
}

/// The repository's own content and templates, copied.
func ownContentRepository() throws -> TemporaryDirectory {
    var files: [String: String] = [:]
    files["components.yml"] = try String(contentsOf: repositoryRoot.appendingPathComponent("components.yml"), encoding: .utf8)
    for folder in ["incidents", "maintenance"] {
        let url = repositoryRoot.appendingPathComponent(folder)
        for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where name.hasSuffix(".md") {
            files["\(folder)/\(name)"] = try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
        }
    }
    return try siteRepository(files)
}

func buildSite(in directory: TemporaryDirectory, now: Timestamp = siteNow) throws -> SiteBuilder.Result {
    try SiteBuilder(now: now).build(LocalFileSystem(root: directory.url), history: NoGitHistory())
}

/// Runs a program to completion (bounded), for the real consumers: the Nu checker, chromium, Python.
func runTool(_ arguments: [String], timeout: TimeInterval = 120) throws -> ProcessResult {
    try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), arguments, timeout: timeout)
}
