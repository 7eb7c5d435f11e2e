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
 * Every Java example of mnist-loader's README, as a reader copies it, compiles against this module
 * with exactly the imports it shows (running them needs the MNIST files or a user's own; the calls
 * they make are tested on their own in this module, the "Your own data" example by
 * {@code OwnDataReadmeTest}).
 */
class ReadmeSnippetTest {
    @Test
    void theExamplesCompileWithTheImportsTheyShow(@TempDir Path out) throws IOException {
        List<List<String>> blocks = javaBlocks(Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8));
        assertEquals(2, blocks.size(), "README.md's ```java blocks (the data example and the own-data example)");
        for (int b = 0; b < blocks.size(); b++) {
            compiles(blocks.get(b), out.resolve("block" + b), b);
        }
    }

    private static void compiles(List<String> snippet, Path out, int index) throws IOException {
        Files.createDirectories(out);
        String source = snippet.stream().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"))
                + "\n\nclass ReadmeSnippet {\n    void run() throws Exception {\n"
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
        assertTrue(errors.isEmpty(), "README.md's example " + (index + 1) + " does not compile:\n" + String.join("\n", errors));
    }

    private static List<List<String>> javaBlocks(List<String> markdown) {
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

    /** This module's compiled classes (target/classes), and nothing else: a user's classpath. */
    private static String moduleClasses() {
        try {
            return Path.of(Mnist.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
