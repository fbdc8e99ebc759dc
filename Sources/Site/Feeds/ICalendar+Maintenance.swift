internal import Model

extension ICalendar.Event {
    /// A maintenance window as a calendar event.
    ///
    /// - `DTSTAMP` is the window's latest update time, or its `start` when it has none: the newest time
    ///   the content gives, so rebuilding never changes it.
    /// - `SEQUENCE` is the number of updates. Rescheduling without posting an update is not detected;
    ///   operators post an update when they move a window, as the page's timeline needs it anyway.
    /// - A window whose latest update is `cancelled` is `STATUS:CANCELLED` and its summary says so, for
    ///   clients that ignore the status.
    init(_ window: Maintenance, builder: FeedEntryBuilder) {
        let cancelled = window.updates.last?.status == .cancelled
        var description = FeedPlainText.fromMarkdown(window.description.value)
        let details = builder.maintenanceDetails(window, status: window.updates.last?.status.rawValue)
        description += (description.isEmpty ? "" : "\n\n") + details.map { "\($0.0): \($0.1)" }.joined(separator: "\n")
        if !window.updates.isEmpty {
            description += "\n\nUpdates:"
            for update in window.updates {
                let (time, status) = (FeedTime.readable(update.at.value), Wording.label(update.status.rawValue))
                description += "\n\(time), \(status): \(FeedPlainText.fromMarkdown(update.text.value))"
            }
        }
        let url = SitePaths.absolute(SitePaths.maintenance(window.id), base: builder.baseURL)
        description += "\n\n\(url)"
        self.init(
            uid: builder.calendarUID(window),
            stamp: window.updates.last?.at.value ?? window.start.value,
            start: window.start.value,
            end: window.end.value,
            summary: (cancelled ? "[Cancelled] " : "") + window.title.value,
            description: description,
            url: url,
            sequence: window.updates.count,
            cancelled: cancelled,
            categories: ["Maintenance"] + window.environments.map { builder.environmentName($0.value) })
    }
}
