package io.fhe4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bench.report.ReportCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The short report's duration is stated the same way by {@code help}, {@code report --help} and the READMEs. */
class ReportDurationTest {
    private static final Pattern MINUTES = Pattern.compile("about (\\d+) minutes");

    @Test
    void helpReportHelpAndReadmesAgree() throws IOException {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        assertEquals(0, ReportCommand.run(new String[] {"--help"}, new PrintStream(report, true, StandardCharsets.UTF_8),
                System.err));
        String stated = minutes("report --help", report.toString(StandardCharsets.UTF_8));

        assertEquals(stated, minutes("help", mainHelp()), "fhe4j.jar help against report --help");
        assertEquals(stated, minutes("README.md", lineWith(Path.of("..", "README.md"), "Reproduce (")),
                "README.md's Reproduce line against report --help");
        assertEquals(stated, minutes("bench/README.md", lineWith(Path.of("README.md"), "fhe4j.jar report ")),
                "bench/README.md against report --help");
    }

    private static String mainHelp() {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Main.main(new String[] {"help"});
        } finally {
            System.setOut(saved);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static String lineWith(Path file, String marker) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> l.contains(marker)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no line with '" + marker + "'"));
    }

    private static String minutes(String where, String text) {
        Matcher m = MINUTES.matcher(text);
        assertTrue(m.find(), where + " states no 'about N minutes': " + text);
        return m.group(1);
    }
}
