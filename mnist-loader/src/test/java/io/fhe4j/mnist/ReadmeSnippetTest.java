package io.fhe4j.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The Java example of mnist-loader's README, as a reader copies it, compiles against this module
 * with exactly the imports it shows (running it needs the MNIST files; the calls it makes are
 * tested on their own in this module).
 */
class ReadmeSnippetTest {
    @Test
    void theExampleCompilesWithTheImportsItShows(@TempDir Path out) throws IOException {
        List<String> snippet = onlyJavaBlock(Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8));
        String source = snippet.stream().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"))
                + "\n\nclass ReadmeSnippet {\n    void run() {\n"
                + snippet.stream().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n"))
                + "\n    }\n}\n";
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///ReadmeSnippet.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests run on a JDK");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        javac.getTask(null, null, diagnostics, List.of("-classpath", moduleClasses(), "-d", out.toString(), "-proc:none"),
                null, List.of(file)).call();
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add("line " + d.getLineNumber() + ": " + d.getMessage(null));
            }
        }
        assertTrue(errors.isEmpty(), "README.md's example does not compile:\n" + String.join("\n", errors));
    }

    private static List<String> onlyJavaBlock(List<String> markdown) {
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
        assertEquals(1, blocks.size(), "README.md's ```java blocks (this test checks the one example)");
        return blocks.get(0);
    }

    /** This module's compiled classes (target/classes), and nothing else: a user's classpath. */
    private static String moduleClasses() {
        try {
            return Path.of(Mnist.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
