package io.fhe4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Context;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java snippets of the top-level README, as a reader copies them: each compiles on its own
 * against fhe-core with exactly the imports it shows, and its statements are those that
 * {@code slots.ReadmeExampleTest} and {@code circuits.ReadmeGeneralRingExampleTest} run and check.
 */
class ReadmeSnippetsTest {
    private static final Path README = Path.of("..", "README.md");

    /** The tests that run each snippet, in the README's order. */
    private static final List<Path> RUN_BY = List.of(
            Path.of("src/test/java/io/fhe4j/slots/ReadmeExampleTest.java"),
            Path.of("src/test/java/io/fhe4j/circuits/ReadmeGeneralRingExampleTest.java"));

    @Test
    void everySnippetCompilesWithTheImportsItShows(@TempDir Path out) throws IOException {
        List<List<String>> snippets = javaBlocks(Files.readAllLines(README, StandardCharsets.UTF_8));
        assertEquals(RUN_BY.size(), snippets.size(), "README.md's ```java blocks; a new one needs a test that runs it");
        List<String> errors = compile(snippets, out);
        assertTrue(errors.isEmpty(), "README snippets do not compile:\n" + String.join("\n", errors));
    }

    @Test
    void everySnippetIsWhatItsTestRuns() throws IOException {
        List<List<String>> snippets = javaBlocks(Files.readAllLines(README, StandardCharsets.UTF_8));
        assertEquals(RUN_BY.size(), snippets.size(), "README.md's ```java blocks; a new one needs a test that runs it");
        for (int i = 0; i < snippets.size(); i++) {
            List<String> test = Files.readAllLines(RUN_BY.get(i), StandardCharsets.UTF_8).stream()
                    .map(String::strip).collect(Collectors.toList());
            int at = 0;
            for (String line : body(snippets.get(i))) {
                String want = line.strip();
                if (want.isEmpty()) {
                    continue;
                }
                int found = test.subList(at, test.size()).indexOf(want);
                assertTrue(found >= 0, "README snippet " + (i + 1) + "'s line '" + want + "' is not (in this order) in "
                        + RUN_BY.get(i) + ": update the test with the README");
                at += found + 1;
            }
        }
    }

    /** The lines of each fenced {@code ```java} block, without the fences. */
    static List<List<String>> javaBlocks(List<String> markdown) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : markdown) {
            if (current == null && line.strip().equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && line.strip().equals("```")) {
                blocks.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    private static List<String> imports(List<String> snippet) {
        return snippet.stream().filter(l -> l.startsWith("import ")).collect(Collectors.toList());
    }

    private static List<String> body(List<String> snippet) {
        return snippet.stream().filter(l -> !l.startsWith("import ")).collect(Collectors.toList());
    }

    /** Compiles each snippet's statements as a method body under its own imports (one javac run); returns the errors. */
    private static List<String> compile(List<List<String>> snippets, Path out) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests run on a JDK");
        List<JavaFileObject> files = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            List<String> snippet = snippets.get(i);
            String className = "ReadmeSnippet" + (i + 1);
            String source = String.join("\n", imports(snippet)) + "\n\nclass " + className + " {\n    void run() {\n"
                    + String.join("\n", body(snippet)) + "\n    }\n}\n";
            files.add(new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            });
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-classpath", fheCoreClasses(), "-d", out.toString(), "-proc:none",
                "--add-modules", "jdk.incubator.vector");
        javac.getTask(null, null, diagnostics, options, null, files).call();
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(d.getSource().getName() + ", line " + d.getLineNumber() + ": " + d.getMessage(null));
            }
        }
        return errors;
    }

    /** fhe-core's compiled classes (target/classes), and nothing else: a user's classpath. */
    private static String fheCoreClasses() {
        try {
            return Path.of(Context.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
