import Diagnostics
import PorticoModel
import Testing

/// Which files of Content/ are the project's own (code, bucket folders), not the site's.
@Suite("Project files")
struct ProjectFilesTests {
    let here = SourceLocation(file: "portico.yml", line: 1, column: 1)

    @Test("a backend's files are read from its command", arguments: [
        (["python3", "backends/inventory.py", "9101"], ["backends/"]),
        (["python3", "./services/api/server.py"], ["services/api/"]),
        (["node", "server.mjs", "--port=8080"], ["server.mjs"]),
        (["./run.sh"], ["run.sh"]),
        (["python3", "-m", "http.server", "9000"], []),
        (["/usr/bin/env", "ruby", "/opt/app.rb"], []),        // absolute paths are not in Content/
        (["python3", "../outside/app.py"], []),                // nor paths that leave it
    ])
    func backendFiles(command: [String], files: [String]) {
        #expect(Project.files(of: Backend(name: "b", command: command, location: here)) == files)
    }

    @Test("folders cover what is below them and the folders above; files only themselves")
    func contains() {
        let files = ProjectFiles(paths: ["functions/receipts/", "server.py"])
        #expect(files.contains("functions/receipts/app.py"))
        #expect(files.contains("functions/receipts"))
        #expect(files.contains("functions"))                  // a folder holding one: a change there may touch it
        #expect(!files.contains("functions-notes.md"))
        #expect(!files.contains("functions/receiptsX/app.py"))
        #expect(files.contains("server.py"))
        #expect(!files.contains("server.py.md"))
        #expect(!files.contains("guide/server.py"))
    }

    @Test("a project's own files: function code, bucket folders and backend scripts")
    func ownFiles() {
        var project = Project(contentDirectory: "/c", site: SiteSettings(title: "T"), apis: [])
        project.functions = [FunctionDefinition(name: "f", runtime: .python3, handler: "app.handler", code: "./functions/f", location: here)]
        project.buckets = [BucketDefinition(name: "photos", folder: "buckets/photos", directory: "/c/buckets/photos", location: here)]
        project.backends = [Backend(name: "inventory", command: ["python3", "backends/inventory.py"], location: here)]
        #expect(project.ownFiles.paths == ["functions/f/", "buckets/photos/", "backends/"])
    }
}
