package io.fhe4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * nn-encrypted/README.md's Java example ("Train on your own data"), as a reader copies it: it
 * compiles with exactly the imports it shows against nn-encrypted and its dependencies, and run, it
 * prints both accuracies, the fixed-point one well above chance (1/3).
 */
class ReadmeSnippetTest {
  @Test
  void theOwnDataExampleCompilesAndLearns(@TempDir Path out) throws Exception {
    List<List<String>> blocks = javaBlocks(Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8));
    assertEquals(1, blocks.size(), "README.md's ```java blocks; a new one needs this test to compile it");
    List<String> snippet = blocks.get(0);
    String source = snippet.stream().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"))
        + "\n\npublic class ReadmeSnippet implements Runnable {\n  public void run() {\n"
        + snippet.stream().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n")) + "\n  }\n}\n";
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///ReadmeSnippet.java"),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "tests run on a JDK");
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean ok = javac.getTask(null, null, diagnostics, List.of("-classpath", System.getProperty("java.class.path"),
        "-d", out.toString(), "-proc:none"), null, List.of(file)).call();
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add("line " + d.getLineNumber() + ": " + d.getMessage(null));
      }
    }
    assertTrue(ok && errors.isEmpty(), "README.md's example does not compile:\n" + String.join("\n", errors));

    PrintStream before = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      ((Runnable) loader.loadClass("ReadmeSnippet").getDeclaredConstructor().newInstance()).run();
    } finally {
      System.setOut(before);
    }
    String line = printed.toString(StandardCharsets.UTF_8).strip();
    Matcher m = Pattern.compile("fixed point ([0-9.]+) %, float sigmoid ([0-9.]+) %").matcher(line);
    assertTrue(m.matches(), line);
    assertTrue(Double.parseDouble(m.group(1)) > 60 && Double.parseDouble(m.group(2)) > 60, line);
  }

  private static List<List<String>> javaBlocks(List<String> markdown) throws IOException {
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
}
