public import Diagnostics
internal import CGraphviz
internal import Synchronization
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Draws a ``MermaidFlowchart`` as inline SVG with Graphviz's `dot` layout.
///
/// Graphviz is not thread-safe and reports errors through one process-wide handler, so every
/// renderer runs on one shared serial executor (that of ``GraphvizEngine``): however many
/// renderers exist, their calls into Graphviz queue up one at a time, and a waiting task is
/// suspended, not blocking a thread. A process-wide lock inside guards the C state as well.
/// Graphviz's warnings and errors become diagnostics.
///
/// Text is measured by Graphviz's built-in estimator (Helvetica metrics), not by the fonts
/// installed on the machine: the renderer loads only the `dot` layout and the core SVG
/// plugins, never the cairo/pango text-layout plugin, so the same chart gives the same bytes
/// on any machine with the same Graphviz version.
public actor GraphvizRenderer {
    /// The font every label uses; the estimator has metrics for it.
    public static let fontName = "Helvetica"
    public static let fontSize = 14
    public static let edgeFontSize = 12

    public init() {}

    /// Every renderer shares the engine's executor, so they are isolated from one another.
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        GraphvizEngine.shared.unownedExecutor
    }

    /// The chart as an `<svg>` element ready to inline in HTML (no XML prolog, DOCTYPE or
    /// comments; every id starts with `idPrefix`; `role="img"` with an accessible name), or
    /// `nil` with the diagnostics saying why.
    public func svg(for chart: MermaidFlowchart, idPrefix: String) -> (svg: String?, diagnostics: [Diagnostic]) {
        let prefix = SVGPostProcessor.sanitisedPrefix(idPrefix)
        let dot = GraphBuilder.attributes(for: chart)
        let result = GraphvizLock.run { GraphvizSession.render(dot, graphName: chart.accessibleLabel) }
        guard let raw = result.svg else { return (nil, result.diagnostics) }
        let svg = SVGPostProcessor.process(raw, idPrefix: prefix, label: chart.accessibleLabel,
                                           description: chart.accessibleDescription)
        return (svg, result.diagnostics)
    }
}

/// The one actor whose executor every ``GraphvizRenderer`` runs on.
actor GraphvizEngine {
    static let shared = GraphvizEngine()
}

// MARK: - The graph to draw, as Graphviz attributes (pure Swift)

/// What ``GraphvizSession`` builds in cgraph: attributes in a fixed order, so the graph, and
/// so the drawing, is the same for the same chart.
struct GraphSpec {
    struct Object {
        var name: String
        var attributes: [(String, String)]
    }
    struct Edge {
        var from: String
        var to: String
        var attributes: [(String, String)]
    }
    struct Cluster {
        var name: String
        var parent: Int?
        var label: String
        var nodes: [String]
    }
    var graph: [(String, String)]
    var nodeDefaults: [(String, String)]
    var edgeDefaults: [(String, String)]
    var nodes: [Object]
    var edges: [Edge]
    var clusters: [Cluster]
}

enum GraphBuilder {
    /// Caps on dot's iterative phases (network simplex for ranking and positioning, crossing
    /// minimisation), so that the largest chart the parser accepts lays out in seconds, not
    /// minutes. Small charts finish well inside them and look the same.
    static let layoutBudget: [(String, String)] = [("nslimit", "3"), ("nslimit1", "3"), ("mclimit", "0.3"), ("searchsize", "20")]

