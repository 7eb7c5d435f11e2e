package io.fhe4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerReportTest {
    private static final String HEADER = "run,library,version,flags,operation,N,log2q,median_ms,iterations\n";

    /** Two runs in one file: run B's SEAL is 10x faster than run A's; each fhe4j ratio uses its own run's SEAL. */
    private static final String TWO_RUNS = "# cpu: AMD EPYC test\n# date: 2026-12-07\n" + HEADER
            + "A,fhe4j,abc1234,JDK 25,rotate,8192,216.0,2.0,100\n"
            + "A,seal,4.4.3,plain,rotate,8192,216.0,4.0,100\n"
            + "A,seal,4.4.3,hexl,rotate,8192,216.0,1.0,100\n"
            + "A,helib,2.3.0,\"NTL 11.5.1, GMP 6.2.1\",rotate,8192,220.5,8.0,50\n"
            + "B,fhe4j,abc1234,JDK 25,rotate,8192,216.0,2.0,100\n"
            + "B,seal,4.4.3,hexl,rotate,8192,216.0,0.1,100\n";

    private static PeerCsv.Contents read(String text) {
        return PeerCsv.read(new StringReader(text), "t.csv");
    }

    @Test
    void readsHeaderBlockAndRows() {
        PeerCsv.Contents c = read(TWO_RUNS);
        assertEquals(Map.of("cpu", "AMD EPYC test", "date", "2026-12-07"), c.header());
        assertEquals(6, c.figures().size());
        PeerFigure h = c.figures().get(3);
        assertEquals("helib NTL 11.5.1, GMP 6.2.1", h.build());
        assertEquals(220.5, h.log2q());
        assertEquals(8.0, h.medianMillis());
    }

    @Test
    void ratiosUseOnlyTheFiguresOfTheSameRun() {
        Map<String, List<PeerFigure>> runs = PeerComparison.byRun(read(TWO_RUNS).figures());
        PeerComparison.Row a = PeerComparison.of(runs.get("A")).rows().get(0);
        PeerComparison.Row b = PeerComparison.of(runs.get("B")).rows().get(0);
        assertEquals("seal hexl", a.fastestPeer().build());
        assertEquals(2.0, a.ratioToFastestPeer("fhe4j JDK 25"), 1e-12);
        assertEquals(20.0, b.ratioToFastestPeer("fhe4j JDK 25"), 1e-12);
        assertThrows(ReportDataException.class, () -> PeerComparison.of(read(TWO_RUNS).figures()));
    }

    @Test
    void fhe4jIsNeverItsOwnFastestPeer() {
        PeerComparison c = PeerComparison.of(read(HEADER + "A,fhe4j,x,JDK 25,add,8192,216,0.01,10\n"
                + "A,fhe4j,x,JDK 17,add,8192,216,0.005,10\nA,openfhe,1.5.1,,add,8192,216,0.2,10\n").figures());
        PeerComparison.Row r = c.rows().get(0);
        assertEquals("openfhe", r.fastestPeer().build());
        assertEquals(0.05, r.ratioToFastestPeer("fhe4j JDK 25"), 1e-12);
        assertEquals(List.of("fhe4j JDK 25", "fhe4j JDK 17", "openfhe"), c.builds());
        PeerComparison alone = PeerComparison.of(read(HEADER + "A,fhe4j,x,JDK 25,add,8192,216,0.01,10\n").figures());
        assertEquals(null, alone.rows().get(0).fastestPeer());
        assertTrue(Double.isNaN(alone.rows().get(0).ratioToFastestPeer("fhe4j JDK 25")));
    }

    @Test
    void rendersOneSectionPerRunWithItsOwnRatios() {
        PeerCsv.Contents c = read(TWO_RUNS + "A,fhe4j,abc1234,\"JDK 25, 1 thread\",trainStep,16384,240,410,12\n"
                + "A,fhe4j,abc1234,\"JDK 25, 1 thread\",trainStep.owner,16384,240,20,12\n");
        String md = PeerReport.render(List.of(new PeerReport.RunFile("t.csv", c.header(), c.figures())));
        assertTrue(md.contains("## Run A (`t.csv`)"), md);
        assertTrue(md.contains("## Run B (`t.csv`)"), md);
        assertTrue(md.contains("- **cpu**: AMD EPYC test"), md);
        assertTrue(md.contains("| rotate | 2.00 | 4.00 | 1.00 | 8.00 | seal hexl | 2.0 |"), md);
        assertTrue(md.contains("| rotate | 2.00 | 0.100 | seal hexl | 20 |"), md);
        assertTrue(md.contains("| fhe4j JDK 25, 1 thread | 16384 | 410 | 20.0 | 12 |"), md);
        assertFalse(md.contains("trainStep |  |"), md);
    }

    @Test
    void roundsGiveEachRowsRatioPerRoundAndAgreeOnlyWhenEveryRoundDoes() {
        String rounds = HEADER
                + "r1,fhe4j,x,JDK 25,decrypt,8192,216,0.90,10\nr1,seal,4.4.3,hexl,decrypt,8192,216,1.00,10\n"
                + "r1,fhe4j,x,JDK 25,encode,8192,216,2.00,10\nr1,seal,4.4.3,hexl,encode,8192,216,1.00,10\n"
                + "r1,fhe4j,x,JDK 25,modSwitch,8192,216,1.00,10\nr1,seal,4.4.3,hexl,modSwitch,8192,216,0.80,10\n"
                + "r1,fhe4j,x,JDK 25,rotateSlots,8192,216,1.00,10\n"
                + "r2,fhe4j,x,JDK 25,decrypt,8192,216,0.95,10\nr2,seal,4.4.3,hexl,decrypt,8192,216,1.00,10\n"
                + "r2,fhe4j,x,JDK 25,encode,8192,216,3.00,10\nr2,seal,4.4.3,hexl,encode,8192,216,2.00,10\n"
                + "r2,fhe4j,x,JDK 25,modSwitch,8192,216,1.00,10\nr2,seal,4.4.3,hexl,modSwitch,8192,216,1.25,10\n";
        PeerCsv.Contents c = read(rounds);
        List<PeerComparison> runs = PeerComparison.byRun(c.figures()).values().stream().map(PeerComparison::of)
                .toList();
        PeerRounds r = PeerRounds.of(runs);
        assertEquals(List.of("r1", "r2"), r.runs());
        assertEquals(List.of("decrypt", "encode", "modSwitch"), r.rows().stream().map(PeerRounds.Row::operation)
                .toList()); // rotateSlots: no peer timed it
        assertEquals(List.of(0.9, 0.95), r.rows().get(0).ratios());
        assertEquals(PeerRounds.Verdict.AHEAD, r.rows().get(0).verdict());
        assertEquals(PeerRounds.Verdict.BEHIND, r.rows().get(1).verdict());
        assertEquals(1.25, r.rows().get(2).max(), 1e-12);
        assertEquals(0.8, r.rows().get(2).min(), 1e-12);
        assertEquals(PeerRounds.Verdict.EITHER, r.rows().get(2).verdict());
        String md = PeerReport.render(List.of(new PeerReport.RunFile("rounds.csv", c.header(), c.figures())));
        assertTrue(md.contains("## Rounds of `rounds.csv`: 2 runs read together"), md);
        assertTrue(md.contains("| encode | 8192 | fhe4j JDK 25 | 2.00 | 1.50 | 1.50 | 2.00 | behind in every round |"), md);
        assertTrue(md.contains("| modSwitch | 8192 | fhe4j JDK 25 | 1.25 | 0.80 | 0.80 | 1.25 | either side |"), md);
        assertThrows(ReportDataException.class, () -> PeerRounds.of(runs.subList(0, 1)));
        String single = PeerReport.render(List.of(new PeerReport.RunFile("one.csv", c.header(),
                PeerComparison.byRun(c.figures()).get("r1"))));
        assertFalse(single.contains("## Rounds"), single);
    }

    @Test
    void rejectsMalformedFilesNamingTheLineAndValue() {
        String e1 = assertThrows(ReportDataException.class, () -> read("run,library\n")).getMessage();
        assertTrue(e1.contains("t.csv line 1") && e1.contains("expected the header"), e1);
        String e2 = assertThrows(ReportDataException.class,
                () -> read(HEADER + "A,seal,4.4.3,plain,add,8192,216,fast,10\n")).getMessage();
        assertTrue(e2.contains("line 2") && e2.contains("median_ms") && e2.contains("'fast'"), e2);
        String e3 = assertThrows(ReportDataException.class,
                () -> read(HEADER + "A,seal,4.4.3,plain,add,8192,216,-1,10\n")).getMessage();
        assertTrue(e3.contains("positive"), e3);
        String e4 = assertThrows(ReportDataException.class, () -> read(HEADER
                + "A,seal,4.4.3,plain,add,8192,216,1,10\nA,seal,4.4.3,plain,add,8192,216,2,10\n")).getMessage();
        assertTrue(e4.contains("line 3") && e4.contains("a second figure"), e4);
        String e5 = assertThrows(ReportDataException.class, () -> read("# only: comments\n")).getMessage();
        assertTrue(e5.contains("no header line"), e5);
    }

    @Test
    void formatRoundTrips() {
        PeerFigure p = new PeerFigure("r1", "helib", "2.3.0", "NTL 11.5.1, GMP 6.2.1", "decode", 16384, 406.0, 2383.5, 3);
        assertEquals(List.of(p), read(HEADER + PeerCsv.format(p) + "\n").figures());
    }

    @Test
    void trainOutputGivesTheFourPhases() {
        List<String> out = List.of("parameters                           N = 16384 slots, t = 35184372121601 (46 bits),"
                + " 4 x 60-bit primes, c = 2, log2 QP = 360",
                "steps                                12 mini-batches of 60 (720 images)",
                "time per step                        0.41 s (first step 0.80 s)",
                "  encrypt (owner uploads)            0.02 s", "  forward (server)                   0.10 s",
                "  backward (server)                  0.12 s", "  update (server)                    0.05 s",
                "  refresh (refresher)                0.11 s");
        List<PeerFigure> f = PeersCommand.fromTrain(out, "A", "c0ffee", "JDK 25, 1 thread");
        assertEquals(List.of("trainStep", "trainStep.owner", "trainStep.server", "trainStep.refresh"),
                f.stream().map(PeerFigure::operation).toList());
        assertEquals(270.0, f.get(2).medianMillis(), 1e-9);
        assertEquals(16384, f.get(0).n());
        assertEquals(240.0, f.get(0).log2q());
        assertEquals(12, f.get(3).iterations());
        assertThrows(ReportDataException.class, () -> PeersCommand.fromTrain(out.subList(0, 3), "A", "c", "f"));
    }

    @Test
    void protocolTrainOutputGivesTheWireAndAPrimeChainItsTotal() {
        List<String> out = List.of("parameters                           N = 16384 slots, t = 35184372121601 (46 bits),"
                + " primes of 60, 60, 35, 50 bits, c = 2, log2 QP = 334",
                "steps                                12 mini-batches of 60 (720 rows)",
                "time per step                        0.62 s (first step 3.10 s)",
                "  owner (encrypt, refresh, decrypt)  0.15 s", "  forward (server)                   0.09 s",
                "  backward (server)                  0.07 s", "  update (server)                    0.04 s",
                "  link and waiting                   0.27 s (serialization, TLS, checkpoints, the other party)");
        List<PeerFigure> f = PeersCommand.fromTrain(out, "A", "c0ffee", "JDK 25, 2 threads");
        assertEquals(List.of("trainStep", "trainStep.owner", "trainStep.server", "trainStep.wire"),
                f.stream().map(PeerFigure::operation).toList());
        assertEquals(205.0, f.get(0).log2q());
        assertEquals(200.0, f.get(2).medianMillis(), 1e-9);
        assertEquals(270.0, f.get(3).medianMillis(), 1e-9);
        assertThrows(ReportDataException.class, () -> PeersCommand.fromTrain(out.subList(0, 6), "A", "c", "f"));
    }

    @Test
    void commandWritesTheReportAndRejectsBadUsage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("2026-12-07-test.csv"), TWO_RUNS, StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = PeersCommand.run(new String[] {"--dir", dir.toString()}, new PrintStream(out, true, "UTF-8"),
                new PrintStream(err, true, "UTF-8"));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        assertTrue(Files.readString(dir.resolve("REPORT.md")).contains("## Run B"));
        assertEquals(2, PeersCommand.run(new String[] {"--bogus"}, new PrintStream(out), new PrintStream(err)));
        assertEquals(2, PeersCommand.run(new String[] {"--from-jmh", "x.csv"}, new PrintStream(out),
                new PrintStream(err)));
        assertEquals(1, PeersCommand.run(new String[] {"--dir", dir.resolve("missing").toString()},
                new PrintStream(out), new PrintStream(err)));
    }
}
