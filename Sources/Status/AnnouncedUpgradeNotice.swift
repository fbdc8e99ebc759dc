public import Model

/// The notice rule for upgrades the network announces itself: an upgrade in the DSO rules' schedule
/// (a logical synchronizer upgrade, or a hard migration) that is less than the page's
/// `maintenance_notice` away and that no posted maintenance window on that network covers is a
/// warning on `build`, so the operators see it in CI before the readers are surprised by it.
///
/// The page shows such an upgrade either way, as "announced by the network"; the warning only asks
/// that a window with its impact and references is posted in time.
package enum AnnouncedUpgradeNotice {
    package static func diagnostics(_ snapshot: StatusSnapshot, notice: Interval) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for environment in snapshot.environments {
            for announcement in environment.unpostedAnnouncements {
                let left = announcement.at.secondsSince1970 - snapshot.now.secondsSince1970
                guard left >= 0, left < notice.seconds else { continue }
                let freeze = announcement.topologyFreezeAt.map { "; topology freezes at \($0)" } ?? ""
                diagnostics.append(.warning(
                    .unpostedUpgrade,
                    "\(environment.environment.name) announces a \(announcement.summary) at \(announcement.at) (in \(Interval.seconds(left).spoken))\(freeze), and no maintenance window is posted for it",
                    at: environment.environment.id.location,
                    hint: "post a window under maintenance/ that covers \(announcement.at), with its impact and references, at least \(notice) before the upgrade"))
            }
        }
        return diagnostics
    }
}