    static func attributes(for chart: MermaidFlowchart) -> GraphSpec {
        let font = GraphvizRenderer.fontName
        let graph: [(String, String)] = [
            ("rankdir", chart.direction.rawValue), ("fontname", font), ("fontsize", "\(GraphvizRenderer.fontSize)"),
            ("bgcolor", "transparent"), ("nodesep", "0.4"), ("ranksep", "0.5"), ("pad", "0.1"),
            ("labeljust", "l"), ("style", "rounded,filled"), ("fillcolor", "#f6f7fb"), ("color", "#a0a8c0"),
        ] + layoutBudget
        let nodeDefaults: [(String, String)] = [
            ("fontname", font), ("fontsize", "\(GraphvizRenderer.fontSize)"), ("shape", "box"), ("style", "filled"),
            ("fillcolor", "#eef1ff"), ("color", "#5a67a8"), ("fontcolor", "#1d2433"), ("margin", "0.15,0.08"),
            ("penwidth", "1"), ("peripheries", "1"),
        ]
        let edgeDefaults: [(String, String)] = [
            ("fontname", font), ("fontsize", "\(GraphvizRenderer.edgeFontSize)"), ("color", "#4a5168"),
            ("fontcolor", "#1d2433"), ("arrowsize", "0.8"), ("style", "solid"), ("arrowhead", "normal"), ("penwidth", "1"),
        ]
        var definitions: [String: [MermaidFlowchart.StyleProperty]] = [:]
        for definition in chart.classDefinitions { definitions[definition.name] = definition.properties }

        let nodes = chart.nodes.map { node -> GraphSpec.Object in
            var attributes: [(String, String)] = [("label", escapeLabel(node.label))]
            var styles = ["filled"]
            switch node.shape {
            case .rectangle: break
            case .round, .stadium: styles.append("rounded")
            case .subroutine: attributes.append(("peripheries", "2"))
            case .cylinder: attributes.append(("shape", "cylinder"))
            case .circle: attributes.append(("shape", "circle"))
            case .asymmetric: attributes.append(("shape", "cds"))
            case .rhombus: attributes.append(("shape", "diamond"))
            case .hexagon: attributes.append(("shape", "hexagon"))
            case .parallelogram: attributes.append(("shape", "parallelogram"))
            }
            let properties = (definitions["default"] ?? []) + node.classes.flatMap { definitions[$0] ?? [] } + node.style
            var colours: [String: String] = [:]
            for property in properties {
                switch property.name {
                case .fill: colours["fillcolor"] = property.value
                case .stroke: colours["color"] = property.value
                case .color: colours["fontcolor"] = property.value
                case .strokeWidth: colours["penwidth"] = property.value
                case .strokeDasharray: if !styles.contains("dashed") { styles.append("dashed") }
                }
            }
            for key in ["fillcolor", "color", "fontcolor", "penwidth"] {
                if let value = colours[key] { attributes.append((key, value)) }
            }
            attributes.append(("style", styles.joined(separator: ",")))
            return GraphSpec.Object(name: node.id, attributes: attributes)
        }
        let edges = chart.edges.map { edge -> GraphSpec.Edge in
            var attributes: [(String, String)] = []
            if let label = edge.label { attributes.append(("label", escapeLabel(label))) }
            switch edge.stroke {
            case .normal: break
            case .dotted: attributes.append(("style", "dashed"))
            case .thick: attributes.append(("penwidth", "2.5"))
            }
            if !edge.arrow { attributes.append(("arrowhead", "none")) }
            return GraphSpec.Edge(from: edge.from, to: edge.to, attributes: attributes)
        }
        var clusterIndex: [String: Int] = [:]
        var clusters: [GraphSpec.Cluster] = []
        for (index, subgraph) in chart.subgraphs.enumerated() {
            clusterIndex[subgraph.id] = index
            clusters.append(GraphSpec.Cluster(
                name: "cluster_\(index)", parent: subgraph.parent.flatMap { clusterIndex[$0] },
                label: escapeLabel(subgraph.title), nodes: subgraph.nodeIDs))
        }
        return GraphSpec(graph: graph, nodeDefaults: nodeDefaults, edgeDefaults: edgeDefaults,
                         nodes: nodes, edges: edges, clusters: clusters)
    }

    /// A Graphviz label: backslashes doubled (so `\N`, `\G` … stay literal), lines joined
    /// with `\n` (centred lines).
    static func escapeLabel(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }
}

// MARK: - Serialising Graphviz

/// One lock for the whole process: Graphviz keeps global state (the error handler, layout
/// globals), so no two threads may be inside it at once, whichever renderer they came from.
enum GraphvizLock {
    private static let mutex = Mutex(())

    static func run<T>(_ body: () -> T) -> T {
        mutex.withLock { _ in body() }
    }
}

/// Messages Graphviz reported during the current render. Touched only by code running under
/// ``GraphvizLock`` (the C callback runs synchronously inside a Graphviz call made there).
/// Graphviz hands a message over in pieces (`Warning`, `: `, the text), so they are joined
/// here and split into lines afterwards.
nonisolated(unsafe) private var collectedText = ""

/// The `dot` layout and core (SVG) plugins, loaded once from Graphviz's plugin directory and
/// handed to each context as built-ins, so that no other plugin (notably the pango text
/// layout, which measures with installed fonts) is ever loaded.
private struct BuiltinPlugins: @unchecked Sendable {  // immutable after creation
    var list: UnsafeMutablePointer<lt_symlist_t>?
    var problem: String?
}

