package io.fhe4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ReportCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void rendersReportAndChartFromRawResultsWithoutMeasuring() throws Exception {
        Files.writeString(dir.resolve(ReportCommand.RESULTS), Fixtures.JMH_CSV);
        StringWriter sizes = new StringWriter();
        ObjectSizes.write(Fixtures.sizes(), sizes);
        Files.writeString(dir.resolve(ReportCommand.SIZES), sizes.toString());
        StringWriter info = new StringWriter();
        Fixtures.info().write(info);
        Files.writeString(dir.resolve(ReportCommand.RUN), info.toString());
        Path outDir = dir.resolve("out");

        assertEquals(0, run("--from", dir.toString(), "--out", outDir.toString()), err.toString());

        String md = Files.readString(outDir.resolve(ReportCommand.MARKDOWN));
        assertTrue(md.contains("Test CPU 9000"));
        assertTrue(md.contains("| NttBenchmark.forward | N=4096 | 0.0460 ± 0.00200 |"), md);
        assertTrue(md.contains("| HElib chain, logN = 14 |"), "sizes.csv was read back");
        String svg = Files.readString(outDir.resolve(ReportCommand.CHART));
        assertTrue(svg.contains("NttBenchmark.forward  N=4096"));
        assertTrue(svg.contains("Test CPU 9000"));
        assertTrue(out.toString().contains("| operation | ring | fhe4j (ms) |"), "the summary table goes to stdout");
    }

    @Test
    void rejectsUnknownOptionsAndMissingArguments() {
        assertEquals(2, run("--fast"));
        assertTrue(err.toString().contains("unknown option '--fast'"));
        assertEquals(2, run("--out"));
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("--full"));
    }

    @Test
    void missingInputsFailWithAMessage() {
        assertEquals(1, run("--from", dir.resolve("nowhere").toString()));
        assertTrue(err.toString().startsWith("report: "), err.toString());
    }

    @Test
    void sizesRoundTripThroughTheirCsv() {
        StringWriter w = new StringWriter();
        ObjectSizes.write(Fixtures.sizes(), w);
        assertEquals(Fixtures.sizes(), ObjectSizes.read(new java.io.StringReader(w.toString())));
    }
}
