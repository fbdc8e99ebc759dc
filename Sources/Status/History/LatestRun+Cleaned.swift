extension LatestRun {
    /// The run with every remote-supplied string cleaned (see `HistoryText`).
    func cleaned() -> LatestRun {
        var run = self
        run.components = components.map { component in
            var component = component
            component.reason = component.reason.map { HistoryText.clean($0, limit: HistoryText.reasonLimit) }
            component.targets = component.targets.map { target in
                var target = target
                target.name = HistoryText.clean(target.name, limit: HistoryText.nameLimit)
                target.check = HistoryText.clean(target.check, limit: HistoryText.valueLimit)
                target.reason = target.reason.map { HistoryText.clean($0, limit: HistoryText.reasonLimit) }
                target.details = target.details.mapValues { HistoryText.clean($0, limit: HistoryText.valueLimit) }
                return target
            }
            return component
        }
        return run
    }
}