/// The `dot` layout and core (SVG) plugins, loaded once from Graphviz's plugin directory and
/// handed to each context as built-ins, so that no other plugin (notably the pango text
/// layout, which measures with installed fonts) is ever loaded.
private let builtinPlugins: BuiltinPlugins = {
    let directories = pluginDirectories()
    let libraries = [("core", "gvplugin_core_LTX_library"), ("dot_layout", "gvplugin_dot_layout_LTX_library")]
    var entries: [(String, UnsafeMutableRawPointer)] = []
    for (plugin, symbol) in libraries {
        var found: UnsafeMutableRawPointer?
        search: for directory in directories {
            for file in ["libgvplugin_\(plugin).so.6", "libgvplugin_\(plugin).6.dylib", "libgvplugin_\(plugin).so"] {
                guard let handle = dlopen("\(directory)/\(file)", RTLD_NOW | RTLD_LOCAL) else { continue }
                if let address = dlsym(handle, symbol) {
                    found = address
                    break search
                }
            }
        }
        guard let found else {
            return BuiltinPlugins(list: nil, problem: "the Graphviz plugin '\(plugin)' was not found in \(directories.joined(separator: ", "))")
        }
        entries.append((symbol, found))
    }
    let list = UnsafeMutablePointer<lt_symlist_t>.allocate(capacity: entries.count + 1)
    for (index, entry) in entries.enumerated() {
        list[index] = lt_symlist_t(name: UnsafePointer(strdup(entry.0)), address: entry.1)
    }
    list[entries.count] = lt_symlist_t(name: nil, address: nil)
    return BuiltinPlugins(list: list, problem: nil)  // kept for the life of the process
}()

/// Where Graphviz's plugins may be: `$GVBINDIR` (Graphviz's own override), then the
/// `graphviz` folder beside the loaded libgvc (found in /proc/self/maps), then the usual
/// library folders.
private func pluginDirectories() -> [String] {
    var directories: [String] = []
    if let override = getenv("GVBINDIR") { directories.append(String(cString: override)) }
    if let maps = readFile("/proc/self/maps") {
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let path = line[slash...]
            if path.contains("/libgvc.so") || path.contains("/libgvc.6.dylib"), let last = path.lastIndex(of: "/") {
                directories.append(String(path[..<last]) + "/graphviz")
                break
            }
        }
    }
    directories += ["/usr/lib/x86_64-linux-gnu/graphviz", "/usr/lib/aarch64-linux-gnu/graphviz", "/usr/lib64/graphviz",
                    "/usr/lib/graphviz", "/usr/local/lib/graphviz", "/opt/homebrew/lib/graphviz"]
    var seen = Set<String>()
    return directories.filter { seen.insert($0).inserted }
}

private func readFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

enum GraphvizSession {
    static let missingPluginsNote = "install Graphviz's plugins (Debian: apt-get install libgvc6; with the graphviz package, `dot -c` registers them)"

