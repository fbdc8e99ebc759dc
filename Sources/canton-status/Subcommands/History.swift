import ArgumentParser
import CantonStatusLive

/// `canton-status history …`: the probe history's storage.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage where probe history is kept.",
        subcommands: [Migrate.self])

    /// `canton-status history migrate`: history/ from the branch onto one data branch per vantage.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move history/ onto data branches (status-data/<vantage>, one commit per vantage and day) and out of the working tree.",
            discussion: """
                Reads history/<network>/<vantage>/ in every commit of the checked-out branch, writes the data branches,
                then removes history/ from the working tree and the index: commit that, and push the branches.
                Run it once; a vantage that already has a data branch is refused.
                """)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let repository = try global.repository()
            let report = try HistoryMigration(root: repository.fileSystem.root).run()
            guard !global.quiet else { return }
            for (vantage, commits) in report.branches {
                Terminal.standardOutput.write("history: \(DataBranches.prefix)\(vantage): \(commits) daily commit\(commits == 1 ? "" : "s")\n")
            }
            Terminal.standardOutput.write("""
                history: \(report.removedFiles) files taken out of history/; next:
                  git commit -m "Move probe history to data branches"
                  git push origin main 'refs/heads/\(DataBranches.prefix)*:refs/heads/\(DataBranches.prefix)*'

                """)
        }
    }
}
