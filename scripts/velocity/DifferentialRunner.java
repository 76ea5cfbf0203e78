// Renders Portico's differential corpus with Apache Velocity 1.7, the reference engine, and
// writes the expected outputs as a Swift source file for Tests/VelocityTests.
//
// Usage (see regenerate.sh):
//   java -cp velocity-1.7.jar:commons-collections3.jar:commons-lang.jar DifferentialRunner.java \
//        CORPUS_DIR OUTPUT.swift [DUMP.txt]
//
// Corpus files (CORPUS_DIR/*.vtl, read in name order) hold cases separated by header lines:
//
//   @@ case-name [crlf]
//   template text...
//
// A template runs to the newline before the next header (or the end of the file), so a
// template that ends with a newline is followed by an empty line. `crlf` turns every newline
// of the template into CR LF. Every case runs in a fresh engine (macros do not leak) with the
// variables below; the Swift test gives Portico exactly the same ones.
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;

import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

public class DifferentialRunner {
    static VelocityContext variables() {
        VelocityContext c = new VelocityContext();
        c.put("a", "A");
        c.put("n", 3);
        c.put("list", new ArrayList<Object>(Arrays.asList("x", "y", "z")));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", "v");
        m.put("n", 1);
        c.put("map", m);
        c.put("empty", "");
        c.put("d", 2.5);
        c.put("t", true);
        c.put("s", "Hello, World");
        c.put("q", "it's \"q\"\\");
        c.put("nums", new ArrayList<Object>(Arrays.asList(3, 1, 2)));
        Map<String, Object> i1 = new LinkedHashMap<>();
        i1.put("sku", "a1");
        i1.put("qty", 2);
        Map<String, Object> i2 = new LinkedHashMap<>();
        i2.put("sku", "b2");
        i2.put("qty", 1);
        i2.put("tags", new ArrayList<Object>(Arrays.asList("red", "blue")));
        c.put("items", new ArrayList<Object>(Arrays.asList(i1, i2)));
        return c;
    }

    record Case(String name, String template) {}

    static List<Case> read(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        String prefix = file.getFileName().toString().replaceAll("\\.vtl$", "");
        List<Case> cases = new ArrayList<>();
        // The newline before each header, and the file's last newline, separate cases.
        if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
        String[] lines = text.split("\n", -1);
        String name = null;
        boolean crlf = false;
        StringBuilder body = null;
        for (String line : lines) {
            if (line.startsWith("@@ ")) {
                if (name != null) cases.add(finish(prefix, name, body, crlf));
                String[] words = line.substring(3).trim().split("\\s+");
                name = words[0];
                crlf = words.length > 1 && words[1].equals("crlf");
                body = null;
            } else if (name != null) {
                if (body == null) body = new StringBuilder(); else body.append('\n');
                body.append(line);
            }
        }
        if (name != null) cases.add(finish(prefix, name, body, crlf));
        return cases;
    }

    static Case finish(String prefix, String name, StringBuilder body, boolean crlf) {
        String template = body == null ? "" : body.toString();
        if (crlf) template = template.replace("\n", "\r\n");
        return new Case(prefix + "/" + name, template);
    }

    static String render(String template) {
        try {
            VelocityEngine engine = new VelocityEngine();
            engine.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
            engine.init();
            StringWriter out = new StringWriter();
            engine.evaluate(variables(), out, "t", template);
            return out.toString();
        } catch (Throwable error) {
            return null;
        }
    }

    static String swiftLiteral(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (cp < 0x20 || cp == 0x7F) b.append("\\u{").append(Integer.toHexString(cp)).append("}");
                    else b.appendCodePoint(cp);
                }
            }
        });
        return b.append('"').toString();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.vtl")) {
            for (Path p : stream) files.add(p);
        }
        Collections.sort(files);
        StringBuilder swift = new StringBuilder();
        StringBuilder dump = new StringBuilder();
        swift.append("// Generated by scripts/velocity/regenerate.sh from scripts/velocity/corpus/*.vtl:\n");
        swift.append("// each expected output is what Apache Velocity 1.7 rendered. Do not edit by hand.\n\n");
        swift.append("let differentialCorpus: [DifferentialCase] = [\n");
        Set<String> names = new HashSet<>();
        int count = 0;
        for (Path file : files) {
            for (Case c : read(file)) {
                if (!names.add(c.name())) throw new IllegalStateException("duplicate case " + c.name());
                String output = render(c.template());
                swift.append("    DifferentialCase(").append(swiftLiteral(c.name())).append(",\n        ")
                     .append(swiftLiteral(c.template())).append(",\n        ")
                     .append(output == null ? ".error" : ".output(" + swiftLiteral(output) + ")").append("),\n");
                dump.append(c.name()).append('\t').append(swiftLiteral(c.template())).append('\t')
                    .append(output == null ? "ERROR" : swiftLiteral(output)).append('\n');
                count++;
            }
        }
        swift.append("]\n");
        Files.write(Paths.get(args[1]), swift.toString().getBytes(StandardCharsets.UTF_8));
        if (args.length > 2) Files.write(Paths.get(args[2]), dump.toString().getBytes(StandardCharsets.UTF_8));
        System.err.println(count + " cases rendered by Apache Velocity 1.7 into " + args[1]);
    }
}