    /// Builds, lays out and renders the graph. Call only under ``GraphvizLock``.
    static func render(_ spec: GraphSpec, graphName: String) -> (svg: String?, diagnostics: [Diagnostic]) {
        let origin = SourceLocation(file: "", line: 1, column: 1)
        guard let plugins = builtinPlugins.list else {
            return (nil, [.error(.diagramGraphvizPlugins,
                                 "cannot draw the diagram: \(builtinPlugins.problem ?? "Graphviz plugins missing")",
                                 at: origin, notes: [missingPluginsNote])])
        }
        collectedText = ""
        let previousHandler = agseterrf { message in
            if let message { collectedText += String(cString: message) }
            return 0
        }
        let previousLevel = agseterr(AGWARN)
        defer {
            agseterrf(previousHandler)
            agseterr(previousLevel)
        }
        var diagnostics: [Diagnostic] { collectedText.split(separator: "\n").compactMap { diagnostic(String($0)) } }

        guard let context = gvContextPlugins(plugins, 0) else {
            return (nil, diagnostics + [.error(.diagramGraphviz, "cannot create a Graphviz context", at: origin)])
        }
        defer { gvFreeContext(context) }
        // Clusters keep the order they are made in (see the discipline in CGraphviz's shim.h).
        var directed = Agdesc_t()  // Graphviz's Agdirected: directed, not strict, main graph
        directed.directed = 1
        directed.maingraph = 1
        guard let graph = graphName.withMutableCString({ agopen($0, directed, portico_ordered_discipline()) }) else {
            return (nil, diagnostics + [.error(.diagramGraphviz, "cannot create a Graphviz graph", at: origin)])
        }
        defer { agclose(graph) }

        for (name, value) in spec.graph { declare(graph, AGRAPH, name, value) }
        declare(graph, AGRAPH, "label", "")
        for (name, value) in spec.nodeDefaults { declare(graph, AGNODE, name, value) }
        declare(graph, AGNODE, "label", "\\N")
        for (name, value) in spec.edgeDefaults { declare(graph, AGEDGE, name, value) }
        declare(graph, AGEDGE, "label", "")

        var nodes: [String: UnsafeMutablePointer<Agnode_t>] = [:]
        for node in spec.nodes {
            guard let created = node.name.withMutableCString({ agnode(graph, $0, 1) }) else { continue }
            nodes[node.name] = created
            for (name, value) in node.attributes { set(UnsafeMutableRawPointer(created), name, value) }
        }
        var clusters: [UnsafeMutablePointer<Agraph_t>] = []
        for cluster in spec.clusters {
            let parent = cluster.parent.map { clusters[$0] } ?? graph
            guard let sub = cluster.name.withMutableCString({ agsubg(parent, $0, 1) }) else { return (nil, diagnostics) }
            clusters.append(sub)
            set(UnsafeMutableRawPointer(sub), "label", cluster.label)
            for id in cluster.nodes {
                if let node = nodes[id] { agsubnode(sub, node, 1) }
            }
        }
        for (index, edge) in spec.edges.enumerated() {
            guard let tail = nodes[edge.from], let head = nodes[edge.to],
                  let created = "e\(index)".withMutableCString({ agedge(graph, tail, head, $0, 1) }) else { continue }
            for (name, value) in edge.attributes { set(UnsafeMutableRawPointer(created), name, value) }
        }

        guard gvLayout(context, graph, "dot") == 0 else {
            var problems = diagnostics
            if !problems.contains(where: { $0.severity == .error }) {
                problems.append(.error(.diagramGraphviz, "Graphviz could not lay out the diagram", at: origin))
            }
            if collectedText.contains("not recognized") {
                problems = problems.map { var d = $0; d.notes.append(missingPluginsNote); return d }
            }
            return (nil, problems)
        }
        defer { gvFreeLayout(context, graph) }

        var data: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        guard gvRenderData(context, graph, "svg", &data, &length) == 0, let data else {
            return (nil, diagnostics + [.error(.diagramGraphviz, "Graphviz could not render SVG", at: origin)])
        }
        defer { gvFreeRenderData(data) }
        let svg = String(decoding: UnsafeRawBufferPointer(start: data, count: Int(length)), as: UTF8.self)
        return (svg, diagnostics)
    }

    private static func declare(_ graph: UnsafeMutablePointer<Agraph_t>, _ kind: Int32, _ name: String, _ value: String) {
        name.withMutableCString { name in
            value.withMutableCString { value in _ = agattr(graph, kind, name, value) }
        }
    }

    private static func set(_ object: UnsafeMutableRawPointer, _ name: String, _ value: String) {
        name.withMutableCString { name in
            value.withMutableCString { value in
                "".withMutableCString { empty in _ = agsafeset(object, name, value, empty) }
            }
        }
    }

    /// `Warning: red1x is not a known color.` → a warning; `Error: …` → an error.
    private static func diagnostic(_ message: String) -> Diagnostic? {
        var text = message.trimmingCharacters(in: " \n")
        guard !text.isEmpty else { return nil }
        var severity = Severity.warning
        if text.hasPrefix("Warning: ") {
            text.removeFirst("Warning: ".count)
        } else if text.hasPrefix("Error: ") {
            text.removeFirst("Error: ".count)
            severity = .error
        }
        return Diagnostic(severity, id: .diagramGraphviz, "Graphviz: \(text.trimmingCharacters(in: " \n"))",
                          at: SourceLocation(file: "", line: 1, column: 1))
    }
}

extension String {
    func withMutableCString<T>(_ body: (UnsafeMutablePointer<CChar>) -> T) -> T {
        var bytes = Array(utf8CString)
        return bytes.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }

    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        guard let first = firstIndex(where: { !characters.contains($0) }),
              let last = lastIndex(where: { !characters.contains($0) }) else { return "" }
        return String(self[first...last])
    }
}
