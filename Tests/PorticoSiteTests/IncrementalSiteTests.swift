import Diagnostics
import Foundation
import PorticoSite
import TestSupport
import Testing

private let fixtureRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/site").path

/// `serve`'s incremental rebuilds: after each change the site on disk must be, file for file
/// and byte for byte, what a full build of the same Content/ gives.
@Suite("Incremental site", .serialized)
struct IncrementalSiteTests {
    /// The fixture project plus notes that link to one another, an asset, and (with
    /// `bulk`) enough notes in folders that the sidebar collapses the sections not on the
    /// current page's path.
    func project(bulk: Int = 0) throws -> TemporaryDirectory {
        let temp = try copyFixture(URL(fileURLWithPath: fixtureRoot))
        var files = [
            "Content/guide/alpha.md": "---\ntitle: Alpha\n---\n# Alpha\n\nSee [beta](beta.md#details) and ![the logo](../logo.svg).\n\n## Usage\n\nText.\n",
            "Content/guide/beta.md": "# Beta\n\n## Details\n\nBack to [alpha](alpha.md#usage).\n",
            "Content/other/gamma.md": "# Gamma\n\nNothing links here but [home](../index.md).\n",
            "Content/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ]
        for index in 0..<bulk {
            files["Content/bulk/part-\(index % 4)/page-\(index).md"] = "# Bulk page \(index)\n\nWords about page \(index), see [alpha](../../guide/alpha.md).\n"
        }
        try temp.write(files)
        return temp
    }

    func site(_ temp: TemporaryDirectory) -> IncrementalSite {
        IncrementalSite(projectRoot: temp.path)
    }

    /// Every file below `folder` (hidden ones too, so a leftover temporary file shows), and
    /// the folders that are empty.
    func filesOnDisk(_ folder: String) -> (files: [String: [UInt8]], emptyFolders: [String]) {
        var files: [String: [UInt8]] = [:]
        var empty: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            let full = folder + "/" + path
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                if (try? FileManager.default.contentsOfDirectory(atPath: full))?.isEmpty == true { empty.append(path) }
            } else if let data = FileManager.default.contents(atPath: full) {
                files[path] = [UInt8](data)
            }
        }
        return (files, empty)
    }

    /// Site/ equals a fresh full build of the project, file for file.
    func expectSameAsFullBuild(_ temp: TemporaryDirectory, sourceLocation: Testing.SourceLocation = #_sourceLocation) async {
        let full = await SiteBuilder(projectRoot: temp.path).build()
        #expect(!full.diagnostics.hasErrors, "\(full.diagnostics.sorted)", sourceLocation: sourceLocation)
        let disk = filesOnDisk(temp.path + "/Site")
        #expect(disk.files.keys.sorted() == full.files.paths, sourceLocation: sourceLocation)
        #expect(disk.emptyFolders == [], sourceLocation: sourceLocation)
        let different = full.files.paths.filter { disk.files[$0] != full.files.files[$0] }
        #expect(different == [], "files that differ from a full build", sourceLocation: sourceLocation)
    }

    func change(_ temp: TemporaryDirectory, _ files: [String: String]) throws -> [String] {
        try temp.write(files)
        return files.keys.map { temp.path + "/" + $0 }
    }

    func text(_ temp: TemporaryDirectory, _ page: String) -> String {
        (try? String(contentsOfFile: temp.path + "/Site/" + page, encoding: .utf8)) ?? ""
    }

    @Test("editing a note's text rewrites that page only, and the site equals a full build byte for byte")
    func editOneNote() async throws {
        let temp = try project()
        defer { temp.remove() }
        let site = site(temp)
        let first = await site.rebuildAll()
        #expect(first.outcome == .rebuilt)
        #expect(!first.diagnostics.hasErrors, "\(first.diagnostics.sorted)")
        let otherPage = try FileManager.default.attributesOfItem(atPath: temp.path + "/Site/guide/beta.html")

        let paths = try change(temp, ["Content/guide/alpha.md": "---\ntitle: Alpha\n---\n# Alpha\n\nSee [beta](beta.md#details), now edited.\n\n## Usage\n\nMore text.\n"])
        let update = await site.apply(paths)
        #expect(update.outcome == .updated(pages: ["guide/alpha.html"]))
        #expect(update.notesRendered == 1)
        #expect(text(temp, "guide/alpha.html").contains("now edited."))
        // Untouched pages keep their file (and so their ETag).
        let after = try FileManager.default.attributesOfItem(atPath: temp.path + "/Site/guide/beta.html")
        #expect(after[.modificationDate] as? Date == otherPage[.modificationDate] as? Date)
        #expect(after[.systemFileNumber] as? Int == otherPage[.systemFileNumber] as? Int)

        #expect(await site.updateSearch() > 0)
        await expectSameAsFullBuild(temp)
        // Examples ran again: the page still holds its executed transcript.
        let escaping = try change(temp, ["Content/guide/escaping.md": try String(contentsOfFile: temp.path + "/Content/guide/escaping.md", encoding: .utf8) + "\nOne more line.\n"])
        #expect(await site.apply(escaping).outcome == .updated(pages: ["guide/escaping.html"]))
        #expect(text(temp, "guide/escaping.html").contains("403"))
        await site.updateSearch()
        await expectSameAsFullBuild(temp)
    }

    @Test("a note's new title redraws the sidebar of every page that shows it")
    func titleChange() async throws {
        let temp = try project()
        defer { temp.remove() }
        let site = site(temp)
        _ = await site.rebuildAll()
        let paths = try change(temp, ["Content/guide/beta.md": "# Beta, renamed\n\n## Details\n\nBack to [alpha](alpha.md#usage).\n"])
        let update = await site.apply(paths)
        guard case .updated(let pages) = update.outcome else {
            Issue.record("expected an update, got \(update.outcome)")
            return
        }
        // A small site's sidebar lists every page, so every page changes: the notes, the
        // reference pages and the 404 page.
        let htmlPages = filesOnDisk(temp.path + "/Site").files.keys.filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages == htmlPages)
        for page in htmlPages {
            #expect(text(temp, page).contains(">Beta, renamed</a>"), "sidebar of \(page)")
        }
        await site.updateSearch()
        await expectSameAsFullBuild(temp)
    }

    @Test("in a large site, a title change redraws only the pages whose sidebar shows it")
    func titleChangeCollapsedSidebar() async throws {
        let temp = try project(bulk: 160)
        defer { temp.remove() }
        let site = site(temp)
        _ = await site.rebuildAll()
        let paths = try change(temp, ["Content/bulk/part-1/page-5.md": "# Page five, retitled\n\nWords.\n"])
        let update = await site.apply(paths)
        guard case .updated(let pages) = update.outcome else {
            Issue.record("expected an update, got \(update.outcome)")
            return
        }
        // The other sections are collapsed on these pages: only bulk/part-1's pages (40) show it.
        #expect(pages.count == 40)
        #expect(pages.allSatisfy { $0.hasPrefix("bulk/part-1/") })
        await site.updateSearch()
        await expectSameAsFullBuild(temp)
    }

    @Test("notes and assets added, removed and renamed, folders too, match a full build")
    func addRemoveRename() async throws {
        let temp = try project(bulk: 8)
        defer { temp.remove() }
        let site = site(temp)
        _ = await site.rebuildAll()
        let manager = FileManager.default
        let content = temp.path + "/Content"

        _ = try change(temp, ["Content/new/fresh.md": "# Fresh\n\nLinks to [gamma](../other/gamma.md).\n",
                              "Content/new/picture.svg": "<svg/>"])
        #expect(await site.apply([content + "/new"]).outcome != .failed)
        await site.updateSearch()
        await expectSameAsFullBuild(temp)

        try manager.moveItem(atPath: content + "/other/gamma.md", toPath: content + "/other/delta.md")
        try manager.removeItem(atPath: content + "/new/fresh.md")
        let paths = [content + "/other/gamma.md", content + "/other/delta.md", content + "/new/fresh.md"]
        #expect(await site.apply(paths).outcome != .failed)
        await site.updateSearch()
        await expectSameAsFullBuild(temp)

        // A whole folder moves: the watcher reports the two folders.
        try manager.moveItem(atPath: content + "/bulk", toPath: content + "/moved")
        #expect(await site.apply([content + "/bulk", content + "/moved"]).outcome != .failed)
        await site.updateSearch()
        await expectSameAsFullBuild(temp)
        #expect(!manager.fileExists(atPath: temp.path + "/Site/bulk"))
    }

    @Test("a broken link keeps the last good site, reports where it is, and the fix writes what waited")
    func brokenLinkKeepsSite() async throws {
        let temp = try project()
        defer { temp.remove() }
        let site = site(temp)
        _ = await site.rebuildAll()
        let before = filesOnDisk(temp.path + "/Site").files

        // Removing the heading another note links to breaks that other note's link.
        var paths = try change(temp, ["Content/guide/beta.md": "# Beta\n\nNo details now. Back to [alpha](alpha.md#usage).\n",
                                      "Content/other/gamma.md": "# Gamma\n\nNew text.\n"])
        let broken = await site.apply(paths)
        #expect(broken.outcome == .failed)
        #expect(broken.diagnostics.sorted.filter { $0.severity == .error }.map(DiagnosticFormatter.format) == [
            "\(temp.path)/Content/guide/alpha.md:6:5: error: broken link 'beta.md#details': Content/guide/beta.md has no heading with the anchor '#details' [link.anchor]",
        ])
        #expect(filesOnDisk(temp.path + "/Site").files == before)

        // Bad YAML in front matter is an error too, and still nothing is written.
        paths = try change(temp, ["Content/other/gamma.md": "---\ntitle: [unclosed\n---\n# Gamma\n"])
        let yaml = await site.apply(paths)
        #expect(yaml.outcome == .failed)
        #expect(yaml.diagnostics.sorted.contains { $0.severity == .error && $0.location?.file == temp.path + "/Content/other/gamma.md" })
        #expect(filesOnDisk(temp.path + "/Site").files == before)

        paths = try change(temp, ["Content/guide/beta.md": "# Beta\n\n## Details\n\nFixed. Back to [alpha](alpha.md#usage).\n",
                                  "Content/other/gamma.md": "# Gamma\n\nNew text.\n"])
        let fixed = await site.apply(paths)
        #expect(fixed.outcome == .updated(pages: ["guide/beta.html", "other/gamma.html"]))
        await site.updateSearch()
        await expectSameAsFullBuild(temp)
    }

    @Test("a change to portico.yml rebuilds everything and hands back the new project")
    func projectChange() async throws {
        let temp = try project()
        defer { temp.remove() }
        let site = site(temp)
        _ = await site.rebuildAll()
        let yml = try String(contentsOfFile: temp.path + "/Content/portico.yml", encoding: .utf8)
        let paths = try change(temp, ["Content/portico.yml": yml.replacingOccurrences(of: "Site Fixture", with: "Renamed Fixture")])
        let update = await site.apply(paths)
        #expect(update.outcome == .rebuilt)
        #expect(update.functionsChanged)
        #expect(update.project?.site.title == "Renamed Fixture")
        #expect(text(temp, "guide/alpha.html").contains("<title>Alpha · Renamed Fixture</title>"))
        await expectSameAsFullBuild(temp)

        // The API definition is the project too (the gateway must change), but not its functions.
        let spec = try change(temp, ["Content/apis/orders.openapi.yaml": try String(contentsOfFile: temp.path + "/Content/apis/orders.openapi.yaml", encoding: .utf8) + "\n"])
        let rebuilt = await site.apply(spec)
        #expect(rebuilt.outcome == .rebuilt)
        #expect(!rebuilt.functionsChanged)
    }

    @Test("a backend's script and a bucket's files are the project's: never published; a change rebuilds and names the backend")
    func backendAndBucketFiles() async throws {
        let temp = try project()
        defer { temp.remove() }
        let yml = try String(contentsOfFile: temp.path + "/Content/portico.yml", encoding: .utf8)
        try temp.write([
            "Content/portico.yml": yml + """
            backends:
              - {name: echo, command: [python3, backends/echo.py, "9"], url: "http://127.0.0.1:9199"}
            buckets:
              - {name: photos, folder: buckets/photos}

            """,
            "Content/backends/echo.py": "print('echo')\n",
            "Content/backends/helper.py": "VALUE = 1\n",
            "Content/buckets/photos/cat.txt": "meow",
        ])
        let calls = Recorder()
        let site = IncrementalSite(projectRoot: temp.path, services: BuildServices(prepareBackends: { project, changed in
            await calls.record(project.backends.map(\.name), changed)
            return []
        }))
        let built = await site.rebuildAll()
        #expect(built.outcome == .rebuilt, "\(built.diagnostics.sorted)")
        let published = filesOnDisk(temp.path + "/Site").files.keys
        #expect(!published.contains { $0.hasPrefix("backends/") || $0.hasPrefix("buckets/") })
        #expect(published.contains("logo.svg"))   // an asset of the site is still copied
        #expect(await calls.calls == [Recorder.Call(backends: ["echo"], changed: [])])

        // A file beside the script is the backend's too: full build, the backend restarts first.
        let update = await site.apply(try change(temp, ["Content/backends/helper.py": "VALUE = 2\n"]))
        #expect(update.outcome == .rebuilt)
        #expect(update.backendsChanged == ["echo"])
        #expect(!update.functionsChanged)
        #expect(await calls.calls.last == Recorder.Call(backends: ["echo"], changed: ["echo"]))
        await expectSameAsFullBuild(temp)

        // A bucket's file: the examples may read it, so everything is built again; no backend restarts.
        let bucket = await site.apply(try change(temp, ["Content/buckets/photos/cat.txt": "purr"]))
        #expect(bucket.outcome == .rebuilt)
        #expect(bucket.backendsChanged == [])
        #expect(!filesOnDisk(temp.path + "/Site").files.keys.contains { $0.hasPrefix("buckets/") })
    }

    @Test("a backend that does not start fails the build with its reason; the last good site stays")
    func backendFailureFailsBuild() async throws {
        let temp = try project()
        defer { temp.remove() }
        let site = IncrementalSite(projectRoot: temp.path, services: BuildServices(prepareBackends: { _, changed in
            changed.isEmpty ? [] : [.error(.backendStart, "backend echo: it ended (exit 1) before answering", at: nil)]
        }))
        _ = await site.rebuildAll()
        let before = text(temp, "guide/alpha.html")
        let yml = try String(contentsOfFile: temp.path + "/Content/portico.yml", encoding: .utf8)
        _ = await site.apply(try change(temp, [
            "Content/portico.yml": yml + "backends:\n  - {name: echo, command: [python3, backends/echo.py], url: \"http://127.0.0.1:9199\"}\n",
            "Content/backends/echo.py": "raise SystemExit(1)\n",
        ]))
        let update = await site.apply(try change(temp, ["Content/backends/echo.py": "raise SystemExit(2)\n"]))
        #expect(update.outcome == .failed)
        #expect(update.diagnostics.sorted.map(\.message) == ["backend echo: it ended (exit 1) before answering"])
        #expect(text(temp, "guide/alpha.html") == before)
    }

    @Test("hidden files (editor swap files) change nothing")
    func hiddenFiles() async throws {
        let temp = try project()
        defer { temp.remove() }
        let site = site(temp)
        _ = await site.rebuildAll()
        let paths = try change(temp, ["Content/guide/.alpha.md.swp": "swap", "Content/.git/index": "git"])
        #expect(await site.apply(paths).outcome == .unchanged)
        await expectSameAsFullBuild(temp)
    }
}

/// What `prepareBackends` was called with, in order.
private actor Recorder {
    struct Call: Equatable {
        var backends: [String]
        var changed: Set<String>
    }

    private(set) var calls: [Call] = []

    func record(_ backends: [String], _ changed: Set<String>) {
        calls.append(Call(backends: backends, changed: changed))
    }
}
